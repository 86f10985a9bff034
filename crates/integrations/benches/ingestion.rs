//! Ingestion speed: pages read per second from PDFs with a text layer (pdftotext) and from
//! scanned pages (pdftoppm, then tesseract's OCR), through `documents::read` as the ingestion
//! worker calls it, chunking included. The text PDF is 40 pages of real English (the machine's
//! Debian copyright files, 45 lines a page) written by hand here; the scanned page is the test
//! fixture `scanned-claims-guide.pdf` (a page of text rendered to pixels at 150 dpi).
//!
//! Run with `cargo bench -p paddock-integrations --bench ingestion`; it prints pages/s.

use std::time::Instant;

use paddock_core::knowledge::chunk::Limits;
use paddock_integrations::documents;

const TEXT_PAGES: usize = 40;
const LINES_PER_PAGE: usize = 45;
const TEXT_ROUNDS: usize = 10;
const SCAN_ROUNDS: usize = 5;

fn english_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir("/usr/share/doc").unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path().join("copyright")) else {
            continue;
        };
        lines.extend(
            text.lines()
                .map(str::trim)
                .filter(|line| line.len() > 40 && line.is_ascii())
                .map(|line| line.chars().take(90).collect::<String>()),
        );
        if lines.len() > TEXT_PAGES * LINES_PER_PAGE {
            break;
        }
    }
    assert!(
        lines.len() > TEXT_PAGES * LINES_PER_PAGE,
        "the bench needs Debian's /usr/share/doc"
    );
    lines
}

/// A PDF of `pages` pages of Helvetica text, one line each of `lines`.
fn text_pdf(lines: &[String]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(), // the page tree, once the pages are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut kids = Vec::new();
    for page in lines.chunks(LINES_PER_PAGE).take(TEXT_PAGES) {
        let mut content = b"BT /F1 10 Tf 50 750 Td 15 TL\n".to_vec();
        for line in page {
            let escaped = line
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.extend_from_slice(format!("({escaped}) '\n").as_bytes());
        }
        content.extend_from_slice(b"ET");
        kids.push(format!("{} 0 R", objects.len() + 1));
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                objects.len() + 2
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", number + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Reads `content` `rounds` times; pages per second, and passages per reading.
fn pages_per_second(media_type: &str, content: &[u8], rounds: usize) -> (f64, usize, usize) {
    let mut pages = 0;
    let mut passages = 0;
    let started = Instant::now();
    for _ in 0..rounds {
        let reading = documents::read(media_type, content, &mut |_, _| {}).unwrap();
        pages += reading.extracted.pages.len();
        passages = reading.extracted.chunks(Limits::default()).len();
    }
    (
        pages as f64 / started.elapsed().as_secs_f64(),
        pages / rounds,
        passages,
    )
}

fn main() {
    let pdf = text_pdf(&english_lines());
    let (rate, pages, passages) = pages_per_second("application/pdf", &pdf, TEXT_ROUNDS);
    println!(
        "text PDF ({pages} pages, {} KB, {passages} passages): {rate:.0} pages/s over {TEXT_ROUNDS} readings",
        pdf.len() / 1024
    );
    let scan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scanned-claims-guide.pdf"
    ))
    .unwrap();
    let (rate, pages, _) = pages_per_second("application/pdf", &scan, SCAN_ROUNDS);
    println!(
        "scanned PDF ({pages} page, OCR): {rate:.2} pages/s ({:.2} s a page) over {SCAN_ROUNDS} readings",
        1.0 / rate
    );
}
