//! Service accounts: an administrator creates one, grants it roles, gives it keys; it acts only
//! through them, never beyond its own roles, and can never sign in — on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::{Client, Response};
use serde_json::{Value, json};
use support::{Session, TestApp, error_code, spawn_app};

async fn with_key(app: &TestApp, token: &str, path: &str) -> Response {
    Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn create_import_account(app: &TestApp, admin: &Session) -> Value {
    let created = admin
        .post(
            app,
            "/api/v1/service-accounts",
            json!({
                "name": "claims-import",
                "display_name": "Claims import",
                "description": "Nightly import from the claims mailbox; owner: IT integration team",
            }),
        )
        .await;
    assert_eq!(created.status(), 201, "{}", app.backend);
    created.json().await.unwrap()
}

#[tokio::test]
async fn a_service_account_acts_only_through_its_keys_and_only_with_its_roles() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let account = create_import_account(&app, &admin).await;
        let id = account["id"].as_str().unwrap();
        assert_eq!(account["address"], "claims-import@service-account.invalid");
        assert_eq!(account["grants"], json!([]));
        assert_eq!(account["keys"], json!([]));

        // Without a role, a key may hold nothing.
        let keys_path = format!("/api/v1/service-accounts/{id}/api-keys");
        let refused = admin
            .post(
                &app,
                &keys_path,
                json!({ "name": "export", "permissions": ["view_audit"] }),
            )
            .await;
        assert_eq!(refused.status(), 422);
        let body: Value = refused.json().await.unwrap();
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("the service account does not hold 'view_audit'"),
            "{body}"
        );

        let nowhere = admin
            .post(
                &app,
                &keys_path,
                json!({ "name": "export", "workspaces": ["claims"] }),
            )
            .await;
        assert_eq!(nowhere.status(), 422);
        let body: Value = nowhere.json().await.unwrap();
        assert_eq!(
            body["error"]["details"]["reason"],
            "the service account has no role in 'claims'; grant it one there first"
        );

        let granted = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/grants"),
                json!({ "role": "auditor" }),
            )
            .await;
        assert_eq!(granted.status(), 204);
        let outside = admin
            .post(
                &app,
                &keys_path,
                json!({ "name": "export", "workspaces": ["claims"] }),
            )
            .await;
        assert_eq!(
            outside.status(),
            201,
            "an organisation-wide role reaches every workspace"
        );
        let created = admin
            .post(
                &app,
                &keys_path,
                json!({ "name": "SIEM export", "expires_in_days": 30 }),
            )
            .await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        let token = created["token"].as_str().unwrap().to_owned();

        // The key is the service account's, not the administrator's.
        let me: Value = with_key(&app, &token, "/api/v1/me")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["user"]["email"], "claims-import@service-account.invalid");
        assert_eq!(
            with_key(&app, &token, "/api/v1/audit/events")
                .await
                .status(),
            200
        );
        let users = with_key(&app, &token, "/api/v1/users").await;
        assert_eq!(
            users.status(),
            403,
            "the creator's admin rights do not travel"
        );
        assert_eq!(error_code(users).await, "forbidden");

        // Taking the role away takes it from the key at once.
        let revoked = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/grants/revoke"),
                json!({ "role": "auditor" }),
            )
            .await;
        assert_eq!(revoked.status(), 204);
        assert_eq!(
            with_key(&app, &token, "/api/v1/audit/events")
                .await
                .status(),
            403
        );

        // The listing shows its keys, never their tokens.
        let listing = admin.get_json(&app, "/api/v1/service-accounts").await;
        let listed = listing["service_accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|listed| listed["id"] == id)
            .unwrap();
        assert_eq!(listed["keys"].as_array().unwrap().len(), 2);
        assert!(!listing.to_string().contains(&token));
        assert!(
            listed["keys"][0]["last_used_at"].is_string()
                || listed["keys"][1]["last_used_at"].is_string()
        );

        // Disabling it stops its keys, and it gets no new ones until enabled.
        let disabled = admin
            .post(&app, &format!("/api/v1/users/{id}/disable"), json!({}))
            .await;
        assert_eq!(disabled.status(), 200);
        assert_eq!(with_key(&app, &token, "/api/v1/me").await.status(), 401);
        let refused = admin
            .post(&app, &keys_path, json!({ "name": "again" }))
            .await;
        assert_eq!(refused.status(), 422);

        // The trail says who made it and who gave it keys.
        let events = admin
            .get_json(&app, "/api/v1/audit/events?action=service_account.created")
            .await;
        assert_eq!(events["events"][0]["actor"]["label"], "admin@demo.local");
        assert_eq!(
            events["events"][0]["target"]["label"],
            "claims-import@service-account.invalid"
        );
        let keys = admin
            .get_json(&app, "/api/v1/audit/events?action=api_key.created")
            .await;
        assert!(
            keys["events"].as_array().unwrap().iter().any(|event| {
                event["actor"]["label"] == "admin@demo.local"
                    && event["summary"]["holder"] == "claims-import@service-account.invalid"
            }),
            "{keys}"
        );
    }
}

