//! Completion callbacks to API callers: a signed POST to a URL the app's egress rules allow,
//! checked like a connection's requests (allowlisted hosts; public addresses, or private ranges
//! named) on the address actually connected to, with no redirects followed.
//!
//! The signature is `Paddock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
//! `<t>.<body>`, keyed with the app's signing key: the receiver recomputes it and rejects
//! stale timestamps, so a captured callback cannot be replayed later.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use paddock_core::connection::HostRule;
use paddock_core::egress::Cidr;
use sha2::Sha256;
use url::Url;

use crate::connectors::CallError;
use crate::connectors::guard::{GuardedResolver, check_url, describe};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Paddock-Signature";

/// The signature of `body` sent at `timestamp` (Unix seconds) with `key`.
pub fn sign(key: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    format!("t={timestamp},v1={}", hmac_sha256(key, &message))
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Where callbacks may go: hosts, and private ranges among them.
#[derive(Debug, Clone, Default)]
pub struct CallbackRules {
    pub hosts: Vec<HostRule>,
    pub ranges: Vec<Cidr>,
}

impl CallbackRules {
    /// The URL, if the rules allow it (its address is checked again when it is called).
    pub fn check(&self, raw: &str) -> Result<Url, String> {
        let url = Url::parse(raw).map_err(|e| format!("'{raw}' is not a URL: {e}"))?;
        if self.hosts.is_empty() {
            return Err(
                "this app sends no callbacks: its interfaces allow no callback host".to_owned(),
            );
        }
        check_url(&url, &self.hosts, &self.ranges).map_err(|e| match e {
            CallError::Blocked(why) | CallError::Invalid(why) => why,
            CallError::Failed { message, .. } => message,
        })?;
        Ok(url)
    }

    /// POSTs `body` (JSON) to `url` signed with `key`; any 2xx answer is delivery.
    pub async fn post(&self, url: &str, key: &[u8], body: Vec<u8>) -> Result<(), String> {
        let url = self.check(url)?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver {
                allowed: Arc::new(self.ranges.clone()),
            }))
            .build()
            .map_err(|e| e.to_string())?;
        let timestamp = time_now();
        let response = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, sign(key, timestamp, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| describe(&e).to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!(
                "the receiver answered {}",
                response.status().as_u16()
            ))
        }
    }
}

fn time_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_and_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            sign(b"Jefe", 1_700_000_000, b"{}"),
            format!("t=1700000000,v1={}", hmac_sha256(b"Jefe", b"1700000000.{}"))
        );
    }

    #[test]
    fn only_allowed_hosts_and_ranges_are_called_back() {
        let rules = CallbackRules {
            hosts: vec![
                HostRule::parse("hooks.example.com").unwrap(),
                HostRule::parse("127.0.0.1:9000").unwrap(),
            ],
            ranges: Vec::new(),
        };
        assert!(rules.check("https://hooks.example.com/paddock").is_ok());
        assert!(
            rules
                .check("https://evil.example.net/")
                .unwrap_err()
                .contains("allowlist")
        );
        assert!(
            rules
                .check("http://127.0.0.1:9000/")
                .unwrap_err()
                .contains("loopback")
        );
        let local = CallbackRules {
            ranges: vec![Cidr::parse("127.0.0.1/32").unwrap()],
            ..rules
        };
        assert!(local.check("http://127.0.0.1:9000/").is_ok());
        assert!(
            CallbackRules::default()
                .check("https://hooks.example.com/")
                .is_err()
        );
    }
}
