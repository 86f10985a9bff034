//! The SSRF defence: where a connection's requests may go. A URL's host must be on the
//! allowlist; a literal address, and every address a name resolves to, must be public or in a
//! range the administrator allowed — checked after DNS resolution on the addresses actually
//! connected to, and again on every redirect.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use paddock_core::connection::{HostRule, egress_allows};
use paddock_core::egress::{self, Cidr};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use super::CallError;

/// Why the resolver refused every address of a name; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Resolves names like the system does, then drops addresses a connection may not reach.
pub struct GuardedResolver {
    pub allowed: Arc<Vec<Cidr>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut refusals = Vec::new();
            let permitted: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| match egress::check(addr.ip(), &allowed) {
                    Ok(()) => true,
                    Err(why) => {
                        refusals.push(why);
                        false
                    }
                })
                .collect();
            if permitted.is_empty() {
                let why = refusals
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| "it has no address".to_owned());
                return Err(Box::new(Refused(format!("{host} resolves to {why}"))) as _);
            }
            Ok(Box::new(permitted.into_iter()) as Addrs)
        })
    }
}

/// The first address of `host` a connection may reach, for connectors that connect by address
/// themselves (SMTP, SQL): resolved once, checked, and then connected to as is.
pub async fn first_allowed_address(
    host: &str,
    port: u16,
    allowed: &[Cidr],
) -> Result<SocketAddr, CallError> {
    let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| CallError::Failed {
            message: format!("cannot resolve {host}: {e}"),
            retryable: true,
        })?
        .collect();
    let mut refusal = None;
    found
        .iter()
        .find(|addr| match egress::check(addr.ip(), allowed) {
            Ok(()) => true,
            Err(why) => {
                refusal.get_or_insert(why);
                false
            }
        })
        .copied()
        .ok_or_else(|| {
            CallError::Blocked(format!(
                "{host} resolves to {}",
                refusal.unwrap_or_else(|| "no address".to_owned())
            ))
        })
}

/// Checks a URL before a request: http or https, a host on the allowlist, and, when the host
/// is an address, one the connection may reach.
pub fn check_url(url: &Url, allowlist: &[HostRule], allowed: &[Cidr]) -> Result<(), CallError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CallError::Blocked(format!(
            "{} is not an http or https address",
            url.scheme()
        )));
    }
    let port = url.port_or_known_default().unwrap_or(0);
    let (name, ip) = match url.host() {
        None => return Err(CallError::Blocked("the address has no host".to_owned())),
        Some(Host::Domain(domain)) => (domain.to_owned(), None),
        Some(Host::Ipv4(ip)) => (ip.to_string(), Some(IpAddr::V4(ip))),
        Some(Host::Ipv6(ip)) => (format!("[{ip}]"), Some(IpAddr::V6(ip))),
    };
    if let Some(ip) = ip {
        egress::check(ip, allowed).map_err(CallError::Blocked)?;
    }
    if !egress_allows(allowlist, name.trim_matches(['[', ']']), port)
        && !egress_allows(allowlist, &name, port)
    {
        let allowed: Vec<String> = allowlist.iter().map(ToString::to_string).collect();
        return Err(CallError::Blocked(format!(
            "{name}:{port} is not on this connection's allowlist ({})",
            allowed.join(", ")
        )));
    }
    Ok(())
}

/// A request error in words, naming a refused address when the resolver refused it.
pub fn describe(error: &reqwest::Error) -> CallError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<Refused>() {
            return CallError::Blocked(refused.0.clone());
        }
        source = cause.source();
    }
    let retryable = error.is_timeout() || error.is_connect();
    let what = if error.is_timeout() {
        "the request timed out".to_owned()
    } else if error.is_connect() {
        "cannot connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut message = what;
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        message.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    CallError::Failed { message, retryable }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(list: &[&str]) -> Vec<HostRule> {
        list.iter().map(|r| HostRule::parse(r).unwrap()).collect()
    }

    #[test]
    fn urls_are_checked_for_scheme_allowlist_and_literal_addresses() {
        let allowlist = rules(&["api.example.com", "127.0.0.1:8080"]);
        let check =
            |url: &str, allowed: &[Cidr]| check_url(&Url::parse(url).unwrap(), &allowlist, allowed);
        assert!(check("https://api.example.com/x", &[]).is_ok());
        assert!(
            matches!(check("https://other.example.com/", &[]), Err(CallError::Blocked(m)) if m.contains("allowlist"))
        );
        assert!(matches!(
            check("ftp://api.example.com/", &[]),
            Err(CallError::Blocked(_))
        ));
        // Every spelling of loopback is the address it means, and refused as such.
        for url in [
            "http://127.0.0.1:8080/",
            "http://2130706433:8080/",
            "http://0177.0.0.1:8080/",
            "http://0x7f.1:8080/",
            "http://127.1:8080/",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.8/",
        ] {
            assert!(
                matches!(check(url, &[]), Err(CallError::Blocked(_))),
                "{url}"
            );
        }
        let loopback = [Cidr::parse("127.0.0.0/8").unwrap()];
        assert!(check("http://127.0.0.1:8080/", &loopback).is_ok());
        // Allowed as an address, but still only on the allowlist's port.
        assert!(check("http://127.0.0.1:9090/", &loopback).is_err());
    }
}
