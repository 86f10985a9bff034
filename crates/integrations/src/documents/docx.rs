//! Word documents (DOCX): the paragraphs, headings (the `Heading n` and `Title` styles) and
//! tables of `word/document.xml`. A DOCX is a zip archive, so it is opened as a hostile one:
//! a bounded number of entries, and the one entry read is decompressed through a cap, whatever
//! size the archive declares (a decompression bomb declares a small one).

use std::io::{Cursor, Read};

use paddock_core::knowledge::chunk::{Block, Extracted, Page};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{ReadError, Reading};

/// The most entries the archive may have.
const MAX_ENTRIES: usize = 10_000;
/// The most the document's XML may expand to.
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
const DOCUMENT_XML: &str = "word/document.xml";

pub(super) fn read_docx(content: &[u8]) -> Result<Reading, ReadError> {
    let xml = document_xml(content)?;
    let blocks = blocks(&xml)?;
    Ok(Reading {
        extracted: Extracted {
            pages: vec![Page { number: 1, blocks }],
        },
        ocr_pages: 0,
    })
}

/// Whether the archive is a readable Word document, within the limits.
pub(super) fn inspect(content: &[u8]) -> Result<(), ReadError> {
    document_xml(content).map(|_| ())
}

fn unreadable(why: impl Into<String>) -> ReadError {
    ReadError::Unreadable(why.into())
}

/// The document's XML, decompressed through the cap.
fn document_xml(content: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(content))
        .map_err(|e| unreadable(format!("the Word document is damaged: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(unreadable(format!(
            "the Word document holds {} files; at most {MAX_ENTRIES} are read",
            archive.len()
        )));
    }
    let entry = archive
        .by_name(DOCUMENT_XML)
        .map_err(|_| unreadable("this is not a Word document: it has no word/document.xml"))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| unreadable(format!("the Word document is damaged: {e}")))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(unreadable(format!(
            "the Word document expands to more than {} MB of text, which is what a decompression bomb does; it is not read",
            MAX_XML_BYTES / (1024 * 1024)
        )));
    }
    Ok(xml)
}

/// What is being read: a paragraph's text (and heading level), and the table it is in.
#[derive(Default)]
struct Walk {
    blocks: Vec<Block>,
    paragraph: Option<(String, Option<u8>)>,
    tables: Vec<Table>,
    in_text: bool,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

fn blocks(xml: &[u8]) -> Result<Vec<Block>, ReadError> {
    let mut reader = Reader::from_reader(xml);
    let mut walk = Walk::default();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(format!("the Word document's text is damaged: {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(tag) => walk.open(&tag),
            Event::Empty(tag) => {
                walk.open(&tag);
                walk.close(tag.name().as_ref());
            }
            Event::End(tag) => walk.close(tag.name().as_ref()),
            Event::Text(text) if walk.in_text => {
                let text = text
                    .decode()
                    .map_err(|e| unreadable(format!("the Word document's text is damaged: {e}")))?;
                walk.push(&text);
            }
            Event::GeneralRef(reference) if walk.in_text => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*reference {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    walk.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(walk.blocks)
}

impl Walk {
    fn open(&mut self, tag: &BytesStart<'_>) {
        match tag.name().as_ref() {
            b"w:p" => self.paragraph = Some((String::new(), None)),
            b"w:t" => self.in_text = true,
            b"w:tab" => self.push("\t"),
            b"w:br" | b"w:cr" => self.push("\n"),
            b"w:pStyle" => {
                let style = tag
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
                if let Some((_, level)) = &mut self.paragraph {
                    *level = heading_level(&style);
                }
            }
            b"w:tbl" => self.tables.push(Table::default()),
            b"w:tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.rows.push(Vec::new());
                }
            }
            b"w:tc" => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell = Some(String::new());
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"w:t" => self.in_text = false,
            b"w:p" => {
                let Some((text, level)) = self.paragraph.take() else {
                    return;
                };
                let text = text.trim().to_owned();
                if text.is_empty() {
                    return;
                }
                match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    Some(cell) => {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&text);
                    }
                    None => self.blocks.push(match level {
                        Some(level) => Block::Heading { level, text },
                        None => Block::Paragraph(text),
                    }),
                }
            }
            b"w:tc" => {
                if let Some(table) = self.tables.last_mut()
                    && let (Some(cell), Some(row)) = (table.cell.take(), table.rows.last_mut())
                {
                    row.push(cell);
                }
            }
            b"w:tbl" => {
                if let Some(table) = self.tables.pop() {
                    let rows: Vec<Vec<String>> =
                        table.rows.into_iter().filter(|r| !r.is_empty()).collect();
                    if !rows.is_empty() {
                        self.blocks.push(Block::Table(rows));
                    }
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, text: &str) {
        if let Some((paragraph, _)) = &mut self.paragraph {
            paragraph.push_str(text);
        }
    }
}

/// The heading level of a paragraph style: `Title` and `Heading1` are 1, `Heading2` is 2…
fn heading_level(style: &str) -> Option<u8> {
    if style.eq_ignore_ascii_case("title") {
        return Some(1);
    }
    let level = style
        .strip_prefix("Heading")
        .or_else(|| style.strip_prefix("heading"))?;
    level
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=9).contains(l))
}
