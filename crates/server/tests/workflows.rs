//! Workflow definitions over HTTP: the step kinds and checking a definition, without storing
//! or running anything.

mod support;

use paddock_store::testing::sqlite;
use serde_json::{Value, json};
use support::{error_code, spawn_app};

const EXAMPLE: &str = include_str!("../../../examples/workflows/ticket-triage.yaml");

#[tokio::test]
async fn a_builder_checks_a_definition_and_sees_every_problem_at_its_path() {
    let app = spawn_app(sqlite()).await;
    let builder = app.browser();
    let session = app.sign_in(&builder, "builder@demo.local").await;
    let csrf = session["csrf_token"].as_str().unwrap();
    let check = |definition: String| {
        builder
            .post(app.url("/api/v1/workflows/validate"))
            .header("X-CSRF-Token", csrf)
            .json(&json!({ "definition": definition }))
            .send()
    };

    let valid: Value = check(EXAMPLE.to_owned())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        valid,
        json!({
            "valid": true,
            "name": "ticket-triage",
            "steps": ["urgency", "route", "page_oncall", "queue_ticket"],
            "inputs": {
                "subject": { "type": "string", "required": true },
                "body": { "type": "string", "label": "internal" },
            },
            "problems": [],
        })
    );

    let broken = EXAMPLE.replace(
        "{{ inputs.subject }}\" } }\n  - id: queue",
        "{{ inputs.subjet }}\" } }\n  - id: queue",
    );
    let report = check(broken).await.unwrap();
    assert_eq!(report.status(), 200);
    let report: Value = report.json().await.unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["problems"],
        json!([{
            "path": "steps[2].with.value.subject",
            "message": "unknown reference inputs.subjet — did you mean inputs.subject?",
        }])
    );

    let forged = builder
        .post(app.url("/api/v1/workflows/validate"))
        .json(&json!({ "definition": EXAMPLE }))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "a cookie write needs the CSRF token");
    assert_eq!(error_code(forged).await, "csrf_rejected");
}

#[tokio::test]
async fn step_kinds_come_with_the_schemas_forms_are_built_from() {
    let app = spawn_app(sqlite()).await;
    let builder = app.browser();
    app.sign_in(&builder, "builder@demo.local").await;
    let kinds: Value = builder
        .get(app.url("/api/v1/step-kinds"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = kinds["step_kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| kind["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "llm",
            "llm.extract",
            "llm.classify",
            "template",
            "branch",
            "map",
            "approval",
            "redact",
            "connector",
            "retrieve",
            "extract_text",
            "ocr",
            "document",
            "output"
        ]
    );
    let classify = &kinds["step_kinds"][2];
    assert_eq!(classify["uses_model"], true);
    assert_eq!(
        classify["with_schema"]["required"],
        json!(["model", "text", "categories"])
    );
    assert_eq!(kinds["step_kinds"][4]["structure"], "branch");
}
