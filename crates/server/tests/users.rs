//! Account administration over HTTP, on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::Client;
use serde_json::{Value, json};
use support::{DEMO_PASSWORD, TestApp, error_code, spawn_app};

struct Admin {
    client: Client,
    csrf: String,
}

async fn admin(app: &TestApp) -> Admin {
    let client = app.browser();
    let session = app.sign_in(&client, "admin@demo.local").await;
    Admin {
        client,
        csrf: session["csrf_token"].as_str().unwrap().to_owned(),
    }
}

impl Admin {
    async fn post(&self, app: &TestApp, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = self
            .client
            .post(app.url(path))
            .header("X-CSRF-Token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    async fn user_id(&self, app: &TestApp, email: &str) -> String {
        let list: Value = self
            .client
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn admins_create_accounts_and_bad_input_changes_nothing() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = admin(&app).await;
        let created = admin
            .post(
                &app,
                "/api/v1/users",
                Some(json!({
                    "email": "Sam@Example.com",
                    "display_name": "Robert'); DROP TABLE users;-- <script>alert(1)</script>",
                    "password": "correct horse battery",
                    "role": "builder",
                    "workspace": "claims"
                })),
            )
            .await;
        assert_eq!(created.status(), 201, "{}", app.backend);
        let account: Value = created.json().await.unwrap();
        assert_eq!(account["email"], "sam@example.com");
        assert_eq!(
            account["display_name"], "Robert'); DROP TABLE users;-- <script>alert(1)</script>",
            "names are data"
        );
        assert_eq!(
            account["grants"],
            json!([{ "role": "builder", "workspace": "claims", "via_group": null }])
        );
        assert!(account.get("password").is_none() && !account.to_string().contains("horse"));
        assert_eq!(
            login_status(&app, "sam@example.com", "correct horse battery").await,
            200
        );

        let refusals = [
            (
                json!({ "email": "sam@example.com", "password": "correct horse battery", "role": "builder", "workspace": "claims" }),
                409,
                "already_exists",
            ),
            (
                json!({ "email": "new@example.com", "password": "short", "role": "admin" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "email": "not an email", "password": "correct horse battery", "role": "admin" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "email": "new@example.com", "password": "correct horse battery", "role": "builder" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "email": "new@example.com", "password": "correct horse battery", "role": "builder", "workspace": "nope" }),
                404,
                "not_found",
            ),
            (
                json!({ "email": "new@example.com", "password": "correct horse battery", "role": "overlord" }),
                400,
                "invalid_json",
            ),
            (
                json!({ "email": "new@example.com", "password": "correct horse battery", "role": "admin", "is_root": true }),
                400,
                "invalid_json",
            ),
            (
                json!({ "email": "x".repeat(300) + "@example.com", "password": "correct horse battery", "role": "admin" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "email": "new@example.com", "display_name": "a".repeat(201), "password": "correct horse battery", "role": "admin" }),
                422,
                "invalid_input",
            ),
        ];
        for (body, status, code) in refusals {
            let response = admin.post(&app, "/api/v1/users", Some(body.clone())).await;
            assert_eq!(response.status(), status, "{body} on {}", app.backend);
            assert_eq!(error_code(response).await, code, "{body}");
        }
        let list: Value = admin
            .client
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["users"].as_array().unwrap().len(),
            8,
            "only Sam was added"
        );
    }
}

#[tokio::test]
async fn disabling_ends_sessions_at_once_and_enabling_restores_sign_in() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = admin(&app).await;
        let builder = app.browser();
        app.sign_in(&builder, "builder@demo.local").await;
        let id = admin.user_id(&app, "builder@demo.local").await;

        let disabled = admin
            .post(&app, &format!("/api/v1/users/{id}/disable"), None)
            .await;
        assert_eq!(disabled.status(), 200);
        assert_eq!(disabled.json::<Value>().await.unwrap()["disabled"], true);
        let me = builder.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(
            me.status(),
            401,
            "the session ended at once ({})",
            app.backend
        );
        assert_eq!(
            login_status(&app, "builder@demo.local", DEMO_PASSWORD).await,
            401
        );

        let enabled = admin
            .post(&app, &format!("/api/v1/users/{id}/enable"), None)
            .await;
        assert_eq!(enabled.status(), 200);
        assert_eq!(
            login_status(&app, "builder@demo.local", DEMO_PASSWORD).await,
            200
        );

        let own = admin.user_id(&app, "admin@demo.local").await;
        let myself = admin
            .post(&app, &format!("/api/v1/users/{own}/disable"), None)
            .await;
        assert_eq!(
            myself.status(),
            422,
            "an administrator cannot lock themselves out"
        );
        let missing = admin
            .post(&app, "/api/v1/users/not-a-uuid/disable", None)
            .await;
        assert_eq!(missing.status(), 404);

        let trail: Value = admin
            .client
            .get(app.url("/api/v1/audit/events?actor=admin@demo.local"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let actions: Vec<&str> = trail["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(&actions[..2], ["user.enabled", "user.disabled"]);
        assert_eq!(trail["events"][1]["summary"]["sessions_ended"], 1);
        assert_eq!(trail["events"][1]["target"]["label"], "builder@demo.local");
    }
}

#[tokio::test]
async fn a_password_reset_ends_sessions_and_only_the_new_password_works() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = admin(&app).await;
        let operator = app.browser();
        app.sign_in(&operator, "operator@demo.local").await;
        let id = admin.user_id(&app, "operator@demo.local").await;

        let weak = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/password"),
                Some(json!({ "password": "weak" })),
            )
            .await;
        assert_eq!(weak.status(), 422);
        assert_eq!(
            operator
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            200,
            "a refused reset changes nothing"
        );

        let reset = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/password"),
                Some(json!({ "password": "a brand new passphrase" })),
            )
            .await;
        assert_eq!(reset.status(), 204);
        assert_eq!(
            operator
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
        assert_eq!(
            login_status(&app, "operator@demo.local", DEMO_PASSWORD).await,
            401
        );
        assert_eq!(
            login_status(&app, "operator@demo.local", "a brand new passphrase").await,
            200,
            "{}",
            app.backend
        );
    }
}

#[tokio::test]
async fn people_change_their_own_password_and_keep_their_session() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let here = app.browser();
        let session = app.sign_in(&here, "steward@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap();
        let elsewhere = app.browser();
        app.sign_in(&elsewhere, "steward@demo.local").await;

        let change = |current: &'static str, new: &'static str| {
            here.post(app.url("/api/v1/me/password"))
                .header("X-CSRF-Token", csrf)
                .json(&json!({ "current_password": current, "new_password": new }))
                .send()
        };
        let wrong = change("not my password", "another long passphrase")
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        let body: Value = wrong.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "current_password");

        let changed = change(DEMO_PASSWORD, "another long passphrase")
            .await
            .unwrap();
        assert_eq!(changed.status(), 204, "{}", app.backend);
        assert_eq!(
            here.get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            200,
            "this session stays"
        );
        assert_eq!(
            elsewhere
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401,
            "other sessions end"
        );
        assert_eq!(
            login_status(&app, "steward@demo.local", "another long passphrase").await,
            200
        );
    }
}
