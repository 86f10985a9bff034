//! The organisation's labels, and the impact preview of a policy change: which workflows a
//! change to a model's or a connection's policy would put in violation, before it is saved.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{error_code, spawn_app};

const CLAIM_SUMMARY: &str = "apiVersion: paddock/v1
kind: Workflow
name: claim-summary
inputs:
  claim: { type: string, label: confidential/pii }
steps:
  - id: summary
    uses: llm
    with: { model: private-secure, prompt: \"Summarise: {{ inputs.claim }}\" }
";

#[tokio::test]
async fn admins_name_levels_and_add_categories_that_labels_may_then_use() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;

        let catalogue = builder.get_json(&app, "/api/v1/labels").await;
        let levels: Vec<&str> = catalogue["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["public", "internal", "confidential", "restricted"]);
        assert_eq!(catalogue["categories"][0]["name"], "pci");

        let renamed = admin
            .put(
                &app,
                "/api/v1/labels/levels/confidential",
                json!({ "name": "Company confidential", "description": "Need to know." }),
            )
            .await;
        assert_eq!(renamed.status(), 200);
        let catalogue = builder.get_json(&app, "/api/v1/labels").await;
        assert_eq!(catalogue["levels"][2]["name"], "Company confidential");
        let refused = builder
            .put(
                &app,
                "/api/v1/labels/levels/confidential",
                json!({ "name": "Mine" }),
            )
            .await;
        assert_eq!(refused.status(), 403);
        let nowhere = admin
            .put(
                &app,
                "/api/v1/labels/levels/secret",
                json!({ "name": "Secret" }),
            )
            .await;
        assert_eq!(error_code(nowhere).await, "not_found");
        let blank = admin
            .put(
                &app,
                "/api/v1/labels/levels/public",
                json!({ "name": "  " }),
            )
            .await;
        assert_eq!(error_code(blank).await, "invalid_input");

        // A category must exist before a label names it.
        let connection = |read_label: &str| {
            json!({
                "name": "archive", "kind": "http",
                "settings": { "base_url": "https://archive.example.com" },
                "read_label": read_label, "all_workspaces": true
            })
        };
        let unknown = admin
            .post(
                &app,
                "/api/v1/connections",
                connection("confidential/legal-hold"),
            )
            .await;
        assert_eq!(unknown.status(), 422);
        let body: Value = unknown.json().await.unwrap();
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("add it under Labels")
        );
        for bad in ["Legal Hold", "*", ""] {
            let response = admin
                .post(&app, "/api/v1/labels/categories", json!({ "name": bad }))
                .await;
            assert_eq!(response.status(), 422, "{bad}");
        }
        let added = admin
            .post(
                &app,
                "/api/v1/labels/categories",
                json!({ "name": "legal-hold", "description": "Kept for litigation." }),
            )
            .await;
        assert_eq!(added.status(), 201);
        let again = admin
            .post(
                &app,
                "/api/v1/labels/categories",
                json!({ "name": "legal-hold" }),
            )
            .await;
        assert_eq!(error_code(again).await, "already_exists");
        admin
            .create_connection(&app, connection("confidential/legal-hold"))
            .await;

        // In use: not removed until nothing names it.
        let in_use = admin
            .delete(&app, "/api/v1/labels/categories/legal-hold")
            .await;
        assert_eq!(in_use.status(), 409);
        let body: Value = in_use.json().await.unwrap();
        assert_eq!(body["error"]["code"], "in_use");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("connection archive")
        );
        admin.delete(&app, "/api/v1/connections/archive").await;
        let removed = admin
            .delete(&app, "/api/v1/labels/categories/legal-hold")
            .await;
        assert_eq!(removed.status(), 204);

        let audit = admin
            .get_json(&app, "/api/v1/audit/events?limit=100")
            .await
            .to_string();
        for action in [
            "label.level_renamed",
            "label.category_added",
            "label.category_removed",
        ] {
            assert!(audit.contains(action), "{action} is audited");
        }
    }
}

#[tokio::test]
async fn the_impact_of_a_policy_change_names_the_workflows_it_would_break_before_saving() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let saved = builder
            .put(
                &app,
                "/api/v1/workspaces/claims/workflows/claim-summary",
                json!({ "definition": CLAIM_SUMMARY }),
            )
            .await;
        assert!(saved.status().is_success());

        let preview = |change: Value| {
            let admin = &admin;
            let app = &app;
            async move {
                let response = admin.post(app, "/api/v1/policy/impact", change).await;
                let status = response.status();
                let body: Value = response.json().await.unwrap();
                assert_eq!(status, 200, "{body}");
                body["affected"].clone()
            }
        };

        // Lowering private-secure's clearance would send the claim to a model not cleared for it.
        let lowered = preview(json!({
            "model": "private-secure", "clearance": "internal", "all_workspaces": true
        }))
        .await;
        assert_eq!(lowered.as_array().unwrap().len(), 1, "{lowered}");
        assert_eq!(lowered[0]["workspace"], "claims");
        assert_eq!(lowered[0]["workflow"], "claim-summary");
        assert_eq!(lowered[0]["environment"], "dev");
        assert_eq!(lowered[0]["violations"][0]["source"], "inputs.claim");
        assert_eq!(lowered[0]["violations"][0]["clearance"], "internal");

        // Closing it to claims makes the step itself not permitted there.
        let closed = preview(json!({
            "model": "private-secure", "clearance": "restricted/*", "workspaces": ["it-service-desk"]
        }))
        .await;
        assert!(
            closed[0]["violations"][0]["message"]
                .as_str()
                .unwrap()
                .contains("not available")
        );

        // The same clearance, open to all: nothing breaks.
        let unchanged = preview(json!({
            "model": "private-secure", "clearance": "restricted/*", "all_workspaces": true
        }))
        .await;
        assert_eq!(unchanged, json!([]));

        // Nothing was saved by previewing.
        let draft = builder
            .get_json(&app, "/api/v1/workspaces/claims/workflows/claim-summary")
            .await;
        assert_eq!(draft["policy"], json!([]));

        for (change, code) in [
            (
                json!({ "model": "nope", "clearance": "internal" }),
                "not_found",
            ),
            (json!({ "clearance": "internal" }), "invalid_input"),
            (
                json!({ "model": "private-secure", "clearance": "top-secret" }),
                "invalid_input",
            ),
        ] {
            let response = admin.post(&app, "/api/v1/policy/impact", change).await;
            assert_eq!(error_code(response).await, code);
        }
        let refused = builder
            .post(
                &app,
                "/api/v1/policy/impact",
                json!({ "model": "private-secure" }),
            )
            .await;
        assert_eq!(refused.status(), 403);
    }
}
