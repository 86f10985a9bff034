//! Documents written from Markdown — the text a workflow's template renders — as Word (DOCX),
//! PDF or Markdown itself, for the `document` step.

mod docx;
mod helvetica;
mod markdown;
mod pdf;

/// The largest document written, the size a file store takes.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    Markdown,
}

impl Format {
    pub const NAMES: [&'static str; 3] = ["docx", "pdf", "markdown"];

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Markdown => "text/markdown",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Markdown => "md",
        }
    }
}

/// Why a document could not be written; the message is for the workflow's builder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("{0}")]
    TooLong(String),
    #[error("{0}")]
    Write(String),
}

/// A file name for a document: `wanted` without any folder, control or reserved characters,
/// at most 120 characters, ending in the format's extension.
pub fn file_name(wanted: &str, format: Format) -> String {
    let base = wanted.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let extension = format.extension();
    let stem = cleaned
        .strip_suffix(&format!(".{extension}"))
        .unwrap_or(&cleaned)
        .trim_matches(|c: char| c == '.' || c.is_whitespace());
    let stem: String = stem.chars().take(120 - extension.len() - 1).collect();
    let stem = if stem.is_empty() { "document" } else { &stem };
    format!("{stem}.{extension}")
}

/// `markdown` written as a document of `format`; `title` names it (a PDF's title).
pub fn generate(format: Format, title: &str, markdown: &str) -> Result<Vec<u8>, GenerateError> {
    let bytes = match format {
        Format::Markdown => markdown.as_bytes().to_vec(),
        Format::Docx => docx::write(&markdown::blocks(markdown)?)?,
        Format::Pdf => pdf::write(title, &markdown::blocks(markdown)?)?,
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(GenerateError::TooLong(format!(
            "the document would be larger than {} MiB",
            MAX_DOCUMENT_BYTES >> 20
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_names() {
        assert_eq!(file_name("Claim C-1042", Format::Pdf), "Claim C-1042.pdf");
        assert_eq!(file_name("report.docx", Format::Docx), "report.docx");
        assert_eq!(file_name("../../etc/passwd", Format::Markdown), "passwd.md");
        assert_eq!(file_name("a\\b:c\n.pdf", Format::Pdf), "b_c_.pdf");
        assert_eq!(file_name("  ", Format::Docx), "document.docx");
        assert_eq!(file_name(&"x".repeat(500), Format::Pdf).len(), 120);
    }

    #[test]
    fn a_template_gone_wrong_is_stopped_at_the_page_limit() {
        let endless = "paragraph\n\n".repeat(pdf::MAX_PAGES * 60);
        let error = generate(Format::Pdf, "t", &endless).unwrap_err();
        assert!(error.to_string().contains("500 pages"), "{error}");
    }
}
