//! Requiring single sign-on: local passwords then work only for the break-glass
//! administrators. (The sign-in round trip itself runs against a real OpenID provider in
//! web/e2e/oidc.test.mjs.)

mod support;

use paddock_store::testing::test_databases;
use reqwest::Client;
use serde_json::{Value, json};
use support::{DEMO_PASSWORD, error_code, spawn_app};

#[tokio::test]
async fn required_sso_leaves_passwords_to_break_glass_administrators() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.browser();
        let session = app.sign_in(&admin, "admin@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap();
        let save = |body: Value| {
            admin
                .put(app.url("/api/v1/settings/oidc"))
                .header("X-CSRF-Token", csrf)
                .json(&body)
                .send()
        };

        let premature =
            save(json!({ "enabled": false, "issuer": "", "client_id": "", "require_sso": true }))
                .await
                .unwrap();
        assert_eq!(
            premature.status(),
            422,
            "SSO must be on before it is required"
        );
        let saved = save(json!({
            "enabled": true,
            "issuer": "https://login.example.com",
            "client_id": "paddock",
            "client_secret": "a-secret-nobody-sees",
            "require_sso": true
        }))
        .await
        .unwrap();
        assert_eq!(saved.status(), 200, "{}", app.backend);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["client_secret_set"], true);
        assert!(
            !saved.to_string().contains("a-secret-nobody-sees"),
            "the secret is write-only"
        );

        let builder = Client::new()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": "builder@demo.local", "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(builder.status(), 403, "{}", app.backend);
        assert_eq!(error_code(builder).await, "forbidden");
        app.sign_in(&app.browser(), "admin@demo.local").await;

        let methods: Value = Client::new()
            .get(app.url("/api/v1/auth/methods"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(methods["oidc"], true);
        let trail: Value = admin
            .get(app.url("/api/v1/audit/events?action=settings.sso_changed"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(trail["events"][0]["summary"]["client_secret_changed"], true);
        assert!(
            !trail.to_string().contains("a-secret-nobody-sees"),
            "nor is it in the trail"
        );
    }
}

#[tokio::test]
async fn the_demo_has_an_example_setup_switched_off() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let admin = app.browser();
    app.sign_in(&admin, "admin@demo.local").await;
    let settings: Value = admin
        .get(app.url("/api/v1/settings/oidc"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["enabled"], false);
    assert_eq!(settings["issuer"], "https://login.demo-corp.example");
    assert_eq!(settings["client_secret_set"], false);
    assert_eq!(
        settings["group_mappings"],
        json!([
            { "provider_group": "claims-builders", "group": "Claims builders" },
            { "provider_group": "it-approvers", "group": "IT approvers" }
        ])
    );
    let methods: Value = Client::new()
        .get(app.url("/api/v1/auth/methods"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        methods["oidc"], false,
        "switched off, the sign-in page offers passwords only"
    );
}
