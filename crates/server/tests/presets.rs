//! Ticketing presets (Jira, ServiceNow, Zendesk) and chat webhooks (Slack, Teams), against a
//! local server that records what each system would have received.

mod support;

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, spawn_app};

/// Method, path, authorization and JSON body of each request.
type Seen = Arc<Mutex<Vec<(String, String, String, Value)>>>;

async fn recorder() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .fallback(record)
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), seen)
}

async fn record(State(seen): State<Seen>, request: Request) -> (StatusCode, Json<Value>) {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    seen.lock()
        .unwrap()
        .push((method.clone(), path, authorization, body));
    let status = if method == "POST" {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(json!({ "id": "7", "key": "OPS-7" })))
}

fn workflow(action: &str, input: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: ticket-flow
inputs:
  subject: {{ type: string }}
steps:
  - id: call
    uses: connector
    with: {{ connection: desk, action: {action}, input: {input} }}
"
    )
}

async fn succeed(builder: &Session, app: &TestApp, action: &str, input: &str) {
    let id = builder
        .start_test_run(
            app,
            "it-service-desk",
            &workflow(action, input),
            json!({ "subject": "VPN down" }),
        )
        .await;
    builder.wait_for_run(app, &id, "succeeded").await;
}

#[tokio::test]
async fn each_ticketing_preset_calls_its_systems_api_for_the_same_four_actions() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, seen) = recorder().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let presets = [
            (
                json!({ "system": "jira", "base_url": base, "auth": { "type": "basic", "username": "bot@example.com" }, "project": "OPS" }),
                [
                    ("POST", "/rest/api/2/issue"),
                    ("PUT", "/rest/api/2/issue/OPS-7"),
                    ("POST", "/rest/api/2/issue/OPS-7/comment"),
                    ("GET", "/rest/api/2/issue/OPS-7"),
                ],
            ),
            (
                json!({ "system": "servicenow", "base_url": base, "auth": { "type": "basic", "username": "bot" } }),
                [
                    ("POST", "/api/now/table/incident"),
                    ("PATCH", "/api/now/table/incident/OPS-7"),
                    ("PATCH", "/api/now/table/incident/OPS-7"),
                    ("GET", "/api/now/table/incident/OPS-7"),
                ],
            ),
            (
                json!({ "system": "zendesk", "base_url": base, "auth": { "type": "bearer" } }),
                [
                    ("POST", "/api/v2/tickets.json"),
                    ("PUT", "/api/v2/tickets/OPS-7.json"),
                    ("PUT", "/api/v2/tickets/OPS-7.json"),
                    ("GET", "/api/v2/tickets/OPS-7.json"),
                ],
            ),
        ];
        for (settings, expected) in presets {
            let system = settings["system"].as_str().unwrap().to_owned();
            let _ = admin.delete(&app, "/api/v1/connections/desk-sandbox").await;
            let made = admin
                .create_connection(
                    &app,
                    json!({
                        "name": "desk-sandbox", "kind": "ticketing", "settings": settings,
                        "credential": "desk-secret-123", "allowed_ranges": ["127.0.0.1/32"],
                        "workspaces": ["it-service-desk"]
                    }),
                )
                .await;
            let names: Vec<&str> = made["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["name"].as_str().unwrap())
                .collect();
            assert_eq!(names, ["create", "update", "comment", "fetch"], "{system}");
            admin.bind_in_dev(&app, "desk", "desk-sandbox").await;
            seen.lock().unwrap().clear();
            succeed(
                &builder,
                &app,
                "create",
                "{ title: \"{{ inputs.subject }}\", description: Since 9am }",
            )
            .await;
            succeed(
                &builder,
                &app,
                "update",
                "{ id: OPS-7, fields: { priority: high } }",
            )
            .await;
            succeed(&builder, &app, "comment", "{ id: OPS-7, text: Escalated }").await;
            succeed(&builder, &app, "fetch", "{ id: OPS-7 }").await;
            let seen = seen.lock().unwrap().clone();
            let calls: Vec<(&str, &str)> = seen
                .iter()
                .map(|(method, path, _, _)| (method.as_str(), path.as_str()))
                .collect();
            assert_eq!(calls, expected, "{system}");
            assert!(
                seen.iter().all(|(_, _, auth, _)| !auth.is_empty()),
                "{system}: signed in"
            );
            let bodies: Vec<&Value> = seen.iter().map(|(_, _, _, body)| body).collect();
            match system.as_str() {
                "jira" => {
                    assert_eq!(bodies[0]["fields"]["summary"], "VPN down");
                    assert_eq!(bodies[0]["fields"]["project"]["key"], "OPS");
                    assert_eq!(bodies[1], &json!({ "fields": { "priority": "high" } }));
                    assert_eq!(bodies[2], &json!({ "body": "Escalated" }));
                }
                "servicenow" => {
                    assert_eq!(bodies[0]["short_description"], "VPN down");
                    assert_eq!(bodies[1], &json!({ "priority": "high" }));
                    assert_eq!(bodies[2], &json!({ "comments": "Escalated" }));
                }
                _ => {
                    assert_eq!(bodies[0]["ticket"]["subject"], "VPN down");
                    assert_eq!(bodies[0]["ticket"]["comment"]["body"], "Since 9am");
                    assert_eq!(bodies[2]["ticket"]["comment"]["body"], "Escalated");
                }
            }
        }
    }
}

