//! Cutting a document into passages for retrieval. Passages keep the document's structure — a
//! heading starts one, a table stays whole where it fits (and is cut between rows where it does
//! not), a passage ends where a page ends unless it holds only a heading — and each says where
//! it came from: its pages and its range of characters in the document's text, which is what a
//! citation points at.

/// A document as read from its file: its pages, in order, each a sequence of blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub pages: Vec<Page>,
}

/// One page (a PDF page, a scanned image; a whole file for formats without pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Counted from 1.
    pub number: u32,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1 the highest.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Rows of cells, the first row the header.
    Table(Vec<Vec<String>>),
}

/// How long passages are, in characters.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Paragraphs are gathered into one passage while it stays this short.
    pub target: usize,
    /// A block longer than this is cut (a paragraph between sentences, a table between rows).
    pub max: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            target: 1_000,
            max: 1_500,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    Text,
    Table,
}

/// A passage of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Its place among the document's passages, from 0.
    pub ordinal: u32,
    pub first_page: u32,
    pub last_page: u32,
    /// Its characters in [`Extracted::text`]: `start..end`, counted in Unicode scalar values.
    pub start: usize,
    pub end: usize,
    pub kind: ChunkKind,
    /// The headings it sits under, outermost first, joined by " > "; for the later parts of a
    /// table cut between rows, its header row too. Indexed with the text, not part of it.
    pub context: String,
    /// Exactly the document's text from `start` to `end`.
    pub text: String,
}

/// Between two blocks of the document's text.
const BLOCK_SEPARATOR: &str = "\n\n";
const CELL_SEPARATOR: &str = " | ";

impl Block {
    fn text(&self) -> String {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) => text.trim().to_owned(),
            Block::Table(rows) => rows
                .iter()
                .map(|row| row_text(row))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

fn row_text(row: &[String]) -> String {
    row.iter()
        .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(CELL_SEPARATOR)
}

/// A block laid out in the document's text.
struct Placed<'a> {
    block: &'a Block,
    page: u32,
    start: usize,
    text: String,
}

impl Placed<'_> {
    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn end(&self) -> usize {
        self.start + self.len()
    }
}

impl Page {
    /// The page's text: its non-empty blocks as in [`Extracted::text`].
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(Block::text)
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join(BLOCK_SEPARATOR)
    }
}

impl Extracted {
    /// The document's text, which citations count characters in: every non-empty block, a
    /// table row by row with its cells separated by " | ", blocks separated by a blank line.
    pub fn text(&self) -> String {
        self.placed()
            .iter()
            .map(|placed| placed.text.as_str())
            .collect::<Vec<_>>()
            .join(BLOCK_SEPARATOR)
    }

    /// Whether the document has no text at all (a scan not read yet, an empty file).
    pub fn is_empty(&self) -> bool {
        self.placed().is_empty()
    }

    fn placed(&self) -> Vec<Placed<'_>> {
        let mut placed = Vec::new();
        let mut at = 0;
        for page in &self.pages {
            for block in &page.blocks {
                let text = block.text();
                if text.is_empty() {
                    continue;
                }
                if !placed.is_empty() {
                    at += BLOCK_SEPARATOR.len();
                }
                let block = Placed {
                    block,
                    page: page.number,
                    start: at,
                    text,
                };
                at = block.end();
                placed.push(block);
            }
        }
        placed
    }

    /// The document cut into passages within `limits`, in order.
    pub fn chunks(&self, limits: Limits) -> Vec<Chunk> {
        let text: Vec<char> = self.text().chars().collect();
        let mut cutter = Cutter {
            text: &text,
            limits,
            headings: Vec::new(),
            open: None,
            chunks: Vec::new(),
        };
        for placed in self.placed() {
            cutter.add(&placed);
        }
        cutter.close();
        cutter.chunks
    }
}

/// A passage being gathered.
struct Open {
    start: usize,
    end: usize,
    first_page: u32,
    last_page: u32,
    context: String,
    /// It holds only a heading so far: what follows joins it, whatever its page.
    heading_only: bool,
}

struct Cutter<'a> {
    text: &'a [char],
    limits: Limits,
    /// The headings in force: (level, text).
    headings: Vec<(u8, String)>,
    open: Option<Open>,
    chunks: Vec<Chunk>,
}

