//! Documents runs write (`document` steps): kept with the run, downloaded by whoever may see
//! the run and nobody else, put in a file store through its connection, and deleted at the end
//! of their retention with the deletion audited.

mod support;

use paddock_core::time::Timestamp;
use paddock_integrations::documents::read;
use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::{Session, TestApp, error_code, spawn_app};

const DECISION: &str = r##"
apiVersion: paddock/v1
kind: Workflow
name: claim-decision
inputs:
  claim: { type: string, required: true }
  items: { type: list }
steps:
  - id: letter
    uses: document
    with:
      format: pdf
      name: "decision-{{ inputs.claim }}"
      content: |
        # Claim {{ inputs.claim }}: decision

        The water damage is **covered**.

        | Item | Amount |
        |---|---|
        {% for item in inputs.items %}| {{ item.name }} | {{ item.amount }} |
        {% endfor %}
  - id: copy
    uses: document
    with: { format: docx, content: "# Claim {{ inputs.claim }}" }
outputs:
  letter: "{{ steps.letter.output }}"
"##;

fn inputs() -> Value {
    json!({
        "claim": "C-1042",
        "items": [{ "name": "Pipe repair", "amount": "€1,240" }, { "name": "Floor", "amount": "€3,100" }],
    })
}

/// The document the step `step` of `run` wrote.
fn written_by<'a>(run: &'a Value, step: &str) -> &'a Value {
    run["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|artifact| artifact["step_key"] == step)
        .unwrap_or_else(|| panic!("step {step} wrote nothing: {run}"))
}

async fn download(session: &Session, app: &TestApp, path: &str) -> reqwest::Response {
    session.get(app, path).await
}

#[tokio::test]
async fn a_document_step_writes_a_pdf_that_only_those_who_see_the_run_download() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let id = builder
            .start_test_run(&app, "claims", DECISION, inputs())
            .await;
        let run = builder.wait_for_run(&app, &id, "succeeded").await;

        // The two steps do not wait for each other: either may write first.
        let mut names: Vec<&str> = run["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["copy.docx", "decision-C-1042.pdf"],
            "on {}",
            app.backend
        );
        let letter = written_by(&run, "letter");
        assert_eq!(letter["media_type"], "application/pdf");
        assert_eq!(letter["step_key"], "letter");
        assert_eq!(letter["expired"], false);
        let path = letter["download"].as_str().unwrap();
        assert_eq!(
            run["outputs"]["letter"]["download"], path,
            "the step's output says where"
        );
        assert_eq!(run["outputs"]["letter"]["artifact"], letter["id"]);

        let answer = download(&builder, &app, path).await;
        assert_eq!(answer.status(), 200);
        let header = |name: &str| answer.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(
            header("content-disposition"),
            "attachment; filename=\"decision-C-1042.pdf\"; filename*=UTF-8''decision-C-1042.pdf"
        );
        assert_eq!(header("x-content-type-options"), "nosniff");
        let bytes = answer.bytes().await.unwrap();
        assert_eq!(hex::encode(Sha256::digest(&bytes)), letter["sha256"]);
        assert_eq!(bytes.len() as u64, letter["size"].as_u64().unwrap());
        let text = read("application/pdf", &bytes, &mut |_, _| {})
            .unwrap()
            .extracted
            .text();
        for expected in ["Claim C-1042: decision", "covered", "Pipe repair", "€3,100"] {
            assert!(text.contains(expected), "{expected:?} not in {text}");
        }

        // Someone who may not see the run cannot tell the document exists.
        let consumer = app.session("consumer@demo.local").await;
        let refused = download(&consumer, &app, path).await;
        assert_eq!(refused.status(), 404);
        assert_eq!(error_code(refused).await, "not_found");
        let anonymous = app.browser().get(app.url(path)).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        for wrong in [
            format!("/api/v1/runs/{id}/artifacts/not-an-id"),
            format!("/api/v1/runs/{id}/artifacts/{}", uuid::Uuid::now_v7()),
            // Another run's path to this document.
            path.replace(&id, &uuid::Uuid::now_v7().to_string()),
        ] {
            let answer = download(&builder, &app, &wrong).await;
            assert_eq!(answer.status(), 404, "{wrong}");
        }
    }
}

