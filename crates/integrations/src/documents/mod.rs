//! Reading documents into text with their structure ([`Extracted`]: pages of headings,
//! paragraphs and tables), for knowledge bases and the `extract_text` step. Each format has its
//! reader; every reader refuses what it cannot read with a reason a person understands, and
//! reads nothing beyond the limits a hostile file would need to exhaust the server.

mod docx;
mod html;
mod ocr;
mod pdf;
mod table;
mod text;
mod tools;

use paddock_core::knowledge::chunk::Extracted;

/// Why a document could not be read; the message is for the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Unreadable(String),
    #[error("files of type {0} cannot be read into a knowledge base")]
    Unsupported(String),
}

/// What reading a document gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub extracted: Extracted,
    /// How many of its pages were read by OCR.
    pub ocr_pages: u32,
}

impl Reading {
    fn text(extracted: Extracted) -> Self {
        Reading {
            extracted,
            ocr_pages: 0,
        }
    }
}

/// The media types [`read`] reads, as [`paddock_core::upload::media_type`] names them.
const READABLE: [&str; 9] = [
    DOCX,
    "text/html",
    "text/plain",
    "text/markdown",
    "text/csv",
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
];

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What can be uploaded, in words, for a refusal.
pub const READABLE_KINDS: &str =
    "PDF, Word (DOCX), HTML, plain text, Markdown, CSV, or a PNG, JPEG or TIFF scan";

/// Whether files of `media_type` can be read.
pub fn reads(media_type: &str) -> bool {
    READABLE.contains(&media_type)
}

/// Reads `content`, a file of `media_type` (as [`paddock_core::upload::media_type`] found it).
/// `progress` hears how many of how many pages are read, as reading goes on.
pub fn read(
    media_type: &str,
    content: &[u8],
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Reading, ReadError> {
    match media_type {
        "text/csv" => table::read_csv(content).map(Reading::text),
        "text/markdown" => Ok(Reading::text(text::read_markdown(utf8(content)?))),
        "text/html" => {
            html::inspect(content)?;
            Ok(Reading::text(html::read_html(utf8(content)?)))
        }
        "text/plain" => Ok(Reading::text(text::read_plain(utf8(content)?))),
        "application/pdf" => pdf::read_pdf(content, progress),
        DOCX => docx::read_docx(content),
        "image/png" => ocr::read_image(content, "png", progress),
        "image/jpeg" => ocr::read_image(content, "jpg", progress),
        "image/tiff" => ocr::read_image(content, "tif", progress),
        other => Err(ReadError::Unsupported(other.to_owned())),
    }
}

/// Refuses, before a file is kept, what cannot be read at all: a PDF that is damaged, locked
/// by a password, or too long; a Word document that is damaged or a decompression bomb. Cheap; the reading itself comes later.
pub fn inspect(media_type: &str, content: &[u8]) -> Result<(), ReadError> {
    match media_type {
        "application/pdf" => pdf::inspect(content),
        DOCX => docx::inspect(content),
        "text/html" => html::inspect(content),
        _ => Ok(()),
    }
}

/// A directory of its own holding `content` as `file`, for the programs that read it; removed
/// when dropped.
fn scratch(content: &[u8], file: &str) -> Result<tempfile::TempDir, ReadError> {
    let failed = |e: std::io::Error| {
        tracing::error!(error = %e, "no scratch space to read a document");
        ReadError::Unreadable(
            "the server has no room to read the file just now; try again later".to_owned(),
        )
    };
    let dir = tempfile::Builder::new()
        .prefix("paddock-read-")
        .tempdir()
        .map_err(failed)?;
    std::fs::write(dir.path().join(file), content).map_err(failed)?;
    Ok(dir)
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
