//! Connections as policy sees them: the kinds of system Paddock talks to, whether an action
//! reads or writes, and where requests may go (host patterns and ports, mail domains).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::values::InvalidValue;

/// The kinds of system a connection can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConnectorKind {
    /// An HTTP/REST API.
    Http,
    /// A mail server, over SMTP.
    Smtp,
    /// A database: PostgreSQL, MySQL/MariaDB or SQLite.
    Sql,
    /// A chat channel's incoming webhook (Slack, Microsoft Teams).
    Webhook,
    /// A ticketing system's API (Jira, ServiceNow, Zendesk), with its preset actions.
    Ticketing,
    /// A folder of files on the Paddock server.
    Files,
}

impl ConnectorKind {
    pub const ALL: [ConnectorKind; 6] = [
        ConnectorKind::Http,
        ConnectorKind::Smtp,
        ConnectorKind::Sql,
        ConnectorKind::Webhook,
        ConnectorKind::Ticketing,
        ConnectorKind::Files,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ConnectorKind::Http => "http",
            ConnectorKind::Smtp => "smtp",
            ConnectorKind::Sql => "sql",
            ConnectorKind::Webhook => "webhook",
            ConnectorKind::Ticketing => "ticketing",
            ConnectorKind::Files => "files",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// Whether an action only reads from the system or changes something there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
}

/// One entry of an egress allowlist: a host (`api.example.com`) or every subdomain of one
/// (`*.example.com`), on the given ports, or on 443 and 80 when none is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRule {
    host: String,
    port: Option<u16>,
}

impl HostRule {
    /// `host`, `host:port`, `*.domain` or `*.domain:port`.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let raw = raw.trim().to_ascii_lowercase();
        let (host, port) = match raw.rsplit_once(':') {
            Some((host, port)) => {
                let port = port
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| InvalidValue::new(format!("'{port}' is not a port")))?;
                (host.to_owned(), Some(port))
            }
            None => (raw.clone(), None),
        };
        let name = host.strip_prefix("*.").unwrap_or(&host);
        let valid_label = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if name.is_empty() || name.len() > 253 || !name.split('.').all(valid_label) {
            return Err(InvalidValue::new(format!(
                "'{raw}' is not a host name or *.domain pattern"
            )));
        }
        if host.starts_with("*.") && !name.contains('.') {
            return Err(InvalidValue::new(format!(
                "'{raw}' would allow every host of a top-level domain: name the organisation's domain (*.example.com)"
            )));
        }
        Ok(HostRule { host, port })
    }

    /// Whether a request to `host` (lower case, as a URL holds it) on `port` is allowed.
    pub fn allows(&self, host: &str, port: u16) -> bool {
        let host = host.trim_end_matches('.');
        let host_matches = match self.host.strip_prefix("*.") {
            Some(domain) => host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
            None => host == self.host,
        };
        let port_matches = match self.port {
            Some(allowed) => port == allowed,
            None => port == 443 || port == 80,
        };
        host_matches && port_matches
    }
}

impl fmt::Display for HostRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// Whether any rule allows `host` on `port`.
pub fn egress_allows(rules: &[HostRule], host: &str, port: u16) -> bool {
    rules.iter().any(|rule| rule.allows(host, port))
}

/// A mail domain recipients may be in: `example.com` (and its subdomains).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDomain(String);

impl MailDomain {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let domain = raw.trim().trim_start_matches('@').to_ascii_lowercase();
        HostRule::parse(&domain)
            .ok()
            .filter(|_| !domain.starts_with("*.") && !domain.contains(':'))
            .map(|_| MailDomain(domain.clone()))
            .ok_or_else(|| InvalidValue::new(format!("'{raw}' is not a mail domain")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `address` (`name@host`) is in this domain or one of its subdomains.
    pub fn contains(&self, address: &str) -> bool {
        let Some((_, host)) = address.trim().rsplit_once('@') else {
            return false;
        };
        let host = host.trim_end_matches('>').to_ascii_lowercase();
        host == self.0
            || host
                .strip_suffix(&self.0)
                .is_some_and(|sub| sub.ends_with('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name_as_stored_and_sent() {
        for kind in ConnectorKind::ALL {
            assert_eq!(ConnectorKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        // A kind missing from ALL would be written but never read back. Naming every kind
        // here makes a new one fail to compile until it is counted.
        let kinds = |kind| match kind {
            ConnectorKind::Http
            | ConnectorKind::Smtp
            | ConnectorKind::Sql
            | ConnectorKind::Webhook
            | ConnectorKind::Ticketing
            | ConnectorKind::Files => 6,
        };
        assert_eq!(ConnectorKind::ALL.len(), kinds(ConnectorKind::Http));
    }

    #[test]
    fn host_rules_match_hosts_and_ports_exactly() {
        let exact = HostRule::parse("API.example.com").unwrap();
        assert!(exact.allows("api.example.com", 443));
        assert!(exact.allows("api.example.com", 80));
        assert!(!exact.allows("api.example.com", 8443));
        assert!(!exact.allows("evil-api.example.com", 443));
        assert!(!exact.allows("api.example.com.evil.net", 443));

        let any_sub = HostRule::parse("*.example.com:8443").unwrap();
        assert!(any_sub.allows("a.b.example.com", 8443));
        assert!(!any_sub.allows("example.com", 8443));
        assert!(!any_sub.allows("badexample.com", 8443));
        assert!(!any_sub.allows("a.example.com", 443));

        for bad in [
            "",
            "*.",
            "exa mple.com",
            "a..b",
            "host:0",
            "host:99999",
            "-a.com",
            "http://x",
            "*.com",
        ] {
            assert!(HostRule::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(any_sub.to_string(), "*.example.com:8443");
    }

    #[test]
    fn mail_domains_contain_their_subdomains_only() {
        let domain = MailDomain::parse("@Example.com").unwrap();
        assert!(domain.contains("ann@example.com"));
        assert!(domain.contains("ann@EU.example.com"));
        assert!(!domain.contains("ann@notexample.com"));
        assert!(!domain.contains("ann@example.com.evil.net"));
        assert!(!domain.contains("example.com"));
        assert!(MailDomain::parse("*.example.com").is_err());
        assert!(MailDomain::parse("example.com:25").is_err());
    }
}
