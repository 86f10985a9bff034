//! Test runs over HTTP, on every backend: queued, run by the workers, paused at an approval,
//! decided by a named approver, finished — and refused when they should be.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{error_code, spawn_app};

const CLAIM: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-intake
inputs:
  letter: { type: string, required: true }
steps:
  - id: fields
    uses: llm.extract
    with:
      model: builtin
      text: "{{ inputs.letter }}"
      schema:
        type: object
        required: [policy_number, amount]
        properties:
          policy_number: { type: string }
          amount: { type: number }
  - id: size
    uses: branch
    with:
      cases:
        - when: "{{ steps.fields.output.amount > 1000 }}"
          then: [sign_off]
      default: [auto_accept]
  - id: sign_off
    uses: approval
    with:
      title: "Claim {{ steps.fields.output.policy_number }}"
      approvers: { users: [approver@demo.local] }
  - id: auto_accept
    uses: template
    with: { value: { decision: accepted } }
outputs:
  policy: "{{ steps.fields.output.policy_number }}"
  decision: "{{ (steps.sign_off.output or steps.auto_accept.output).decision }}"
"#;

fn letter(amount: &str) -> Value {
    json!({ "letter": format!("Policy number: PN-7\nAmount: {amount}\n") })
}

#[tokio::test]
async fn a_test_run_pauses_for_approval_and_finishes_when_approved() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let started = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": CLAIM, "inputs": letter("2400") }),
            )
            .await;
        assert_eq!(started.status(), 202, "{}", app.backend);
        let started: Value = started.json().await.unwrap();
        let id = started["id"].as_str().unwrap().to_owned();
        assert_eq!(started["workspace"], "claims");

        let waiting = builder.wait_for_run(&app, &id, "waiting").await;
        let steps = waiting["steps"].as_array().unwrap();
        let status_of = |key: &str| {
            steps
                .iter()
                .find(|s| s["key"] == key)
                .map(|s| s["status"].clone())
                .unwrap_or(Value::Null)
        };
        assert_eq!(status_of("fields"), "succeeded");
        assert_eq!(status_of("auto_accept"), "skipped");
        assert_eq!(status_of("sign_off"), "waiting");
        let sign_off = steps.iter().find(|s| s["key"] == "sign_off").unwrap();
        assert_eq!(sign_off["input"]["title"], "Claim PN-7");

        // The builder started it, so cannot approve it; someone not named cannot either.
        let own = builder
            .decide(&app, &id, "sign_off", json!({ "decision": "approve" }))
            .await;
        assert_eq!(own.status(), 404, "the builder is not a named approver");
        let operator = app.session("operator@demo.local").await;
        let stranger = operator
            .decide(&app, &id, "sign_off", json!({ "decision": "approve" }))
            .await;
        assert_eq!(stranger.status(), 404);

        let approver = app.session("approver@demo.local").await;
        let inbox: Value = approver
            .get(&app, "/api/v1/approvals")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(inbox["approvals"].as_array().unwrap().len(), 1, "{inbox}");
        assert_eq!(inbox["approvals"][0]["title"], "Claim PN-7");
        assert_eq!(inbox["approvals"][0]["step"], "sign_off");
        assert_eq!(inbox["approvals"][0]["run"]["id"], id.as_str());
        let context = approver.get(&app, &format!("/api/v1/runs/{id}")).await;
        assert_eq!(
            context.status(),
            200,
            "an approver sees the run they are asked to decide"
        );
        let not_mine: Value = builder
            .get(&app, "/api/v1/approvals")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            not_mine["approvals"],
            json!([]),
            "the one who started it is not asked"
        );
        let decided = approver
            .decide(
                &app,
                &id,
                "sign_off",
                json!({ "decision": "approve", "comment": "Checked the invoice" }),
            )
            .await;
        assert_eq!(decided.status(), 200);
        let decided: Value = decided.json().await.unwrap();
        assert_eq!(decided["output"]["decided_by"], "approver@demo.local");
        let again = approver
            .decide(&app, &id, "sign_off", json!({ "decision": "reject" }))
            .await;
        assert_eq!(again.status(), 404, "decided once");

        let done = builder.wait_for_run(&app, &id, "succeeded").await;
        let listed: Value = builder
            .get(&app, "/api/v1/workspaces/claims/runs")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed["runs"][0]["id"], id.as_str());
        assert_eq!(listed["runs"][0]["status"], "succeeded");
        let emptied: Value = approver
            .get(&app, "/api/v1/approvals")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(emptied["approvals"], json!([]));
        assert_eq!(
            done["outputs"],
            json!({ "policy": "PN-7", "decision": "approved" })
        );
        let fields = done["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "fields")
            .unwrap();
        assert_eq!(fields["attempts"], 1, "nothing ran twice");

        let trail: Value = app
            .session("auditor@demo.local")
            .await
            .get(&app, "/api/v1/audit/events?action=approval.decided")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(trail["events"][0]["actor"]["label"], "approver@demo.local");
        assert_eq!(trail["events"][0]["summary"]["decision"], "approved");
    }
}

