//! Personal data in text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked),
//! IBANs (checksum-checked) and US social security numbers. Detection finds them; redaction
//! masks them, keeping just enough to recognise which one it was (`j***@example.com`,
//! `**** **** **** 4242`). More kinds are added to [`Kind`] and [`detect`].

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Iban,
    PaymentCard,
    UsSsn,
    Phone,
}

impl Kind {
    /// In the order they are looked for: a longer, checksummed kind wins over a phone number
    /// written with the same digits.
    pub const ALL: [Kind; 5] = [
        Kind::Email,
        Kind::Iban,
        Kind::PaymentCard,
        Kind::UsSsn,
        Kind::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Iban => "iban",
            Kind::PaymentCard => "payment_card",
            Kind::UsSsn => "us_ssn",
            Kind::Phone => "phone",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// Where in the text a detection is (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

// ASCII digits only (`[0-9]`, not `\d`): other scripts' digits are not read as numbers here.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.[a-z]{2,24}\b").expect("valid")
});
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b").expect("valid"));
static CARD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9](?:[ -]?[0-9]){12,18}\b").expect("valid"));
static SSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b").expect("valid"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+[0-9]{9,15}\b|(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-][0-9]{2,4}){1,5}\b")
        .expect("valid")
});
static DOTTED_QUAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$").expect("valid"));

/// Every detection in `text`, in order, none overlapping another.
pub fn detect(text: &str) -> Vec<Detection> {
    let mut found: Vec<Detection> = Vec::new();
    // Where each detection starts, and its end: overlaps are found in logarithmic time.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    for kind in Kind::ALL {
        let pattern = match kind {
            Kind::Email => &EMAIL,
            Kind::Iban => &IBAN,
            Kind::PaymentCard => &CARD,
            Kind::UsSsn => &SSN,
            Kind::Phone => &PHONE,
        };
        for candidate in pattern.find_iter(text) {
            let (start, end) = (candidate.start(), candidate.end());
            let overlaps = taken
                .range(..end)
                .next_back()
                .is_some_and(|(_, &taken_end)| taken_end > start);
            if !overlaps && is_valid(kind, candidate.as_str()) {
                taken.insert(start, end);
                found.push(Detection { kind, start, end });
            }
        }
    }
    found.sort_by_key(|d| d.start);
    found
}