#[tokio::test]
async fn chat_webhooks_post_in_each_services_format_to_the_secret_address() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, seen) = recorder().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let host = base.trim_start_matches("http://").to_owned();
        for service in ["slack", "teams"] {
            let _ = admin.delete(&app, "/api/v1/connections/ops-channel").await;
            let secret_path = format!("/services/T000/B000/{service}-XXXXSECRET");
            let made = admin
                .create_connection(
                    &app,
                    json!({
                        "name": "ops-channel", "kind": "webhook", "settings": { "service": service },
                        "credential": format!("{base}{secret_path}"),
                        "egress": [host], "allowed_ranges": ["127.0.0.1/32"],
                        "workspaces": ["it-service-desk"]
                    }),
                )
                .await;
            assert!(!made.to_string().contains("XXXXSECRET"));
            admin.bind_in_dev(&app, "desk", "ops-channel").await;
            seen.lock().unwrap().clear();
            succeed(
                &builder,
                &app,
                "post_message",
                "{ title: Outage, text: \"{{ inputs.subject }}\" }",
            )
            .await;
            let seen = seen.lock().unwrap().clone();
            assert_eq!(seen.len(), 1);
            assert_eq!(seen[0].1, secret_path);
            let body = &seen[0].3;
            if service == "slack" {
                assert_eq!(body, &json!({ "text": "*Outage*\nVPN down" }));
            } else {
                assert_eq!(
                    body["attachments"][0]["content"]["body"][1]["text"],
                    "VPN down"
                );
            }
        }

        // Without the host on the allowlist the address is refused before anything is sent.
        let _ = admin.delete(&app, "/api/v1/connections/ops-channel").await;
        admin
            .create_connection(
                &app,
                json!({
                    "name": "ops-channel", "kind": "webhook", "settings": { "service": "slack" },
                    "credential": format!("{base}/services/T/B/C"), "allowed_ranges": ["127.0.0.1/32"],
                    "workspaces": ["it-service-desk"]
                }),
            )
            .await;
        admin.bind_in_dev(&app, "desk", "ops-channel").await;
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &workflow("post_message", "{ text: hi }"),
                json!({}),
            )
            .await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        assert!(
            failed["error"].as_str().unwrap().contains("allowlist"),
            "{failed}"
        );
        assert!(!failed.to_string().contains("/services/T/B/C"));
    }
}

/// An API behind OAuth2 client credentials: `/token` hands out a token for the right client
/// secret (counting how often), `/who` says which credential it was called with.
async fn oauth_service() -> (String, Arc<Mutex<usize>>) {
    let issued: Arc<Mutex<usize>> = Arc::default();
    let token = {
        let issued = issued.clone();
        move |body: String| {
            let issued = issued.clone();
            async move {
                if !body.contains("client_secret=cs-0123456789")
                    || !body.contains("grant_type=client_credentials")
                {
                    return (
                        StatusCode::UNAUTHORIZED,
                        Json(json!({ "error": "invalid_client" })),
                    );
                }
                *issued.lock().unwrap() += 1;
                (
                    StatusCode::OK,
                    Json(json!({ "access_token": "at-live-42424242", "expires_in": 3600 })),
                )
            }
        }
    };
    let who = |headers: axum::http::HeaderMap| async move {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let key = headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        match (auth, key) {
            ("Bearer at-live-42424242", _) => {
                (StatusCode::OK, Json(json!({ "as": "oauth client" })))
            }
            (_, "key-0123456789") => (StatusCode::OK, Json(json!({ "as": "api key" }))),
            _ => (
                StatusCode::UNAUTHORIZED,
                Json(json!({ "error": "who are you?" })),
            ),
        }
    };
    let app = axum::Router::new()
        .route("/token", axum::routing::post(token))
        .route("/who", axum::routing::get(who));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), issued)
}

#[tokio::test]
async fn oauth2_client_credentials_fetch_a_token_once_and_api_keys_go_in_their_header() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, issued) = oauth_service().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        for (name, auth, credential, expected) in [
            (
                "oauth-api",
                json!({ "type": "oauth2", "token_url": format!("{base}/token"), "client_id": "paddock" }),
                "cs-0123456789",
                "oauth client",
            ),
            (
                "key-api",
                json!({ "type": "api_key", "header": "X-Api-Key" }),
                "key-0123456789",
                "api key",
            ),
        ] {
            admin
                .create_connection(
                    &app,
                    json!({
                        "name": name, "kind": "http",
                        "settings": {
                            "base_url": base, "auth": auth,
                            "actions": [{ "name": "who", "access": "read", "method": "GET", "path": "/who" }]
                        },
                        "credential": credential, "allowed_ranges": ["127.0.0.1/32"],
                        "workspaces": ["it-service-desk"]
                    }),
                )
                .await;
            admin.bind_in_dev(&app, "desk", name).await;
            for _ in 0..2 {
                let id = builder
                    .start_test_run(&app, "it-service-desk", &workflow("who", "{}"), json!({}))
                    .await;
                let run = builder.wait_for_run(&app, &id, "succeeded").await;
                let answer = run["steps"].to_string();
                assert!(answer.contains(expected), "{name}: {answer}");
                assert!(!answer.contains("at-live-42424242") && !answer.contains(credential));
            }
        }
        assert_eq!(
            *issued.lock().unwrap(),
            1,
            "the token is fetched once and kept"
        );
    }
}
