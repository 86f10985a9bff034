//! Promotion over HTTP, on every backend: a version moves dev → staging → prod only as each
//! environment's rule allows — evidence from below, approvals by someone who did not write it,
//! the policy of the environment checked at submission and again at deploy time — and a live
//! deployment can be rolled back and frozen.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, answer, error_code, save_and_cut, spawn_app};

const WORKFLOW: &str = "/api/v1/workspaces/it-service-desk/workflows/triage";

/// The triage workflow: `prompt` is what the model is asked; with `filing`, outages are also
/// filed through the ticketing connection (a branch not taken for other tickets).
fn triage(prompt: &str, filing: bool) -> String {
    let file = if filing {
        "
  - id: route
    uses: branch
    with:
      cases:
        - when: \"{{ inputs.subject == 'outage' }}\"
          then: [file]
  - id: file
    uses: connector
    with: { connection: tickets, action: create_ticket, input: { title: \"{{ inputs.subject }}\" } }"
    } else {
        ""
    };
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: triage
inputs:
  subject: {{ type: string, required: true, label: confidential }}
steps:
  - id: summary
    uses: llm
    with: {{ model: builtin, prompt: \"{prompt} {{{{ inputs.subject }}}}\" }}{file}
outputs:
  summary: \"{{{{ steps.summary.output }}}}\"
"
    )
}

/// A ticketing connection in every environment (nothing listens: the tests never file).
async fn bind_tickets_everywhere(admin: &Session, app: &TestApp) {
    admin
        .create_connection(
            app,
            json!({
                "name": "desk",
                "kind": "http",
                "description": "Ticketing",
                "settings": {
                    "base_url": "http://127.0.0.1:9",
                    "actions": [{
                        "name": "create_ticket", "access": "write", "method": "POST", "path": "/tickets",
                        "body": { "title": "{{ input.title }}" },
                        "input_schema": {
                            "type": "object", "required": ["title"],
                            "properties": { "title": { "type": "string" } }
                        }
                    }]
                },
                "read_label": "internal",
                "write_clearance": "confidential",
                "allowed_ranges": ["127.0.0.1/32"],
                "workspaces": ["it-service-desk"]
            }),
        )
        .await;
    for environment in ["dev", "staging", "prod"] {
        let response = admin
            .put(
                app,
                &format!("/api/v1/workspaces/it-service-desk/bindings/{environment}/tickets"),
                json!({ "connection": "desk" }),
            )
            .await;
        assert_eq!(response.status(), 200, "binding in {environment}");
    }
}

/// Saves the draft and cuts a version of it; answers the version's number.
async fn version_of(builder: &Session, app: &TestApp, definition: &str, message: &str) -> u64 {
    let (status, version) = save_and_cut(builder, app, WORKFLOW, definition, message).await;
    assert_eq!(status, 201, "{version}");
    version["number"].as_u64().unwrap()
}

async fn deploy(session: &Session, app: &TestApp, version: u64, environment: &str) -> (u16, Value) {
    answer(
        session
            .post(
                app,
                &format!("{WORKFLOW}/deployments"),
                json!({ "version": version, "environment": environment }),
            )
            .await,
    )
    .await
}

async fn submit(session: &Session, app: &TestApp, version: u64, environment: &str) -> (u16, Value) {
    answer(
        session
            .post(
                app,
                &format!("{WORKFLOW}/reviews"),
                json!({ "version": version, "environment": environment, "message": "Ready" }),
            )
            .await,
    )
    .await
}

async fn decide(session: &Session, app: &TestApp, review: &Value, decision: &str) -> (u16, Value) {
    let id = review["id"].as_str().unwrap();
    answer(
        session
            .post(
                app,
                &format!("/api/v1/reviews/{id}/decision"),
                json!({ "decision": decision, "comment": "Looked at the diff" }),
            )
            .await,
    )
    .await
}

/// Runs what is live in `environment` to the end; answers the run.
async fn run_live(session: &Session, app: &TestApp, environment: &str) -> Value {
    let (status, run) = answer(
        session
            .post(
                app,
                &format!("{WORKFLOW}/deployments/{environment}/runs"),
                json!({ "inputs": { "subject": "printer jam" } }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 202, "{run}");
    session
        .wait_for_run(app, run["id"].as_str().unwrap(), "succeeded")
        .await
}

/// The version live in each environment, in chain order.
async fn live_versions(session: &Session, app: &TestApp) -> Vec<Option<u64>> {
    let pipeline = session
        .get_json(app, &format!("{WORKFLOW}/deployments"))
        .await;
    pipeline["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|stage| stage["live"]["version"].as_u64())
        .collect()
}

/// Takes `version` from dev (deployed by the builder, run there) up to `target`, approving
/// each review as the approver.
async fn promote(builder: &Session, approver: &Session, app: &TestApp, version: u64, target: &str) {
    let (status, body) = deploy(builder, app, version, "dev").await;
    assert_eq!(status, 201, "{body}");
    run_live(builder, app, "dev").await;
    for environment in ["staging", "prod"] {
        let (status, review) = submit(builder, app, version, environment).await;
        assert_eq!(status, 201, "{review}");
        let (status, decided) = decide(approver, app, &review, "approve").await;
        assert_eq!(status, 200, "{decided}");
        assert_eq!(decided["status"], "deployed");
        if environment == target {
            return;
        }
        run_live(builder, app, environment).await;
    }
}

#[tokio::test]
async fn a_version_reaches_prod_only_after_evidence_and_approvals_by_someone_else() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let approver = app.session("approver@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        bind_tickets_everywhere(&admin, &app).await;
        let v1 = version_of(&builder, &app, &triage("Summarise:", false), "First").await;

        // A builder cannot deploy to staging or prod: the rule asks for a review.
        for environment in ["staging", "prod"] {
            let refused = builder
                .post(
                    &app,
                    &format!("{WORKFLOW}/deployments"),
                    json!({ "version": v1, "environment": environment }),
                )
                .await;
            assert_eq!(refused.status(), 403);
            assert_eq!(error_code(refused).await, "review_required");
        }
        // Nor submit a version that never ran in dev.
        let untried = builder
            .post(
                &app,
                &format!("{WORKFLOW}/reviews"),
                json!({ "version": v1, "environment": "staging", "message": "Ready" }),
            )
            .await;
        assert_eq!(untried.status(), 409);
        assert_eq!(error_code(untried).await, "evidence_required");

        // In dev the builder deploys at will, and runs what is live there.
        let (status, deployed) = deploy(&builder, &app, v1, "dev").await;
        assert_eq!(status, 201, "{deployed}");
        assert_eq!(deployed["how"], "direct");
        let run = run_live(&builder, &app, "dev").await;
        assert!(run["outputs"]["summary"].is_string(), "{run}");
        assert_eq!(run["environment"], "dev");
        assert_eq!(run["version"], v1);

        let (status, review) = submit(&builder, &app, v1, "staging").await;
        assert_eq!(status, 201, "{review}");
        assert_eq!(review["status"], "open");
        assert_eq!(review["approvals_required"], 1);
        assert_eq!(review["evidence"][0]["run"], run["id"]);
        assert_eq!(review["changes"]["from"], "nothing");
        assert_eq!(review["violations"], json!([]));
        let again = submit(&builder, &app, v1, "staging").await;
        assert_eq!(again.0, 409, "one open review per version and environment");

        // The builder holds no approver role; given one, they still may not approve their
        // own change.
        let (status, own) = decide(&builder, &app, &review, "approve").await;
        assert_eq!(status, 403, "{own}");
        assert_eq!(own["error"]["code"], "forbidden");
        let mine = builder
            .get_json(
                &app,
                &format!("/api/v1/reviews/{}", review["id"].as_str().unwrap()),
            )
            .await;
        assert!(
            mine["your_part"]["reason"]
                .as_str()
                .unwrap()
                .contains("you submitted this review"),
            "{mine}"
        );
        let users = admin.get_json(&app, "/api/v1/users").await;
        let builder_id = users["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|user| user["email"] == "builder@demo.local")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let granted = admin
            .post(
                &app,
                &format!("/api/v1/users/{builder_id}/grants"),
                json!({ "role": "approver", "workspace": "it-service-desk" }),
            )
            .await;
        assert!(granted.status().is_success(), "{}", granted.status());
        let builder = app.session("builder@demo.local").await;
        let (status, own) = decide(&builder, &app, &review, "approve").await;
        assert_eq!(status, 403, "{own}");
        assert_eq!(own["error"]["code"], "separation_of_duties");
        let seen = builder
            .get_json(
                &app,
                &format!("/api/v1/reviews/{}", review["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(seen["your_part"]["may_decide"], false);
        assert_eq!(live_versions(&builder, &app).await, [Some(v1), None, None]);

        // The approver's inbox holds it; their approval deploys the same version.
        let inbox = approver.get_json(&app, "/api/v1/reviews").await;
        assert_eq!(inbox["reviews"][0]["id"], review["id"], "{inbox}");
        assert_eq!(inbox["reviews"][0]["awaiting_you"], true);
        let (status, decided) = decide(&approver, &app, &review, "approve").await;
        assert_eq!(status, 200, "{decided}");
        assert_eq!(decided["status"], "deployed");
        assert_eq!(decided["events"][0]["kind"], "approve");
        let (status, closed) = decide(&approver, &app, &review, "reject").await;
        assert_eq!(status, 409);
        assert_eq!(closed["error"]["code"], "review_closed");
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v1), Some(v1), None]
        );

        // Prod wants a successful run in staging first, then an approval.
        let (status, early) = submit(&builder, &app, v1, "prod").await;
        assert_eq!(status, 409);
        assert_eq!(early["error"]["code"], "evidence_required");
        run_live(&builder, &app, "staging").await;
        let (status, review) = submit(&builder, &app, v1, "prod").await;
        assert_eq!(status, 201, "{review}");
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v1), Some(v1), None],
            "nothing reaches prod before its approvals"
        );
        let (status, decided) = decide(&approver, &app, &review, "approve").await;
        assert_eq!(status, 200, "{decided}");
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v1), Some(v1), Some(v1)]
        );

        // Each step is in the audit trail.
        let audit = admin.get_json(&app, "/api/v1/audit/events?limit=200").await;
        let actions: Vec<&str> = audit["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|event| event["action"].as_str())
            .collect();
        for action in [
            "review.submitted",
            "review.approved",
            "workflow.deployed",
            "permission.denied",
        ] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn the_review_shows_what_changes_against_the_live_version() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let approver = app.session("approver@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        bind_tickets_everywhere(&admin, &app).await;
        let v1 = version_of(&builder, &app, &triage("Summarise:", false), "First").await;
        promote(&builder, &approver, &app, v1, "staging").await;

        let v2 = version_of(
            &builder,
            &app,
            &triage("Summarise briefly:", true),
            "File outages",
        )
        .await;
        deploy(&builder, &app, v2, "dev").await;
        run_live(&builder, &app, "dev").await;
        let (status, review) = submit(&builder, &app, v2, "staging").await;
        assert_eq!(status, 201, "{review}");
        assert_eq!(review["live_version"], v1);
        assert_eq!(review["compared_with"], v1);
        let changes = &review["changes"];
        assert_eq!(changes["from"], format!("v{v1}"));
        assert_eq!(changes["to"], format!("v{v2}"));
        let semantic = &changes["semantic"];
        assert!(
            semantic["uses_added"]
                .as_array()
                .unwrap()
                .iter()
                .any(|used| used.as_str().unwrap().contains("create_ticket")),
            "{semantic}"
        );
        let summary = semantic["steps_changed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|step| step["id"] == "summary")
            .expect("the summary step changed");
        let prompt = summary["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|field| field["path"] == "with.prompt")
            .expect("its prompt changed");
        let added: Vec<&str> = prompt["words"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|run| run["op"] == "added")
            .filter_map(|run| run["text"].as_str())
            .collect();
        assert!(
            added.iter().any(|text| text.contains("briefly")),
            "{prompt}"
        );
        assert!(
            changes["text"]
                .as_array()
                .unwrap()
                .iter()
                .any(|line| line["op"] == "added"
                    && line["text"].as_str().unwrap().contains("connector")),
            "the YAML diff shows the new step"
        );

        // Once deployed, the review still shows what it changed.
        let (status, decided) = decide(&approver, &app, &review, "approve").await;
        assert_eq!(status, 200, "{decided}");
        assert_eq!(decided["live_version"], v2);
        assert_eq!(decided["compared_with"], v1);
        assert_eq!(decided["changes"]["from"], format!("v{v1}"));
        assert_eq!(
            decided["changes"]["semantic"],
            review["changes"]["semantic"]
        );
    }
}

#[tokio::test]
async fn rollback_and_freeze_act_at_once_and_are_audited() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let approver = app.session("approver@demo.local").await;
        let operator = app.session("operator@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        bind_tickets_everywhere(&admin, &app).await;
        let v1 = version_of(&builder, &app, &triage("Summarise:", false), "First").await;
        promote(&builder, &approver, &app, v1, "prod").await;
        let v2 = version_of(&builder, &app, &triage("Sum up:", false), "Shorter").await;
        promote(&builder, &approver, &app, v2, "prod").await;
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v2), Some(v2), Some(v2)]
        );

        // Under prod's rule a rollback needs a review; an emergency rollback is an admin's.
        let rollback = |version: u64, emergency: bool, reason: &str| json!({ "version": version, "emergency": emergency, "reason": reason });
        let path = format!("{WORKFLOW}/deployments/prod/rollback");
        let refused = builder.post(&app, &path, rollback(v1, false, "")).await;
        assert_eq!(error_code(refused).await, "review_required");
        let refused = builder
            .post(&app, &path, rollback(v1, true, "Broken"))
            .await;
        assert_eq!(refused.status(), 403);
        let no_reason = admin.post(&app, &path, rollback(v1, true, " ")).await;
        assert_eq!(no_reason.status(), 422);
        let never = admin.post(&app, &path, rollback(99, true, "x")).await;
        assert_eq!(never.status(), 404);
        let (status, rolled) = answer(
            admin
                .post(&app, &path, rollback(v1, true, "v2 misroutes tickets"))
                .await,
        )
        .await;
        assert_eq!(status, 201, "{rolled}");
        assert_eq!(rolled["how"], "emergency_rollback");
        assert_eq!(rolled["reason"], "v2 misroutes tickets");
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v2), Some(v2), Some(v1)]
        );
        // In dev, where builders deploy at will, they roll back themselves.
        let (status, back) = answer(
            builder
                .post(
                    &app,
                    &format!("{WORKFLOW}/deployments/dev/rollback"),
                    rollback(v1, false, ""),
                )
                .await,
        )
        .await;
        assert_eq!(status, 201, "{back}");
        assert_eq!(back["how"], "rollback");

        // Freeze: operators and admins only; new runs are refused until unfrozen.
        let freeze_path = format!("{WORKFLOW}/deployments/prod/freeze");
        let freeze = json!({ "reason": "Investigating wrong routing", "in_flight": "cancel" });
        let refused = builder.post(&app, &freeze_path, freeze.clone()).await;
        assert_eq!(refused.status(), 403);
        let (status, frozen) =
            answer(operator.post(&app, &freeze_path, freeze.clone()).await).await;
        assert_eq!(status, 200, "{frozen}");
        assert_eq!(frozen["frozen"]["by"], "operator@demo.local");
        let twice = operator.post(&app, &freeze_path, freeze).await;
        assert_eq!(error_code(twice).await, "frozen");
        let run = builder
            .post(
                &app,
                &format!("{WORKFLOW}/deployments/prod/runs"),
                json!({ "inputs": { "subject": "x" } }),
            )
            .await;
        assert_eq!(run.status(), 409);
        assert_eq!(error_code(run).await, "frozen");
        let (status, thawed) = answer(
            operator
                .post(
                    &app,
                    &format!("{WORKFLOW}/deployments/prod/unfreeze"),
                    json!({}),
                )
                .await,
        )
        .await;
        assert_eq!(status, 200, "{thawed}");
        assert!(thawed["frozen"].is_null());
        run_live(&builder, &app, "prod").await;

        let audit = admin.get_json(&app, "/api/v1/audit/events?limit=300").await;
        let actions: Vec<&str> = audit["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|event| event["action"].as_str())
            .collect();
        for action in [
            "deployment.rolled_back",
            "deployment.frozen",
            "deployment.unfrozen",
        ] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn a_version_that_breaks_prod_policy_is_not_deployed() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let approver = app.session("approver@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        bind_tickets_everywhere(&admin, &app).await;
        let v1 = version_of(&builder, &app, &triage("Summarise:", true), "Filing").await;
        promote(&builder, &approver, &app, v1, "staging").await;
        run_live(&builder, &app, "staging").await;
        let (status, review) = submit(&builder, &app, v1, "prod").await;
        assert_eq!(status, 201, "{review}");

        // Prod's ticketing is now a system cleared only for internal data: the confidential
        // subject may not go there, and the approval that would deploy it is refused.
        let mut strict = admin.get_json(&app, "/api/v1/connections/desk").await;
        strict["name"] = json!("desk-strict");
        strict["write_clearance"] = json!("internal");
        let created = admin
            .post(
                &app,
                "/api/v1/connections",
                json!({
                    "name": "desk-strict", "kind": "http", "description": "Strict",
                    "settings": strict["settings"], "read_label": "internal",
                    "write_clearance": "internal", "allowed_ranges": ["127.0.0.1/32"],
                    "workspaces": ["it-service-desk"]
                }),
            )
            .await;
        assert_eq!(created.status(), 201);
        let rebound = admin
            .put(
                &app,
                "/api/v1/workspaces/it-service-desk/bindings/prod/tickets",
                json!({ "connection": "desk-strict" }),
            )
            .await;
        assert_eq!(rebound.status(), 200);
        let fresh = approver
            .get_json(
                &app,
                &format!("/api/v1/reviews/{}", review["id"].as_str().unwrap()),
            )
            .await;
        assert!(
            !fresh["violations"].as_array().unwrap().is_empty(),
            "the review shows the violation now: {fresh}"
        );
        let (status, refused) = decide(&approver, &app, &review, "approve").await;
        assert_eq!(status, 409, "{refused}");
        assert_eq!(refused["error"]["code"], "policy_violation");
        assert!(
            !refused["error"]["details"]["violations"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            live_versions(&builder, &app).await,
            [Some(v1), Some(v1), None],
            "nothing reached prod"
        );
        let still = approver
            .get_json(
                &app,
                &format!("/api/v1/reviews/{}", review["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(still["status"], "open");
        assert_eq!(still["approvals"], 0, "the refused approval is not kept");

        // A new submission is refused outright, and the refusal was audited.
        let closed = decide(&approver, &app, &review, "reject").await;
        assert_eq!(closed.0, 200);
        let (status, again) = submit(&builder, &app, v1, "prod").await;
        assert_eq!(status, 409);
        assert_eq!(again["error"]["code"], "policy_violation");
        let audit = admin.get_json(&app, "/api/v1/audit/events?limit=300").await;
        assert!(
            audit["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|event| event["action"] == "deployment.refused"),
            "{audit}"
        );
    }
}

#[tokio::test]
async fn admins_shape_the_chain_and_its_rules() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let chain = builder.get_json(&app, "/api/v1/environments").await;
        let slugs: Vec<&str> = chain["environments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["dev", "staging", "prod"]);
        assert_eq!(chain["environments"][0]["rule"]["author_may_deploy"], true);
        assert_eq!(chain["environments"][2]["rule"]["approvals_required"], 1);

        let rule = json!({
            "approvals_required": 2,
            "approver_groups": ["IT approvers"],
            "author_may_deploy": false,
            "evidence_required": true,
            "freeze_windows": [{
                "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2999-01-01T00:00:00Z",
                "reason": "Forever frozen"
            }]
        });
        let refused = builder
            .put(
                &app,
                "/api/v1/environments/prod",
                json!({ "name": "Production", "rule": rule }),
            )
            .await;
        assert_eq!(refused.status(), 403);
        let (status, updated) = answer(
            admin
                .put(
                    &app,
                    "/api/v1/environments/prod",
                    json!({ "name": "Production", "rule": rule }),
                )
                .await,
        )
        .await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["rule"]["approver_groups"], json!(["IT approvers"]));
        assert_eq!(updated["frozen_now"]["reason"], "Forever frozen");

        for bad in [
            json!({ "approvals_required": 11, "author_may_deploy": false, "evidence_required": true }),
            json!({ "approvals_required": 1, "approver_groups": ["Nobody"], "author_may_deploy": false, "evidence_required": true }),
            json!({ "approvals_required": 1, "author_may_deploy": false, "evidence_required": true,
                    "freeze_windows": [{ "starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z", "reason": "x" }] }),
        ] {
            let response = admin
                .put(
                    &app,
                    "/api/v1/environments/staging",
                    json!({ "name": "Staging", "rule": bad }),
                )
                .await;
            assert_eq!(response.status(), 422, "{bad}");
        }

        let (status, made) = answer(
            admin
                .post(
                    &app,
                    "/api/v1/environments",
                    json!({ "slug": "uat", "name": "Acceptance", "rule": {
                        "approvals_required": 1, "author_may_deploy": false, "evidence_required": true
                    }}),
                )
                .await,
        )
        .await;
        assert_eq!(status, 201, "{made}");
        assert_eq!(made["position"], 3);
        let bad_order = admin
            .post(
                &app,
                "/api/v1/environments/reorder",
                json!({ "order": ["dev", "uat", "prod"] }),
            )
            .await;
        assert_eq!(bad_order.status(), 422);
        let (status, reordered) = answer(
            admin
                .post(
                    &app,
                    "/api/v1/environments/reorder",
                    json!({ "order": ["dev", "staging", "uat", "prod"] }),
                )
                .await,
        )
        .await;
        assert_eq!(status, 200, "{reordered}");
        assert_eq!(reordered["environments"][2]["slug"], "uat");
        assert_eq!(reordered["environments"][3]["slug"], "prod");
        // Nothing is deployed during a freeze window, not even where builders deploy at will.
        let frozen_dev = json!({
            "approvals_required": 0, "author_may_deploy": true, "evidence_required": false,
            "freeze_windows": [{
                "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2999-01-01T00:00:00Z",
                "reason": "Migration weekend"
            }]
        });
        let response = admin
            .put(
                &app,
                "/api/v1/environments/dev",
                json!({ "name": "Development", "rule": frozen_dev }),
            )
            .await;
        assert_eq!(response.status(), 200);
        let v1 = version_of(&builder, &app, &triage("Summarise:", false), "First").await;
        let (status, refused) = deploy(&builder, &app, v1, "dev").await;
        assert_eq!(status, 409, "{refused}");
        assert_eq!(refused["error"]["code"], "frozen");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Migration weekend")
        );
        assert_eq!(live_versions(&builder, &app).await[0], None);

        let removed = admin.delete(&app, "/api/v1/environments/uat").await;
        assert_eq!(removed.status(), 204);
        let chain = admin.get_json(&app, "/api/v1/environments").await;
        assert_eq!(chain["environments"][2]["slug"], "prod");
        assert_eq!(chain["environments"][2]["position"], 2);
    }
}

/// The audit actions recorded so far.
async fn audited(admin: &Session, app: &TestApp) -> Vec<String> {
    let audit = admin.get_json(app, "/api/v1/audit/events?limit=500").await;
    audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["action"].as_str().map(str::to_owned))
        .collect()
}

async fn set_builtin_clearance(admin: &Session, app: &TestApp, clearance: &str) {
    let response = admin
        .put(
            app,
            "/api/v1/models/builtin",
            json!({ "name": "builtin", "provider": "builtin", "all_workspaces": true, "clearance": clearance }),
        )
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn policy_drift_is_told_and_an_admin_grants_a_time_limited_exception() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let approver = app.session("approver@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        let consumer = app.session("consumer@demo.local").await;
        bind_tickets_everywhere(&admin, &app).await;
        let v1 = version_of(&builder, &app, &triage("Summarise:", false), "First").await;
        promote(&builder, &approver, &app, v1, "prod").await;
        let none = builder.get_json(&app, "/api/v1/policy-drift").await;
        assert_eq!(none["drifted"], json!([]));

        // The built-in model is now cleared only for internal data: the confidential subject
        // may no longer reach it, in every environment where v1 is live.
        set_builtin_clearance(&admin, &app, "internal").await;
        let drift = builder.get_json(&app, "/api/v1/policy-drift").await;
        let places: Vec<&str> = drift["drifted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|notice| notice["environment"].as_str().unwrap())
            .collect();
        assert_eq!(places, ["dev", "staging", "prod"], "{drift}");
        assert!(drift["drifted"][2]["exception"].is_null());
        assert_eq!(
            consumer.get_json(&app, "/api/v1/policy-drift").await["drifted"],
            json!([]),
            "only those who may see deployments are told"
        );
        // The background check records each drift once in the audit trail (and so the SIEM).
        let mut noticed = 0;
        for _ in 0..100 {
            noticed = audited(&admin, &app)
                .await
                .iter()
                .filter(|action| *action == "deployment.policy_drift")
                .count();
            if noticed >= 3 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(noticed, 3);

        // Runs are held at the sink meanwhile.
        let (_, run) = answer(
            builder
                .post(
                    &app,
                    &format!("{WORKFLOW}/deployments/prod/runs"),
                    json!({ "inputs": { "subject": "printer jam" } }),
                )
                .await,
        )
        .await;
        let failed = builder
            .wait_for_run(&app, run["id"].as_str().unwrap(), "failed")
            .await;
        assert!(failed.to_string().contains("blocked by policy"), "{failed}");

        // An admin grants prod a time-limited exception; builders may not, nor for long.
        let path = format!("{WORKFLOW}/deployments/prod/exception");
        let tomorrow = paddock_core::time::Timestamp::now()
            .plus(std::time::Duration::from_secs(24 * 3600))
            .to_rfc3339();
        let exception = json!({ "reason": "Clearance under review", "until": tomorrow });
        let refused = builder.post(&app, &path, exception.clone()).await;
        assert_eq!(refused.status(), 403);
        for until in ["2020-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "soon"] {
            let refused = admin
                .post(&app, &path, json!({ "reason": "x", "until": until }))
                .await;
            assert_eq!(refused.status(), 422, "{until}");
        }
        let (status, granted) = answer(admin.post(&app, &path, exception).await).await;
        assert_eq!(status, 201, "{granted}");
        let drift = admin.get_json(&app, "/api/v1/policy-drift").await;
        assert_eq!(
            drift["drifted"][2]["exception"]["reason"],
            "Clearance under review"
        );
        run_live(&builder, &app, "prod").await;
        let actions = audited(&admin, &app).await;
        assert!(actions.iter().any(|a| a == "deployment.exception_granted"));
        assert!(actions.iter().any(|a| a == "policy.exception_used"));
        // Staging has no exception: still held.
        let (_, run) = answer(
            builder
                .post(
                    &app,
                    &format!("{WORKFLOW}/deployments/staging/runs"),
                    json!({ "inputs": { "subject": "printer jam" } }),
                )
                .await,
        )
        .await;
        builder
            .wait_for_run(&app, run["id"].as_str().unwrap(), "failed")
            .await;

        set_builtin_clearance(&admin, &app, "restricted/*").await;
        let none = builder.get_json(&app, "/api/v1/policy-drift").await;
        assert_eq!(none["drifted"], json!([]));
    }
}
