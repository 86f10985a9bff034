//! Groups and grants over HTTP: membership and roles take effect at once, for sessions and keys
//! alike — on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::Client;
use serde_json::{Value, json};
use support::{TestApp, error_code, spawn_app};

struct Admin {
    client: Client,
    csrf: String,
}

impl Admin {
    async fn new(app: &TestApp) -> Self {
        let client = app.browser();
        let session = app.sign_in(&client, "admin@demo.local").await;
        Admin {
            client,
            csrf: session["csrf_token"].as_str().unwrap().to_owned(),
        }
    }

    async fn post(&self, app: &TestApp, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(app.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, app: &TestApp, path: &str) -> Value {
        self.client
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn user_id(&self, app: &TestApp, email: &str) -> String {
        let list = self.get(app, "/api/v1/users").await;
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

#[tokio::test]
async fn the_demo_groups_are_there_with_members_and_roles() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let admin = Admin::new(&app).await;
    let list = admin.get(&app, "/api/v1/groups").await;
    let names: Vec<&str> = list["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "All staff",
            "Claims builders",
            "Claims staff",
            "IT approvers"
        ]
    );
    let builders = &list["groups"][1];
    assert_eq!(builders["members"][0]["email"], "builder@demo.local");
    assert_eq!(
        builders["grants"],
        json!([{ "role": "builder", "workspace": "claims", "via_group": null }])
    );
}

#[tokio::test]
async fn membership_and_group_roles_take_effect_at_once_also_for_keys() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = Admin::new(&app).await;
        let created = admin
            .post(
                &app,
                "/api/v1/groups",
                json!({ "name": "Audit helpers", "description": "Temporary" }),
            )
            .await;
        assert_eq!(created.status(), 201, "{}", app.backend);
        let group: Value = created.json().await.unwrap();
        let group_id = group["id"].as_str().unwrap();
        let granted = admin
            .post(
                &app,
                &format!("/api/v1/groups/{group_id}/grants"),
                json!({ "role": "auditor" }),
            )
            .await;
        assert_eq!(granted.status(), 204);

        let consumer = app.browser();
        let session = app.sign_in(&consumer, "consumer@demo.local").await;
        let key: Value = consumer
            .post(app.url("/api/v1/api-keys"))
            .header("X-CSRF-Token", session["csrf_token"].as_str().unwrap())
            .json(&json!({ "name": "reports" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = key["token"].as_str().unwrap().to_owned();
        let read_audit = || {
            Client::new()
                .get(app.url("/api/v1/audit/events"))
                .bearer_auth(&token)
                .send()
        };
        assert_eq!(read_audit().await.unwrap().status(), 403);

        let consumer_id = admin.user_id(&app, "consumer@demo.local").await;
        let added = admin
            .post(
                &app,
                &format!("/api/v1/groups/{group_id}/members"),
                json!({ "user_id": consumer_id }),
            )
            .await;
        assert_eq!(added.status(), 200);
        assert_eq!(
            added.json::<Value>().await.unwrap()["members"][0]["email"],
            "consumer@demo.local"
        );
        let me: Value = consumer
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            me["user"]["navigation"],
            json!(["apps", "runs", "audit"]),
            "{}",
            app.backend
        );
        assert_eq!(
            read_audit().await.unwrap().status(),
            200,
            "the key gains what its holder gains"
        );

        let removed = admin
            .post(
                &app,
                &format!("/api/v1/groups/{group_id}/members/{consumer_id}/remove"),
                json!(null),
            )
            .await;
        assert_eq!(removed.status(), 200);
        assert_eq!(
            read_audit().await.unwrap().status(),
            403,
            "and loses it the moment its holder does"
        );

        let trail = admin
            .get(&app, "/api/v1/audit/events?actor=admin@demo.local&limit=20")
            .await;
        let actions: Vec<&str> = trail["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for expected in [
            "group.created",
            "grant.added",
            "group.member_added",
            "group.member_removed",
        ] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn direct_grants_and_their_limits() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = Admin::new(&app).await;
        let steward = admin.user_id(&app, "steward@demo.local").await;
        let grants_path = format!("/api/v1/users/{steward}/grants");
        let grant = |body: Value| admin.post(&app, &grants_path, body);

        assert_eq!(
            grant(json!({ "role": "builder", "workspace": "claims" }))
                .await
                .status(),
            204
        );
        let list = admin.get(&app, "/api/v1/users").await;
        let roles = list["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == "steward@demo.local")
            .unwrap()["grants"]
            .clone();
        assert!(
            roles
                .as_array()
                .unwrap()
                .contains(&json!({ "role": "builder", "workspace": "claims", "via_group": null })),
            "{roles}"
        );

        for (body, status, code) in [
            (json!({ "role": "builder" }), 422, "invalid_input"),
            (
                json!({ "role": "builder", "workspace": "atlantis" }),
                404,
                "not_found",
            ),
            (
                json!({ "role": "builder", "workspace": "Bad Slug" }),
                422,
                "invalid_input",
            ),
            (
                json!({ "role": "wizard", "workspace": "claims" }),
                400,
                "invalid_json",
            ),
        ] {
            let response = grant(body.clone()).await;
            assert_eq!(response.status(), status, "{body} on {}", app.backend);
            assert_eq!(error_code(response).await, code);
        }
        let revoked = admin
            .post(
                &app,
                &format!("/api/v1/users/{steward}/grants/revoke"),
                json!({ "role": "builder", "workspace": "claims" }),
            )
            .await;
        assert_eq!(revoked.status(), 204);

        let own = admin.user_id(&app, "admin@demo.local").await;
        let selfish = admin
            .post(
                &app,
                &format!("/api/v1/users/{own}/grants"),
                json!({ "role": "auditor" }),
            )
            .await;
        assert_eq!(selfish.status(), 422, "nobody grants themselves a role");
        let duplicate = admin
            .post(&app, "/api/v1/groups", json!({ "name": "All staff" }))
            .await;
        assert_eq!(duplicate.status(), 409);
        assert_eq!(error_code(duplicate).await, "already_exists");
    }
}

#[tokio::test]
async fn nobody_raises_themselves_through_a_group() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let admin = Admin::new(&app).await;
    let own = admin.user_id(&app, "admin@demo.local").await;
    let list = admin.get(&app, "/api/v1/groups").await;
    let group = list["groups"][0]["id"].as_str().unwrap().to_owned();
    let joined = admin
        .post(
            &app,
            &format!("/api/v1/groups/{group}/members"),
            json!({ "user_id": own }),
        )
        .await;
    assert_eq!(joined.status(), 422);
    assert_eq!(error_code(joined).await, "invalid_input");
}

#[tokio::test]
async fn the_last_administrator_stays() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = Admin::new(&app).await;
        let own = admin.user_id(&app, "admin@demo.local").await;
        let revoke = admin
            .post(
                &app,
                &format!("/api/v1/users/{own}/grants/revoke"),
                json!({ "role": "admin" }),
            )
            .await;
        assert_eq!(revoke.status(), 422, "{}", app.backend);
        let me: Value = admin.get(&app, "/api/v1/me").await;
        assert_eq!(
            me["user"]["grants"][0]["role"], "admin",
            "the refused revocation changed nothing"
        );

        let with_key = Client::new()
            .get(app.url("/api/v1/me"))
            .header("Authorization", "BEARER pdk_unknown")
            .send()
            .await
            .unwrap();
        assert_eq!(
            with_key.status(),
            401,
            "the scheme is case-insensitive; the unknown key is refused"
        );
    }
}
