//! Workflows that retrieve from knowledge bases, on every backend: only from those shared with
//! their workspace (checked when the workflow is checked and again when it runs), and what they
//! find carries the knowledge base's label to every later sink.

mod support;

use paddock_store::testing::test_databases;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::{Session, TestApp, set_model_clearance, spawn_app};

const POLICY: &str = "# Claims policy\n\n## Water damage\n\nBurst pipes are covered when the \
                      leak was sudden. Seepage over weeks is not covered.\n";

fn workflow(model_step: Option<&str>) -> String {
    let ask = model_step.map_or(String::new(), |model| {
        format!(
            "  - id: answer
    uses: llm
    with:
      model: {model}
      prompt: \"Answer from these passages: {{{{ steps.find.output.text }}}}\"
"
        )
    });
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: cover-check
inputs:
  question: {{ type: string, required: true }}
steps:
  - id: find
    uses: retrieve
    with:
      knowledge_base: cover-rules
      query: \"{{{{ inputs.question }}}}\"
      limit: 3
{ask}outputs:
  passages: \"{{{{ steps.find.output.passages }}}}\"
"
    )
}

async fn policy_check(app: &TestApp, builder: &Session, definition: &str) -> Value {
    let response = builder
        .post(
            app,
            "/api/v1/workspaces/claims/policy-check",
            json!({ "definition": definition }),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn run(app: &TestApp, builder: &Session, definition: &str, status: &str) -> Value {
    let inputs = json!({ "question": "are burst pipes covered?" });
    let id = builder
        .start_test_run(app, "claims", definition, inputs)
        .await;
    builder.wait_for_run(app, &id, status).await
}

async fn share(app: &TestApp, steward: &Session, entries: Value) {
    let response = steward
        .put(
            app,
            "/api/v1/knowledge-bases/cover-rules/access",
            json!({ "entries": entries }),
        )
        .await;
    assert_eq!(response.status(), 200);
}

async fn audited(app: &TestApp, auditor: &Session, action: &str) -> Vec<Value> {
    let events = auditor
        .get_json(app, &format!("/api/v1/audit/events?action={action}"))
        .await;
    events["events"].as_array().unwrap().clone()
}

/// The demo steward's `cover-rules` (confidential), with one policy read into passages.
async fn claims_policies(app: &TestApp, steward: &Session) {
    let created = steward
        .post(
            app,
            "/api/v1/knowledge-bases",
            json!({ "slug": "cover-rules", "workspace": "claims", "name": "Claims policies", "label": "confidential" }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let form = Form::new().part(
        "file",
        Part::bytes(POLICY.as_bytes().to_vec()).file_name("policy.md"),
    );
    let uploaded = steward
        .client
        .post(app.url("/api/v1/knowledge-bases/cover-rules/documents"))
        .header("X-CSRF-Token", &steward.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201);
    for _ in 0..400 {
        let base = steward
            .get_json(app, "/api/v1/knowledge-bases/cover-rules")
            .await;
        if base["documents"]["ready"] == 1 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the policy was never read on {}", app.backend);
}

#[tokio::test]
async fn a_workflow_retrieves_only_from_knowledge_bases_shared_with_its_workspace_there() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let auditor = app.session("auditor@demo.local").await;
        claims_policies(&app, &steward).await;
        let definition = workflow(None);

        // Not shared: the check names it, and a run that tries anyway is stopped and audited.
        let report = policy_check(&app, &builder, &definition).await;
        assert_eq!(report["passes"], false, "{report}");
        assert_eq!(report["violations"][0]["step"], "find");
        assert!(
            report["violations"][0]["fix"]
                .as_str()
                .unwrap()
                .contains("ask the stewards of Claims to share cover-rules"),
            "{report}"
        );
        let refused = run(&app, &builder, &definition, "failed").await;
        assert_eq!(refused["failed_step"], "find");
        assert!(
            refused["error"]
                .as_str()
                .unwrap()
                .contains("may not retrieve from the knowledge base cover-rules"),
            "{refused}"
        );
        let refusals = audited(&app, &auditor, "knowledge.retrieval_refused").await;
        assert_eq!(refusals.len(), 1, "on {}", app.backend);
        assert_eq!(refusals[0]["target"]["label"], "cover-rules");

        // Shared with Claims in production only: still not in dev, where test runs run.
        share(
            &app,
            &steward,
            json!([{ "workspace": "claims", "environment": "prod" }]),
        )
        .await;
        assert_eq!(
            policy_check(&app, &builder, &definition).await["passes"],
            false
        );
        run(&app, &builder, &definition, "failed").await;

        // Shared with Claims everywhere: the run finds the passage, with its citation.
        share(&app, &steward, json!([{ "workspace": "claims" }])).await;
        let report = policy_check(&app, &builder, &definition).await;
        assert_eq!(report["passes"], true, "{report}");
        let done = run(&app, &builder, &definition, "succeeded").await;
        let passage = &done["outputs"]["passages"][0];
        assert_eq!(passage["document"], "policy.md", "{done}");
        assert_eq!(passage["page"], 1);
        assert!(
            passage["text"]
                .as_str()
                .unwrap()
                .contains("Burst pipes are covered")
        );
        let find = done["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "find")
            .unwrap();
        assert!(
            find["output"]["text"]
                .as_str()
                .unwrap()
                .starts_with("[1] policy.md, p. 1 — Claims policy > Water damage"),
            "the run records which documents reached the step: {find}"
        );
    }
}

#[tokio::test]
async fn what_a_workflow_retrieves_carries_the_knowledge_bases_label_to_its_sinks() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        let auditor = app.session("auditor@demo.local").await;
        claims_policies(&app, &steward).await;
        share(&app, &steward, json!([{ "workspace": "claims" }])).await;

        // The built-in model, cleared for everything, may read confidential passages.
        let definition = workflow(Some("builtin"));
        assert_eq!(
            policy_check(&app, &builder, &definition).await["passes"],
            true
        );
        run(&app, &builder, &definition, "succeeded").await;

        // Cleared for internal data only, it may not: the check says so, and so does the run.
        set_model_clearance(&admin, &app, "builtin", "internal").await;
        let report = policy_check(&app, &builder, &definition).await;
        let violation = &report["violations"][0];
        assert_eq!(violation["source"], "knowledge.cover-rules", "{report}");
        assert_eq!(violation["label"], "confidential");
        assert_eq!(violation["through"], json!(["find"]));
        assert_eq!(violation["sink"], "the model builtin");
        let blocked = run(&app, &builder, &definition, "failed").await;
        assert_eq!(blocked["failed_step"], "answer", "{blocked}");
        assert!(
            blocked["error"].as_str().unwrap().contains("confidential"),
            "{blocked}"
        );
        assert_eq!(audited(&app, &auditor, "model.blocked").await.len(), 1);
    }
}
