//! Blocks laid out on A4 pages as a PDF in the standard fonts (Helvetica for text, Courier for
//! code), which every PDF reader has: nothing is embedded, and the text stays selectable and
//! searchable. The standard fonts cover Western European text (Windows-1252); any other
//! character is written as `?` — a DOCX keeps every script.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::GenerateError;
use super::helvetica;
use super::markdown::{Block, Span, Style};

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// The lowest a line of text may sit; the page number goes below.
const BOTTOM: f32 = MARGIN + 14.0;
const BODY_SIZE: f32 = 10.5;
const TABLE_SIZE: f32 = 9.5;
const CODE_SIZE: f32 = 9.0;
const LEADING: f32 = 1.4;
const INDENT: f32 = 18.0;
const CELL_PADDING: f32 = 4.0;
/// The longest document written; beyond it the template is surely wrong.
pub(super) const MAX_PAGES: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl Face {
    const ALL: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];

    fn of(style: Style) -> Face {
        match (style.code, style.bold, style.italic) {
            (true, _, _) => Face::Mono,
            (false, true, true) => Face::BoldItalic,
            (false, true, false) => Face::Bold,
            (false, false, true) => Face::Italic,
            (false, false, false) => Face::Regular,
        }
    }

    fn bolder(self) -> Face {
        match self {
            Face::Regular => Face::Bold,
            Face::Italic => Face::BoldItalic,
            other => other,
        }
    }

    fn resource(self) -> Name<'static> {
        Name(match self {
            Face::Regular => &b"F1"[..],
            Face::Bold => b"F2",
            Face::Italic => b"F3",
            Face::BoldItalic => b"F4",
            Face::Mono => b"F5",
        })
    }

    fn base_font(self) -> Name<'static> {
        Name(match self {
            Face::Regular => &b"Helvetica"[..],
            Face::Bold => b"Helvetica-Bold",
            Face::Italic => b"Helvetica-Oblique",
            Face::BoldItalic => b"Helvetica-BoldOblique",
            Face::Mono => b"Courier",
        })
    }

    /// The width of `code` (WinAnsiEncoding) in thousandths of the font size.
    fn width(self, code: u8) -> f32 {
        let Some(index) = usize::from(code).checked_sub(32) else {
            return 0.0;
        };
        f32::from(match self {
            Face::Mono => 600,
            Face::Bold | Face::BoldItalic => helvetica::BOLD[index],
            Face::Regular | Face::Italic => helvetica::REGULAR[index],
        })
    }

    fn measure(self, bytes: &[u8], size: f32) -> f32 {
        bytes.iter().map(|&b| self.width(b)).sum::<f32>() * size / 1000.0
    }
}

/// The WinAnsiEncoding code of `c`, if the standard fonts have it.
fn win_ansi(c: char) -> Option<u8> {
    let code = u32::from(c);
    if (0x20..0x7f).contains(&code) || (0xa0..=0xff).contains(&code) {
        return u8::try_from(code).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        '\t' => b' ',
        _ => return None,
    })
}

fn encode(text: &str) -> Vec<u8> {
    text.chars().map(|c| win_ansi(c).unwrap_or(b'?')).collect()
}

/// Text in one face.
#[derive(Debug, Clone)]
struct Piece {
    face: Face,
    bytes: Vec<u8>,
}

/// A line laid out: its pieces, left to right.
#[derive(Debug, Default)]
struct Line {
    pieces: Vec<Piece>,
    width: f32,
}

impl Line {
    fn add(&mut self, face: Face, bytes: &[u8], size: f32) {
        self.width += face.measure(bytes, size);
        match self.pieces.last_mut() {
            Some(last) if last.face == face => last.bytes.extend_from_slice(bytes),
            _ => self.pieces.push(Piece {
                face,
                bytes: bytes.to_vec(),
            }),
        }
    }
}

enum Token {
    /// Text that may not be broken (a word, perhaps in several faces).
    Word(Vec<Piece>),
    Space(Face),
    Break,
}

fn tokens(spans: &[Span], strong: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    for span in spans {
        let face = if strong {
            Face::of(span.style).bolder()
        } else {
            Face::of(span.style)
        };
        for c in span.text.chars() {
            match c {
                ' ' | '\t' => {
                    if !word.is_empty() {
                        tokens.push(Token::Word(std::mem::take(&mut word)));
                    }
                    tokens.push(Token::Space(face));
                }
                '\n' => {
                    if !word.is_empty() {
                        tokens.push(Token::Word(std::mem::take(&mut word)));
                    }
                    tokens.push(Token::Break);
                }
                c => {
                    let code = win_ansi(c).unwrap_or(b'?');
                    match word.last_mut() {
                        Some(last) if last.face == face => last.bytes.push(code),
                        _ => word.push(Piece {
                            face,
                            bytes: vec![code],
                        }),
                    }
                }
            }
        }
    }
    if !word.is_empty() {
        tokens.push(Token::Word(word));
    }
    tokens
}

