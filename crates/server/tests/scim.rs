//! SCIM 2.0 provisioning with the requests identity providers really send (Okta and Microsoft
//! Entra ID shapes: `filter=userName eq "…"`, PatchOp with and without paths, "False" as a
//! string), on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::{Client, Method};
use serde_json::{Value, json};
use support::{TestApp, spawn_app};

struct Provider {
    token: String,
}

impl Provider {
    /// An administrator issues the token the identity provider is configured with.
    async fn issued_by_admin(app: &TestApp) -> (Self, Client, String) {
        let admin = app.browser();
        let session = app.sign_in(&admin, "admin@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap().to_owned();
        let created: Value = admin
            .post(app.url("/api/v1/scim/tokens"))
            .header("X-CSRF-Token", &csrf)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            Provider {
                token: created["token"].as_str().unwrap().to_owned(),
            },
            admin,
            csrf,
        )
    }

    async fn send(
        &self,
        app: &TestApp,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = Client::new()
            .request(method, app.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/scim+json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if status != 204 {
            assert_eq!(
                response.headers()["content-type"],
                "application/scim+json",
                "{path}"
            );
        }
        let text = response.text().await.unwrap();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }
}

fn okta_user(email: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "name": { "givenName": "Dana", "familyName": "Scully" },
        "emails": [{ "primary": true, "value": email, "type": "work" }],
        "displayName": "Dana Scully",
        "locale": "en-US",
        "externalId": if email.eq_ignore_ascii_case("dana@example.com") { "00u1abcd".to_owned() } else { format!("00u-{email}") },
        "groups": [],
        "password": "ignored-by-paddock",
        "active": true
    })
}

#[tokio::test]
async fn people_are_created_found_deactivated_and_reactivated() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (provider, admin, _) = Provider::issued_by_admin(&app).await;

        let (status, found) = provider
            .send(
                &app,
                Method::GET,
                "/scim/v2/Users?filter=userName%20eq%20%22dana%40example.com%22",
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            found["totalResults"], 0,
            "IdPs look a person up before creating them"
        );

        let (status, created) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Users",
                Some(okta_user("Dana@Example.com")),
            )
            .await;
        assert_eq!(status, 201, "{created} on {}", app.backend);
        assert_eq!(created["userName"], "dana@example.com");
        assert_eq!(created["displayName"], "Dana Scully");
        assert_eq!(created["externalId"], "00u1abcd");
        assert_eq!(created["active"], true);
        let id = created["id"].as_str().unwrap().to_owned();

        let (status, found) = provider
            .send(
                &app,
                Method::GET,
                "/scim/v2/Users?filter=userName%20eq%20%22dana%40example.com%22",
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(found["totalResults"], 1);
        assert_eq!(found["Resources"][0]["id"], id.as_str());
        let (_, by_external) = provider
            .send(
                &app,
                Method::GET,
                "/scim/v2/Users?filter=externalId%20eq%20%2200u1abcd%22",
                None,
            )
            .await;
        assert_eq!(by_external["totalResults"], 1);

        let (status, duplicate) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Users",
                Some(okta_user("dana@example.com")),
            )
            .await;
        assert_eq!(status, 409);
        assert_eq!(duplicate["scimType"], "uniqueness");

        // The password Okta sends is ignored: provisioned people sign in through SSO only.
        let login = Client::new()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": "dana@example.com", "password": "ignored-by-paddock" }))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 401);

        // Entra ID deactivates with a string "False" and a path.
        let entra_patch = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "Replace", "path": "active", "value": "False" }]
        });
        let (status, patched) = provider
            .send(
                &app,
                Method::PATCH,
                &format!("/scim/v2/Users/{id}"),
                Some(entra_patch),
            )
            .await;
        assert_eq!(status, 200, "{patched}");
        assert_eq!(patched["active"], false);

        // Okta reactivates with a value object and no path.
        let okta_patch = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "replace", "value": { "active": true, "displayName": "Dana K. Scully" } }]
        });
        let (_, patched) = provider
            .send(
                &app,
                Method::PATCH,
                &format!("/scim/v2/Users/{id}"),
                Some(okta_patch),
            )
            .await;
        assert_eq!(patched["active"], true);
        assert_eq!(patched["displayName"], "Dana K. Scully");

        let (status, _) = provider
            .send(&app, Method::DELETE, &format!("/scim/v2/Users/{id}"), None)
            .await;
        assert_eq!(status, 204);
        let (status, kept) = provider
            .send(&app, Method::GET, &format!("/scim/v2/Users/{id}"), None)
            .await;
        assert_eq!(
            (status, &kept["active"]),
            (200, &json!(false)),
            "deleting deactivates; the person stays for the audit trail"
        );

        let trail: Value = admin
            .get(app.url("/api/v1/audit/events?actor=SCIM%20provisioning&limit=50"))
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
        assert_eq!(
            actions,
            [
                "user.disabled",
                "user.enabled",
                "user.updated",
                "user.disabled",
                "user.created"
            ],
            "{}",
            app.backend
        );
        assert!(
            !trail.to_string().contains("ignored-by-paddock"),
            "the password never reaches the trail"
        );
    }
}

