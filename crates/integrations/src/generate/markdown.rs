//! Markdown read into the blocks a generated document is laid out from: headings, paragraphs,
//! list items, tables, code, block quotes and rules, with bold, italic and code spans. Raw HTML
//! is kept as the text it is; images keep their description.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::GenerateError;

/// The widest table a document may hold: wider ones cannot be read on a page anyway.
pub(crate) const MAX_TABLE_COLUMNS: usize = 32;
/// The most table cells in one document (Markdown pads short rows, so a few bytes can ask for
/// many).
pub(crate) const MAX_TABLE_CELLS: usize = 20_000;
/// The most blocks (paragraphs, items, headings…) in one document.
pub(crate) const MAX_BLOCKS: usize = 50_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
}

/// A run of text in one style; `\n` in it is a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// Level 1 (the largest) to 6.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    /// `quoted`: inside a block quote.
    Paragraph {
        spans: Vec<Span>,
        quoted: bool,
    },
    /// `depth` 0 for a top-level list; `marker` is `•` or the item's number with its dot.
    Item {
        depth: usize,
        marker: String,
        spans: Vec<Span>,
    },
    /// The first row is the header.
    Table {
        rows: Vec<Vec<Vec<Span>>>,
    },
    Code(String),
    Rule,
}

/// The text of `spans`, styles dropped.
pub(crate) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|span| span.text.as_str()).collect()
}

/// What is being read: the inline text collects into the innermost one.
#[derive(Default)]
struct Reading {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    /// The next number of each open list (none for a bullet list), outermost first.
    lists: Vec<Option<u64>>,
    /// The marker of the list item whose text is being read.
    item: Option<String>,
    quotes: u32,
    code: Option<String>,
    links: Vec<String>,
    row: Vec<Vec<Span>>,
    table: Option<Vec<Vec<Vec<Span>>>>,
    /// Table cells read so far, in every table.
    cells: usize,
}

