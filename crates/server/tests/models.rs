//! The model registry over HTTP, on every backend: an administrator points a model at a
//! provider (a local server speaking the OpenAI wire protocol), runs use it with tokens and
//! cost recorded, and the registry's rules — access, budgets, switching off — hold before any
//! request reaches the provider. Credentials never come back out.

mod support;

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, error_code, spawn_app};

const API_KEY: &str = "sk-demo-not-for-sharing-7731";

/// What the fake provider was sent: the Authorization header and the body.
type Received = Arc<Mutex<Vec<(String, Value)>>>;

/// An OpenAI-compatible server: structured requests get the claim's fields, others a summary.
async fn fake_openai() -> (String, Received) {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .route("/v1/chat/completions", axum::routing::post(complete))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}/v1"), received)
}

async fn complete(
    State(received): State<Received>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    received
        .lock()
        .unwrap()
        .push((authorization.clone(), body.clone()));
    if authorization != format!("Bearer {API_KEY}") {
        // Like some gateways, it echoes what it was sent.
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": { "message": format!("bad key: {authorization}") } })),
        );
    }
    let prompt = body["messages"].as_array().unwrap().last().unwrap()["content"]
        .as_str()
        .unwrap()
        .to_owned();
    let content = if body.get("response_format").is_some() {
        json!({ "policy_number": "PN-9", "amount": 2400, "items": ["windscreen", "mirror"] })
            .to_string()
    } else {
        format!("Noted: {}", prompt.trim_start_matches("Assess "))
    };
    (
        StatusCode::OK,
        Json(json!({
            "choices": [{ "message": { "role": "assistant", "content": content } }],
            "usage": { "prompt_tokens": 1000, "completion_tokens": 250 },
        })),
    )
}

const CLAIM_REVIEW: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-review
inputs:
  letter: { type: string, required: true }
steps:
  - id: fields
    uses: llm.extract
    with:
      model: hosted-general
      text: "{{ inputs.letter }}"
      schema:
        type: object
        required: [policy_number, amount, items]
        properties:
          policy_number: { type: string }
          amount: { type: number }
          items: { type: array, items: { type: string } }
  - id: size
    uses: branch
    with:
      cases:
        - when: "{{ steps.fields.output.amount > 1000 }}"
          then: [assess, sign_off]
      default: [auto_accept]
  - id: assess
    uses: map
    with:
      items: "{{ steps.fields.output['items'] }}"
      concurrency: 2
      steps:
        - id: note
          uses: llm
          with: { model: hosted-general, prompt: "Assess {{ item }}" }
  - id: sign_off
    uses: approval
    needs: [assess]
    with:
      title: "Claim {{ steps.fields.output.policy_number }}"
      approvers: { users: [approver@demo.local] }
  - id: auto_accept
    uses: template
    with: { value: { decision: accepted } }
  - id: result
    uses: output
    needs: [sign_off, auto_accept]
    with:
      values:
        policy: "{{ steps.fields.output.policy_number }}"
        notes: "{{ steps.assess.output }}"
        decision: "{{ (steps.sign_off.output or steps.auto_accept.output).decision }}"
"#;

/// The demo's unconfigured `hosted-general`, pointed at `endpoint` and switched on.
fn configured(endpoint: &str) -> Value {
    json!({
        "name": "hosted-general",
        "provider": "openai",
        "description": "General model",
        "endpoint": endpoint,
        "model_id": "gpt-test",
        "credential": API_KEY,
        "input_price_per_million": 2.5,
        "output_price_per_million": 10.0,
        "all_workspaces": true,
        "enabled": true,
    })
}

async fn start(session: &Session, app: &TestApp, workspace: &str, definition: &str) -> String {
    let inputs = json!({ "letter": "Claim letter" });
    session
        .start_test_run(app, workspace, definition, inputs)
        .await
}

fn step<'a>(run: &'a Value, key: &str) -> &'a Value {
    run["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no step {key} in {run}"))
}

