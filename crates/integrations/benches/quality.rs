//! Retrieval quality of knowledge search: recall@10 and nDCG@10 of BM25 alone and of BM25
//! fused with the embedding model's ranking, on a labelled set built from a real public
//! corpus — Debian's AppStream catalogue of the machine's package lists (bookworm main:
//! every application's one-line summary and its description, written by its authors).
//! Each description is a passage; each summary is a query whose one relevant passage is its
//! own application's description (known-item search: the summary is written for people who
//! do not know the program's name, and seldom repeats the description's words).
//!
//! Run with `cargo bench -p paddock-integrations --features local-embeddings --bench quality`;
//! it needs the model (`make embedding-model`) and prints the figures.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use paddock_core::knowledge::ranking::{ndcg_at, recall_at};
use paddock_integrations::embeddings::LocalEmbedder;
use paddock_integrations::search::{Change, IndexedPassage, SearchIndex};
use serde::Deserialize;
use serde_norway::Value;

const K: usize = 10;
const MIN_DESCRIPTION_CHARS: usize = 80;

struct Item {
    id: String,
    summary: String,
    description: String,
}

fn catalogue() -> Vec<Item> {
    let lists = std::fs::read_dir("/var/lib/apt/lists")
        .expect("the bench needs Debian's package lists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.to_string_lossy()
                .ends_with("main_dep11_Components-amd64.yml.gz")
        })
        .collect::<Vec<_>>();
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    for list in lists {
        let output = std::process::Command::new("zcat")
            .arg(&list)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        for document in serde_norway::Deserializer::from_str(&text) {
            let Ok(value) = Value::deserialize(document) else {
                continue;
            };
            let english = |field: &str| {
                value
                    .get(field)
                    .and_then(|v| v.get("C"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let (Some(id), Some(summary), Some(description)) = (
                value.get("ID").and_then(Value::as_str),
                english("Summary"),
                english("Description"),
            ) else {
                continue;
            };
            let description = without_markup(&description);
            if description.chars().count() < MIN_DESCRIPTION_CHARS
                || !seen.insert(description.clone())
            {
                continue;
            }
            items.push(Item {
                id: id.to_owned(),
                summary,
                description,
            });
        }
    }
    assert!(
        items.len() > 500,
        "the bench needs Debian's AppStream catalogue"
    );
    items
}

/// AppStream descriptions are a little HTML (`<p>`, `<ul>`, `<li>`): their text.
fn without_markup(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn model_dir() -> PathBuf {
    std::env::var_os("PADDOCK_TEST_EMBEDDING_MODEL").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap())
                .join(".cache/paddock/models/all-MiniLM-L6-v2")
        },
        PathBuf::from,
    )
}

fn filled(index: &SearchIndex, items: &[Item]) {
    let changes: Vec<Change> = items
        .iter()
        .map(|item| Change::Document {
            knowledge_base: "catalogue".to_owned(),
            document: item.id.clone(),
            passages: vec![IndexedPassage {
                document_name: item.id.clone(),
                ordinal: 0,
                first_page: 1,
                last_page: 1,
                start: 0,
                end: item.description.chars().count() as u64,
                context: String::new(),
                text: item.description.clone(),
            }],
        })
        .collect();
    index
        .apply(&changes, &[("catalogue".to_owned(), 1)].into())
        .unwrap();
}

/// Mean recall@K and nDCG@K over every query, and the median query time in milliseconds.
fn measure(index: &SearchIndex, items: &[Item]) -> (f64, f64, f64) {
    let within = ["catalogue".to_owned()];
    let (mut recall, mut ndcg) = (0.0, 0.0);
    let mut times = Vec::with_capacity(items.len());
    for item in items {
        let started = Instant::now();
        let hits = index.search(&within, &item.summary, K).unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let ranking: Vec<String> = hits.into_iter().map(|hit| hit.document).collect();
        let relevant = BTreeSet::from([item.id.clone()]);
        recall += recall_at(&ranking, &relevant, K).unwrap();
        ndcg += ndcg_at(&ranking, &relevant, K).unwrap();
    }
    times.sort_by(f64::total_cmp);
    let n = items.len() as f64;
    (recall / n, ndcg / n, times[times.len() / 2])
}

fn main() {
    let items = catalogue();
    println!(
        "labelled set: {} queries, one relevant passage each, among {} passages",
        items.len(),
        items.len()
    );

    let lexical = SearchIndex::in_memory(None);
    filled(&lexical, &items);
    let (recall, ndcg, median) = measure(&lexical, &items);
    println!(
        "BM25:            recall@{K} {recall:.3}  nDCG@{K} {ndcg:.3}  (median query {median:.2} ms)"
    );

    let embedder = Arc::new(LocalEmbedder::load(&model_dir()).expect("run `make embedding-model`"));
    let hybrid = SearchIndex::in_memory(Some(embedder));
    let started = Instant::now();
    filled(&hybrid, &items);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "embedding {} passages: {seconds:.1} s ({:.0} passages/s)",
        items.len(),
        items.len() as f64 / seconds
    );
    let (recall, ndcg, median) = measure(&hybrid, &items);
    println!(
        "BM25 + semantic: recall@{K} {recall:.3}  nDCG@{K} {ndcg:.3}  (median query {median:.2} ms)"
    );
}
