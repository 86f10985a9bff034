//! Durations as builders write them: `500ms`, `30s`, `5m`, `72h`, `7d`.

use std::time::Duration;

/// The longest duration accepted anywhere in a definition.
pub const MAX: Duration = Duration::from_secs(90 * 86_400);

pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let amount: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration: write e.g. 30s, 5m, 72h or 7d"))?;
    let unit_ms: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => {
            return Err(format!(
                "'{text}' is not a duration: write e.g. 30s, 5m, 72h or 7d"
            ));
        }
    };
    let duration = Duration::from_millis(amount.saturating_mul(unit_ms));
    if duration.is_zero() || duration > MAX {
        return Err(format!(
            "'{text}' is out of range: use more than 0 and at most 90d"
        ));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_written() {
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("72h"), Ok(Duration::from_secs(72 * 3600)));
        assert_eq!(parse(" 7d "), Ok(Duration::from_secs(7 * 86_400)));
        for bad in [
            "",
            "s",
            "10",
            "5 minutes",
            "-1s",
            "0s",
            "91d",
            "99999999999999999999d",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