#[tokio::test]
async fn a_workflow_runs_end_to_end_on_a_configured_provider_with_tokens_and_cost() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (endpoint, received) = fake_openai().await;
        let admin = app.session("admin@demo.local").await;

        let listed = admin.get_json(&app, "/api/v1/models").await;
        let names: Vec<&str> = listed["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["builtin", "hosted-general", "private-secure"]);
        assert_eq!(
            listed["models"][1]["ready"], false,
            "the demo leaves it off"
        );

        let saved = admin
            .put(&app, "/api/v1/models/hosted-general", configured(&endpoint))
            .await;
        assert_eq!(saved.status(), 200, "{}", app.backend);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["credential_set"], true);
        assert_eq!(saved["ready"], true);
        assert!(!saved.to_string().contains(API_KEY));

        let trial = admin
            .post(&app, "/api/v1/models/hosted-general/test", json!({}))
            .await;
        let trial: Value = trial.json().await.unwrap();
        assert_eq!(trial["ok"], true, "{trial}");

        let builder = app.session("builder@demo.local").await;
        let id = start(&builder, &app, "claims", CLAIM_REVIEW).await;
        let waiting = builder.wait_for_run(&app, &id, "waiting").await;
        let fields = step(&waiting, "fields");
        assert_eq!(fields["output"]["policy_number"], "PN-9");
        assert_eq!(fields["model"], "hosted-general");
        assert_eq!(fields["input_tokens"], 1000);
        assert_eq!(fields["output_tokens"], 250);
        // $2.50 per million in and $10 out: 2,500 + 2,500 millionths of a dollar.
        assert_eq!(fields["cost"], 0.005);
        assert_eq!(step(&waiting, "auto_accept")["status"], "skipped");

        let approver = app.session("approver@demo.local").await;
        let decided = approver
            .decide(
                &app,
                &id,
                "sign_off",
                json!({ "decision": "approve", "comment": "fine" }),
            )
            .await;
        assert_eq!(decided.status(), 200);
        let done = builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(
            done["outputs"],
            json!({
                "policy": "PN-9",
                "notes": ["Noted: windscreen", "Noted: mirror"],
                "decision": "approved",
            })
        );

        // One call to try the model, one extraction and one per item; each with the key.
        let sent = received.lock().unwrap().clone();
        assert_eq!(sent.len(), 4);
        assert!(sent.iter().all(
            |(auth, body)| auth == &format!("Bearer {API_KEY}") && body["model"] == "gpt-test"
        ));

        // The month's use is counted against the workspace (the trial is not).
        let model = admin.get_json(&app, "/api/v1/models/hosted-general").await;
        let usage = &model["usage"][0];
        assert_eq!(usage["workspace"], "claims");
        assert_eq!(usage["calls"], 3);
        assert_eq!(usage["input_tokens"], 3000);
        assert_eq!(usage["output_tokens"], 750);
        assert_eq!(usage["cost"], 0.015);

        // The credential is nowhere to be read: not in the API, the run or the audit trail.
        let audit = admin
            .get(&app, "/api/v1/audit/events")
            .await
            .text()
            .await
            .unwrap();
        assert!(audit.contains("model.updated"));
        let run = builder
            .get(&app, &format!("/api/v1/runs/{id}"))
            .await
            .text()
            .await
            .unwrap();
        for text in [&audit, &run, &model.to_string()] {
            assert!(!text.contains(API_KEY), "{}", app.backend);
        }
    }
}

#[tokio::test]
async fn the_same_workflow_runs_end_to_end_on_the_built_in_model() {
    let on_builtin = CLAIM_REVIEW.replace("model: hosted-general", "model: builtin");
    let letter = "Policy number: PN-3\nAmount: 4800\nItems: windscreen, mirror\n";
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.session("builder@demo.local").await;
        let id = builder
            .start_test_run(&app, "claims", &on_builtin, json!({ "letter": letter }))
            .await;
        builder.wait_for_run(&app, &id, "waiting").await;
        let approver = app.session("approver@demo.local").await;
        let decided = approver
            .decide(
                &app,
                &id,
                "sign_off",
                json!({ "decision": "reject", "comment": "no receipts" }),
            )
            .await;
        assert_eq!(decided.status(), 200);
        let done = builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(
            done["outputs"],
            json!({
                "policy": "PN-3",
                "notes": ["Assess windscreen", "Assess mirror"],
                "decision": "rejected",
            }),
            "{}",
            app.backend
        );
        assert_eq!(
            step(&done, "fields")["cost"],
            0.0,
            "the built-in model is free"
        );
    }
}

