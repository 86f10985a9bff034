//! Instants are stored as milliseconds since the Unix epoch: portable across SQLite and PostgreSQL.

use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

const DAY_MILLIS: i64 = 86_400_000;

impl Timestamp {
    pub fn now() -> Self {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        Self(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    #[must_use]
    pub fn plus(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_add(millis))
    }

    #[must_use]
    /// Midnight UTC of the day this instant falls on: when daily quotas renew.
    pub const fn start_of_day(self) -> Self {
        Timestamp(self.0.div_euclid(DAY_MILLIS) * DAY_MILLIS)
    }

    /// Midnight UTC after this instant.
    pub const fn start_of_next_day(self) -> Self {
        Timestamp(self.start_of_day().0 + DAY_MILLIS)
    }

    pub fn minus(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_sub(millis))
    }
}

impl Timestamp {
    /// `2026-11-27T00:30:00.123Z`.
    pub fn to_rfc3339(self) -> String {
        let nanos = i128::from(self.0) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .and_then(|instant| instant.format(&Rfc3339).ok())
            .unwrap_or_else(|| self.0.to_string())
    }

    /// The calendar month in UTC, `2026-11`: the period model budgets count in.
    pub fn month(self) -> String {
        let nanos = i128::from(self.0) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).map_or_else(
            |_| "0000-00".to_owned(),
            |instant| format!("{:04}-{:02}", instant.year(), u8::from(instant.month())),
        )
    }

    /// Parses RFC 3339 (`2026-11-27T00:30:00Z`, with any offset) or a plain date
    /// (`2026-11-27`, meaning its midnight UTC).
    pub fn parse_rfc3339(text: &str) -> Result<Self, InvalidInstant> {
        let with_time = if text.len() == 10 {
            format!("{text}T00:00:00Z")
        } else {
            text.to_owned()
        };
        let instant = OffsetDateTime::parse(&with_time, &Rfc3339)
            .map_err(|_| InvalidInstant(text.to_owned()))?;
        let millis = instant.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis)
            .map(Self)
            .map_err(|_| InvalidInstant(text.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date (2026-11-27) or an RFC 3339 time (2026-11-27T09:30:00Z)")]
pub struct InvalidInstant(String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_midnight_utc() {
        let noon = Timestamp::parse_rfc3339("2026-11-27T12:30:00Z").unwrap();
        assert_eq!(noon.start_of_day().to_rfc3339(), "2026-11-27T00:00:00Z");
        assert_eq!(
            noon.start_of_next_day().to_rfc3339(),
            "2026-11-28T00:00:00Z"
        );
        let midnight = Timestamp::parse_rfc3339("2026-11-27T00:00:00Z").unwrap();
        assert_eq!(midnight.start_of_day(), midnight);
    }

    #[test]
    fn month_is_the_utc_calendar_month() {
        assert_eq!(Timestamp::from_millis(1_795_739_400_123).month(), "2026-11");
        let new_year = Timestamp::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
        assert_eq!(new_year.month(), "2027-01");
        assert_eq!(new_year.minus(Duration::from_millis(1)).month(), "2026-12");
    }

    #[test]
    fn rfc3339_round_trips_to_the_millisecond() {
        let instant = Timestamp::from_millis(1_795_739_400_123);
        assert_eq!(instant.to_rfc3339(), "2026-11-27T00:30:00.123Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-27T00:30:00.123Z").unwrap(),
            instant
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-27T01:30:00.123+01:00").unwrap(),
            instant
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-11-27").unwrap().as_millis(),
            1_795_737_600_000
        );
        for bad in ["yesterday", "2026-13-01", "27/11/2026", ""] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}