#[tokio::test]
async fn documents_past_their_retention_are_deleted_and_the_deletion_audited() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let id = builder
            .start_test_run(&app, "claims", DECISION, inputs())
            .await;
        let run = builder.wait_for_run(&app, &id, "succeeded").await;
        let path = written_by(&run, "letter")["download"]
            .as_str()
            .unwrap()
            .to_owned();

        let store = app.store().await;
        let now = Timestamp::now();
        let early = paddock_services::runs::artifacts::purge_expired(&store, now)
            .await
            .unwrap();
        assert_eq!(early, 0, "kept 30 days by default");
        assert_eq!(download(&builder, &app, &path).await.status(), 200);

        let later = now.plus(std::time::Duration::from_secs(31 * 24 * 3600));
        let purged = paddock_services::runs::artifacts::purge_expired(&store, later)
            .await
            .unwrap();
        assert_eq!(purged, 2);

        let gone = download(&builder, &app, &path).await;
        assert_eq!(gone.status(), 410);
        assert_eq!(error_code(gone).await, "expired");
        let after = builder.get_json(&app, &format!("/api/v1/runs/{id}")).await;
        let letter = written_by(&after, "letter");
        assert_eq!(letter["expired"], true);
        assert_eq!(letter["download"], Value::Null);
        assert_eq!(
            letter["name"], "decision-C-1042.pdf",
            "the run still says what it wrote"
        );

        let admin = app.session("admin@demo.local").await;
        let events = admin
            .get_json(&app, "/api/v1/audit/events?action=run.artifact_purged")
            .await;
        let events = events["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "{events:#?}");
        assert_eq!(events[0]["target"]["id"], id);
        assert_eq!(events[0]["workspace"], "claims");
        let verified: Value = admin
            .post(&app, "/api/v1/audit/verify", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(verified["status"], "intact", "{verified}");
    }
}

#[tokio::test]
async fn a_document_goes_into_a_file_store_only_inside_its_folder() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().join("archive");
        std::fs::create_dir_all(root.join("letters")).unwrap();
        admin
            .create_connection(
                &app,
                json!({
                    "name": "claim-archive", "kind": "files",
                    "settings": { "root": root.to_str().unwrap(), "writable": true },
                    "workspaces": ["it-service-desk"]
                }),
            )
            .await;
        admin.bind_in_dev(&app, "archive", "claim-archive").await;
        let archived = |path: &str| {
            format!(
                "apiVersion: paddock/v1
kind: Workflow
name: archived-letter
inputs:
  claim: {{ type: string, required: true }}
steps:
  - id: letter
    uses: document
    with:
      format: markdown
      content: \"# Claim {{{{ inputs.claim }}}}\"
      connection: archive
      path: \"{path}\"
"
            )
        };
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &archived("letters/{{ inputs.claim }}.md"),
                json!({ "claim": "C-7" }),
            )
            .await;
        let run = builder.wait_for_run(&app, &id, "succeeded").await;
        let output = &run["steps"][0]["output"];
        assert_eq!(
            output["written"],
            json!({ "connection": "archive", "path": "letters/C-7.md" })
        );
        assert_eq!(
            std::fs::read_to_string(root.join("letters/C-7.md")).unwrap(),
            "# Claim C-7"
        );

        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &archived("../escaped.md"),
                json!({ "claim": "C-8" }),
            )
            .await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            failed["error"]
                .as_str()
                .unwrap()
                .contains("leaves the connection's folder"),
            "{failed}"
        );
        assert!(!scratch.path().join("escaped.md").exists());

        // Personal data the document turns out to hold, though nothing said so, is held to the
        // store's clearance (internal) at the write, even in a PDF the check cannot read.
        let pdf = archived("letters/{{ inputs.claim }}.pdf")
            .replace("format: markdown", "format: pdf")
            .replace(
                "\"# Claim {{ inputs.claim }}\"",
                "\"# Claim {{ inputs.claim }}\\n\\nCard 4242 4242 4242 4242\"",
            );
        let id = builder
            .start_test_run(&app, "it-service-desk", &pdf, json!({ "claim": "C-9" }))
            .await;
        let refused = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            refused["error"].as_str().unwrap().contains("pii"),
            "{refused}"
        );
        assert!(!root.join("letters/C-9.pdf").exists());
    }
}

#[tokio::test]
async fn a_document_step_written_wrong_is_refused_before_it_runs() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        for (with, field) in [
            ("{ format: odt, content: x }", "format"),
            ("{ format: pdf }", "content"),
            ("{ format: pdf, content: x, path: out.pdf }", "connection"),
        ] {
            let definition = format!(
                "apiVersion: paddock/v1\nkind: Workflow\nname: bad-letter\nsteps:\n  - id: letter\n    uses: document\n    with: {with}\n"
            );
            let answer = builder
                .post(
                    &app,
                    "/api/v1/workspaces/claims/test-runs",
                    json!({ "definition": definition, "inputs": {} }),
                )
                .await;
            assert_eq!(answer.status(), 422, "{with}");
            let body: Value = answer.json().await.unwrap();
            assert!(body.to_string().contains(field), "{with}: {body}");
        }
    }
}
