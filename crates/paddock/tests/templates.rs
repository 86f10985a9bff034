//! Every template of the builder's gallery runs as it is in the demo: started as a test run with
//! its sample inputs, on the built-in model and the demo's connections, it succeeds.

mod support;

use std::time::{Duration, Instant};

use paddock_store::testing::test_databases;
use reqwest::blocking::Client;
use serde_json::{Value, json};
use support::{session, start};

fn finished(client: &Client, address: &str, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let run: Value = client
            .get(format!("{address}/api/v1/runs/{id}"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let status = run["status"].as_str().unwrap();
        if !matches!(status, "queued" | "running") {
            return run;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{run}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_template_runs_in_the_demo_with_its_sample_inputs() {
    for database in test_databases().await {
        let url = database.url_text();
        let data_dir = tempfile::tempdir().unwrap();
        let data_path = data_dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            let server = start(&["--demo", "--database-url", &url], &data_path);
            let address = &server.address;
            let (builder, csrf) = session(address, "builder@demo.local");
            let listed: Value = builder
                .get(format!("{address}/api/v1/workflow-templates"))
                .send()
                .unwrap()
                .json()
                .unwrap();
            let templates = listed["templates"].as_array().unwrap();
            assert_eq!(templates.len(), 5, "{listed}");
            for template in templates {
                let name = template["name"].as_str().unwrap();
                let started = builder
                    .post(format!("{address}/api/v1/workspaces/claims/test-runs"))
                    .header("X-CSRF-Token", &csrf)
                    .json(&json!({
                        "definition": template["definition"],
                        "inputs": template["sample_inputs"],
                    }))
                    .send()
                    .unwrap();
                assert_eq!(started.status(), 202, "{name}: {}", started.text().unwrap());
                let id = started.json::<Value>().unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let run = finished(&builder, address, &id);
                assert_eq!(run["status"], "succeeded", "{name}: {run}");
                let outputs = run["outputs"].as_object().unwrap();
                assert!(
                    !outputs.is_empty() && outputs.values().all(|value| !value.is_null()),
                    "{name}: {run}"
                );
                match name {
                    // The sample is an outage: the ticket is opened in the demo's sandbox desk.
                    "it-ticket-routing" => {
                        assert_eq!(run["outputs"]["category"], "outage", "{run}");
                        assert!(run["outputs"]["ticket"]["id"].is_number(), "{run}");
                    }
                    "claim-intake-triage" => {
                        assert_eq!(run["outputs"]["routing"]["team"], "major-claims", "{run}");
                        assert_eq!(run["outputs"]["facts"]["estimated_amount"], 4200.0);
                    }
                    "support-reply-draft" => {
                        let reply = run["outputs"]["reply"].as_str().unwrap();
                        assert!(reply.starts_with("Dear Sam,"), "{reply}");
                        assert!(!reply.contains("4111 1111"), "{reply}");
                    }
                    "rfp-first-draft" => {
                        assert_eq!(run["outputs"]["requirements"].as_array().unwrap().len(), 3);
                        let draft = run["outputs"]["draft"].as_str().unwrap();
                        assert!(
                            draft.contains("### support in Dutch and English"),
                            "{draft}"
                        );
                    }
                    "due-diligence-review" => {
                        assert_eq!(run["outputs"]["risk"], "high", "{run}");
                    }
                    other => panic!("a template this test does not know: {other}"),
                }
            }
        })
        .await
        .unwrap();
    }
}
