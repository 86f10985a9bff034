//! Passwords: a policy for new ones, and argon2id hashing in the PHC string format.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    PasswordHash as PhcHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::fmt;

use crate::values::InvalidValue;

/// A password a person chose, checked against the policy. Never printed.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    /// Bounded so that hashing cost cannot be driven up by a huge input.
    pub const MAX_BYTES: usize = 1024;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        if raw.chars().count() < Self::MIN_CHARS {
            return Err(InvalidValue::new(format!(
                "a password needs at least {} characters",
                Self::MIN_CHARS
            )));
        }
        if raw.len() > Self::MAX_BYTES {
            return Err(InvalidValue::new(format!(
                "a password has at most {} bytes",
                Self::MAX_BYTES
            )));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn hash(&self) -> PasswordHash {
        let salt = SaltString::generate(&mut OsRng);
        let phc = hasher()
            .hash_password(self.0.as_bytes(), &salt)
            .expect("argon2id with fixed valid parameters cannot fail")
            .to_string();
        PasswordHash(phc)
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// An argon2id hash in PHC string format, as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is the password. A malformed stored hash never matches.
    pub fn verify(&self, candidate: &str) -> bool {
        if candidate.len() > NewPassword::MAX_BYTES {
            return false;
        }
        PhcHash::new(&self.0)
            .map(|parsed| {
                hasher()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }

    /// Verifies against a fixed hash so that an unknown account costs as much time as a known
    /// one, which keeps sign-in timing from revealing which e-mail addresses exist.
    pub fn verify_against_dummy(candidate: &str) {
        static DUMMY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
        let dummy =
            DUMMY.get_or_init(|| NewPassword("dummy-password-for-timing".to_owned()).hash());
        dummy.verify(candidate);
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_rejects_short_and_huge_passwords() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"x".repeat(NewPassword::MAX_BYTES + 1)).is_err());
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn hash_verifies_only_the_right_password() {
        let hash = NewPassword::parse("correct horse battery").unwrap().hash();
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(hash.verify("correct horse battery"));
        assert!(!hash.verify("correct horse batterY"));
        assert!(!PasswordHash::from_stored("not a hash".into()).verify("anything"));
    }

    #[test]
    fn secrets_are_not_printed() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
        assert!(!format!("{:?}", password.hash()).contains("argon2"));
    }
}
