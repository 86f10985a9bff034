//! A node's search index as an operator meets it: kept in the data directory across restarts,
//! held by one process at a time, and rebuilt from the database by `paddock kb reindex`.

mod support;

use serde_json::{Value, json};
use support::{paddock, session, start, terminate};

const RUNBOOK: &str = "# VPN outage\n\nWhen the VPN is down, restart the gateway and page the \
                       network team.\n\n# Printer jam\n\nOpen tray two and remove the paper.\n";

fn search(address: &str, query: &str) -> Value {
    let (client, csrf) = session(address, "steward@demo.local");
    let response = client
        .post(format!("{address}/api/v1/knowledge-bases/runbooks/search"))
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "query": query }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().unwrap()
}

#[test]
fn the_index_outlives_a_restart_and_kb_reindex_rebuilds_it_from_the_database() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let mut server = start(&["--demo"], &data_dir);
    let address = server.address.clone();
    let (steward, csrf) = session(&address, "steward@demo.local");
    let created = steward
        .post(format!("{address}/api/v1/knowledge-bases"))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({ "slug": "runbooks", "workspace": "it-service-desk", "name": "IT runbooks", "label": "internal" }))
        .send()
        .unwrap();
    assert_eq!(created.status(), 201);
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(RUNBOOK.as_bytes().to_vec()).file_name("it.md"),
    );
    let uploaded = steward
        .post(format!(
            "{address}/api/v1/knowledge-bases/runbooks/documents"
        ))
        .header("X-CSRF-Token", &csrf)
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(uploaded.status(), 201);
    let mut found = Value::Null;
    for _ in 0..200 {
        found = search(&address, "paper tray");
        if found["passages"].as_array().is_some_and(|p| !p.is_empty()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(found["passages"][0]["context"], "Printer jam", "{found}");

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
        .args(["kb", "reindex", "--data-dir"])
        .arg(&data_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&rebuilt.stdout);
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    assert_eq!(
        stdout.trim(),
        "the search index holds 2 passages of 1 documents",
        "one passage per heading"
    );

    let server = start(&[], &data_dir);
    let found = search(&server.address, "VPN gateway");
    assert_eq!(found["passages"][0]["context"], "VPN outage", "{found}");
}
