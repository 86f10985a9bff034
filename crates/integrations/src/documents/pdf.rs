//! PDFs: the text layer as `pdftotext` reads it, a page per form feed; a page without text (a
//! scan) is rendered by `pdftoppm` and read by OCR.

use std::path::Path;

use paddock_core::knowledge::chunk::Extracted;

use super::ocr::recognise;
use super::text::page;
use super::tools::run;
use super::{ReadError, Reading};

/// The most pages a PDF may have.
const MAX_PAGES: u32 = 2_000;
/// A page with fewer letters than this in its text layer is taken for a scan.
const MIN_TEXT_CHARS: usize = 16;
/// How finely a scanned page is rendered for OCR, in dots per inch.
const OCR_DPI: &str = "300";

pub(super) fn read_pdf(
    content: &[u8],
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Reading, ReadError> {
    let dir = super::scratch(content, "input.pdf")?;
    let pages = page_count(dir.path())?;
    progress(0, pages);
    let text = run(
        "pdftotext",
        &["-enc", "UTF-8", "-eol", "unix", "input.pdf", "-"],
        dir.path(),
    )?;
    let text = String::from_utf8_lossy(&text);
    // pdftotext ends every page with a form feed.
    let mut layers: Vec<&str> = text.split('\u{c}').collect();
    layers.resize(pages as usize, "");
    let mut read = Vec::with_capacity(layers.len());
    let mut ocr_pages = 0;
    for (number, layer) in (1..).zip(layers) {
        let letters = layer.chars().filter(|c| c.is_alphanumeric()).count();
        let page_text = if letters >= MIN_TEXT_CHARS {
            layer.to_owned()
        } else {
            ocr_pages += 1;
            let number = number.to_string();
            run(
                "pdftoppm",
                &[
                    "-r",
                    OCR_DPI,
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    &number,
                    "-l",
                    &number,
                    "input.pdf",
                    "page",
                ],
                dir.path(),
            )?;
            recognise(dir.path(), "page.png")?
        };
        read.push(page(number, &page_text));
        progress(number, pages);
    }
    Ok(Reading {
        extracted: Extracted { pages: read },
        ocr_pages,
    })
}

/// Whether the PDF can be read: its pages can be counted, and are not too many.
pub(super) fn inspect(content: &[u8]) -> Result<(), ReadError> {
    let dir = super::scratch(content, "input.pdf")?;
    page_count(dir.path()).map(|_| ())
}

/// The PDF's page count, as `pdfinfo` reads it; a damaged or locked PDF is refused here.
fn page_count(dir: &Path) -> Result<u32, ReadError> {
    let info = run("pdfinfo", &["input.pdf"], dir).map_err(|error| match error {
        ReadError::Unreadable(why) if why.contains("password") => ReadError::Unreadable(
            "the PDF is protected by a password; upload it without one".to_owned(),
        ),
        ReadError::Unreadable(why) if why.starts_with("pdfinfo could not read") => {
            ReadError::Unreadable(format!("the PDF is damaged: {why}"))
        }
        other => other,
    })?;
    let info = String::from_utf8_lossy(&info);
    let pages = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|count| count.trim().parse::<u32>().ok())
        .ok_or_else(|| ReadError::Unreadable("the PDF's pages cannot be counted".to_owned()))?;
    match pages {
        0 => Err(ReadError::Unreadable("the PDF has no pages".to_owned())),
        n if n > MAX_PAGES => Err(ReadError::Unreadable(format!(
            "the PDF has {n} pages; a knowledge base takes documents of at most {MAX_PAGES}"
        ))),
        n => Ok(n),
    }
}