impl Reading {
    fn push(&mut self, text: &str, code: bool) {
        let style = Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
        };
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_owned(),
                style,
            }),
        }
    }

    fn take_spans(&mut self) -> Vec<Span> {
        let mut spans = std::mem::take(&mut self.spans);
        if let Some(last) = spans.last_mut() {
            let kept = last.text.trim_end().len();
            last.text.truncate(kept);
        }
        spans.retain(|span| !span.text.is_empty());
        spans
    }

    /// Ends the list item being read (its text so far), if any.
    fn end_item(&mut self) {
        let spans = self.take_spans();
        if let Some(marker) = self.item.take()
            && !(spans.is_empty() && marker.is_empty())
        {
            self.blocks.push(Block::Item {
                depth: self.lists.len().saturating_sub(1),
                marker,
                spans,
            });
        } else if !spans.is_empty() {
            self.blocks.push(Block::Item {
                depth: self.lists.len().saturating_sub(1),
                marker: String::new(),
                spans,
            });
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.into_string()),
            Tag::BlockQuote(_) => self.quotes += 1,
            Tag::CodeBlock(kind) => {
                if matches!(kind, CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) {
                    self.code = Some(String::new());
                }
            }
            Tag::List(first) => {
                // A list inside an item ends the item's own text first.
                if self.item.is_some() {
                    self.end_item();
                }
                self.lists.push(first);
            }
            Tag::Item => {
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}.");
                        *number += 1;
                        marker
                    }
                    _ => "•".to_owned(),
                };
                self.item = Some(marker);
            }
            Tag::Table(_) => self.table = Some(Vec::new()),
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.spans.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                if let Some(url) = self.links.pop() {
                    let text = plain(&self.spans);
                    if !url.is_empty() && !text.ends_with(&url) {
                        self.push(&format!(" ({url})"), false);
                    }
                }
            }
            TagEnd::BlockQuote(_) => self.quotes = self.quotes.saturating_sub(1),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.blocks
                        .push(Block::Code(code.trim_end_matches('\n').to_owned()));
                }
            }
            TagEnd::Heading(level) => {
                let spans = self.take_spans();
                self.blocks.push(Block::Heading {
                    level: heading_level(level),
                    spans,
                });
            }
            TagEnd::Paragraph => {
                if self.item.is_some() || !self.lists.is_empty() {
                    // The paragraphs of a loose list item are one item's text.
                    self.push(" ", false);
                } else {
                    let spans = self.take_spans();
                    if !spans.is_empty() {
                        self.blocks.push(Block::Paragraph {
                            spans,
                            quoted: self.quotes > 0,
                        });
                    }
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::List(_) => {
                self.end_item();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let cell = self.take_spans();
                self.row.push(cell);
                self.cells += 1;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(table) = &mut self.table {
                    table.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(rows) = self.table.take() {
                    self.blocks.push(Block::Table { rows });
                }
            }
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The blocks of `markdown`; refused when it holds more than a document can (too wide or too
/// many tables, too many blocks), before the work of laying it out.
pub(crate) fn blocks(markdown: &str) -> Result<Vec<Block>, GenerateError> {
    let mut reading = Reading::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => reading.start(tag),
            Event::End(tag) => reading.end(tag),
            Event::Text(text) => match &mut reading.code {
                Some(code) => code.push_str(&text),
                None => reading.push(&text, false),
            },
            Event::Code(text) => reading.push(&text, true),
            Event::Html(text) | Event::InlineHtml(text) => reading.push(&text, false),
            Event::SoftBreak => reading.push(" ", false),
            Event::HardBreak => reading.push("\n", false),
            Event::Rule => reading.blocks.push(Block::Rule),
            Event::TaskListMarker(done) => reading.push(if done { "[x] " } else { "[ ] " }, false),
            _ => {}
        }
        if reading.row.len() > MAX_TABLE_COLUMNS {
            return Err(GenerateError::TooLong(format!(
                "a table has more than {MAX_TABLE_COLUMNS} columns"
            )));
        }
        if reading.cells > MAX_TABLE_CELLS {
            return Err(GenerateError::TooLong(format!(
                "the tables have more than {MAX_TABLE_CELLS} cells in all"
            )));
        }
        if reading.blocks.len() > MAX_BLOCKS {
            return Err(GenerateError::TooLong(format!(
                "the document has more than {MAX_BLOCKS} paragraphs, items and headings"
            )));
        }
    }
    // Text outside any block (only possible in malformed nesting) is not lost.
    let rest = reading.take_spans();
    if !rest.is_empty() {
        reading.blocks.push(Block::Paragraph {
            spans: rest,
            quoted: false,
        });
    }
    Ok(reading.blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|block| match block {
                Block::Heading { level, spans } => format!("h{level} {}", plain(spans)),
                Block::Paragraph { spans, quoted } => {
                    format!("{}p {}", if *quoted { "> " } else { "" }, plain(spans))
                }
                Block::Item {
                    depth,
                    marker,
                    spans,
                } => format!("{}{marker} {}", "  ".repeat(*depth), plain(spans)),
                Block::Table { rows } => rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|cell| plain(cell))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
                Block::Code(code) => format!("code {code}"),
                Block::Rule => "---".to_owned(),
            })
            .collect()
    }

    #[test]
    fn reads_the_structure_a_report_has() {
        let markdown = "# Claim C-1042\n\nThe **water damage** is *covered*, see `§4.2`.\n\n\
            ## Steps\n\n1. Photograph\n2. Repair\n   - pipes\n   - floor\n\n\
            | Item | Cost |\n|---|---|\n| Pipe | 120 |\n\n> Quoted rule\n\n---\n\n```\nraw <b>\n```\n\n\
            [policy](https://example.test/p)\n";
        assert_eq!(
            texts(&blocks(markdown).unwrap()),
            [
                "h1 Claim C-1042",
                "p The water damage is covered, see §4.2.",
                "h2 Steps",
                "1. Photograph",
                "2. Repair",
                "  • pipes",
                "  • floor",
                "Item | Cost / Pipe | 120",
                "> p Quoted rule",
                "---",
                "code raw <b>",
                "p policy (https://example.test/p)",
            ]
        );
    }

    #[test]
    fn keeps_styles_apart() {
        let blocks = blocks("plain **bold *both*** `code`").unwrap();
        let Block::Paragraph { spans, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let styles: Vec<(&str, bool, bool, bool)> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.style.bold, s.style.italic, s.style.code))
            .collect();
        assert_eq!(
            styles,
            [
                ("plain ", false, false, false),
                ("bold ", true, false, false),
                ("both", true, true, false),
                (" ", false, false, false),
                ("code", false, false, true),
            ]
        );
    }

    #[test]
    fn loose_items_and_breaks_stay_in_their_item() {
        let blocks = blocks("- first\n\n  more of it\n- second  \n  line\n").unwrap();
        assert_eq!(texts(&blocks), ["• first more of it", "• second\nline"]);
    }

    #[test]
    fn a_few_bytes_asking_for_a_huge_table_are_refused_early() {
        // A header of 33 columns, or short rows Markdown pads to a wide header.
        let wide = format!("{}|\n{}|\n", "| a ".repeat(33), "|---".repeat(33));
        assert!(
            blocks(&wide)
                .unwrap_err()
                .to_string()
                .contains("32 columns")
        );
        let padded = format!(
            "{}|\n{}|\n{}",
            "| a ".repeat(30),
            "|---".repeat(30),
            "|x|\n".repeat(1000)
        );
        assert!(blocks(&padded).unwrap_err().to_string().contains("cells"));
        let many = "- x\n".repeat(MAX_BLOCKS + 1);
        assert!(
            blocks(&many)
                .unwrap_err()
                .to_string()
                .contains("paragraphs")
        );
    }
}
