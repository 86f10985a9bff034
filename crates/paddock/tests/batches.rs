//! A batch survives its server being killed: `kill -9` in the middle of a 1,000-row batch,
//! then a restart, and every row has run exactly once — none lost, none twice.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use paddock_store::testing::test_databases;
use reqwest::blocking::Client;
use serde_json::{Value, json};
use support::{session, start};

const ROWS: usize = 1_000;

/// Five steps, no model: each row's output is its own number doubled, so a row that ran with
/// another row's values would show.
const TALLY: &str = "apiVersion: paddock/v1
kind: Workflow
name: tally
inputs:
  n: { type: integer, required: true }
steps:
  - id: a
    uses: template
    with: { value: \"{{ inputs.n }}\" }
  - id: b
    uses: template
    with: { value: \"{{ steps.a.output * 2 }}\" }
  - id: c
    uses: template
    with: { value: \"{{ steps.b.output }}\" }
  - id: d
    uses: template
    with: { value: \"{{ steps.c.output }}\" }
  - id: e
    uses: template
    with: { value: \"{{ steps.d.output }}\" }
outputs:
  doubled: \"{{ steps.e.output }}\"
";

/// Publishes `tally` in dev as a batch to all staff, as the demo's builder.
fn publish(address: &str) {
    let (admin, _) = session(address, "admin@demo.local");
    let groups: Value = admin
        .get(format!("{address}/api/v1/groups"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let all_staff = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|group| group["name"] == "All staff")
        .unwrap()["id"]
        .clone();
    let (builder, csrf) = session(address, "builder@demo.local");
    let workflow = format!("{address}/api/v1/workspaces/it-service-desk/workflows/tally");
    let saved = builder
        .put(&workflow)
        .header("X-CSRF-Token", &csrf)
        .json(&json!({ "definition": TALLY, "base_revision": null }))
        .send()
        .unwrap();
    assert!(saved.status().is_success());
    let version: Value = builder
        .post(format!("{workflow}/versions"))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({ "message": "v1" }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let submitted = builder
        .post(format!("{workflow}/reviews"))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({
            "version": version["number"], "environment": "dev", "message": "batch it",
            "interfaces": { "batch": { "audience": [all_staff], "clearance": "internal" } },
        }))
        .send()
        .unwrap();
    assert_eq!(submitted.status(), 201, "{}", submitted.text().unwrap());
}

fn batch(client: &Client, address: &str, id: &str) -> Value {
    client
        .get(format!("{address}/api/v1/batches/{id}"))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_killed_midway_resumes_with_every_row_run_exactly_once() {
    for database in test_databases().await {
        let url = database.url_text();
        let data_dir = tempfile::tempdir().unwrap();
        let data_path = data_dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            let args = ["--demo", "--database-url", &url];
            let mut server = start(&args, &data_path);
            publish(&server.address);
            let (consumer, csrf) = session(&server.address, "consumer@demo.local");
            let mut table = String::from("n\n");
            for n in 0..ROWS {
                table.push_str(&format!("{n}\n"));
            }
            let form = reqwest::blocking::multipart::Form::new()
                .part(
                    "file",
                    reqwest::blocking::multipart::Part::text(table).file_name("numbers.csv"),
                )
                .text("concurrency", "8");
            let created: Value = consumer
                .post(format!(
                    "{}/api/v1/apps/it-service-desk/tally/batches",
                    server.address
                ))
                .header("X-CSRF-Token", &csrf)
                .multipart(form)
                .send()
                .unwrap()
                .json()
                .unwrap();
            let id = created["id"].as_str().unwrap().to_owned();

            // Midway: some rows done, most not.
            let started = Instant::now();
            loop {
                let now = batch(&consumer, &server.address, &id);
                if now["succeeded"].as_u64().unwrap() >= 100 {
                    assert!(
                        now["remaining"].as_u64().unwrap() > 0,
                        "finished before the kill: {now}"
                    );
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(120),
                    "the batch does not move: {now}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            server.child.kill().unwrap();
            server.child.wait().unwrap();
            drop(server);

            let server = start(&args, &data_path);
            let (consumer, _) = session(&server.address, "consumer@demo.local");
            let started = Instant::now();
            let finished = loop {
                let now = batch(&consumer, &server.address, &id);
                if now["status"] == "finished" {
                    break now;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(180),
                    "the batch did not finish after the restart: {now}"
                );
                std::thread::sleep(Duration::from_millis(100));
            };
            assert_eq!(finished["total"], ROWS);
            assert_eq!(finished["succeeded"], ROWS, "{finished}");
            assert_eq!(
                finished["runs_started"], ROWS,
                "no row ran twice: {finished}"
            );

            let results = consumer
                .get(format!(
                    "{}/api/v1/batches/{id}/results?format=jsonl",
                    server.address
                ))
                .send()
                .unwrap()
                .text()
                .unwrap();
            let lines: Vec<Value> = results
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            assert_eq!(lines.len(), ROWS, "one result per row");
            let mut runs = BTreeSet::new();
            for (index, line) in lines.iter().enumerate() {
                assert_eq!(line["row"], index + 1);
                assert_eq!(line["status"], "succeeded", "{line}");
                let n: i64 = line["values"]["n"].as_str().unwrap().parse().unwrap();
                assert_eq!(line["outputs"]["doubled"], n * 2, "{line}");
                runs.insert(line["run"].as_str().unwrap().to_owned());
            }
            assert_eq!(runs.len(), ROWS, "each row its own run");
        })
        .await
        .unwrap();
    }
}
