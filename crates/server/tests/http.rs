//! The HTTP contract: health, error shapes and codes, request ids, the web UI fallback.

mod support;

use paddock_store::testing::{sqlite, test_databases};
use reqwest::Client;
use serde_json::Value;
use support::{error_code, spawn_app};

#[tokio::test]
async fn health_and_readiness() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let health: Value = reqwest::get(app.url("/healthz"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["status"], "ok");
        let ready: Value = reqwest::get(app.url("/readyz"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["status"], "ready");
        assert_eq!(ready["database"], app.backend);
    }
}

#[tokio::test]
async fn unknown_api_routes_are_json_404() {
    let app = spawn_app(sqlite()).await;
    for (method, path) in [
        ("GET", "/api/v1/nope"),
        ("POST", "/api/v1/nope"),
        ("GET", "/api"),
        ("DELETE", "/somewhere"),
    ] {
        let response = Client::new()
            .request(method.parse().unwrap(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{method} {path}");
        assert_eq!(error_code(response).await, "route_not_found");
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = spawn_app(sqlite()).await;
    let response = Client::new()
        .delete(app.url("/api/v1/auth/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(error_code(response).await, "method_not_allowed");
}

#[tokio::test]
async fn malformed_json_says_where_it_broke() {
    let app = spawn_app(sqlite()).await;
    let login = app.url("/api/v1/auth/login");
    let send = |body: &'static str| {
        Client::new()
            .post(&login)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };

    let response = send("{\"email\": \"a@b.c\",\n \"password\": }")
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
    assert_eq!(body["error"]["details"]["line"], 2);
    assert_eq!(body["error"]["details"]["column"], 14);

    let response = send("{\"email\": 7, \"password\": \"x\"}").await.unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
    assert_eq!(body["error"]["details"]["path"], "email");

    let response = send("{\"email\": \"a@b.c\", \"password\": \"x\", \"admin\": true}")
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["code"], "invalid_json",
        "unknown fields are refused: {body}"
    );
}

#[tokio::test]
async fn bodies_must_be_json_and_not_too_large() {
    let app = spawn_app(sqlite()).await;
    let response = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("Content-Type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(error_code(response).await, "unsupported_media_type");

    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(paddock_server::MAX_BODY_BYTES)
    );
    let response = Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(
        body["error"]["details"]["limit_bytes"],
        paddock_server::MAX_BODY_BYTES
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_a_given_one() {
    let app = spawn_app(sqlite()).await;
    for path in ["/healthz", "/api/v1/me", "/api/v1/nope"] {
        let response = reqwest::get(app.url(path)).await.unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap();
        assert_eq!(id.len(), 36, "{path}: {id}");
    }
    let response = Client::new()
        .get(app.url("/healthz"))
        .header("X-Request-Id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn the_web_ui_is_served_for_client_side_routes() {
    let app = spawn_app(sqlite()).await;
    for path in ["/", "/sign-in", "/build", "/admin/anything/deep"] {
        let response = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(
            response.status(),
            200,
            "{path} (is the UI built? make build)"
        );
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            response.text().await.unwrap().contains("<div id=\"root\">"),
            "{path}"
        );
    }
}
