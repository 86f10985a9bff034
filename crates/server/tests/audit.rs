//! The audit trail over HTTP, on every backend.

mod support;

use paddock_store::testing::test_databases;
use serde_json::Value;
use support::{DEMO_PASSWORD, error_code, spawn_app};

#[tokio::test]
async fn sign_ins_show_up_in_the_trail_with_who_where_and_what() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let stranger = reqwest::Client::new();
        let failed = stranger
            .post(app.url("/api/v1/auth/login"))
            .header("User-Agent", "attack-script/1.0")
            .header("X-Request-Id", "req-wrong-password")
            .json(&serde_json::json!({ "email": "approver@demo.local", "password": "guess" }))
            .send()
            .await
            .unwrap();
        assert_eq!(failed.status(), 401);

        let auditor = app.browser();
        app.sign_in(&auditor, "auditor@demo.local").await;
        let page: Value = auditor
            .get(app.url("/api/v1/audit/events?action=auth.sign_in&outcome=failure"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let events = page["events"].as_array().unwrap();
        assert_eq!(events.len(), 1, "{page} on {}", app.backend);
        let event = &events[0];
        assert_eq!(event["actor"]["kind"], "anonymous");
        assert_eq!(event["actor"]["label"], "approver@demo.local");
        assert_eq!(event["summary"]["reason"], "wrong password");
        assert_eq!(event["client"]["address"], "127.0.0.1");
        assert_eq!(event["client"]["user_agent"], "attack-script/1.0");
        assert_eq!(event["client"]["request_id"], "req-wrong-password");
        assert!(!page.to_string().contains("guess") && !page.to_string().contains(DEMO_PASSWORD));

        let mine: Value = auditor
            .get(app.url("/api/v1/audit/events?actor=auditor@demo.local"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(mine["events"][0]["action"], "auth.sign_in");
        assert_eq!(mine["events"][0]["outcome"], "success");
    }
}

#[tokio::test]
async fn pages_follow_the_cursor_to_the_end() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let auditor = app.browser();
    app.sign_in(&auditor, "auditor@demo.local").await;
    // The demo seed recorded 7 account creations and 1 service account, and the sign-in makes 9.
    let mut seen = Vec::new();
    let mut url = app.url("/api/v1/audit/events?limit=3");
    loop {
        let page: Value = auditor
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen.extend(
            page["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["seq"].as_i64().unwrap()),
        );
        match page["next_before"].as_i64() {
            Some(before) => url = app.url(&format!("/api/v1/audit/events?limit=3&before={before}")),
            None => break,
        }
    }
    assert_eq!(seen, (1..=11).rev().collect::<Vec<_>>());
}

#[tokio::test]
async fn bad_filters_are_refused_with_the_field() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let auditor = app.browser();
    app.sign_in(&auditor, "auditor@demo.local").await;
    for query in [
        "since=yesterday",
        "limit=0",
        "limit=501",
        "outcome=maybe",
        "before=x",
        "colour=blue",
    ] {
        let response = auditor
            .get(app.url(&format!("/api/v1/audit/events?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{query}");
        assert_eq!(error_code(response).await, "invalid_input");
    }
}

#[tokio::test]
async fn verify_and_export_the_chain() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let auditor = app.browser();
        let session = app.sign_in(&auditor, "auditor@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap();
        let report: Value = auditor
            .post(app.url("/api/v1/audit/verify"))
            .header("X-CSRF-Token", csrf)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(report["status"], "intact", "{report}");
        assert_eq!(report["events"], 11);

        let export = auditor
            .get(app.url("/api/v1/audit/export"))
            .send()
            .await
            .unwrap();
        assert_eq!(export.headers()["content-type"], "application/x-ndjson");
        let text = export.text().await.unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 11, "{}", app.backend);
        assert_eq!(lines[10]["action"], "auth.sign_in");
        assert_eq!(lines[10]["prev_hash"], lines[9]["hash"]);
    }
}
