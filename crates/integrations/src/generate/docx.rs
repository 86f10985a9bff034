//! Blocks written as a Word document (DOCX): headings in Word's own `Heading n` styles (so the
//! navigation pane and a table of contents find them), paragraphs, list items, tables with a
//! bold header row, and code in a monospaced font.

use docx_rs::{
    BreakType, Docx, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};

use super::GenerateError;
use super::markdown::{Block, Span};

/// A4 with margins of 2 cm, in twentieths of a point.
const CONTENT_WIDTH: usize = 11906 - 2 * 1134;
/// Twentieths of a point a list level is indented by.
const INDENT: i32 = 360;
/// Sizes are in half-points.
const HEADING_SIZES: [usize; 6] = [36, 30, 26, 24, 22, 22];
const CODE_FONT: &str = "Courier New";

fn run(text: &str, bold: bool, italic: bool, code: bool) -> Run {
    // XML forbids most control characters (text read from a file may hold form feeds).
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect();
    let mut run = Run::new();
    for (at, line) in text.split('\n').enumerate() {
        if at > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    if code {
        run = run.fonts(RunFonts::new().ascii(CODE_FONT).hi_ansi(CODE_FONT));
    }
    run
}

fn paragraph(spans: &[Span], bold: bool) -> Paragraph {
    spans.iter().fold(Paragraph::new(), |paragraph, span| {
        paragraph.add_run(run(
            &span.text,
            bold || span.style.bold,
            span.style.italic,
            span.style.code,
        ))
    })
}

fn table(rows: &[Vec<Vec<Span>>]) -> Table {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let width = CONTENT_WIDTH / columns;
    let rows = rows
        .iter()
        .enumerate()
        .map(|(at, row)| {
            let cells = (0..columns)
                .map(|column| {
                    let spans = row.get(column).map(Vec::as_slice).unwrap_or_default();
                    TableCell::new()
                        .width(width, WidthType::Dxa)
                        .add_paragraph(paragraph(spans, at == 0))
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows)
        .set_grid(vec![width; columns])
        .width(CONTENT_WIDTH, WidthType::Dxa)
}

fn styles(docx: Docx) -> Docx {
    HEADING_SIZES
        .iter()
        .enumerate()
        .fold(docx, |docx, (at, &size)| {
            let level = at + 1;
            docx.add_style(
                Style::new(format!("Heading{level}"), StyleType::Paragraph)
                    .name(format!("heading {level}"))
                    .based_on("Normal")
                    .next("Normal")
                    .bold()
                    .size(size),
            )
        })
}

pub(super) fn write(blocks: &[Block]) -> Result<Vec<u8>, GenerateError> {
    let mut docx = styles(Docx::new());
    for block in blocks {
        docx = match block {
            Block::Heading { level, spans } => docx.add_paragraph(
                paragraph(spans, false)
                    .style(&format!("Heading{}", (*level).clamp(1, 6)))
                    .outline_lvl(usize::from(level.saturating_sub(1)))
                    .keep_next(true),
            ),
            Block::Paragraph { spans, quoted } => {
                let written = paragraph(spans, false);
                docx.add_paragraph(if *quoted {
                    written.indent(Some(2 * INDENT), None, None, None).italic()
                } else {
                    written
                })
            }
            Block::Item {
                depth,
                marker,
                spans,
            } => {
                let left = INDENT * (i32::try_from(*depth).unwrap_or(8) + 1);
                let item = Paragraph::new()
                    .indent(
                        Some(left),
                        Some(SpecialIndentType::Hanging(INDENT)),
                        None,
                        None,
                    )
                    .add_run(Run::new().add_text(marker).add_tab());
                docx.add_paragraph(spans.iter().fold(item, |item, span| {
                    item.add_run(run(
                        &span.text,
                        span.style.bold,
                        span.style.italic,
                        span.style.code,
                    ))
                }))
            }
            Block::Table { rows } => docx.add_table(table(rows)),
            Block::Code(code) => code.split('\n').fold(docx, |docx, line| {
                docx.add_paragraph(Paragraph::new().add_run(run(line, false, false, true).size(18)))
            }),
            Block::Rule => docx.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("—".repeat(3)))
                    .align(docx_rs::AlignmentType::Center),
            ),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| {
        GenerateError::Write(format!("the Word document could not be written: {e}"))
    })?;
    Ok(bytes.into_inner())
}