impl Cutter<'_> {
    fn context(&self) -> String {
        self.headings
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" > ")
    }

    fn add(&mut self, placed: &Placed<'_>) {
        match placed.block {
            Block::Heading { level, text } => {
                self.close();
                self.headings.retain(|(outer, _)| outer < level);
                self.headings.push((*level, text.trim().to_owned()));
                self.open = Some(Open {
                    start: placed.start,
                    end: placed.end(),
                    first_page: placed.page,
                    last_page: placed.page,
                    context: self.context(),
                    heading_only: true,
                });
            }
            Block::Paragraph(_) => self.add_paragraph(placed),
            Block::Table(rows) => self.add_table(placed, rows),
        }
    }

    /// Whether `placed` may join the open passage and keep it within `limit`.
    fn joins(&self, placed: &Placed<'_>, limit: usize) -> bool {
        self.open.as_ref().is_some_and(|open| {
            (open.heading_only || open.last_page == placed.page)
                && placed.end() - open.start <= limit
        })
    }

    fn add_paragraph(&mut self, placed: &Placed<'_>) {
        if self.joins(placed, self.limits.target.max(self.heading_room())) {
            self.extend(placed);
            return;
        }
        self.close();
        if placed.len() <= self.limits.max {
            self.start(placed, placed.start, placed.end());
            return;
        }
        let mut from = placed.start;
        while from < placed.end() {
            let to = self.cut(from, placed.end());
            self.start(placed, from, to);
            self.close();
            from = skip_whitespace(self.text, to, placed.end());
        }
    }

    /// How long a passage holding only a heading may grow: a heading keeps the paragraph it
    /// introduces, up to the longest passage.
    fn heading_room(&self) -> usize {
        match &self.open {
            Some(open) if open.heading_only => self.limits.max,
            _ => 0,
        }
    }

    fn add_table(&mut self, placed: &Placed<'_>, rows: &[Vec<String>]) {
        if self.joins(placed, self.limits.max) && self.open.as_ref().is_some_and(|o| o.heading_only)
        {
            self.extend(placed);
            self.close_as(ChunkKind::Table);
            return;
        }
        self.close();
        if placed.len() <= self.limits.max {
            self.start(placed, placed.start, placed.end());
            self.close_as(ChunkKind::Table);
            return;
        }
        // Cut between rows; the later parts carry the header row in their context.
        let header = rows.first().map(|row| row_text(row)).unwrap_or_default();
        let mut row_start = placed.start;
        let mut part_start = placed.start;
        let mut first = true;
        for row in rows {
            let row_end = row_start + row_text(row).chars().count();
            if row_end - part_start > self.limits.target && row_start > part_start {
                self.start(placed, part_start, row_start - 1);
                if !first {
                    self.add_context(&header);
                }
                self.close_as(ChunkKind::Table);
                first = false;
                part_start = row_start;
            }
            row_start = row_end + 1;
        }
        self.start(placed, part_start, placed.end());
        if !first {
            self.add_context(&header);
        }
        self.close_as(ChunkKind::Table);
    }

    fn add_context(&mut self, more: &str) {
        if let Some(open) = &mut self.open {
            open.context = match open.context.is_empty() {
                true => more.to_owned(),
                false => format!("{}\n{more}", open.context),
            };
        }
    }

    /// Where to end a passage of a long paragraph that starts at `from`: after the last
    /// sentence that fits, else at the last space, else where the target falls.
    fn cut(&self, from: usize, end: usize) -> usize {
        if end - from <= self.limits.max {
            return end;
        }
        let limit = from + self.limits.target;
        let window = &self.text[from..limit];
        let sentence = window
            .windows(2)
            .rposition(|pair| matches!(pair[0], '.' | '?' | '!' | ';') && pair[1].is_whitespace());
        if let Some(at) = sentence.filter(|at| *at > 0) {
            return from + at + 1;
        }
        match window.iter().rposition(|c| c.is_whitespace()) {
            Some(at) if at > 0 => from + at,
            _ => limit,
        }
    }

    fn start(&mut self, placed: &Placed<'_>, start: usize, end: usize) {
        self.open = Some(Open {
            start,
            end,
            first_page: placed.page,
            last_page: placed.page,
            context: self.context(),
            heading_only: false,
        });
    }

    fn extend(&mut self, placed: &Placed<'_>) {
        if let Some(open) = &mut self.open {
            open.end = placed.end();
            open.last_page = placed.page;
            open.heading_only = false;
        }
    }

    fn close(&mut self) {
        self.close_as(ChunkKind::Text);
    }

    fn close_as(&mut self, kind: ChunkKind) {
        let Some(open) = self.open.take() else {
            return;
        };
        self.chunks.push(Chunk {
            ordinal: u32::try_from(self.chunks.len()).unwrap_or(u32::MAX),
            first_page: open.first_page,
            last_page: open.last_page,
            start: open.start,
            end: open.end,
            kind,
            context: open.context,
            text: self.text[open.start..open.end].iter().collect(),
        });
    }
}

