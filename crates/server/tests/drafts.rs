//! Workflow drafts over HTTP, on every backend: the demo's ticket triage is there and runs on
//! the built-in model; builders save drafts (problems reported, not refused), a stale save is
//! refused, and only builders of the workspace may save.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{error_code, spawn_app};

#[tokio::test]
async fn the_demo_ticket_triage_draft_runs_on_the_built_in_model() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let listed = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/workflows")
            .await;
        let triage = listed["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|workflow| workflow["name"] == "ticket-triage")
            .expect("the demo's ticket triage is listed");
        assert_eq!(triage["valid"], true, "{triage}");
        let draft = builder
            .get_json(
                &app,
                "/api/v1/workspaces/it-service-desk/workflows/ticket-triage",
            )
            .await;

        let cases = [
            (
                "VPN down for everyone",
                "The VPN is down and nobody in the office can connect to the network.",
                "outage",
                "on-call",
            ),
            (
                "Password reset",
                "I forgot my password and cannot login to my account.",
                "access",
                "service-desk/access",
            ),
        ];
        for (subject, body, category, queue) in cases {
            let definition = draft["definition"].as_str().unwrap();
            let inputs = json!({ "subject": subject, "body": body });
            let id = builder
                .start_test_run(&app, "it-service-desk", definition, inputs)
                .await;
            let done = builder.wait_for_run(&app, &id, "succeeded").await;
            assert_eq!(done["outputs"]["category"], category, "{done}");
            assert_eq!(done["outputs"]["routing"]["queue"], queue, "{done}");
        }
    }
}

const DRAFT: &str = "apiVersion: paddock/v1\nkind: Workflow\nname: welcome\nsteps:\n  - id: greet\n    uses: template\n    with: { value: \"{{ inputs.nme }}\" }\ninputs:\n  name: { type: string }\n";

#[tokio::test]
async fn drafts_are_saved_with_their_problems_and_stale_saves_are_refused() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let path = "/api/v1/workspaces/claims/workflows/welcome";

        let created = builder
            .put(&app, path, json!({ "definition": DRAFT }))
            .await;
        assert_eq!(created.status(), 201, "{}", app.backend);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["revision"], 1);
        assert_eq!(created["valid"], false);
        assert_eq!(created["problems"][0]["path"], "steps[0].with.value");
        assert_eq!(created["updated_by"], "builder@demo.local");

        let fixed = DRAFT.replace("inputs.nme", "inputs.name");
        let saved = builder
            .put(
                &app,
                path,
                json!({ "definition": fixed, "base_revision": 1 }),
            )
            .await;
        assert_eq!(saved.status(), 200);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(
            (saved["revision"].as_u64(), saved["valid"].as_bool()),
            (Some(2), Some(true))
        );

        // A colleague's save based on revision 1 would overwrite revision 2: refused.
        let stale = builder
            .put(
                &app,
                path,
                json!({ "definition": DRAFT, "base_revision": 1 }),
            )
            .await;
        assert_eq!(stale.status(), 409);
        let body: Value = stale.json().await.unwrap();
        assert_eq!(body["error"]["code"], "edit_conflict");
        assert_eq!(body["error"]["details"]["revision"], 2);

        // Creating what exists is a conflict too.
        let again = builder
            .put(&app, path, json!({ "definition": DRAFT }))
            .await;
        assert_eq!(again.status(), 409);

        // Unreadable, or named differently: refused, and nothing changes.
        let unreadable = builder
            .put(&app, path, json!({ "definition": "steps: [" }))
            .await;
        assert_eq!(error_code(unreadable).await, "invalid_input");
        let renamed = builder
            .put(
                &app,
                path,
                json!({ "definition": fixed.replace("name: welcome", "name: hello") }),
            )
            .await;
        assert_eq!(error_code(renamed).await, "invalid_input");
        let bad_name = builder
            .put(
                &app,
                "/api/v1/workspaces/claims/workflows/Not%20A%20Name",
                json!({ "definition": fixed }),
            )
            .await;
        assert_eq!(error_code(bad_name).await, "invalid_input");
        let now = builder.get_json(&app, path).await;
        assert_eq!(now["revision"], 2);

        // Who may: an approver of the workspace sees no workflows; a consumer cannot save.
        let consumer = app.session("consumer@demo.local").await;
        let refused = consumer
            .put(&app, path, json!({ "definition": fixed }))
            .await;
        assert_eq!(refused.status(), 403);
        let approver = app.session("approver@demo.local").await;
        let hidden = approver
            .get(&app, "/api/v1/workspaces/claims/workflows")
            .await;
        assert_eq!(hidden.status(), 403);
        let elsewhere = builder
            .get(&app, "/api/v1/workspaces/nowhere/workflows")
            .await;
        assert_eq!(elsewhere.status(), 404);

        let admin = app.session("admin@demo.local").await;
        let audit = admin
            .get_json(&app, "/api/v1/audit/events?action=workflow.draft_saved")
            .await;
        assert_eq!(audit["events"].as_array().unwrap().len(), 2, "{audit}");
    }
}
