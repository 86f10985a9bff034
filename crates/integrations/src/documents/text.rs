//! Plain text and Markdown. Plain text's paragraphs are separated by blank lines and its pages
//! by form feeds (as `pdftotext` writes them); Markdown's headings, paragraphs, lists and pipe
//! tables become blocks.

use paddock_core::knowledge::chunk::{Block, Extracted, Page};

/// Plain text: a page per form feed, a paragraph per run of non-blank lines.
pub(super) fn read_plain(text: &str) -> Extracted {
    let pages = (1..)
        .zip(text.split('\u{c}'))
        .map(|(number, text)| page(number, text))
        .collect();
    Extracted { pages }
}

/// Page `number` of plain text: a paragraph per run of non-blank lines.
pub(super) fn page(number: u32, text: &str) -> Page {
    Page {
        number,
        blocks: paragraphs(text).map(Block::Paragraph).collect(),
    }
}

fn paragraphs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("\n\n")
        .flat_map(|part| part.split("\r\n\r\n"))
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_owned()
        })
        .filter(|paragraph| !paragraph.is_empty())
}

/// Markdown, as one page: `#` headings, paragraphs (a list item or a fenced code block is a
/// paragraph of its own), and pipe tables.
pub(super) fn read_markdown(text: &str) -> Extracted {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut fence: Option<Vec<&str>> = None;
    let flush =
        |blocks: &mut Vec<Block>, paragraph: &mut Vec<&str>, table: &mut Vec<Vec<String>>| {
            if !paragraph.is_empty() {
                blocks.push(Block::Paragraph(paragraph.join("\n")));
                paragraph.clear();
            }
            if !table.is_empty() {
                blocks.push(Block::Table(std::mem::take(table)));
            }
        };
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(code) = &mut fence {
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                blocks.push(Block::Paragraph(code.join("\n")));
                fence = None;
            } else {
                code.push(line);
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut blocks, &mut paragraph, &mut table);
            fence = Some(Vec::new());
        } else if let Some((level, title)) = heading(trimmed) {
            flush(&mut blocks, &mut paragraph, &mut table);
            blocks.push(Block::Heading {
                level,
                text: title.to_owned(),
            });
        } else if trimmed.starts_with('|') {
            if !paragraph.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut Vec::new());
            }
            if !is_separator_row(trimmed) {
                table.push(cells(trimmed));
            }
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut table);
        } else {
            if !table.is_empty() {
                flush(&mut blocks, &mut Vec::new(), &mut table);
            }
            if is_list_item(trimmed) {
                flush(&mut blocks, &mut paragraph, &mut table);
            }
            paragraph.push(trimmed);
        }
    }
    if let Some(code) = fence {
        blocks.push(Block::Paragraph(code.join("\n")));
    }
    flush(&mut blocks, &mut paragraph, &mut table);
    Extracted {
        pages: vec![Page { number: 1, blocks }],
    }
}

/// A `#` heading's level and title.
fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|byte| *byte == b'#').count();
    let title = line[level..].strip_prefix(' ')?;
    let level = u8::try_from(level)
        .ok()
        .filter(|level| (1..=6).contains(level))?;
    Some((level, title.trim().trim_end_matches('#').trim()))
}

fn is_list_item(line: &str) -> bool {
    let unordered = ["- ", "* ", "+ "]
        .iter()
        .any(|bullet| line.starts_with(bullet));
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let ordered =
        digits > 0 && matches!(line.as_bytes().get(digits..digits + 2), Some(b". " | b") "));
    unordered || ordered
}

/// A pipe table's row of dashes under its header (`|---|:--:|`).
fn is_separator_row(line: &str) -> bool {
    line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && line.contains('-')
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner
        .split('|')
        .map(|cell| cell.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(text.to_owned())
    }

    #[test]
    fn plain_text_has_a_page_per_form_feed_and_a_paragraph_per_blank_line() {
        let read =
            read_plain("First line\nsame paragraph.\n\nSecond.\u{c}Page two.\r\n\r\nLast.\n");
        assert_eq!(read.pages.len(), 2);
        assert_eq!(
            read.pages[0].blocks,
            [
                paragraph("First line\nsame paragraph."),
                paragraph("Second.")
            ]
        );
        assert_eq!(read.pages[1].number, 2);
        assert_eq!(
            read.pages[1].blocks,
            [paragraph("Page two."), paragraph("Last.")]
        );
    }

    #[test]
    fn markdown_headings_lists_code_and_tables_become_blocks() {
        let read = read_markdown(
            "# Water damage\n\nPhotos are\nrequired.\n\n## Limits ##\n\n| Item | Limit |\n|---|--:|\n| Phone | 500 |\nAfter the table.\n\n- one\n- two\n\n```\nkeep  this\n```\n#not a heading\n",
        );
        let blocks = &read.pages[0].blocks;
        assert_eq!(
            blocks,
            &[
                Block::Heading {
                    level: 1,
                    text: "Water damage".into()
                },
                paragraph("Photos are\nrequired."),
                Block::Heading {
                    level: 2,
                    text: "Limits".into()
                },
                Block::Table(vec![
                    vec!["Item".into(), "Limit".into()],
                    vec!["Phone".into(), "500".into()],
                ]),
                paragraph("After the table."),
                paragraph("- one"),
                paragraph("- two"),
                paragraph("keep  this"),
                paragraph("#not a heading"),
            ]
        );
    }
}