#[tokio::test]
async fn a_service_account_is_no_person() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let account = create_import_account(&app, &admin).await;
        let id = account["id"].as_str().unwrap();

        let sign_in = Client::new()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": "claims-import@service-account.invalid", "password": "anything-at-all" }))
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), 401);
        let reset = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/password"),
                json!({ "password": "a long enough password" }),
            )
            .await;
        assert_eq!(reset.status(), 422, "a service account has no password");

        let people = admin.get_json(&app, "/api/v1/users").await;
        assert!(
            !people.to_string().contains("service-account.invalid"),
            "people and service accounts are listed apart"
        );

        // Administering is for people: no admin role, no groups for a service account.
        let admin_role = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/grants"),
                json!({ "role": "admin" }),
            )
            .await;
        assert_eq!(admin_role.status(), 422, "{}", app.backend);
        let in_workspace = admin
            .post(
                &app,
                &format!("/api/v1/users/{id}/grants"),
                json!({ "role": "admin", "workspace": "claims" }),
            )
            .await;
        assert_eq!(in_workspace.status(), 422);
        let groups = admin.get_json(&app, "/api/v1/groups").await;
        let group = groups["groups"][0]["id"].as_str().unwrap();
        let joined = admin
            .post(
                &app,
                &format!("/api/v1/groups/{group}/members"),
                json!({ "user_id": id }),
            )
            .await;
        assert_eq!(joined.status(), 422);
        let account = admin.get_json(&app, "/api/v1/service-accounts").await;
        assert!(
            !account.to_string().contains("\"role\":\"admin\""),
            "nothing was granted: {account}"
        );

        // Its address domain is reserved: no person can be created with one.
        let impostor = admin
            .post(
                &app,
                "/api/v1/users",
                json!({
                    "email": "claims-import2@service-account.invalid",
                    "password": "a long enough password",
                    "role": "auditor",
                }),
            )
            .await;
        assert_eq!(impostor.status(), 422);
        let body: Value = impostor.json().await.unwrap();
        assert_eq!(body["error"]["details"]["field"], "email", "{body}");

        // Its refused sign-in is recorded as such.
        let events = admin
            .get_json(
                &app,
                "/api/v1/audit/events?action=auth.sign_in&outcome=failure",
            )
            .await;
        assert_eq!(
            events["events"][0]["summary"]["reason"], "a service account cannot sign in",
            "{events}"
        );
    }
}

#[tokio::test]
async fn bad_service_account_requests_change_nothing() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let account = create_import_account(&app, &admin).await;

        let taken = admin
            .post(
                &app,
                "/api/v1/service-accounts",
                json!({ "name": "claims-import", "display_name": "Another" }),
            )
            .await;
        assert_eq!(taken.status(), 409);
        assert_eq!(error_code(taken).await, "already_exists");
        for (body, status, code) in [
            (
                json!({ "name": "Claims Import", "display_name": "x" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "name": "x'; DROP TABLE users;--", "display_name": "x" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "name": "ok-name", "display_name": "" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "name": "ok-name", "display_name": "x", "description": "d".repeat(501) }),
                422,
                "invalid_input",
            ),
            (
                json!({ "name": "ok-name", "display_name": "x", "password": "sneaky" }),
                400,
                "invalid_json",
            ),
            (json!({ "name": "ok-name" }), 400, "invalid_json"),
        ] {
            let refused = admin
                .post(&app, "/api/v1/service-accounts", body.clone())
                .await;
            assert_eq!(refused.status(), status, "{body}");
            assert_eq!(error_code(refused).await, code, "{body}");
        }
        let keys_path = format!(
            "/api/v1/service-accounts/{}/api-keys",
            account["id"].as_str().unwrap()
        );
        let too_long = admin
            .post(
                &app,
                &keys_path,
                json!({ "name": "k", "expires_in_days": 400 }),
            )
            .await;
        assert_eq!(too_long.status(), 422);

        // Not a service account: a person's id is not found here.
        let people = admin.get_json(&app, "/api/v1/users").await;
        let person = people["users"][0]["id"].as_str().unwrap();
        let not_service = admin
            .post(
                &app,
                &format!("/api/v1/service-accounts/{person}/api-keys"),
                json!({ "name": "k" }),
            )
            .await;
        assert_eq!(not_service.status(), 404);
        assert_eq!(error_code(not_service).await, "not_found");

        let listing = admin.get_json(&app, "/api/v1/service-accounts").await;
        let names: Vec<_> = listing["service_accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|listed| listed["address"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "claims-import@service-account.invalid",
                "claims-intake@service-account.invalid"
            ],
            "the demo's and this test's, nothing half-made"
        );
        assert_eq!(listing["service_accounts"][0]["keys"], json!([]));

        // An administrator's key cannot create service accounts or give them keys.
        let key: Value = admin
            .post(&app, "/api/v1/api-keys", json!({ "name": "admin script" }))
            .await
            .json()
            .await
            .unwrap();
        let by_key = Client::new()
            .post(app.url(&keys_path))
            .bearer_auth(key["token"].as_str().unwrap())
            .json(&json!({ "name": "k" }))
            .send()
            .await
            .unwrap();
        assert_eq!(by_key.status(), 403);
    }
}