fn digits(text: &str) -> Vec<u32> {
    text.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn is_valid(kind: Kind, text: &str) -> bool {
    match kind {
        Kind::Email => true,
        Kind::Iban => iban_checksum_holds(text),
        Kind::PaymentCard => {
            let digits = digits(text);
            (13..=19).contains(&digits.len()) && luhn_holds(&digits)
        }
        Kind::UsSsn => {
            let digits = digits(text);
            if digits.len() != 9 {
                return false;
            }
            let area = digits[0] * 100 + digits[1] * 10 + digits[2];
            let group = digits[3] * 10 + digits[4];
            let serial = digits[5..].iter().fold(0, |n, d| n * 10 + d);
            area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        }
        Kind::Phone => {
            // Written as a phone number is: 9 to 15 digits, in groups or after a + — not in the
            // shape of a social security number that failed its own check, or of an IP address.
            let count = digits(text).len();
            (9..=15).contains(&count) && !SSN.is_match(text) && !DOTTED_QUAD.is_match(text)
        }
    }
}

/// The Luhn checksum of payment card numbers.
fn luhn_holds(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(position, &digit)| {
            if position % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 13616: the country code and check digits moved to the end, letters as numbers, mod 97
/// is 1.
fn iban_checksum_holds(text: &str) -> bool {
    let compact: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&compact.len()) {
        return false;
    }
    let rearranged = compact[4..].iter().chain(&compact[..4]);
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = match c.to_digit(36) {
            Some(value) => value,
            None => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// `text` with each detection of `kinds` masked, and what was masked.
pub fn redact(text: &str, kinds: &[Kind]) -> (String, Vec<Kind>) {
    let mut masked = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut from = 0;
    for detection in detect(text).into_iter().filter(|d| kinds.contains(&d.kind)) {
        masked.push_str(&text[from..detection.start]);
        masked.push_str(&mask(detection.kind, &text[detection.start..detection.end]));
        from = detection.end;
        found.push(detection.kind);
    }
    masked.push_str(&text[from..]);
    (masked, found)
}

fn mask(kind: Kind, text: &str) -> String {
    match kind {
        Kind::Email => {
            let (local, domain) = text.split_once('@').unwrap_or((text, ""));
            let first = local.chars().next().unwrap_or('*');
            format!("{first}***@{domain}")
        }
        // All but the last few digits (or characters) go, separators stay.
        Kind::PaymentCard | Kind::UsSsn => keep_last(text, 4, |c| c.is_ascii_digit()),
        Kind::Phone => keep_last(text, 2, |c| c.is_ascii_digit()),
        Kind::Iban => {
            let country: String = text.chars().take(2).collect();
            let rest: String = text.chars().skip(2).collect();
            format!(
                "{country}{}",
                keep_last(&rest, 4, |c| c.is_ascii_alphanumeric())
            )
        }
    }
}

/// `text` with every character `counts` replaced by `*`, except the last `keep` of them.
fn keep_last(text: &str, keep: usize, counts: impl Fn(char) -> bool) -> String {
    let total = text.chars().filter(|&c| counts(c)).count();
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !counts(c) {
                return c;
            }
            seen += 1;
            if seen > total.saturating_sub(keep) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        detect(text)
            .into_iter()
            .map(|d| (d.kind, &text[d.start..d.end]))
            .collect()
    }

    #[test]
    fn each_kind_is_found_and_checksums_keep_look_alikes_out() {
        let text = "Write to jane.doe@example.com or call +44 20 7946 0958. Card 4242 4242 4242 4242, \
                    IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789.";
        assert_eq!(
            kinds(text),
            [
                (Kind::Email, "jane.doe@example.com"),
                (Kind::Phone, "+44 20 7946 0958"),
                (Kind::PaymentCard, "4242 4242 4242 4242"),
                (Kind::Iban, "DE89 3704 0044 0532 0130 00"),
                (Kind::UsSsn, "123-45-6789"),
            ]
        );
        // A card number failing Luhn, an IBAN failing mod 97, an impossible SSN, a date, an
        // amount and an order number are not personal data.
        let innocent = "Order 4242 4242 4242 4241 of 2026-11-27 for 1,250.00 EUR; \
                        DE89 3704 0044 0532 0130 02; 666-45-6789; ticket 12345; host 192.168.100.200.";
        assert_eq!(kinds(innocent), []);
        // Numbers in other scripts are not read as digits (and do not trip the checks up).
        assert_eq!(kinds("١٢٣-٤٥-٦٧٨٩ ０１２３４５６７８９"), []);
        assert_eq!(
            kinds("call +442079460958"),
            [(Kind::Phone, "+442079460958")]
        );
    }

    #[test]
    fn redaction_masks_all_but_what_recognises_it() {
        let (masked, found) = redact(
            "jane.doe@example.com paid with 4242-4242-4242-4242 (SSN 123-45-6789), IBAN GB82 WEST 1234 5698 7654 32, tel 020 7946 0958",
            &Kind::ALL,
        );
        assert_eq!(
            masked,
            "j***@example.com paid with ****-****-****-4242 (SSN ***-**-6789), IBAN GB** **** **** **** **54 32, tel *** **** **58"
        );
        assert_eq!(
            found,
            [
                Kind::Email,
                Kind::PaymentCard,
                Kind::UsSsn,
                Kind::Iban,
                Kind::Phone
            ]
        );
        let (only_email, found) = redact("jane@example.com 123-45-6789", &[Kind::Email]);
        assert_eq!(only_email, "j***@example.com 123-45-6789");
        assert_eq!(found, [Kind::Email]);
    }
}
