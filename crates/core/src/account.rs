//! Who an account stands for: a person, who signs in, or a service account, a non-person that
//! only acts through the API keys an administrator gives it.

use std::fmt;

use crate::values::{EmailAddress, InvalidValue, Slug};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountKind {
    Person,
    Service,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Person => "person",
            AccountKind::Service => "service",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "person" => Some(AccountKind::Person),
            "service" => Some(AccountKind::Service),
            _ => None,
        }
    }
}

impl fmt::Display for AccountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The domain of service accounts' addresses. `.invalid` is reserved (RFC 2606): no mail can
/// reach it and no identity provider can own it, so no person can ever sign in as one.
pub const SERVICE_ACCOUNT_DOMAIN: &str = "service-account.invalid";

/// Whether `address` is in the domain reserved for service accounts: no person may have one.
pub fn is_service_account_address(address: &EmailAddress) -> bool {
    address
        .as_str()
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain == SERVICE_ACCOUNT_DOMAIN)
}

/// The address that identifies the service account named `name` in the trail and in lists,
/// in the style of cloud providers' service-account identities.
pub fn service_account_address(name: &Slug) -> Result<EmailAddress, InvalidValue> {
    EmailAddress::parse(&format!("{name}@{SERVICE_ACCOUNT_DOMAIN}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [AccountKind::Person, AccountKind::Service] {
            assert_eq!(AccountKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AccountKind::parse("robot"), None);
    }

    #[test]
    fn a_service_account_address_sits_in_the_reserved_domain() {
        let name = Slug::parse("claims-import").unwrap();
        let address = service_account_address(&name).unwrap();
        assert_eq!(address.as_str(), "claims-import@service-account.invalid");
        assert!(is_service_account_address(&address));
        let person = EmailAddress::parse("ada@service-account.invalid.example").unwrap();
        assert!(!is_service_account_address(&person));
    }
}