#[tokio::test]
async fn the_registry_refuses_calls_it_does_not_allow_before_they_reach_the_provider() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (endpoint, received) = fake_openai().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let failure = |run: &Value| step(run, "fields")["error"].as_str().unwrap().to_owned();

        // Only it-service-desk may use it.
        let mut settings = configured(&endpoint);
        settings["all_workspaces"] = json!(false);
        settings["workspaces"] = json!([{ "workspace": "it-service-desk" }]);
        admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await;
        let id = start(&builder, &app, "claims", CLAIM_REVIEW).await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            failure(&failed).contains("this workspace may not use the model 'hosted-general'"),
            "{failed}"
        );

        // A budget smaller than one call: refused up front, with the numbers.
        settings["workspaces"] = json!([{ "workspace": "claims", "monthly_token_budget": 100 }]);
        admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await;
        let id = start(&builder, &app, "claims", CLAIM_REVIEW).await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            failure(&failed).contains("monthly budget for 'hosted-general' would be exceeded: 0 of 100 tokens used this month"),
            "{failed}"
        );

        // Switched off.
        settings["workspaces"] = json!([{ "workspace": "claims" }]);
        settings["enabled"] = json!(false);
        admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await;
        let id = start(&builder, &app, "claims", CLAIM_REVIEW).await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(failure(&failed).contains("switched off"), "{failed}");
        assert!(
            received.lock().unwrap().is_empty(),
            "nothing reached the provider"
        );

        // A wrong key: the provider's answer is shown, the key it echoed is not.
        settings["enabled"] = json!(true);
        settings["credential"] = json!("sk-wrong-key-123");
        admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await;
        let id = start(&builder, &app, "claims", CLAIM_REVIEW).await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            failure(&failed)
                .contains("openai answered 401 Unauthorized: bad key: Bearer [credential]"),
            "{failed}"
        );

        // Leaving the credential out keeps it; an empty one removes it. Sending the model
        // elsewhere needs the key entered again: the stored one goes only where it was set for.
        settings.as_object_mut().unwrap().remove("credential");
        let mut elsewhere = settings.clone();
        elsewhere["endpoint"] = json!("https://attacker.example/v1");
        let moved = admin
            .put(&app, "/api/v1/models/hosted-general", elsewhere)
            .await;
        assert_eq!(moved.status(), 422);
        assert_eq!(error_code(moved).await, "invalid_input");
        let kept: Value = admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(kept["credential_set"], true);
        settings["credential"] = json!("");
        let cleared: Value = admin
            .put(&app, "/api/v1/models/hosted-general", settings)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(cleared["credential_set"], false);
    }
}

#[tokio::test]
async fn builders_pick_from_the_models_open_to_their_workspace_and_see_no_secret() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (endpoint, _) = fake_openai().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let names = |list: &Value| -> Vec<String> {
            let mut names: Vec<String> = list["models"]
                .as_array()
                .unwrap()
                .iter()
                .map(|model| model["name"].as_str().unwrap().to_owned())
                .collect();
            names.sort();
            names
        };

        let mut settings = configured(&endpoint);
        settings["all_workspaces"] = json!(false);
        settings["workspaces"] = json!([{ "workspace": "it-service-desk" }]);
        admin
            .put(&app, "/api/v1/models/hosted-general", settings.clone())
            .await;
        let claims = builder
            .get_json(&app, "/api/v1/workspaces/claims/models")
            .await;
        assert!(
            !names(&claims).contains(&"hosted-general".to_owned()),
            "{claims}"
        );
        assert!(names(&claims).contains(&"builtin".to_owned()), "{claims}");
        let desk = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/models")
            .await;
        let hosted = desk["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|model| model["name"] == "hosted-general")
            .unwrap_or_else(|| panic!("{desk}"));
        assert_eq!(hosted["ready"], true);
        assert_eq!(hosted["clearance"], "internal");
        assert_eq!(hosted["input_price_per_million"], 2.5);
        let text = desk.to_string();
        assert!(
            !text.contains(API_KEY) && !text.contains(&endpoint) && !text.contains("gpt-test"),
            "no credential, endpoint or provider id: {text}"
        );

        // Switched off: not offered.
        settings["enabled"] = json!(false);
        admin
            .put(&app, "/api/v1/models/hosted-general", settings)
            .await;
        let desk = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/models")
            .await;
        assert!(
            !names(&desk).contains(&"hosted-general".to_owned()),
            "{desk}"
        );

        // Someone who does not build there is refused; an unknown workspace is not found.
        let consumer = app.session("consumer@demo.local").await;
        let refused = consumer.get(&app, "/api/v1/workspaces/claims/models").await;
        assert_eq!(refused.status(), 403);
        let missing = builder
            .get(&app, "/api/v1/workspaces/no-such-team/models")
            .await;
        assert_eq!(missing.status(), 404);
    }
}