fn skip_whitespace(text: &[char], mut at: usize, end: usize) -> usize {
    while at < end && text[at].is_whitespace() {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(text: &str) -> Block {
        Block::Paragraph(text.to_owned())
    }

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading {
            level,
            text: text.to_owned(),
        }
    }

    fn page(number: u32, blocks: Vec<Block>) -> Page {
        Page { number, blocks }
    }

    fn small() -> Limits {
        Limits {
            target: 60,
            max: 90,
        }
    }

    /// Every passage is exactly its range of the document's text, in order, without overlap.
    fn assert_exact(doc: &Extracted, chunks: &[Chunk]) {
        let text: Vec<char> = doc.text().chars().collect();
        let mut previous_end = 0;
        for (index, chunk) in chunks.iter().enumerate() {
            assert_eq!(chunk.ordinal as usize, index);
            assert!(chunk.start >= previous_end, "{chunk:?} overlaps");
            assert!(chunk.start < chunk.end, "{chunk:?} is empty");
            let slice: String = text[chunk.start..chunk.end].iter().collect();
            assert_eq!(slice, chunk.text);
            previous_end = chunk.end;
        }
        // No character of the text is left out but the whitespace between passages.
        let covered: usize = chunks.iter().map(|chunk| chunk.end - chunk.start).sum();
        let blank = text.iter().filter(|c| c.is_whitespace()).count();
        assert!(
            covered + blank >= text.len(),
            "text left out of every passage"
        );
    }

    #[test]
    fn a_heading_starts_a_passage_and_gives_its_context() {
        let doc = Extracted {
            pages: vec![page(
                1,
                vec![
                    heading(1, "Claims policy"),
                    paragraph("Every claim is logged."),
                    heading(2, "Water damage"),
                    paragraph("Photos are required."),
                    heading(2, "Theft"),
                    paragraph("A police report is required."),
                ],
            )],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Claims policy\n\nEvery claim is logged.",
                "Water damage\n\nPhotos are required.",
                "Theft\n\nA police report is required.",
            ]
        );
        assert_eq!(chunks[1].context, "Claims policy > Water damage");
        assert_eq!(chunks[2].context, "Claims policy > Theft");
    }

    #[test]
    fn short_paragraphs_gather_up_to_the_target_and_not_across_pages() {
        let doc = Extracted {
            pages: vec![
                page(1, vec![paragraph("One two."), paragraph("Three four.")]),
                page(2, vec![paragraph("Five six.")]),
            ],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].text, "One two.\n\nThree four.");
        assert_eq!((chunks[1].first_page, chunks[1].last_page), (2, 2));
        let text = doc.text();
        assert_eq!(&text[chunks[1].start..chunks[1].end], "Five six.");
    }

    #[test]
    fn a_heading_at_the_foot_of_a_page_keeps_the_paragraph_it_introduces() {
        let doc = Extracted {
            pages: vec![
                page(1, vec![paragraph("Intro."), heading(1, "Scope")]),
                page(2, vec![paragraph("All staff.")]),
            ],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert_eq!(chunks[1].text, "Scope\n\nAll staff.");
        assert_eq!((chunks[1].first_page, chunks[1].last_page), (1, 2));
    }

    #[test]
    fn a_long_paragraph_is_cut_between_sentences() {
        let sentence = "The adjuster visits within five days. ";
        let long = sentence.repeat(6);
        let doc = Extracted {
            pages: vec![page(3, vec![paragraph(&long)])],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert!(chunks.len() > 1);
        for chunk in &chunks {
            assert!(chunk.text.chars().count() <= small().max, "{chunk:?}");
            assert!(
                chunk.text.ends_with('.'),
                "{:?} ends mid-sentence",
                chunk.text
            );
            assert_eq!(chunk.first_page, 3);
        }
    }

    #[test]
    fn a_word_longer_than_a_passage_is_cut_where_the_target_falls() {
        let doc = Extracted {
            pages: vec![page(1, vec![paragraph(&"x".repeat(200))])],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert_eq!(chunks.iter().map(|c| c.end - c.start).sum::<usize>(), 200);
    }

    #[test]
    fn a_table_stays_whole_where_it_fits_and_is_cut_between_rows_where_not() {
        let row = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
        let small_table = Block::Table(vec![row("Item", "Limit"), row("Phone", "500")]);
        let mut rows = vec![row("Item", "Limit")];
        rows.extend((0..12).map(|n| row(&format!("Item number {n}"), &format!("{n}00"))));
        let doc = Extracted {
            pages: vec![page(
                1,
                vec![
                    heading(1, "Limits"),
                    small_table,
                    paragraph("Between."),
                    Block::Table(rows),
                ],
            )],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert_eq!(chunks[0].text, "Limits\n\nItem | Limit\nPhone | 500");
        assert_eq!(chunks[0].kind, ChunkKind::Table);
        let parts: Vec<&Chunk> = chunks.iter().skip(2).collect();
        assert!(parts.len() > 1, "{chunks:#?}");
        assert!(parts.iter().all(|c| c.kind == ChunkKind::Table));
        assert!(parts[0].text.starts_with("Item | Limit\n"));
        for part in &parts[1..] {
            assert!(part.context.ends_with("Item | Limit"), "{part:?}");
            assert!(
                part.text.starts_with("Item number"),
                "cut between rows: {part:?}"
            );
        }
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let doc = Extracted {
            pages: vec![
                page(1, vec![paragraph("Schäden über 1 000 €.")]),
                page(2, vec![paragraph("Zweite Seite.")]),
            ],
        };
        let chunks = doc.chunks(small());
        assert_exact(&doc, &chunks);
        assert_eq!(chunks[1].start, "Schäden über 1 000 €.".chars().count() + 2);
    }

    #[test]
    fn empty_blocks_leave_no_trace_and_an_empty_document_no_passage() {
        let doc = Extracted {
            pages: vec![page(1, vec![paragraph("  "), heading(1, "")])],
        };
        assert!(doc.is_empty());
        assert!(doc.chunks(Limits::default()).is_empty());
        assert_eq!(doc.text(), "");
    }
}