#[tokio::test]
async fn a_small_claim_runs_through_and_a_waiting_run_can_be_cancelled() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let small: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": CLAIM, "inputs": letter("80") }),
            )
            .await
            .json()
            .await
            .unwrap();
        let done = builder
            .wait_for_run(&app, small["id"].as_str().unwrap(), "succeeded")
            .await;
        assert_eq!(done["outputs"]["decision"], "accepted");

        let big: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": CLAIM, "inputs": letter("5000") }),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = big["id"].as_str().unwrap();
        builder.wait_for_run(&app, id, "waiting").await;
        let cancelled = builder
            .post(&app, &format!("/api/v1/runs/{id}/cancel"), json!({}))
            .await;
        assert_eq!(cancelled.status(), 200);
        let cancelled: Value = cancelled.json().await.unwrap();
        assert_eq!(cancelled["status"], "cancelled");
        let again = builder
            .post(&app, &format!("/api/v1/runs/{id}/cancel"), json!({}))
            .await;
        assert_eq!(again.status(), 422, "it has already ended");
    }
}

#[tokio::test]
async fn bad_or_unauthorized_runs_are_refused_and_nothing_is_queued() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let broken = CLAIM.replace("uses: branch", "uses: brnch");
        let refused = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": broken, "inputs": letter("1") }),
            )
            .await;
        assert_eq!(refused.status(), 422);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "definition");
        assert_eq!(
            body["error"]["details"]["problems"][0],
            json!({ "path": "steps[1].uses", "message": "unknown step kind 'brnch' — did you mean branch?" })
        );

        let missing = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": CLAIM, "inputs": { "colour": 1 } }),
            )
            .await;
        assert_eq!(missing.status(), 422);
        let body: Value = missing.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "inputs");
        assert_eq!(
            body["error"]["details"]["problems"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        for email in [
            "consumer@demo.local",
            "operator@demo.local",
            "auditor@demo.local",
        ] {
            let refused = app
                .session(email)
                .await
                .post(
                    &app,
                    "/api/v1/workspaces/claims/test-runs",
                    json!({ "definition": CLAIM, "inputs": letter("1") }),
                )
                .await;
            assert_eq!(refused.status(), 403, "{email}");
            assert_eq!(error_code(refused).await, "forbidden");
        }
        let nowhere = builder
            .post(
                &app,
                "/api/v1/workspaces/nowhere/test-runs",
                json!({ "definition": CLAIM, "inputs": letter("1") }),
            )
            .await;
        assert_eq!(nowhere.status(), 404);

        let trail: Value = app
            .session("auditor@demo.local")
            .await
            .get(&app, "/api/v1/audit/events?action=run.started")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(trail["events"], json!([]), "nothing was queued");

        // Someone else's run does not exist for a consumer.
        let run: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": CLAIM, "inputs": letter("1") }),
            )
            .await
            .json()
            .await
            .unwrap();
        let consumer = app.session("consumer@demo.local").await;
        let hidden = consumer
            .get(
                &app,
                &format!("/api/v1/runs/{}", run["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(hidden.status(), 404);
        let garbage = consumer.get(&app, "/api/v1/runs/not-a-run").await;
        assert_eq!(garbage.status(), 404);
    }
}

/// Fails at its third step: the model it names is switched off (as the demo leaves it).
const FAILS_LATE: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: fails-late
steps:
  - id: first
    uses: template
    with: { value: 1 }
  - id: second
    uses: template
    with: { value: "{{ steps.first.output + 1 }}" }
  - id: ask
    uses: llm
    with: { model: hosted-general, prompt: "{{ steps.second.output }}" }
"#;

#[tokio::test]
async fn a_failed_run_is_retried_from_the_step_that_failed() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let started: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": FAILS_LATE }),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = started["id"].as_str().unwrap();
        let failed = builder.wait_for_run(&app, id, "failed").await;
        assert_eq!(failed["failed_step"], "ask");
        assert!(
            failed["error"]
                .as_str()
                .unwrap()
                .contains("the model 'hosted-general' is switched off")
        );
        let finished_before: Vec<Value> = failed["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "succeeded")
            .map(|s| json!([s["key"], s["finished_at"]]))
            .collect();
        assert_eq!(finished_before.len(), 2);

        let consumer = app.session("consumer@demo.local").await;
        let refused = consumer
            .post(&app, &format!("/api/v1/runs/{id}/retry"), json!({}))
            .await;
        assert_eq!(refused.status(), 404, "not their run");
        let retried = builder
            .post(&app, &format!("/api/v1/runs/{id}/retry"), json!({}))
            .await;
        assert_eq!(retried.status(), 200, "{}", app.backend);

        // The model is still switched off: it fails again at the same step, and only there.
        let failed_again = builder.wait_for_run(&app, id, "failed").await;
        let finished_after: Vec<Value> = failed_again["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "succeeded")
            .map(|s| json!([s["key"], s["finished_at"]]))
            .collect();
        assert_eq!(
            finished_after, finished_before,
            "succeeded steps did not run again"
        );
        let again = builder
            .post(&app, &format!("/api/v1/runs/{id}/retry"), json!({}))
            .await;
        assert_eq!(again.status(), 200);
        let succeeded = builder.post(
            &app,
            "/api/v1/workspaces/claims/test-runs",
            json!({ "definition": CLAIM, "inputs": letter("1") }),
        );
        let succeeded: Value = succeeded.await.json().await.unwrap();
        let done = builder
            .wait_for_run(&app, succeeded["id"].as_str().unwrap(), "succeeded")
            .await;
        let not_failed = builder
            .post(
                &app,
                &format!("/api/v1/runs/{}/retry", done["id"].as_str().unwrap()),
                json!({}),
            )
            .await;
        assert_eq!(not_failed.status(), 422, "only a failed run is retried");
    }
}

#[tokio::test]
async fn an_approval_nobody_decides_in_time_takes_its_timeout_outcome() {
    const SIGN_OFF: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: sign-off
steps:
  - id: decide
    uses: approval
    with:
      title: Sign off
      approvers: { users: [approver@demo.local] }
      timeout: 1s
      on_timeout: approve
outputs:
  decision: "{{ steps.decide.output.decision }}"
  comment: "{{ steps.decide.output.comment }}"
"#;
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let id = builder
            .start_test_run(&app, "claims", SIGN_OFF, json!({}))
            .await;
        let id = id.as_str();
        let done = builder.wait_for_run(&app, id, "succeeded").await;
        assert_eq!(
            done["outputs"],
            json!({ "decision": "approved", "comment": "No decision within 1s." })
        );
        let decide = &done["steps"][0];
        assert_eq!(decide["output"]["timed_out"], true);
        assert_eq!(decide["output"]["decided_by"], Value::Null);

        let approver = app.session("approver@demo.local").await;
        let late = approver
            .decide(&app, id, "decide", json!({ "decision": "reject" }))
            .await;
        assert_eq!(late.status(), 404, "decided already, by the clock");

        let admin = app.session("admin@demo.local").await;
        let audit = admin
            .get_json(&app, "/api/v1/audit/events?action=approval.timed_out")
            .await;
        let events = audit["events"].as_array().unwrap();
        assert_eq!(events.len(), 1, "{audit}");
        assert_eq!(events[0]["actor"]["kind"], "system");
        assert_eq!(events[0]["workspace"], "claims");
    }
}
