//! Temporary lockout after repeated failed sign-ins, per account and per client address.
//! Counters live in the database, so every node of a cluster enforces the same limits.

use paddock_core::audit::{Action, Outcome};
use paddock_core::time::Timestamp;
use paddock_store::{Connection, throttle};
use serde_json::json;
use std::time::Duration;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, record};

/// Failures are counted within this window...
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// ...and this many for one account lock it...
const ACCOUNT_FAILURES: i64 = 5;
/// ...or this many from one address (which may try many accounts) lock the address...
const ADDRESS_FAILURES: i64 = 20;
/// ...for this long.
const LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// The network an address stands for: an IPv6 client usually has a whole /64 to pick
/// addresses from, so IPv6 addresses count per /64; IPv4 ones count alone.
fn network_of(address: &str) -> String {
    match address
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.to_canonical())
    {
        Ok(std::net::IpAddr::V6(ip)) => {
            let [a, b, c, d, ..] = ip.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
        Ok(ip) => ip.to_string(),
        Err(_) => address.to_owned(),
    }
}

/// The counters one sign-in attempt touches.
pub(crate) struct SignInLimits {
    account: String,
    address: Option<String>,
}

impl SignInLimits {
    /// Keys by the claimed e-mail (normalised as accounts are), whether or not an account has
    /// it, so that lockout reveals nothing about which accounts exist.
    pub(crate) fn for_attempt(email: &str, context: &RequestContext) -> Self {
        Self {
            account: format!("account:{}", email.trim().to_lowercase()),
            address: context
                .client_address
                .as_deref()
                .map(|address| format!("address:{}", network_of(address))),
        }
    }

    fn keys(&self) -> impl Iterator<Item = (&str, i64)> {
        std::iter::once((self.account.as_str(), ACCOUNT_FAILURES))
            .chain(self.address.as_deref().map(|key| (key, ADDRESS_FAILURES)))
    }

    /// Refuses the attempt while the account or the address is locked.
    pub(crate) async fn check(
        &self,
        conn: &mut Connection,
        now: Timestamp,
    ) -> Result<(), ServiceError> {
        let mut until = None;
        for (key, _) in self.keys() {
            until = until.max(throttle::locked_until(conn, key, now).await?);
        }
        match until {
            None => Ok(()),
            Some(until) => {
                let millis = (until.as_millis() - now.as_millis()).max(0);
                Err(ServiceError::TooManyAttempts {
                    retry_after_secs: (millis as u64).div_ceil(1000),
                })
            }
        }
    }

    /// Counts a failure, and records a lockout event when it locks a key.
    pub(crate) async fn count_failure(
        &self,
        conn: &mut Connection,
        context: &RequestContext,
        claimed: &str,
        now: Timestamp,
    ) -> Result<(), ServiceError> {
        for (key, threshold) in self.keys() {
            let locked = throttle::record_failure(
                conn,
                key,
                now,
                now.minus(WINDOW),
                threshold,
                now.plus(LOCKOUT),
            )
            .await?;
            if let Some(until) = locked {
                let (kind, value) = key.split_once(':').unwrap_or(("", key));
                let entry = Entry {
                    actor: Actor::claiming(claimed),
                    action: Action::Lockout,
                    target: None,
                    workspace: None,
                    outcome: Outcome::Denied,
                    summary: json!({ "locked": kind, "value": value, "failures": threshold, "until": until.to_rfc3339() }),
                };
                record(conn, context, entry).await?;
            }
        }
        Ok(())
    }

    /// A successful sign-in forgets the account's failures (not the address's).
    pub(crate) async fn clear_account(&self, conn: &mut Connection) -> Result<(), ServiceError> {
        throttle::clear(conn, &self.account).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::network_of;

    #[test]
    fn ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(network_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            network_of("2001:db8:1:2:bbbb::9"),
            network_of("2001:db8:1:2:aaaa::1")
        );
        assert_eq!(network_of("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(network_of("192.0.2.7"), "192.0.2.7");
    }
}
