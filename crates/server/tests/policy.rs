//! The static policy check over HTTP, on every backend, with the demo's models: a workflow that
//! sends confidential/pii data to `hosted-general` (cleared for internal) is refused with the
//! input, the steps and the model named; the same with `private-secure` passes.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, error_code, set_model_clearance, spawn_app};

fn claim_summary(model: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: claim-summary
inputs:
  claim: {{ type: string, required: true, label: confidential/pii }}
steps:
  - id: clean
    uses: template
    with: {{ value: \"{{{{ inputs.claim | trim }}}}\" }}
  - id: summary
    uses: llm
    with: {{ model: {model}, prompt: \"Summarise: {{{{ steps.clean.output }}}}\" }}
"
    )
}

async fn check(session: &Session, app: &TestApp, body: Value) -> (u16, Value) {
    let response = session
        .post(app, "/api/v1/workspaces/claims/policy-check", body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn labelled_data_sent_to_a_model_not_cleared_for_it_is_named_and_a_cleared_model_passes() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;

        let body = json!({ "definition": claim_summary("hosted-general") });
        let (status, report) = check(&builder, &app, body).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["passes"], false);
        assert_eq!(report["environment"], "dev");
        let violations = report["violations"].as_array().unwrap();
        assert_eq!(violations.len(), 1, "{report}");
        let violation = &violations[0];
        assert_eq!(violation["source"], "inputs.claim");
        assert_eq!(violation["label"], "confidential/pii");
        assert_eq!(violation["through"], json!(["clean"]));
        assert_eq!(violation["step"], "summary");
        assert_eq!(violation["sink"], "the model hosted-general");
        assert_eq!(violation["clearance"], "internal");
        assert!(
            violation["fix"]
                .as_str()
                .unwrap()
                .contains("private-secure"),
            "{violation}"
        );

        let body = json!({ "definition": claim_summary("private-secure"), "environment": "prod" });
        let (status, report) = check(&builder, &app, body).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["passes"], true, "{report}");
        assert_eq!(report["environment"], "prod");

        // The registry decides: clearing hosted-general for confidential/pii lets it pass.
        let admin = app.session("admin@demo.local").await;
        let model = admin.get_json(&app, "/api/v1/models/hosted-general").await;
        assert_eq!(model["clearance"], "internal");
        set_model_clearance(&admin, &app, "hosted-general", "confidential/pii").await;
        let body = json!({ "definition": claim_summary("hosted-general") });
        let (_, report) = check(&builder, &app, body).await;
        assert_eq!(report["passes"], true, "{report}");
    }
}

#[tokio::test]
async fn a_saved_draft_carries_its_policy_violations_as_warnings() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let body = json!({ "definition": claim_summary("hosted-general") });
        let saved = builder
            .put(
                &app,
                "/api/v1/workspaces/claims/workflows/claim-summary",
                body,
            )
            .await;
        assert_eq!(saved.status(), 201);
        let draft: Value = saved.json().await.unwrap();
        assert_eq!(draft["valid"], true, "{draft}");
        assert_eq!(draft["policy"][0]["source"], "inputs.claim", "{draft}");
        let listed = builder
            .get_json(&app, "/api/v1/workspaces/claims/workflows")
            .await;
        let listed = listed["workflows"].as_array().unwrap();
        let summary = listed
            .iter()
            .find(|w| w["name"] == "claim-summary")
            .unwrap();
        assert_eq!(summary["policy"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn models_are_cleared_by_default_and_bad_clearances_are_refused() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builtin = admin.get_json(&app, "/api/v1/models/builtin").await;
        assert_eq!(builtin["clearance"], "restricted/*");
        let private = admin.get_json(&app, "/api/v1/models/private-secure").await;
        assert_eq!(private["clearance"], "restricted/*");
        let form = json!({ "name": "tiny", "provider": "openai", "endpoint": "http://127.0.0.1:9/v1",
                           "model_id": "tiny", "all_workspaces": true, "clearance": "secret/*" });
        let refused = admin.post(&app, "/api/v1/models", form).await;
        assert_eq!(error_code(refused).await, "invalid_input");
        let form = json!({ "name": "tiny", "provider": "openai", "endpoint": "http://127.0.0.1:9/v1",
                           "model_id": "tiny", "all_workspaces": true });
        let created = admin.post(&app, "/api/v1/models", form).await;
        assert_eq!(created.status(), 201);
        let tiny: Value = created.json().await.unwrap();
        assert_eq!(
            tiny["clearance"], "internal",
            "a remote model sees internal data by default"
        );
        let tiny = |extra: Value| {
            let mut form = json!({ "name": "tiny", "provider": "openai",
                                   "endpoint": "http://127.0.0.1:9/v1", "model_id": "tiny" });
            form.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            form
        };
        let cleared = admin
            .put(
                &app,
                "/api/v1/models/tiny",
                tiny(json!({ "clearance": "confidential/pii" })),
            )
            .await;
        assert_eq!(cleared.status(), 200);
        let kept = admin
            .put(
                &app,
                "/api/v1/models/tiny",
                tiny(json!({ "all_workspaces": true })),
            )
            .await;
        assert_eq!(kept.status(), 200);
        let kept: Value = kept.json().await.unwrap();
        assert_eq!(
            kept["clearance"], "confidential/pii",
            "a change without a clearance keeps it"
        );
    }
}

#[tokio::test]
async fn only_builders_of_the_workspace_check_and_bad_requests_say_why() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let consumer = app.session("consumer@demo.local").await;
        let body = json!({ "definition": claim_summary("builtin") });
        let refused = consumer
            .post(&app, "/api/v1/workspaces/claims/policy-check", body)
            .await;
        assert_eq!(error_code(refused).await, "forbidden");

        let builder = app.session("builder@demo.local").await;
        let body = json!({ "definition": claim_summary("builtin"), "environment": "moon" });
        let (status, error) = check(&builder, &app, body).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (404, Some("not_found"))
        );
        let body = json!({ "definition": "name: [unclosed" });
        let (status, error) = check(&builder, &app, body).await;
        assert_eq!(status, 422, "{error}");
        assert!(error["error"]["details"]["problems"].is_array(), "{error}");
        let body = json!({ "definition": claim_summary("builtin"), "extra": 1 });
        let (status, error) = check(&builder, &app, body).await;
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (400, Some("invalid_json"))
        );
        let missing = builder
            .post(
                &app,
                "/api/v1/workspaces/atlantis/policy-check",
                json!({ "definition": "x" }),
            )
            .await;
        assert_eq!(error_code(missing).await, "not_found");
    }
}