#[tokio::test]
async fn bad_model_settings_are_refused_and_change_nothing() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let before = admin.get_json(&app, "/api/v1/models").await;
        let base = json!({
            "name": "team-model", "provider": "openai",
            "endpoint": "https://llm.example.com/v1", "model_id": "m1",
        });
        let with = |field: &str, value: Value| {
            let mut body = base.clone();
            body[field] = value;
            body
        };
        let cases = [
            (with("name", json!("Team Model")), 422),
            (with("endpoint", json!("ftp://llm.example.com")), 422),
            (
                with("endpoint", json!("https://user:sk-123@llm.example.com/v1")),
                422,
            ),
            (with("endpoint", json!("not a url")), 422),
            (
                with("endpoint", json!("https://llm.example.com/v1?key=sk-123")),
                422,
            ),
            (with("provider", json!("builtin")), 422),
            (with("provider", json!("azure")), 400),
            (with("input_price_per_million", json!(-1)), 422),
            (with("timeout_seconds", json!(0)), 422),
            (with("monthly_token_budget", json!(0)), 422),
            (with("credential", json!("sk-1\r\nX-Injected: yes")), 422),
            (with("workspaces", json!([{ "workspace": "nowhere" }])), 422),
            (
                with(
                    "workspaces",
                    json!([{ "workspace": "claims" }, { "workspace": "claims" }]),
                ),
                422,
            ),
            (with("surprise", json!(true)), 400),
            (with("name", json!("builtin")), 409),
        ];
        for (body, status) in cases {
            let response = admin.post(&app, "/api/v1/models", body.clone()).await;
            assert_eq!(response.status(), status, "{body} on {}", app.backend);
            let code = error_code(response).await;
            let expected = match status {
                400 => "invalid_json",
                409 => "already_exists",
                _ => "invalid_input",
            };
            assert_eq!(code, expected, "{body}");
        }
        let missing = admin
            .put(&app, "/api/v1/models/nothing-here", base.clone())
            .await;
        assert_eq!(missing.status(), 404);
        assert_eq!(admin.get_json(&app, "/api/v1/models").await, before);

        // A good one is created, audited, and can be removed.
        let created = admin.post(&app, "/api/v1/models", base).await;
        assert_eq!(created.status(), 201);
        let removed = admin.delete(&app, "/api/v1/models/team-model").await;
        assert_eq!(removed.status(), 204);
        let audit = admin
            .get(&app, "/api/v1/audit/events")
            .await
            .text()
            .await
            .unwrap();
        assert!(audit.contains("model.created") && audit.contains("model.deleted"));
    }
}

/// One `llm` step sending its input to `model`; the input labelled `label` when given.
fn summarise(model: &str, label: Option<&str>) -> String {
    let label = label.map_or(String::new(), |label| format!(", label: {label}"));
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: summarise
inputs:
  note: {{ type: string, required: true{label} }}
steps:
  - id: gist
    uses: llm
    with: {{ model: {model}, prompt: \"Summarise: {{{{ inputs.note }}}}\" }}
outputs:
  gist: \"{{{{ steps.gist.output }}}}\"
"
    )
}

#[tokio::test]
async fn data_a_model_is_not_cleared_for_is_refused_at_the_call_and_audited() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (endpoint, received) = fake_openai().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        // Cleared for internal data without categories.
        admin
            .put(&app, "/api/v1/models/hosted-general", configured(&endpoint))
            .await;
        let run = |definition: String, note: &'static str| {
            let (builder, app) = (&builder, &app);
            async move {
                let id = builder
                    .start_test_run(app, "claims", &definition, json!({ "note": note }))
                    .await;
                builder.wait_for_run(app, &id, "failed").await
            }
        };

        // A confidential input: the label the static check finds is held to at the call.
        let failed = run(
            summarise("hosted-general", Some("confidential")),
            "Quarterly figures",
        )
        .await;
        let error = step(&failed, "gist")["error"].as_str().unwrap().to_owned();
        assert!(
            error.contains("blocked by policy: step gist sends confidential data to the model hosted-general, which is cleared only for internal"),
            "{error} on {}",
            app.backend
        );

        // An unlabelled input that turns out to hold personal data.
        let failed = run(
            summarise("hosted-general", None),
            "Call Jane on +44 20 7946 0958 or jane.doe@example.com",
        )
        .await;
        let error = step(&failed, "gist")["error"].as_str().unwrap().to_owned();
        assert!(error.contains("internal/pii"), "{error}");
        assert!(
            received.lock().unwrap().is_empty(),
            "nothing reached the provider"
        );

        let audited = admin
            .get_json(&app, "/api/v1/audit/events?action=model.blocked&limit=10")
            .await;
        let events = audited["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "{audited}");
        assert_eq!(events[0]["target"]["label"], "hosted-general");
        assert_eq!(events[0]["outcome"], "denied");
        assert_eq!(events[0]["summary"]["step"], "gist");

        // Harmless data goes through; a model cleared for it takes the personal data.
        let id = builder
            .start_test_run(
                &app,
                "claims",
                &summarise("hosted-general", None),
                json!({ "note": "The printer on floor three jams" }),
            )
            .await;
        builder.wait_for_run(&app, &id, "succeeded").await;
        let id = builder
            .start_test_run(
                &app,
                "claims",
                &summarise("builtin", Some("confidential/pii")),
                json!({ "note": "Call Jane on +44 20 7946 0958" }),
            )
            .await;
        builder.wait_for_run(&app, &id, "succeeded").await;
    }
}
