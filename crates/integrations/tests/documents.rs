//! Reading real documents with the real programs: poppler for PDFs, tesseract for scans.
//! The fixtures are written by `tests/fixtures/make.py`.

use paddock_integrations::documents::{ReadError, Reading, read, reads};

const TEXT_PDF: &[u8] = include_bytes!("fixtures/claims-guide.pdf");
const SCANNED_PDF: &[u8] = include_bytes!("fixtures/scanned-claims-guide.pdf");
const SCANNED_PNG: &[u8] = include_bytes!("fixtures/scanned-claims-guide.png");

fn read_with_progress(
    media_type: &str,
    content: &[u8],
) -> (Result<Reading, ReadError>, Vec<(u32, u32)>) {
    let mut heard = Vec::new();
    let read = read(media_type, content, &mut |done, total| {
        heard.push((done, total))
    });
    (read, heard)
}

fn page_text(reading: &Reading, number: usize) -> String {
    let page = &reading.extracted.pages[number - 1];
    assert_eq!(page.number as usize, number);
    let one = paddock_core::knowledge::chunk::Extracted {
        pages: vec![page.clone()],
    };
    one.text()
}

#[test]
fn a_pdf_with_a_text_layer_is_read_page_by_page_without_ocr() {
    let (read, heard) = read_with_progress("application/pdf", TEXT_PDF);
    let reading = read.unwrap();
    assert_eq!(reading.extracted.pages.len(), 2);
    assert_eq!(reading.ocr_pages, 0);
    assert!(page_text(&reading, 1).contains("burst pipes are covered when the leak was sudden"));
    assert!(page_text(&reading, 2).contains("Report a theft to the police within 48 hours"));
    assert!(
        !page_text(&reading, 1).contains("theft"),
        "each page keeps its own text"
    );
    assert_eq!(heard.first(), Some(&(0, 2)));
    assert_eq!(heard.last(), Some(&(2, 2)));
}

#[test]
fn a_scanned_pdf_page_is_read_by_ocr() {
    let reading = read("application/pdf", SCANNED_PDF, &mut |_, _| {}).unwrap();
    assert_eq!(reading.extracted.pages.len(), 1);
    assert_eq!(reading.ocr_pages, 1, "the page has no text layer");
    let text = page_text(&reading, 1);
    assert!(
        text.contains("burst pipes are covered when the leak was sudden"),
        "{text}"
    );
    assert!(text.contains("Claims handling guide"), "{text}");
}

#[test]
fn a_scanned_image_is_read_by_ocr() {
    assert!(reads("image/png"));
    let reading = read("image/png", SCANNED_PNG, &mut |_, _| {}).unwrap();
    assert_eq!(reading.ocr_pages, 1);
    let text = page_text(&reading, 1);
    assert!(text.contains("Seepage over weeks is not covered"), "{text}");
}

#[test]
fn damaged_and_unsupported_files_are_refused_with_a_reason() {
    let mut damaged = b"%PDF-1.7\n".to_vec();
    damaged.extend(std::iter::repeat_n(b"\x00garbage\xff", 200).flatten());
    let refused = read("application/pdf", &damaged, &mut |_, _| {}).unwrap_err();
    let ReadError::Unreadable(why) = &refused else {
        panic!("{refused:?}")
    };
    assert!(why.starts_with("the PDF is damaged"), "{why}");

    let truncated = &TEXT_PDF[..TEXT_PDF.len() / 3];
    match read("application/pdf", truncated, &mut |_, _| {}) {
        // Poppler rebuilds what it can of a cut-off file; what it cannot read is refused.
        Ok(reading) => assert!(reading.extracted.pages.len() <= 2),
        Err(ReadError::Unreadable(why)) => assert!(!why.is_empty()),
        Err(other) => panic!("{other:?}"),
    }

    let not_an_image =
        read("image/png", b"\x89PNG\r\n\x1a\nnot really", &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(not_an_image, ReadError::Unreadable(_)),
        "{not_an_image:?}"
    );

    assert!(!reads("application/zip"));
    assert_eq!(
        read("application/zip", b"PK\x03\x04", &mut |_, _| {}).unwrap_err(),
        ReadError::Unsupported("application/zip".to_owned())
    );
}

/// A Word document with `body` (WordprocessingML) as its document, zipped as Word does.
fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#)),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[test]
fn a_word_document_keeps_its_headings_paragraphs_and_tables() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Storm damage</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">Roofs are covered </w:t></w:r><w:r><w:t>up to &amp; including gutters.</w:t></w:r></w:p>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Peril</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Excess</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>Hail</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>250</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let reading = read(DOCX, &docx(body), &mut |_, _| {}).unwrap();
    use paddock_core::knowledge::chunk::Block;
    assert_eq!(
        reading.extracted.pages[0].blocks,
        [
            Block::Heading {
                level: 1,
                text: "Storm damage".to_owned()
            },
            Block::Paragraph("Roofs are covered up to & including gutters.".to_owned()),
            Block::Table(vec![
                vec!["Peril".to_owned(), "Excess".to_owned()],
                vec!["Hail".to_owned(), "250".to_owned()],
            ]),
        ]
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_fills_memory() {
    // 48 MB of one letter deflates to a few dozen kilobytes.
    let bomb = docx(&format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        "a".repeat(48 * 1024 * 1024)
    ));
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    for refused in [
        paddock_integrations::documents::inspect(DOCX, &bomb).unwrap_err(),
        read(DOCX, &bomb, &mut |_, _| {}).unwrap_err(),
    ] {
        let ReadError::Unreadable(why) = refused else {
            panic!()
        };
        assert!(why.contains("decompression bomb"), "{why}");
    }
    let not_word = read(DOCX, b"PK\x03\x04 but no archive", &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(not_word, ReadError::Unreadable(why) if why.starts_with("the Word document is damaged"))
    );
}

#[test]
fn a_web_page_is_read_into_headed_passages() {
    assert!(reads("text/html"));
    let page = "<html><head><title>Page title</title></head><body><h1>Runbook</h1><h2>VPN</h2>\
                <p>Restart the <b>gateway</b>.</p><script>ignored()</script></body></html>";
    let reading = read("text/html", page.as_bytes(), &mut |_, _| {}).unwrap();
    assert_eq!(reading.ocr_pages, 0);
    let passages = reading
        .extracted
        .chunks(paddock_core::knowledge::chunk::Limits::default());
    let gateway = passages
        .iter()
        .find(|p| p.text.contains("Restart the gateway."))
        .expect("the paragraph is a passage");
    assert!(gateway.context.starts_with("Runbook"), "{gateway:?}");
    assert!(
        passages
            .iter()
            .all(|p| !p.text.contains("ignored") && !p.text.contains("Page title")),
        "neither the script nor the head is read: {passages:?}"
    );
    assert!(matches!(
        read("text/html", b"\xff\xfe not utf-8", &mut |_, _| {}),
        Err(ReadError::Unreadable(_))
    ));
}