/// `spans` broken into lines no wider than `width`; a word longer than a line is cut.
fn wrap(spans: &[Span], size: f32, width: f32, strong: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut space: Option<Face> = None;
    for token in tokens(spans, strong) {
        match token {
            Token::Space(face) => {
                if !line.pieces.is_empty() {
                    space = Some(face);
                }
            }
            Token::Break => {
                lines.push(std::mem::take(&mut line));
                space = None;
            }
            Token::Word(pieces) => {
                let word_width: f32 = pieces.iter().map(|p| p.face.measure(&p.bytes, size)).sum();
                let space_width = space.map_or(0.0, |face| face.measure(b" ", size));
                if !line.pieces.is_empty() && line.width + space_width + word_width > width {
                    lines.push(std::mem::take(&mut line));
                } else if let Some(face) = space {
                    line.add(face, b" ", size);
                }
                space = None;
                for piece in pieces {
                    for &code in &piece.bytes {
                        let glyph = piece.face.measure(&[code], size);
                        if !line.pieces.is_empty() && line.width + glyph > width {
                            lines.push(std::mem::take(&mut line));
                        }
                        line.add(piece.face, &[code], size);
                    }
                }
            }
        }
    }
    if !line.pieces.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The pages being written, the last one open.
struct Pages {
    done: Vec<Content>,
    page: Content,
    /// Where the next line's top is.
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Pages {
            done: Vec::new(),
            page: Content::new(),
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn at_top(&self) -> bool {
        self.y >= PAGE_HEIGHT - MARGIN
    }

    fn new_page(&mut self) -> Result<(), GenerateError> {
        let page = std::mem::replace(&mut self.page, Content::new());
        self.done.push(page);
        self.y = PAGE_HEIGHT - MARGIN;
        if self.done.len() >= MAX_PAGES {
            return Err(GenerateError::TooLong(format!(
                "the document would be longer than {MAX_PAGES} pages"
            )));
        }
        Ok(())
    }

    /// Makes room for `height` below, on a new page when this one has too little.
    fn room(&mut self, height: f32) -> Result<(), GenerateError> {
        if self.y - height < BOTTOM && !self.at_top() {
            self.new_page()?;
        }
        Ok(())
    }

    fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
    }

    fn text(&mut self, line: &Line, x: f32, baseline: f32, size: f32) {
        self.page.begin_text();
        self.page.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, baseline]);
        for piece in &line.pieces {
            self.page.set_font(piece.face.resource(), size);
            self.page.show(Str(&piece.bytes));
        }
        self.page.end_text();
    }

    /// Writes `lines` from the current position at `x`, breaking pages between lines.
    fn lines(&mut self, lines: &[Line], x: f32, size: f32) -> Result<(), GenerateError> {
        let height = size * LEADING;
        for line in lines {
            self.room(height)?;
            self.text(line, x, self.y - size, size);
            self.y -= height;
        }
        Ok(())
    }

    fn rule(&mut self, x: f32, y: f32, to_x: f32, to_y: f32, gray: f32) {
        self.page.set_stroke_gray(gray);
        self.page.set_line_width(0.6);
        self.page.move_to(x, y);
        self.page.line_to(to_x, to_y);
        self.page.stroke();
    }
}

fn heading_size(level: u8) -> f32 {
    match level {
        1 => 20.0,
        2 => 16.0,
        3 => 13.5,
        4 => 12.0,
        _ => 11.0,
    }
}

