//! Query latency of the knowledge search index over 100,000 passages. The passages are windows
//! of real English text — the copyright files of the machine's Debian packages (17 MB of
//! licences and notices) — cut as the chunker cuts (about 900 characters); the queries are
//! word pairs and triples drawn from the same text, so most match many passages, as questions
//! do. Run with `cargo bench -p paddock-integrations --bench search`; it prints the p50 and p99
//! of 2,000 single queries before criterion measures the median.

use std::collections::BTreeMap;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use paddock_integrations::search::{Change, IndexedPassage, SearchIndex};

const PASSAGES: usize = 100_000;
const PASSAGE_CHARS: usize = 900;
const PER_DOCUMENT: usize = 50;

fn corpus() -> String {
    let mut text = String::new();
    for entry in walk("/usr/share/doc") {
        if entry.ends_with("copyright") {
            text.push_str(&String::from_utf8_lossy(
                &std::fs::read(&entry).unwrap_or_default(),
            ));
            text.push('\n');
        }
    }
    assert!(
        text.len() > 1_000_000,
        "the bench needs Debian's /usr/share/doc"
    );
    text
}

fn walk(dir: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![std::path::PathBuf::from(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

/// A small deterministic generator, so every run indexes and asks the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn index(corpus: &str, random: &mut Lcg, dir: &std::path::Path) -> SearchIndex {
    let chars: Vec<char> = corpus.chars().collect();
    let index = SearchIndex::open(dir, None).unwrap();
    let mut changes = Vec::new();
    for document in 0..PASSAGES / PER_DOCUMENT {
        let passages = (0..PER_DOCUMENT)
            .map(|ordinal| {
                let start = random.next(chars.len() - PASSAGE_CHARS);
                let text: String = chars[start..start + PASSAGE_CHARS].iter().collect();
                IndexedPassage {
                    document_name: format!("doc-{document}.pdf"),
                    ordinal: ordinal as u32,
                    first_page: ordinal as u32 / 3 + 1,
                    last_page: ordinal as u32 / 3 + 1,
                    start: start as u64,
                    end: (start + PASSAGE_CHARS) as u64,
                    context: String::new(),
                    text,
                }
            })
            .collect();
        changes.push(Change::Document {
            knowledge_base: "kb".to_owned(),
            document: format!("d{document}"),
            passages,
        });
    }
    let started = Instant::now();
    index
        .apply(&changes, &BTreeMap::from([("kb".to_owned(), 1)]))
        .unwrap();
    eprintln!(
        "indexed {} passages in {:.1} s",
        index.passages(),
        started.elapsed().as_secs_f64()
    );
    index
}

fn queries(corpus: &str, random: &mut Lcg) -> Vec<String> {
    let words: Vec<&str> = corpus
        .split_whitespace()
        .filter(|w| w.len() > 3 && w.chars().all(char::is_alphabetic))
        .collect();
    (0..2_000)
        .map(|_| {
            let n = 2 + random.next(2);
            (0..n)
                .map(|_| words[random.next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn search(c: &mut Criterion) {
    let corpus = corpus();
    let mut random = Lcg(7);
    let dir = tempfile::tempdir().unwrap();
    let index = index(&corpus, &mut random, dir.path());
    let queries = queries(&corpus, &mut random);
    let within = ["kb".to_owned()];
    let mut timings: Vec<f64> = queries
        .iter()
        .map(|query| {
            let started = Instant::now();
            std::hint::black_box(index.search(&within, query, 10).unwrap());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    timings.sort_by(f64::total_cmp);
    let at = |q: f64| timings[((timings.len() as f64 * q) as usize).min(timings.len() - 1)];
    eprintln!(
        "{} queries, top 10 of {PASSAGES} passages: p50 {:.2} ms, p99 {:.2} ms",
        timings.len(),
        at(0.5),
        at(0.99)
    );
    let mut next = 0;
    c.bench_function("search top 10 of 100k passages", |b| {
        b.iter(|| {
            next = (next + 1) % queries.len();
            index.search(&within, &queries[next], 10).unwrap()
        })
    });
}

criterion_group!(benches, search);
criterion_main!(benches);
