//! The demo's knowledge bases and a node's search index as an operator meets them: the demo's
//! documents read (one by OCR) and searched by words and by meaning, the index kept in the
//! data directory across restarts, held by one process at a time, and rebuilt from the
//! database by `paddock kb reindex`.

mod support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::{paddock, session, start, terminate};

/// all-MiniLM-L6-v2, which `make embedding-model` fetches.
fn embedding_model() -> PathBuf {
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

/// Searches until the first passage found comes from `document`: while a node embeds new
/// passages, a search answers from what it has embedded so far.
fn first_found_in(address: &str, query: &str, document: &str) -> Value {
    let mut found = Value::Null;
    for _ in 0..600 {
        found = search(address, query);
        if found["passages"][0]["citation"]["document_name"] == document {
            return found;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("“{query}” never found {document} first: {found}");
}

fn search(address: &str, query: &str) -> Value {
    let (client, csrf) = session(address, "steward@demo.local");
    let response = client
        .post(format!(
            "{address}/api/v1/knowledge-bases/it-runbooks/search"
        ))
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "query": query, "limit": 3 }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().unwrap()
}

/// Waits until every document of the demo's runbooks is read.
fn runbooks_read(address: &str) -> Value {
    let (client, _) = session(address, "steward@demo.local");
    let mut documents = Value::Null;
    for _ in 0..1200 {
        let listed: Value = client
            .get(format!(
                "{address}/api/v1/knowledge-bases/it-runbooks/documents"
            ))
            .send()
            .unwrap()
            .json()
            .unwrap();
        documents = listed["documents"].clone();
        let all = documents.as_array().expect("a list of documents");
        if !all.is_empty()
            && all
                .iter()
                .all(|d| d["status"] != "queued" && d["status"] != "ingesting")
        {
            return documents;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the demo's runbooks were not read in two minutes: {documents}");
}

#[test]
fn the_demo_runbooks_are_read_and_searched_by_meaning_and_the_index_is_rebuilt_from_the_database() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let model = embedding_model();
    let model_arg = model.to_str().unwrap();
    let mut server = start(&["--demo", "--embedding-model", model_arg], &data_dir);
    let address = server.address.clone();

    let documents = runbooks_read(&address);
    assert_eq!(documents.as_array().unwrap().len(), 5, "{documents}");
    for document in documents.as_array().unwrap() {
        assert_eq!(document["status"], "ready", "{document}");
    }
    let scan = documents
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "printer-jam-procedure.png")
        .unwrap();
    assert_eq!(
        scan["ocr_pages"], 1,
        "the scanned page is read by OCR: {scan}"
    );

    let found = first_found_in(
        &address,
        "paper jam in the printer",
        "printer-jam-procedure.png",
    );
    assert!(
        found["embedding_model"]
            .as_str()
            .is_some_and(|m| m.starts_with("all-MiniLM-L6-v2@")),
        "{found}"
    );
    // No word in common with the runbook on lost laptops, but the same meaning.
    first_found_in(
        &address,
        "someone took my notebook computer from the train",
        "laptop-replacement.md",
    );

    // The server holds the index: a rebuild must wait until it stops.
    let refused = paddock()
        .args(["kb", "reindex", "--data-dir"])
        .arg(&data_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("in use by another process"), "{stderr}");
    assert!(terminate(&mut server).success());

    std::fs::remove_dir_all(data_dir.join("search-index")).unwrap();
    let rebuilt = paddock()
        .args([
            "kb",
            "reindex",
            "--embedding-model",
            model_arg,
            "--data-dir",
        ])
        .arg(&data_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&rebuilt.stdout);
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    assert!(
        stdout.trim().ends_with("passages of 10 documents"),
        "the demo's two knowledge bases hold ten documents: {stdout}"
    );

    let server = start(&["--embedding-model", model_arg], &data_dir);
    let found = search(
        &server.address,
        "someone took my notebook computer from the train",
    );
    assert_eq!(
        found["passages"][0]["citation"]["document_name"], "laptop-replacement.md",
        "the rebuilt index holds the vectors, at once: {found}"
    );
    drop(server);

    // Without the model the index starts over, by words only, from the database.
    let server = start(&[], &data_dir);
    let found = search(&server.address, "toner cartridge");
    assert!(found["embedding_model"].is_null(), "{found}");
    assert_eq!(
        found["passages"][0]["citation"]["document_name"], "printer-jam-procedure.png",
        "{found}"
    );
}