fn table(pages: &mut Pages, rows: &[Vec<Vec<Span>>]) -> Result<(), GenerateError> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let column_width = CONTENT_WIDTH / columns as f32;
    let leading = TABLE_SIZE * LEADING;
    let laid: Vec<Vec<Vec<Line>>> = rows
        .iter()
        .enumerate()
        .map(|(at, row)| {
            row.iter()
                .map(|cell| wrap(cell, TABLE_SIZE, column_width - 2.0 * CELL_PADDING, at == 0))
                .collect()
        })
        .collect();
    // A row is drawn as the lines of each of its cells, from a given line on.
    let draw = |pages: &mut Pages, cells: &[&[Line]]| {
        let lines = cells
            .iter()
            .map(|cell| cell.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let height = lines as f32 * leading + 2.0 * CELL_PADDING;
        let top = pages.y;
        for column in 0..columns {
            let x = MARGIN + column as f32 * column_width;
            pages.page.set_stroke_gray(0.6);
            pages.page.set_line_width(0.6);
            pages.page.rect(x, top - height, column_width, height);
            pages.page.stroke();
            for (at, line) in cells
                .get(column)
                .copied()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let baseline = top - CELL_PADDING - at as f32 * leading - TABLE_SIZE;
                pages.text(line, x + CELL_PADDING, baseline, TABLE_SIZE);
            }
        }
        pages.y -= height;
    };
    let header: Vec<&[Line]> = laid
        .first()
        .into_iter()
        .flatten()
        .map(Vec::as_slice)
        .collect();
    for (at, row) in laid.iter().enumerate() {
        let mut rest: Vec<&[Line]> = row.iter().map(Vec::as_slice).collect();
        loop {
            let needed = rest.iter().map(|cell| cell.len()).max().unwrap_or(0).max(1);
            let room = ((pages.y - BOTTOM - 2.0 * CELL_PADDING) / leading).floor();
            let fits = if room < 0.0 { 0 } else { room as usize };
            if needed <= fits {
                draw(pages, &rest);
                break;
            }
            // A row that fits a page starts on the next one; a taller one is split across
            // pages, as many of its lines on each as there is room for.
            if fits >= needed.min(3) || pages.at_top() {
                let take = fits.max(1);
                let here: Vec<&[Line]> = rest
                    .iter()
                    .map(|cell| &cell[..take.min(cell.len())])
                    .collect();
                draw(pages, &here);
                rest = rest
                    .iter()
                    .map(|cell| &cell[take.min(cell.len())..])
                    .collect();
            }
            pages.new_page()?;
            // The header again, above the rows it names.
            if at > 0 {
                draw(pages, &header);
            }
        }
    }
    Ok(())
}

fn block(pages: &mut Pages, block: &Block) -> Result<(), GenerateError> {
    let body = BODY_SIZE * LEADING;
    match block {
        Block::Heading { level, spans } => {
            let size = heading_size(*level);
            pages.gap(size * 0.8);
            let lines = wrap(spans, size, CONTENT_WIDTH, true);
            // A heading is not left alone at the foot of a page.
            pages.room(lines.len() as f32 * size * LEADING + 2.0 * body)?;
            pages.lines(&lines, MARGIN, size)?;
            pages.y -= size * 0.2;
        }
        Block::Paragraph { spans, quoted } => {
            let indent = if *quoted { INDENT } else { 0.0 };
            let lines = wrap(spans, BODY_SIZE, CONTENT_WIDTH - indent, false);
            let top = pages.y;
            let first_page = pages.done.len();
            pages.lines(&lines, MARGIN + indent, BODY_SIZE)?;
            if *quoted && pages.done.len() == first_page {
                pages.rule(MARGIN + 4.0, top, MARGIN + 4.0, pages.y, 0.7);
            }
            pages.y -= BODY_SIZE * 0.6;
        }
        Block::Item {
            depth,
            marker,
            spans,
        } => {
            let indent = INDENT * (*depth as f32 + 1.0);
            let lines = wrap(spans, BODY_SIZE, CONTENT_WIDTH - indent, false);
            pages.room(body)?;
            let mut mark = Line::default();
            mark.add(Face::Regular, &encode(marker), BODY_SIZE);
            let x = MARGIN + indent - mark.width - 5.0;
            pages.text(&mark, x, pages.y - BODY_SIZE, BODY_SIZE);
            pages.lines(&lines, MARGIN + indent, BODY_SIZE)?;
            pages.y -= BODY_SIZE * 0.2;
        }
        Block::Code(code) => {
            let per_line = (CONTENT_WIDTH / (CODE_SIZE * 0.6)).floor().max(1.0) as usize;
            let mut lines = Vec::new();
            for text in code.lines() {
                let bytes = encode(text);
                for chunk in bytes
                    .chunks(per_line)
                    .chain(bytes.is_empty().then_some(&[][..]))
                {
                    let mut line = Line::default();
                    line.add(Face::Mono, chunk, CODE_SIZE);
                    lines.push(line);
                }
            }
            pages.lines(&lines, MARGIN + 6.0, CODE_SIZE)?;
            pages.y -= BODY_SIZE * 0.6;
        }
        Block::Table { rows } => {
            table(pages, rows)?;
            pages.y -= BODY_SIZE * 0.8;
        }
        Block::Rule => {
            pages.room(body)?;
            let y = pages.y - body / 2.0;
            pages.rule(MARGIN, y, PAGE_WIDTH - MARGIN, y, 0.6);
            pages.y -= body;
        }
    }
    Ok(())
}

