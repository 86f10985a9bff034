//! Web pages (HTML), parsed as browsers parse them, into one page of blocks: `h1`–`h6`
//! headings, paragraphs (a `p`, a list item, a quotation, preformatted text, or text standing
//! loose in a section), and tables. What a reader does not see — the head, scripts, styles,
//! templates, forms' hidden parts — is left out. The tree is walked with a stack of its own, so
//! a deep page cannot exhaust the thread's stack; and a page that leaves more elements open
//! than any real page does is refused before parsing, as the parser's work grows with the
//! square of how deep it nests (200,000 unclosed `<div>`s take minutes).

use paddock_core::knowledge::chunk::{Block, Extracted, Page};
use scraper::{ElementRef, Html, Node};

use super::ReadError;

/// How many more start tags than end tags a page may have: browsers stop nesting at 512; real
/// pages leave a few hundred elements (paragraphs, list items, images) unclosed.
const MAX_UNCLOSED: usize = 5_000;

/// Refuses a page that leaves too many elements open: counting `<name` against `</`, a bound
/// on how deep it nests.
pub(super) fn inspect(content: &[u8]) -> Result<(), ReadError> {
    let mut opened = 0usize;
    let mut closed = 0usize;
    for pair in content.windows(2) {
        if pair[0] == b'<' {
            if pair[1].is_ascii_alphabetic() {
                opened += 1;
            } else if pair[1] == b'/' {
                closed += 1;
            }
        }
    }
    if opened.saturating_sub(closed) > MAX_UNCLOSED {
        return Err(ReadError::Unreadable(format!(
            "the page leaves {} elements open, nested deeper than a page is read (at most {MAX_UNCLOSED})",
            opened - closed
        )));
    }
    Ok(())
}

/// Elements whose content is not text a reader sees.
const UNSEEN: [&str; 10] = [
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
];
/// Elements read as one paragraph each, unless they hold blocks of their own.
const PARAGRAPHS: [&str; 9] = [
    "p",
    "li",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "figcaption",
    "address",
    "caption",
];
/// Elements that hold blocks, whose loose text is a paragraph of its own.
const BLOCK_ELEMENTS: [&str; 26] = [
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "ul",
    "ol",
    "dl",
    "figure",
    "form",
    "fieldset",
    "details",
    "summary",
    "p",
    "li",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "table",
    "hr",
];

enum Visit<'a> {
    Node(ego_tree::NodeRef<'a, Node>),
    /// The end of a block element: the loose text before it is a paragraph.
    Close,
}

pub(super) fn read_html(text: &str) -> Extracted {
    let document = Html::parse_document(text);
    let mut blocks = Vec::new();
    let mut loose = String::new();
    let mut pending = vec![Visit::Node(document.tree.root())];
    while let Some(visit) = pending.pop() {
        let node = match visit {
            Visit::Close => {
                flush(&mut blocks, &mut loose);
                continue;
            }
            Visit::Node(node) => node,
        };
        match node.value() {
            Node::Text(text) => loose.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                let element_ref = ElementRef::wrap(node).expect("an element");
                if UNSEEN.contains(&name) {
                    continue;
                }
                if name == "br" {
                    loose.push('\n');
                    continue;
                }
                if let Some(level) = heading_level(name) {
                    flush(&mut blocks, &mut loose);
                    let text = words(&element_ref);
                    if !text.is_empty() {
                        blocks.push(Block::Heading { level, text });
                    }
                    continue;
                }
                if name == "table" {
                    flush(&mut blocks, &mut loose);
                    let rows = table(&element_ref);
                    if !rows.is_empty() {
                        blocks.push(Block::Table(rows));
                    }
                    continue;
                }
                if PARAGRAPHS.contains(&name) && !holds_blocks(&element_ref) {
                    flush(&mut blocks, &mut loose);
                    let text = if name == "pre" {
                        element_ref.text().collect::<String>().trim().to_owned()
                    } else {
                        words(&element_ref)
                    };
                    if !text.is_empty() {
                        blocks.push(Block::Paragraph(text));
                    }
                    continue;
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    flush(&mut blocks, &mut loose);
                    pending.push(Visit::Close);
                }
                pending.extend(node.children().rev().map(Visit::Node));
            }
            Node::Document | Node::Fragment => {
                pending.extend(node.children().rev().map(Visit::Node));
            }
            _ => {}
        }
    }
    flush(&mut blocks, &mut loose);
    Extracted {
        pages: vec![Page { number: 1, blocks }],
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Loose text gathered so far, as a paragraph.
fn flush(blocks: &mut Vec<Block>, loose: &mut String) {
    let text = collapse(loose);
    if !text.is_empty() {
        blocks.push(Block::Paragraph(text));
    }
    loose.clear();
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An element's visible text, its white space collapsed as a browser shows it.
fn words(element: &ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        let unseen = || {
            node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| UNSEEN.contains(&e.name()))
            })
        };
        match node.value() {
            Node::Text(part) if !unseen() => text.push_str(part),
            Node::Element(e) if e.name() == "br" => text.push(' '),
            _ => {}
        }
    }
    collapse(&text)
}

