//! Reading documents into text with their structure ([`Extracted`]: pages of headings,
//! paragraphs and tables), for knowledge bases and the `extract_text` step. Each format has its
//! reader; every reader refuses what it cannot read with a reason a person understands, and
//! reads nothing beyond the limits a hostile file would need to exhaust the server.

mod table;
mod text;

use paddock_core::knowledge::chunk::Extracted;

/// Why a document could not be read; the message is for the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Unreadable(String),
    #[error("files of type {0} cannot be read into a knowledge base")]
    Unsupported(String),
}

/// The media types [`read`] reads, as [`paddock_core::upload::media_type`] names them.
const READABLE: [&str; 3] = ["text/plain", "text/markdown", "text/csv"];

/// What can be uploaded, in words, for a refusal.
pub const READABLE_KINDS: &str = "plain text, Markdown or CSV";

/// Whether files of `media_type` can be read.
pub fn reads(media_type: &str) -> bool {
    READABLE.contains(&media_type)
}

/// Reads `content`, a file of `media_type` (as [`paddock_core::upload::media_type`] found it),
/// named `name`.
pub fn read(name: &str, media_type: &str, content: &[u8]) -> Result<Extracted, ReadError> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match (media_type, extension.as_str()) {
        ("text/csv", _) | (_, "csv") => table::read_csv(content),
        ("text/markdown", _) | (_, "md" | "markdown") => Ok(text::read_markdown(utf8(content)?)),
        ("text/plain", _) | (_, "txt") => Ok(text::read_plain(utf8(content)?)),
        _ => Err(ReadError::Unsupported(media_type.to_owned())),
    }
}

fn utf8(content: &[u8]) -> Result<&str, ReadError> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    std::str::from_utf8(content).map_err(|error| {
        ReadError::Unreadable(format!(
            "the file is not UTF-8 text (at byte {})",
            error.valid_up_to()
        ))
    })
}
