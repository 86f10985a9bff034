//! API keys: shown once, hashed at rest, never more than their holder, revocable — on every
//! backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::Client;
use serde_json::{Value, json};
use support::{TestApp, error_code, spawn_app};

struct Person {
    client: Client,
    csrf: String,
}

async fn person(app: &TestApp, email: &str) -> Person {
    let client = app.browser();
    let session = app.sign_in(&client, email).await;
    Person {
        client,
        csrf: session["csrf_token"].as_str().unwrap().to_owned(),
    }
}

async fn create_key(app: &TestApp, holder: &Person, body: Value) -> reqwest::Response {
    holder
        .client
        .post(app.url("/api/v1/api-keys"))
        .header("X-CSRF-Token", &holder.csrf)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn with_key(app: &TestApp, token: &str, method: &str, path: &str) -> reqwest::Response {
    Client::new()
        .request(method.parse().unwrap(), app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_key_acts_for_its_holder_and_its_token_is_shown_once() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let auditor = person(&app, "auditor@demo.local").await;
        let created = create_key(
            &app,
            &auditor,
            json!({ "name": "SIEM export", "expires_in_days": 30 }),
        )
        .await;
        assert_eq!(created.status(), 201, "{}", app.backend);
        let created: Value = created.json().await.unwrap();
        let token = created["token"].as_str().unwrap();
        assert!(token.starts_with("pdk_") && token.len() > 60);
        assert_eq!(created["key"]["status"], "active");
        assert!(token.starts_with(created["key"]["prefix"].as_str().unwrap()));

        let me: Value = with_key(&app, token, "GET", "/api/v1/me")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["user"]["email"], "auditor@demo.local");
        assert!(me["csrf_token"].is_null(), "keys need no CSRF token");
        let verify = with_key(&app, token, "POST", "/api/v1/audit/verify").await;
        assert_eq!(verify.status(), 200, "a key writes without a CSRF token");
        let listing: Value = auditor
            .client
            .get(app.url("/api/v1/api-keys"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            !listing.to_string().contains(token),
            "the token is never shown again"
        );
        assert!(listing["keys"][0]["last_used_at"].is_string());

        let trail: Value = with_key(
            &app,
            token,
            "GET",
            "/api/v1/audit/events?action=api_key.first_used",
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(
            trail["events"].as_array().unwrap().len(),
            1,
            "only the first use is recorded"
        );
    }
}

#[tokio::test]
async fn a_key_never_exceeds_its_holder() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let builder = person(&app, "builder@demo.local").await;
        let beyond = create_key(
            &app,
            &builder,
            json!({ "name": "x", "permissions": ["view_audit"] }),
        )
        .await;
        assert_eq!(
            beyond.status(),
            422,
            "a builder's key cannot read the audit trail"
        );
        let elsewhere = create_key(
            &app,
            &builder,
            json!({ "name": "x", "workspaces": ["nowhere"] }),
        )
        .await;
        assert_eq!(elsewhere.status(), 422);

        let admin = person(&app, "admin@demo.local").await;
        let audit_only: Value = create_key(
            &app,
            &admin,
            json!({ "name": "audit reader", "permissions": ["view_audit"] }),
        )
        .await
        .json()
        .await
        .unwrap();
        let token = audit_only["token"].as_str().unwrap();
        assert_eq!(
            with_key(&app, token, "GET", "/api/v1/audit/events")
                .await
                .status(),
            200
        );
        let users = with_key(&app, token, "GET", "/api/v1/users").await;
        assert_eq!(
            users.status(),
            403,
            "limited to reading the audit trail ({})",
            app.backend
        );

        let keys_making_keys = Client::new()
            .post(app.url("/api/v1/api-keys"))
            .bearer_auth(token)
            .json(&json!({ "name": "child" }))
            .send()
            .await
            .unwrap();
        assert_eq!(keys_making_keys.status(), 403);
        assert_eq!(error_code(keys_making_keys).await, "forbidden");

        // The holder's rights are read at every use: a disabled holder's key stops working.
        let operator = person(&app, "operator@demo.local").await;
        let operator_key: Value = create_key(&app, &operator, json!({ "name": "ops" }))
            .await
            .json()
            .await
            .unwrap();
        let operator_token = operator_key["token"].as_str().unwrap();
        assert_eq!(
            with_key(&app, operator_token, "GET", "/api/v1/me")
                .await
                .status(),
            200
        );
        let listing: Value = admin
            .client
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = listing["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == "operator@demo.local")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let disabled = admin
            .client
            .post(app.url(&format!("/api/v1/users/{id}/disable")))
            .header("X-CSRF-Token", &admin.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(disabled.status(), 200);
        assert_eq!(
            with_key(&app, operator_token, "GET", "/api/v1/me")
                .await
                .status(),
            401
        );
    }
}

#[tokio::test]
async fn revoked_and_bad_keys_are_refused_and_revocations_audited() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let auditor = person(&app, "auditor@demo.local").await;
        let created: Value = create_key(&app, &auditor, json!({ "name": "to revoke" }))
            .await
            .json()
            .await
            .unwrap();
        let token = created["token"].as_str().unwrap();
        let id = created["key"]["id"].as_str().unwrap();
        let revoked = auditor
            .client
            .post(app.url(&format!("/api/v1/api-keys/{id}/revoke")))
            .header("X-CSRF-Token", &auditor.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.json::<Value>().await.unwrap()["status"], "revoked");
        let refused = with_key(&app, token, "GET", "/api/v1/me").await;
        assert_eq!(refused.status(), 401, "{}", app.backend);
        assert_eq!(error_code(refused).await, "unauthenticated");

        for bad in ["pdk_0000", "not-a-key", ""] {
            assert_eq!(
                with_key(&app, bad, "GET", "/api/v1/me").await.status(),
                401,
                "{bad:?}"
            );
        }
        let basic = Client::new()
            .get(app.url("/api/v1/me"))
            .header("Authorization", "Basic YTpi")
            .send()
            .await
            .unwrap();
        assert_eq!(basic.status(), 401);

        let consumer = person(&app, "consumer@demo.local").await;
        let others = consumer
            .client
            .post(app.url(&format!("/api/v1/api-keys/{id}/revoke")))
            .header("X-CSRF-Token", &consumer.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(
            others.status(),
            404,
            "someone else's key is not even visible"
        );

        let trail: Value = auditor
            .client
            .get(app.url("/api/v1/audit/events?limit=10"))
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
        for expected in [
            "api_key.created",
            "api_key.revoked",
            "auth.api_key_rejected",
        ] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
        assert!(
            !trail.to_string().contains(token),
            "the token is not in the trail"
        );
    }
}

#[tokio::test]
async fn bad_key_requests_are_refused() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let admin = person(&app, "admin@demo.local").await;
    for (body, field) in [
        (json!({ "name": "" }), "name"),
        (json!({ "name": "x".repeat(101) }), "name"),
        (
            json!({ "name": "x", "expires_in_days": 0 }),
            "expires_in_days",
        ),
        (
            json!({ "name": "x", "expires_in_days": 10000 }),
            "expires_in_days",
        ),
        (
            json!({ "name": "x", "permissions": ["root"] }),
            "permissions",
        ),
        (
            json!({ "name": "x", "workspaces": ["Not A Slug"] }),
            "workspaces",
        ),
    ] {
        let response = create_key(&app, &admin, body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["details"]["field"], field, "{body}");
    }
    let listing: Value = admin
        .client
        .get(app.url("/api/v1/api-keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listing["keys"].as_array().unwrap().len(),
        0,
        "no key was half-made"
    );
}

#[tokio::test]
async fn keys_cannot_do_what_only_a_person_signed_in_may_and_act_as_keys_in_the_trail() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let admin = person(&app, "admin@demo.local").await;
    let created: Value = create_key(&app, &admin, json!({ "name": "automation" }))
        .await
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap();
    let id = created["key"]["id"].as_str().unwrap();

    let revoke_with_key = Client::new()
        .post(app.url(&format!("/api/v1/api-keys/{id}/revoke")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke_with_key.status(), 403);
    let password_with_key = Client::new()
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(token)
        .json(&json!({ "current_password": "paddock-demo", "new_password": "a whole new passphrase" }))
        .send()
        .await
        .unwrap();
    assert_eq!(password_with_key.status(), 403);
    let scim_with_key = Client::new()
        .post(app.url("/api/v1/scim/tokens"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        scim_with_key.status(),
        403,
        "a key cannot mint a longer-lived SCIM token"
    );

    let group = Client::new()
        .post(app.url("/api/v1/groups"))
        .bearer_auth(token)
        .json(&json!({ "name": "Made by a script" }))
        .send()
        .await
        .unwrap();
    assert_eq!(group.status(), 201);
    let trail: Value = admin
        .client
        .get(app.url("/api/v1/audit/events?action=group.created"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(trail["events"][0]["actor"]["kind"], "api_key");
    assert_eq!(trail["events"][0]["actor"]["id"], id);
    assert_eq!(trail["events"][0]["actor"]["label"], "admin@demo.local");
}
