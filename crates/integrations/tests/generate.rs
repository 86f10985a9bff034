//! Documents written by the `document` step, read back by the same readers a knowledge base
//! uses (poppler for PDF): what a person opens is what the template said.

use paddock_core::knowledge::chunk::Block;
use paddock_integrations::documents::read;
use paddock_integrations::generate::{Format, generate};

const REPORT: &str = "# Claim C-1042: decision\n\n\
The **water damage** in the kitchen is *covered* under §4.2 — the leak was sudden.\n\n\
## Payments\n\n\
| Item | Amount |\n|---|---|\n| Pipe repair | €1,240 |\n| Floor | €3,100 |\n\n\
## Next steps\n\n1. Book the plumber\n2. Send the letter\n   - to the insured\n\n\
```\nref: C-1042/2026\n```\n";

fn read_back(format: Format, bytes: &[u8]) -> paddock_core::knowledge::chunk::Extracted {
    read(format.media_type(), bytes, &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{format:?} does not read back: {e}"))
        .extracted
}

#[test]
fn a_word_document_keeps_headings_paragraphs_tables_and_lists() {
    let bytes = generate(Format::Docx, "Claim C-1042", REPORT).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a DOCX is a zip archive");
    let extracted = read_back(Format::Docx, &bytes);
    let blocks = &extracted.pages[0].blocks;
    assert!(
        blocks.contains(&Block::Heading {
            level: 1,
            text: "Claim C-1042: decision".into()
        }),
        "{blocks:?}"
    );
    assert!(blocks.contains(&Block::Heading {
        level: 2,
        text: "Payments".into()
    }));
    assert!(
        blocks.contains(&Block::Table(vec![
            vec!["Item".into(), "Amount".into()],
            vec!["Pipe repair".into(), "€1,240".into()],
            vec!["Floor".into(), "€3,100".into()],
        ])),
        "{blocks:?}"
    );
    let text = extracted.text();
    for expected in [
        "The water damage in the kitchen is covered under §4.2 — the leak was sudden.",
        "Book the plumber",
        "to the insured",
        "ref: C-1042/2026",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn a_pdf_has_the_text_selectable_in_reading_order() {
    let bytes = generate(Format::Pdf, "Claim C-1042", REPORT).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let extracted = read_back(Format::Pdf, &bytes);
    assert_eq!(extracted.pages.len(), 1);
    let text = extracted.text();
    let order = [
        "Claim C-1042: decision",
        "The water damage in the kitchen is covered under §4.2 — the leak was sudden.",
        "Payments",
        "Pipe repair",
        "€1,240",
        "Book the plumber",
        "to the insured",
        "ref: C-1042/2026",
        "1 of 1",
    ];
    let mut from = 0;
    for expected in order {
        let at = text[from..]
            .find(expected)
            .unwrap_or_else(|| panic!("{expected:?} missing after byte {from} of {text}"));
        from += at + expected.len();
    }
}

#[test]
fn a_long_pdf_breaks_into_numbered_pages() {
    let markdown: String = (1..=120)
        .map(|n| format!("Paragraph {n} of the claims handbook, long enough to take a line.\n\n"))
        .collect();
    let bytes = generate(Format::Pdf, "Handbook", &markdown).unwrap();
    let extracted = read_back(Format::Pdf, &bytes);
    let pages = extracted.pages.len();
    assert!(pages >= 3, "{pages} pages");
    let text = extracted.text();
    assert!(text.contains("Paragraph 120 of the claims handbook"));
    assert!(text.contains(&format!("{pages} of {pages}")));
}

#[test]
fn markdown_is_written_as_it_is() {
    assert_eq!(
        generate(Format::Markdown, "x", REPORT).unwrap(),
        REPORT.as_bytes()
    );
}

#[test]
fn control_characters_from_read_files_do_not_break_a_word_document() {
    // Text read from a PDF keeps its form feeds; XML has no place for them.
    let markdown = "# Page one\u{c}\n\nText\u{1} read from a scan\u{c}";
    let bytes = generate(Format::Docx, "scan", markdown).unwrap();
    let text = read_back(Format::Docx, &bytes).text();
    assert!(text.contains("Text read from a scan"), "{text}");
}
