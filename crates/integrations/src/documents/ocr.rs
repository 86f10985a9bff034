//! Optical character recognition by `tesseract`: scanned pages and photographed documents.

use std::path::Path;

use paddock_core::knowledge::chunk::Extracted;

use super::text::page;
use super::tools::run;
use super::{ReadError, Reading};

/// The text `tesseract` reads in the image `file` of `dir` (English); a page per form feed
/// for a multi-page TIFF.
pub(super) fn recognise(dir: &Path, file: &str) -> Result<String, ReadError> {
    let text = run("tesseract", &[file, "stdout", "-l", "eng"], dir)?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// An image (PNG, JPEG or TIFF) read by OCR, a page per image of the file.
pub(super) fn read_image(
    content: &[u8],
    extension: &str,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Reading, ReadError> {
    let file = format!("input.{extension}");
    let dir = super::scratch(content, &file)?;
    progress(0, 1);
    let text = recognise(dir.path(), &file)?;
    let pages: Vec<_> = (1..)
        .zip(text.split('\u{c}'))
        .filter(|(number, part)| *number == 1 || !part.trim().is_empty())
        .map(|(number, part)| page(number, part))
        .collect();
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    progress(count, count);
    Ok(Reading {
        extracted: Extracted { pages },
        ocr_pages: count,
    })
}