#[tokio::test]
async fn groups_and_membership_follow_the_provider_and_carry_roles() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (provider, admin, csrf) = Provider::issued_by_admin(&app).await;
        let (_, dana) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Users",
                Some(okta_user("dana@example.com")),
            )
            .await;
        let (_, fox) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Users",
                Some(okta_user("fox@example.com")),
            )
            .await;
        let (dana_id, fox_id) = (dana["id"].as_str().unwrap(), fox["id"].as_str().unwrap());

        let (status, group) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Groups",
                Some(json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": "Claims reviewers",
                    "members": [{ "value": dana_id, "display": "dana@example.com" }]
                })),
            )
            .await;
        assert_eq!(status, 201, "{group} on {}", app.backend);
        let group_id = group["id"].as_str().unwrap().to_owned();
        assert_eq!(group["members"].as_array().unwrap().len(), 1);

        // Roles are Paddock's to give: an administrator grants one to the provider's group.
        let granted = admin
            .post(app.url(&format!("/api/v1/groups/{group_id}/grants")))
            .header("X-CSRF-Token", &csrf)
            .json(&json!({ "role": "approver", "workspace": "claims" }))
            .send()
            .await
            .unwrap();
        assert_eq!(granted.status(), 204);

        let add_fox = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "add", "path": "members", "value": [{ "value": fox_id }] }]
        });
        let (_, after_add) = provider
            .send(
                &app,
                Method::PATCH,
                &format!("/scim/v2/Groups/{group_id}"),
                Some(add_fox),
            )
            .await;
        assert_eq!(after_add["members"].as_array().unwrap().len(), 2);
        let remove_dana = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "remove", "path": format!("members[value eq \"{dana_id}\"]") }]
        });
        let (_, after_remove) = provider
            .send(
                &app,
                Method::PATCH,
                &format!("/scim/v2/Groups/{group_id}"),
                Some(remove_dana),
            )
            .await;
        assert_eq!(
            after_remove["members"],
            json!([{ "value": fox_id, "display": "fox@example.com", "$ref": format!("/scim/v2/Users/{fox_id}") }])
        );

        let users: Value = admin
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let grants_of = |email: &str| {
            users["users"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["email"] == email)
                .unwrap()["grants"]
                .clone()
        };
        assert_eq!(
            grants_of("fox@example.com"),
            json!([{ "role": "approver", "workspace": "claims", "via_group": "Claims reviewers" }])
        );
        assert_eq!(grants_of("dana@example.com"), json!([]), "{}", app.backend);

        let (_, by_name) = provider
            .send(
                &app,
                Method::GET,
                "/scim/v2/Groups?filter=displayName%20eq%20%22Claims%20reviewers%22",
                None,
            )
            .await;
        assert_eq!(by_name["totalResults"], 1);
        let (status, _) = provider
            .send(
                &app,
                Method::DELETE,
                &format!("/scim/v2/Groups/{group_id}"),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (status, _) = provider
            .send(
                &app,
                Method::GET,
                &format!("/scim/v2/Groups/{group_id}"),
                None,
            )
            .await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn bad_requests_get_scim_errors_and_change_nothing() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let (provider, admin, csrf) = Provider::issued_by_admin(&app).await;
    for (method, path, body, status, scim_type) in [
        (
            Method::POST,
            "/scim/v2/Users",
            json!({ "userName": "not an email" }),
            400,
            Some("invalidValue"),
        ),
        (
            Method::GET,
            "/scim/v2/Users?filter=userName%20sw%20%22a%22",
            Value::Null,
            400,
            Some("invalidFilter"),
        ),
        (
            Method::PATCH,
            "/scim/v2/Users/0194f3b2-7c1e-7a21-9b1d-3c5e8f0a1b2c",
            json!({ "Operations": [] }),
            404,
            None,
        ),
        (
            Method::POST,
            "/scim/v2/Groups",
            json!({ "displayName": "x", "members": [{ "value": "nobody" }] }),
            400,
            Some("invalidValue"),
        ),
        (
            Method::GET,
            "/scim/v2/Users/not-an-id",
            Value::Null,
            404,
            None,
        ),
    ] {
        let body = (!body.is_null()).then_some(body);
        let (got, error) = provider.send(&app, method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {error}");
        assert_eq!(
            error["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        assert_eq!(error["status"], status.to_string());
        if let Some(scim_type) = scim_type {
            assert_eq!(error["scimType"], scim_type);
        }
    }
    let (_, groups) = provider
        .send(
            &app,
            Method::GET,
            "/scim/v2/Groups?filter=displayName%20eq%20%22x%22",
            None,
        )
        .await;
    assert_eq!(
        groups["totalResults"], 0,
        "a refused group was not half-created"
    );

    // A revoked token stops working at once.
    let tokens: Value = admin
        .get(app.url("/api/v1/scim/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = tokens["tokens"][0]["id"].as_str().unwrap();
    let revoked = admin
        .post(app.url(&format!("/api/v1/scim/tokens/{id}/revoke")))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let (status, _) = provider
        .send(&app, Method::GET, "/scim/v2/Users", None)
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn scim_sees_and_changes_only_what_it_provisioned() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (provider, admin, _) = Provider::issued_by_admin(&app).await;
        let (_, all) = provider
            .send(&app, Method::GET, "/scim/v2/Users", None)
            .await;
        assert_eq!(
            all["totalResults"], 0,
            "local accounts such as the demo admin are not SCIM's ({})",
            app.backend
        );
        let (_, groups) = provider
            .send(&app, Method::GET, "/scim/v2/Groups", None)
            .await;
        assert_eq!(
            groups["totalResults"], 0,
            "nor are groups administrators made"
        );
        // Service accounts are not SCIM's either, and their domain is not the provider's.
        let (_, found) = provider
            .send(
                &app,
                Method::GET,
                "/scim/v2/Users?filter=userName%20eq%20%22claims-intake%40service-account.invalid%22",
                None,
            )
            .await;
        assert_eq!(found["totalResults"], 0, "{found}");
        let (status, refused) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Users",
                Some(okta_user("claims-intake@service-account.invalid")),
            )
            .await;
        assert_eq!(status, 400, "{refused}");
        assert_eq!(refused["scimType"], "invalidValue");

        let users: Value = admin
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let admin_id = users["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == "admin@demo.local")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let deactivate =
            json!({ "Operations": [{ "op": "replace", "path": "active", "value": false }] });
        let (status, _) = provider
            .send(
                &app,
                Method::PATCH,
                &format!("/scim/v2/Users/{admin_id}"),
                Some(deactivate),
            )
            .await;
        assert_eq!(status, 404, "a SCIM token cannot disable the administrator");
        let (status, _) = provider
            .send(
                &app,
                Method::DELETE,
                &format!("/scim/v2/Users/{admin_id}"),
                None,
            )
            .await;
        assert_eq!(status, 404);
        let (status, refused) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Groups",
                Some(json!({ "displayName": "Sneaky", "members": [{ "value": admin_id }] })),
            )
            .await;
        assert_eq!(status, 400, "{refused}");
        let (status, _) = provider
            .send(
                &app,
                Method::POST,
                "/scim/v2/Groups",
                Some(json!({ "displayName": "All staff" })),
            )
            .await;
        assert_eq!(
            status, 409,
            "an administrator's group cannot be taken over by name"
        );

        let login = Client::new()
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": "admin@demo.local", "password": "paddock-demo" }))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200, "the administrator is untouched");
    }
}
