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

const STAGES: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: stages
inputs:
  text: { type: string, required: true }
steps:
  - id: upper
    uses: template
    with: { value: "{{ inputs.text | upper }}" }
  - id: length
    uses: template
    with: { value: "{{ inputs.text | length }}" }
  - id: items
    uses: map
    with:
      items: "{{ [1, 2] }}"
      steps:
        - id: times
          uses: template
          with: { value: "{{ item * 10 }}" }
  - id: sentence
    uses: template
    with: { value: "{{ steps.upper.output }} has {{ steps.length.output }} letters" }
outputs:
  sentence: "{{ steps.sentence.output }}"
  items: "{{ steps.items.output }}"
"#;

async fn test_runs(session: &support::Session, app: &support::TestApp) -> usize {
    let listed = session
        .get_json(app, "/api/v1/workspaces/claims/runs")
        .await;
    listed["runs"].as_array().unwrap().len()
}

/// When each step of a run started, by step key.
fn started(run: &Value) -> std::collections::BTreeMap<String, String> {
    run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            (
                step["key"].as_str().unwrap().to_owned(),
                step["started_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Starts a test re-run (`body` names the draft and what it repeats) and waits for it to succeed.
async fn rerun_succeeds(builder: &support::Session, app: &support::TestApp, body: Value) -> Value {
    let started = builder
        .post(app, "/api/v1/workspaces/claims/test-runs", body)
        .await;
    assert_eq!(started.status(), 202);
    let started: Value = started.json().await.unwrap();
    builder
        .wait_for_run(app, started["id"].as_str().unwrap(), "succeeded")
        .await
}

#[tokio::test]
async fn a_test_run_is_run_again_from_one_step_reusing_what_did_not_change() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let first = builder
            .start_test_run(&app, "claims", STAGES, json!({ "text": "claim" }))
            .await;
        let first = builder.wait_for_run(&app, &first, "succeeded").await;
        let rerun = |definition: &str, from_step: &str| {
            json!({
                "definition": definition,
                "rerun": { "run": first["id"], "from_step": from_step },
            })
        };

        // The same draft from `sentence`: only it runs again; the others, map items included,
        // are the first run's results.
        let again = rerun_succeeds(&builder, &app, rerun(STAGES, "sentence")).await;
        assert_eq!(again["inputs"], json!({ "text": "claim" }));
        assert_eq!(again["outputs"], first["outputs"]);
        let (before, after) = (started(&first), started(&again));
        assert_eq!(before.len(), after.len(), "{again}");
        let reused = [
            "items",
            "items[0].times",
            "items[1].times",
            "length",
            "upper",
        ];
        for key in reused {
            assert_eq!(before[key], after[key], "{key} is taken over");
        }
        assert_ne!(before["sentence"], after["sentence"], "sentence runs again");
        // The trail tells what the re-run repeats and what it took over.
        let admin = app.session("admin@demo.local").await;
        let trail = admin
            .get_json(&app, "/api/v1/audit/events?action=run.started&limit=100")
            .await;
        let event = trail["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|event| event["target"]["id"] == again["id"])
            .unwrap_or_else(|| panic!("no run.started for the re-run: {trail}"));
        assert_eq!(event["summary"]["rerun"]["run"], first["id"]);
        assert_eq!(event["summary"]["rerun"]["from_step"], "sentence");
        let mut taken_over: Vec<&str> = event["summary"]["rerun"]["taken_over"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key.as_str().unwrap())
            .collect();
        taken_over.sort_unstable();
        assert_eq!(taken_over, reused);

        // A changed step runs again with what it feeds, even when it comes before the step.
        let changed = STAGES.replace("inputs.text | upper", "inputs.text | title");
        let again = rerun_succeeds(&builder, &app, rerun(&changed, "length")).await;
        assert_eq!(again["outputs"]["sentence"], "Claim has 5 letters");
        let after = started(&again);
        assert_eq!(before["items"], after["items"]);
        for key in ["upper", "length", "sentence"] {
            assert_ne!(before[key], after[key], "{key} runs again");
        }

        // An input the draft gives a new default reads differently: the steps that read it run
        // again. An input the draft dropped is left out.
        let with_tone = STAGES
            .replace(
                "  text: { type: string, required: true }",
                "  tone: { type: string, default: calm }",
            )
            .replace("inputs.text | upper", "inputs.tone | upper")
            .replace("inputs.text | length", "inputs.tone | length");
        let again = rerun_succeeds(&builder, &app, rerun(&with_tone, "sentence")).await;
        assert_eq!(again["inputs"], json!({ "tone": "calm" }));
        assert_eq!(again["outputs"]["sentence"], "CALM has 4 letters");
        let after = started(&again);
        for key in ["upper", "length"] {
            assert_ne!(before[key], after[key], "{key} runs again");
        }

        // Refused, queueing nothing: inputs beside a re-run, a step the draft does not have, a
        // run that is not a test run of this workspace, another person's test run.
        let count = test_runs(&builder, &app).await;
        let mut with_inputs = rerun(STAGES, "sentence");
        with_inputs["inputs"] = json!({ "text": "other" });
        let refusals = [
            (with_inputs, "inputs"),
            (rerun(STAGES, "nowhere"), "rerun.from_step"),
            (
                json!({ "definition": STAGES, "rerun": { "run": "not-a-run", "from_step": "upper" } }),
                "rerun.run",
            ),
        ];
        for (body, field) in refusals {
            let refused = builder
                .post(&app, "/api/v1/workspaces/claims/test-runs", body)
                .await;
            assert_eq!(refused.status(), 422);
            let error: Value = refused.json().await.unwrap();
            assert_eq!(error["error"]["code"], "invalid_input");
            assert!(error.to_string().contains(field), "{field}: {error}");
        }
        let elsewhere = builder
            .post(
                &app,
                "/api/v1/workspaces/it-service-desk/test-runs",
                rerun(STAGES, "sentence"),
            )
            .await;
        assert_eq!(elsewhere.status(), 422);
        assert_eq!(error_code(elsewhere).await, "invalid_input");
        let theirs = admin
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                rerun(STAGES, "sentence"),
            )
            .await;
        assert_eq!(theirs.status(), 422);
        assert_eq!(error_code(theirs).await, "invalid_input");
        assert_eq!(test_runs(&builder, &app).await, count, "nothing was queued");
    }
}

const LETTER: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: letter
inputs:
  letter: { type: file, required: true, accept: [text/plain], max_size: 3MB }
  note: { type: string }
steps:
  - id: read
    uses: template
    with: { value: "{{ inputs.letter.name }}: {{ inputs.letter.text }}" }
outputs:
  read: "{{ steps.read.output }}"
"#;

#[tokio::test]
async fn a_draft_is_tried_with_an_uploaded_file_and_bad_files_are_refused() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let upload = |session: &support::Session, input: &str, name: &str, content: &[u8]| {
            let form = reqwest::multipart::Form::new()
                .text("definition", LETTER)
                .text("input", input.to_owned())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_owned()),
                );
            session
                .client
                .post(app.url("/api/v1/workspaces/claims/test-files"))
                .header("X-CSRF-Token", &session.csrf)
                .multipart(form)
                .send()
        };

        let uploaded = upload(&builder, "letter", "claim.txt", b"Policy number: PN-7")
            .await
            .unwrap();
        assert_eq!(uploaded.status(), 201);
        let uploaded: Value = uploaded.json().await.unwrap();
        assert_eq!(uploaded["media_type"], "text/plain");
        let id = builder
            .start_test_run(&app, "claims", LETTER, json!({ "letter": uploaded["id"] }))
            .await;
        let run = builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(run["outputs"]["read"], "claim.txt: Policy number: PN-7");

        // A file larger than a request without files may be is taken, up to the input's limit.
        let two_mib = upload(&builder, "letter", "long.txt", &vec![b'a'; 2 * 1024 * 1024])
            .await
            .unwrap();
        assert_eq!(two_mib.status(), 201);

        // Refused, keeping nothing: too large, not what the input accepts, not a file input.
        let too_large = upload(&builder, "letter", "big.txt", &vec![b'a'; 4_000_000])
            .await
            .unwrap();
        assert_eq!(too_large.status(), 413);
        assert_eq!(error_code(too_large).await, "payload_too_large");
        let image = upload(&builder, "letter", "scan.png", b"\x89PNG\r\n\x1a\n0000")
            .await
            .unwrap();
        assert_eq!(image.status(), 422);
        assert_eq!(error_code(image).await, "invalid_input");
        let not_a_file = upload(&builder, "note", "a.txt", b"text").await.unwrap();
        assert_eq!(not_a_file.status(), 422);

        // Only who uploaded a file may run with it; whoever may not try drafts here may not
        // upload.
        let admin = app.session("admin@demo.local").await;
        let theirs: Value = upload(&admin, "letter", "theirs.txt", b"Admin's")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let refused = builder
            .post(
                &app,
                "/api/v1/workspaces/claims/test-runs",
                json!({ "definition": LETTER, "inputs": { "letter": theirs["id"] } }),
            )
            .await;
        assert_eq!(refused.status(), 422);
        let consumer = app.session("consumer@demo.local").await;
        let forbidden = upload(&consumer, "letter", "claim.txt", b"text")
            .await
            .unwrap();
        assert_eq!(forbidden.status(), 403);
    }
}