pub(super) fn write(title: &str, blocks: &[Block]) -> Result<Vec<u8>, GenerateError> {
    let mut pages = Pages::new();
    for each in blocks {
        block(&mut pages, each)?;
    }
    let last = std::mem::replace(&mut pages.page, Content::new());
    pages.done.push(last);
    let count = pages.done.len();

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let info = Ref::new(3);
    let fonts: Vec<Ref> = (0..Face::ALL.len())
        .map(|at| Ref::new(4 + at as i32))
        .collect();
    let first_page = 4 + Face::ALL.len() as i32;
    let page_refs: Vec<Ref> = (0..count)
        .map(|at| Ref::new(first_page + 2 * at as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(i32::try_from(count).unwrap_or(i32::MAX));
    let mut described = pdf.document_info(info);
    if !title.is_empty() {
        described.title(TextStr(title));
    }
    described.producer(TextStr("Paddock"));
    described.finish();
    for (face, id) in Face::ALL.iter().zip(&fonts) {
        pdf.type1_font(*id)
            .base_font(face.base_font())
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (at, (mut content, id)) in pages.done.into_iter().zip(&page_refs).enumerate() {
        let mut footer = Line::default();
        footer.add(
            Face::Regular,
            format!("{} of {count}", at + 1).as_bytes(),
            8.5,
        );
        content.set_fill_gray(0.4);
        content.begin_text();
        content.set_font(Face::Regular.resource(), 8.5);
        content.set_text_matrix([
            1.0,
            0.0,
            0.0,
            1.0,
            PAGE_WIDTH - MARGIN - footer.width,
            MARGIN - 10.0,
        ]);
        content.show(Str(&footer.pieces[0].bytes));
        content.end_text();
        let stream = Ref::new(id.get() + 1);
        let mut page = pdf.page(*id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree);
        page.contents(stream);
        let mut resources = page.resources();
        let mut named = resources.fonts();
        for (face, font) in Face::ALL.iter().zip(&fonts) {
            named.pair(face.resource(), *font);
        }
        named.finish();
        resources.finish();
        page.finish();
        pdf.stream(stream, &content.finish().into_vec());
    }
    pdf.set_file_id((b"paddock".to_vec(), b"paddock".to_vec()));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.to_owned(),
            style: Style::default(),
        }]
    }

    fn text_of(line: &Line) -> String {
        line.pieces
            .iter()
            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
            .collect()
    }

    #[test]
    fn lines_fit_their_width_and_keep_every_word() {
        let text = "The insured reported water damage in the kitchen after a pipe burst on the night of 3 March.";
        let lines = wrap(&spans(text), BODY_SIZE, 150.0, false);
        assert!(lines.len() > 2, "{}", lines.len());
        for line in &lines {
            assert!(
                line.width <= 150.0,
                "{} is {} wide",
                text_of(line),
                line.width
            );
        }
        let joined: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_rather_than_overflowing() {
        let lines = wrap(&spans(&"x".repeat(200)), BODY_SIZE, 100.0, false);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| line.width <= 100.0));
    }

    #[test]
    fn characters_the_fonts_lack_become_question_marks() {
        assert_eq!(encode("café – 5 €"), b"caf\xe9 \x96 5 \x80");
        assert_eq!(encode("日本"), b"??");
    }

    #[test]
    fn a_table_row_taller_than_a_page_goes_on_over_the_next_pages() {
        let long = spans(&"Every word of this cell must reach the reader. ".repeat(400));
        let rows = vec![vec![spans("Note"), spans("Text")], vec![spans("1"), long]];
        let mut pages = Pages::new();
        table(&mut pages, &rows).unwrap();
        assert!(pages.done.len() >= 2, "{} pages", pages.done.len() + 1);
        assert!(
            pages.y >= BOTTOM,
            "the last part stays above the foot of its page"
        );
    }

    #[test]
    fn widths_follow_the_font() {
        // Helvetica's "i" is narrower than its "m"; Courier's are the same.
        assert!(Face::Regular.measure(b"i", 10.0) < Face::Regular.measure(b"m", 10.0));
        assert_eq!(
            Face::Mono.measure(b"i", 10.0),
            Face::Mono.measure(b"m", 10.0)
        );
        assert!(Face::Bold.measure(b"Paddock", 10.0) > Face::Regular.measure(b"Paddock", 10.0));
    }
}
