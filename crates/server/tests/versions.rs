//! Versions over HTTP, on every backend: the draft's edit history, immutable content-addressed
//! versions with a message, the comparison of any two, restoring one as the draft, and who may.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, error_code, spawn_app};

const BASE: &str = "/api/v1/workspaces/it-service-desk/workflows/greeting";

fn greeting(prompt: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: greeting
inputs:
  name: {{ type: string }}
steps:
  - id: hello
    uses: llm
    with: {{ model: builtin, prompt: \"{prompt} {{{{ inputs.name }}}}\" }}
outputs:
  text: \"{{{{ steps.hello.output }}}}\"
"
    )
}

/// Saves the draft based on `base` and answers the new revision.
async fn save(session: &Session, app: &TestApp, definition: &str, base: Option<u64>) -> u64 {
    let response = session
        .put(
            app,
            BASE,
            json!({ "definition": definition, "base_revision": base }),
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let saved: Value = response.json().await.unwrap();
    saved["revision"].as_u64().unwrap()
}

async fn cut(session: &Session, app: &TestApp, message: &str) -> (u16, Value) {
    let response = session
        .post(
            app,
            &format!("{BASE}/versions"),
            json!({ "message": message }),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn versions_are_cut_compared_and_restored_with_the_history_kept() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let admin = app.session("admin@demo.local").await;

        let first = save(&builder, &app, &greeting("Say hello to"), None).await;
        let (status, v1) = cut(&builder, &app, "First greeting").await;
        assert_eq!(status, 201, "{v1}");
        assert_eq!(v1["number"], 1);
        assert_eq!(v1["draft_revision"], first);
        assert_eq!(v1["created_by"], "builder@demo.local");
        assert_eq!(v1["editors"], json!(["builder@demo.local"]));
        assert!(v1["digest"].as_str().unwrap().starts_with("sha256:"));

        // The same content is the same version: nothing new is written.
        let (status, again) = cut(&builder, &app, "Again").await;
        assert_eq!(status, 200);
        assert_eq!(again["number"], 1);
        assert_eq!(again["message"], "First greeting");

        // An administrator edits too: both are editors of the next version.
        let second = save(
            &builder,
            &app,
            &greeting("Say a warm hello to"),
            Some(first),
        )
        .await;
        let third = save(&admin, &app, &greeting("Greet warmly"), Some(second)).await;
        let (status, v2) = cut(&builder, &app, "Warmer greeting").await;
        assert_eq!(status, 201);
        assert_eq!(v2["number"], 2);
        assert_eq!(v2["draft_revision"], third);
        assert_eq!(
            v2["editors"],
            json!(["admin@demo.local", "builder@demo.local"])
        );

        let listed = builder.get_json(&app, &format!("{BASE}/versions")).await;
        let numbers: Vec<u64> = listed["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, [2, 1]);
        let history = builder.get_json(&app, &format!("{BASE}/history")).await;
        let saves: Vec<(u64, &str)> = history["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["revision"].as_u64().unwrap(),
                    r["saved_by"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            saves,
            [
                (third, "admin@demo.local"),
                (second, "builder@demo.local"),
                (first, "builder@demo.local"),
            ]
        );

        // Compared: the prompt changed, word by word, and the text line by line.
        let compared = builder
            .get_json(&app, &format!("{BASE}/compare?from=1&to=2"))
            .await;
        assert_eq!(
            (compared["from"].as_str(), compared["to"].as_str()),
            (Some("v1"), Some("v2"))
        );
        let change = &compared["semantic"]["steps_changed"][0];
        assert_eq!(change["id"], "hello");
        assert_eq!(change["fields"][0]["path"], "with.prompt");
        assert_eq!(
            change["fields"][0]["words"],
            json!([
                { "op": "removed", "text": "Say hello to" },
                { "op": "added", "text": "Greet warmly" },
                { "op": "same", "text": "{{ inputs.name }}" },
            ])
        );
        let removed: Vec<&str> = compared["text"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|run| run["op"] == "removed")
            .map(|run| run["text"].as_str().unwrap())
            .collect();
        assert_eq!(removed.len(), 1, "{compared}");
        assert!(removed[0].contains("Say hello to"));
        // By default: the newest version against the draft, the same here.
        let unchanged = builder.get_json(&app, &format!("{BASE}/compare")).await;
        assert_eq!(unchanged["from"], "v2");
        assert_eq!(unchanged["semantic"]["changed"], false);

        // Restored: the draft is version 1 again, as a new save, audited.
        let stale = builder
            .post(
                &app,
                &format!("{BASE}/versions/1/restore"),
                json!({ "base_revision": second }),
            )
            .await;
        assert_eq!(stale.status(), 409);
        assert_eq!(error_code(stale).await, "edit_conflict");
        let restored: Value = builder
            .post(
                &app,
                &format!("{BASE}/versions/1/restore"),
                json!({ "base_revision": third }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(restored["revision"], third + 1);
        assert_eq!(restored["definition"], greeting("Say hello to"));
        let audited = admin
            .get_json(
                &app,
                "/api/v1/audit/events?action=workflow.version_cut&limit=10",
            )
            .await;
        assert_eq!(audited["events"].as_array().unwrap().len(), 2, "{audited}");
        assert_eq!(
            audited["events"][0]["summary"]["message"],
            "Warmer greeting"
        );
    }
}

#[tokio::test]
async fn bad_cuts_and_outsiders_are_refused_and_change_nothing() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let consumer = app.session("consumer@demo.local").await;
        let revision = save(&builder, &app, &greeting("Hello"), None).await;

        for message in ["", "   ", &"x".repeat(501)] {
            let (status, body) = cut(&builder, &app, message).await;
            assert_eq!(status, 422, "{body}");
            assert_eq!(body["error"]["code"], "invalid_input");
        }
        // A draft with problems is no version.
        let broken = greeting("Hello").replace("inputs.name", "inputs.nmae");
        save(&builder, &app, &broken, Some(revision)).await;
        let (status, body) = cut(&builder, &app, "Broken").await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body["error"]["details"].to_string().contains("nmae"),
            "{body}"
        );

        // A consumer may not cut; nobody may cut or read another workspace's workflow.
        let (status, _) = cut(&consumer, &app, "Mine").await;
        assert_eq!(status, 403);
        let elsewhere = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/workflows/greeting/versions",
                json!({ "message": "x" }),
            )
            .await;
        assert_eq!(elsewhere.status(), 404);
        let missing = builder.get(&app, &format!("{BASE}/versions/7")).await;
        assert_eq!(missing.status(), 404);
        let bad_side = builder
            .get(&app, &format!("{BASE}/compare?from=latest"))
            .await;
        assert_eq!(bad_side.status(), 422);
        let listed = builder.get_json(&app, &format!("{BASE}/versions")).await;
        assert_eq!(listed["versions"], json!([]));
    }
}
