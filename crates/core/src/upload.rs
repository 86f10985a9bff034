//! Files people upload for a run's inputs: how large they may be, which types an input accepts,
//! and what a file really is. The type is read from the content, not taken from the name or
//! the sender's word, so a program renamed `claim.pdf` is refused as what it is.

use crate::values::InvalidValue;

/// The largest file an input accepts when it sets no limit of its own.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The largest file any input may accept.
pub const CEILING_BYTES: u64 = 50 * 1024 * 1024;

/// Reads a size written like `512KB`, `10MB` or `1GB` (powers of 1024), at most
/// [`CEILING_BYTES`].
pub fn parse_size(raw: &str) -> Result<u64, InvalidValue> {
    let text = raw.trim().to_ascii_uppercase();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale: u64 = match unit.trim() {
        "" | "B" => 1,
        "KB" => 1024,
        "MB" => 1024 * 1024,
        "GB" => 1024 * 1024 * 1024,
        _ => {
            return Err(InvalidValue::new(format!(
                "'{raw}' is not a size; write it like 512KB or 10MB"
            )));
        }
    };
    let bytes = number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|bytes| *bytes > 0)
        .ok_or_else(|| InvalidValue::new(format!("'{raw}' is not a size; write it like 10MB")))?;
    if bytes > CEILING_BYTES {
        return Err(InvalidValue::new(format!(
            "at most {}",
            describe_size(CEILING_BYTES)
        )));
    }
    Ok(bytes)
}

/// A size in words: `10 MB`, `512 KB`, `300 bytes`.
pub fn describe_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} bytes"),
    }
}

/// The kinds of file the content tells apart, by media type; plain text is what is left when
/// the bytes are UTF-8 without control characters other than whitespace.
const SIGNATURES: [(&[u8], &str); 7] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
];

/// What the content of a file is, as a media type; `application/octet-stream` when unknown.
pub fn sniff(bytes: &[u8]) -> &'static str {
    if let Some((_, media_type)) = SIGNATURES
        .iter()
        .find(|(signature, _)| bytes.starts_with(signature))
    {
        return media_type;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(|c| c.is_control() && !c.is_whitespace()) => "text/plain",
        _ => "application/octet-stream",
    }
}

/// The media type a file's name claims, from its extension; none when the name says nothing.
pub fn claimed_by_name(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "txt" | "log" => "text/plain",
        "md" | "markdown" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        _ => return None,
    })
}

/// Whether content read as `sniffed` can be what the name claims: text formats are text, and
/// Office documents are zip archives.
fn consistent(claimed: &str, sniffed: &str) -> bool {
    claimed == sniffed
        || (sniffed == "text/plain"
            && (claimed.starts_with("text/")
                || matches!(
                    claimed,
                    "application/json" | "application/x-ndjson" | "application/xml"
                )))
        || (sniffed == "application/zip" && claimed.starts_with("application/vnd.openxmlformats"))
}

/// The media type of a file named `name` with content `bytes`: what its name claims when the
/// content agrees, else an explanation of the mismatch.
pub fn media_type(name: &str, bytes: &[u8]) -> Result<String, String> {
    let sniffed = sniff(bytes);
    match claimed_by_name(name) {
        Some(claimed) if consistent(claimed, sniffed) => Ok(claimed.to_owned()),
        Some(claimed) => Err(format!(
            "the file is named like {claimed} but its content is {}",
            if sniffed == "application/octet-stream" {
                "not a kind of file this input reads"
            } else {
                sniffed
            }
        )),
        None => Ok(sniffed.to_owned()),
    }
}

/// Whether `media_type` is one of `accept`: media types (`application/pdf`), families
/// (`image/*`) or extensions (`.pdf`, matched through the type they name).
pub fn accepts(accept: &[String], media_type: &str) -> bool {
    accept.iter().any(|entry| {
        let entry = entry.trim().to_ascii_lowercase();
        if let Some(family) = entry.strip_suffix("/*") {
            media_type.split('/').next() == Some(family)
        } else if entry.starts_with('.') {
            claimed_by_name(&entry) == Some(media_type)
        } else {
            entry == media_type
        }
    })
}

/// Whether `entry` can be written in an input's `accept` list.
pub fn valid_accept_entry(entry: &str) -> bool {
    let entry = entry.trim();
    if let Some(extension) = entry.strip_prefix('.') {
        return claimed_by_name(&format!("x.{extension}")).is_some();
    }
    let Some((family, kind)) = entry.split_once('/') else {
        return false;
    };
    let word = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    };
    word(family) && (kind == "*" || word(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_usual_units() {
        assert_eq!(parse_size("10MB").unwrap(), 10 * 1024 * 1024);
        assert_eq!(parse_size(" 512 kb").unwrap(), 512 * 1024);
        assert_eq!(parse_size("300").unwrap(), 300);
        assert!(parse_size("0MB").is_err());
        assert!(parse_size("ten MB").is_err());
        assert!(
            parse_size("1GB")
                .unwrap_err()
                .to_string()
                .contains("at most 50 MB")
        );
        assert_eq!(describe_size(10 * 1024 * 1024), "10 MB");
        assert_eq!(describe_size(1536), "2 KB");
    }

    #[test]
    fn content_decides_what_a_file_is() {
        assert_eq!(
            media_type("claim.pdf", b"%PDF-1.7 ...").unwrap(),
            "application/pdf"
        );
        assert_eq!(
            media_type("notes.md", "# Claim\nÄrger".as_bytes()).unwrap(),
            "text/markdown"
        );
        assert_eq!(
            media_type("photo", b"\x89PNG\r\n\x1a\n....").unwrap(),
            "image/png"
        );
        let renamed = media_type("claim.pdf", b"MZ\x90\x00\x03\x00").unwrap_err();
        assert!(renamed.contains("not a kind of file"), "{renamed}");
        let png_as_pdf = media_type("claim.pdf", b"\x89PNG\r\n\x1a\n").unwrap_err();
        assert!(png_as_pdf.contains("image/png"), "{png_as_pdf}");
        assert!(media_type("letter.docx", b"PK\x03\x04...").is_ok());
    }

    #[test]
    fn accept_lists_match_types_families_and_extensions() {
        let accept = [
            "application/pdf".to_owned(),
            "image/*".to_owned(),
            ".txt".to_owned(),
        ];
        assert!(accepts(&accept, "application/pdf"));
        assert!(accepts(&accept, "image/jpeg"));
        assert!(accepts(&accept, "text/plain"));
        assert!(!accepts(&accept, "text/markdown"));
        assert!(valid_accept_entry("image/*"));
        assert!(valid_accept_entry(".pdf"));
        assert!(!valid_accept_entry(".exe"));
        assert!(!valid_accept_entry("pdf"));
    }
}