fn holds_blocks(element: &ElementRef<'_>) -> bool {
    element.descendants().skip(1).any(|node| {
        node.value().as_element().is_some_and(|e| {
            let name = e.name();
            BLOCK_ELEMENTS.contains(&name) || name == "table" || heading_level(name).is_some()
        })
    })
}

/// A table's rows of cells (header cells and data cells alike); empty rows left out.
fn table(element: &ElementRef<'_>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in element.descendants().filter_map(ElementRef::wrap) {
        if row.value().name() != "tr" {
            continue;
        }
        let cells: Vec<String> = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|cell| matches!(cell.value().name(), "td" | "th"))
            .map(|cell| words(&cell))
            .collect();
        if cells.iter().any(|cell| !cell.is_empty()) {
            rows.push(cells);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read_html(html).pages.remove(0).blocks
    }

    #[test]
    fn headings_paragraphs_lists_and_tables_become_blocks_in_order() {
        let page = r##"<!doctype html><html><head><title>Ignored</title><style>p { color: red }</style></head>
            <body><nav>Home &amp; away</nav>
            <h1>Claims   handbook</h1>
            <p>Burst <b>pipes</b> are
               covered<i>.</i><br>Seepage is not.</p>
            <ul><li>Send a photo</li><li>Send the <a href="#">invoice</a></li></ul>
            <h2>Limits</h2>
            <table><tr><th>Who</th><th>Up to</th></tr><tr><td>Handler</td><td>€2,500</td></tr></table>
            <div>Loose text<br>on two lines<script>alert(1)</script></div>
            </body></html>"##;
        assert_eq!(
            blocks(page),
            [
                Block::Paragraph("Home & away".to_owned()),
                Block::Heading {
                    level: 1,
                    text: "Claims handbook".to_owned()
                },
                Block::Paragraph("Burst pipes are covered. Seepage is not.".to_owned()),
                Block::Paragraph("Send a photo".to_owned()),
                Block::Paragraph("Send the invoice".to_owned()),
                Block::Heading {
                    level: 2,
                    text: "Limits".to_owned()
                },
                Block::Table(vec![
                    vec!["Who".to_owned(), "Up to".to_owned()],
                    vec!["Handler".to_owned(), "€2,500".to_owned()],
                ]),
                Block::Paragraph("Loose text on two lines".to_owned()),
            ]
        );
    }

    #[test]
    fn a_list_item_holding_a_list_is_read_item_by_item() {
        let page = "<ul><li>Motor<ul><li>Theft</li><li>Glass</li></ul></li></ul>";
        assert_eq!(
            blocks(page),
            [
                Block::Paragraph("Motor".to_owned()),
                Block::Paragraph("Theft".to_owned()),
                Block::Paragraph("Glass".to_owned()),
            ]
        );
    }

    #[test]
    fn hostile_nesting_is_refused_and_broken_markup_read_without_harm() {
        let hostile = format!("{}deep", "<div>".repeat(200_000));
        assert!(matches!(
            inspect(hostile.as_bytes()),
            Err(ReadError::Unreadable(why)) if why.contains("200000 elements open")
        ));
        let deep = format!("{}deep{}", "<div>".repeat(2_000), "</div>".repeat(10));
        assert!(inspect(deep.as_bytes()).is_ok());
        assert_eq!(blocks(&deep), [Block::Paragraph("deep".to_owned())]);
        assert_eq!(
            blocks("<p>unclosed <b>bold <i>and<p>next"),
            [
                Block::Paragraph("unclosed bold and".to_owned()),
                Block::Paragraph("next".to_owned()),
            ]
        );
        assert!(blocks("<script>only()</script>").is_empty());
    }
}
