//! Signing in and out over HTTP, on every backend.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{DEMO_PASSWORD, error_code, spawn_app};

#[tokio::test]
async fn each_demo_user_signs_in_and_sees_the_navigation_the_permission_table_gives() {
    let expected: [(&str, &[&str]); 7] = [
        (
            "admin@demo.local",
            &[
                "build",
                "review",
                "apps",
                "runs",
                "knowledge",
                "admin",
                "audit",
            ],
        ),
        ("steward@demo.local", &["apps", "knowledge"]),
        (
            "builder@demo.local",
            &["build", "review", "apps", "runs", "knowledge"],
        ),
        ("approver@demo.local", &["review", "apps"]),
        ("operator@demo.local", &["apps", "runs"]),
        ("consumer@demo.local", &["apps"]),
        ("auditor@demo.local", &["runs", "audit"]),
    ];
    for db in test_databases().await {
        let app = spawn_app(db).await;
        for (email, navigation) in expected {
            let client = app.browser();
            let session = app.sign_in(&client, email).await;
            assert_eq!(session["user"]["email"], email);
            assert_eq!(session["user"]["organization"]["name"], "Demo Corp");
            assert_eq!(
                session["user"]["navigation"],
                json!(navigation),
                "{email} on {}",
                app.backend
            );

            let me: Value = client
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(me["user"]["id"], session["user"]["id"]);
            assert_eq!(me["csrf_token"], session["csrf_token"]);
        }
    }
}

#[tokio::test]
async fn grants_and_workspaces_are_reported() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = app.sign_in(&app.browser(), "builder@demo.local").await;
        assert_eq!(
            builder["user"]["grants"],
            json!([
                { "role": "builder", "workspace": "claims", "via_group": "Claims builders" },
                { "role": "builder", "workspace": "it-service-desk", "via_group": null },
            ])
        );
        assert_eq!(
            builder["user"]["workspaces"],
            json!([{ "slug": "claims", "name": "Claims" }, { "slug": "it-service-desk", "name": "IT Service Desk" }])
        );
        let auditor = app.sign_in(&app.browser(), "auditor@demo.local").await;
        assert_eq!(
            auditor["user"]["grants"],
            json!([{ "role": "auditor", "workspace": null, "via_group": null }])
        );
        assert_eq!(
            auditor["user"]["workspaces"].as_array().unwrap().len(),
            2,
            "organisation-wide sees all"
        );
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "admin@demo.local", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("paddock_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    let body: Value = response.json().await.unwrap();
    let token = cookie
        .trim_start_matches("paddock_session=")
        .split(';')
        .next()
        .unwrap();
    assert!(
        !body.to_string().contains(token),
        "the session token is only in the cookie"
    );
}

#[tokio::test]
async fn wrong_credentials_are_refused_alike() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let client = app.browser();
        for (email, password) in [
            ("admin@demo.local", "wrong-password"),
            ("nobody@demo.local", DEMO_PASSWORD),
            ("not-an-email", DEMO_PASSWORD),
            ("admin@demo.local", ""),
        ] {
            let response = client
                .post(app.url("/api/v1/auth/login"))
                .json(&json!({ "email": email, "password": password }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 401, "{email} on {}", app.backend);
            assert!(response.headers().get("set-cookie").is_none());
            assert_eq!(error_code(response).await, "invalid_credentials");
        }
        let me = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), 401);
        assert_eq!(error_code(me).await, "unauthenticated");
    }
}

#[tokio::test]
async fn sign_out_needs_the_csrf_token_and_ends_the_session() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let client = app.browser();
        let session = app.sign_in(&client, "builder@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap();

        for header in [None, Some("forged")] {
            let mut request = client.post(app.url("/api/v1/auth/logout"));
            if let Some(value) = header {
                request = request.header("X-CSRF-Token", value);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 403, "{header:?} on {}", app.backend);
            assert_eq!(error_code(response).await, "csrf_rejected");
            let still = client.get(app.url("/api/v1/me")).send().await.unwrap();
            assert_eq!(still.status(), 200, "a refused sign-out leaves the session");
        }

        let response = client
            .post(app.url("/api/v1/auth/logout"))
            .header("X-CSRF-Token", csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        assert!(
            response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let after = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(after.status(), 401);
        let again = client
            .post(app.url("/api/v1/auth/logout"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            again.status(),
            204,
            "signing out without a session just clears the cookie"
        );
    }
}

#[tokio::test]
async fn a_forged_or_stale_cookie_is_unauthenticated() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("Cookie", "paddock_session=0000")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "unauthenticated");
}
