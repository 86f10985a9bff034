//! The role × route matrix: every API route, called anonymously and as every demo role, is
//! allowed or refused exactly as the permission table says — on every backend.

mod support;

use paddock_core::access::roles_holding;
use paddock_core::{Permission, Role};
use paddock_store::testing::test_databases;
use reqwest::{Client, Method};
use std::collections::BTreeSet;
use support::{error_code, spawn_app};

/// What a route requires.
#[derive(Clone, Copy, Debug)]
enum Needs {
    Nothing,
    SignedIn,
    /// The identity provider's SCIM token, which no person's session or key replaces.
    ScimToken,
    Permission(Permission),
}

/// Every operation of the API. A test below fails when the OpenAPI document has one that is
/// not listed here, so a new route cannot skip this matrix.
const ROUTES: &[(&str, &str, Needs)] = &[
    ("GET", "/healthz", Needs::Nothing),
    ("GET", "/readyz", Needs::Nothing),
    ("GET", "/api/openapi.json", Needs::Nothing),
    ("POST", "/api/v1/auth/login", Needs::Nothing),
    ("POST", "/api/v1/auth/logout", Needs::Nothing),
    ("GET", "/api/v1/me", Needs::SignedIn),
    ("GET", "/api/v1/auth/methods", Needs::Nothing),
    ("GET", "/api/v1/auth/oidc/start", Needs::Nothing),
    ("GET", "/api/v1/auth/oidc/callback", Needs::Nothing),
    (
        "GET",
        "/api/v1/settings/oidc",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/settings/oidc",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users/{id}/grants",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users/{id}/grants/revoke",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/groups",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/groups",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/groups/{id}/members",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/groups/{id}/members/{user_id}/remove",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/groups/{id}/grants",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/groups/{id}/grants/revoke",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/scim/tokens",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/scim/tokens",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/scim/tokens/{id}/revoke",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    ("GET", "/scim/v2/Users", Needs::ScimToken),
    ("POST", "/scim/v2/Users", Needs::ScimToken),
    ("GET", "/scim/v2/Users/{id}", Needs::ScimToken),
    ("PUT", "/scim/v2/Users/{id}", Needs::ScimToken),
    ("PATCH", "/scim/v2/Users/{id}", Needs::ScimToken),
    ("DELETE", "/scim/v2/Users/{id}", Needs::ScimToken),
    ("GET", "/scim/v2/Groups", Needs::ScimToken),
    ("POST", "/scim/v2/Groups", Needs::ScimToken),
    ("GET", "/scim/v2/Groups/{id}", Needs::ScimToken),
    ("PUT", "/scim/v2/Groups/{id}", Needs::ScimToken),
    ("PATCH", "/scim/v2/Groups/{id}", Needs::ScimToken),
    ("DELETE", "/scim/v2/Groups/{id}", Needs::ScimToken),
    ("GET", "/scim/v2/ServiceProviderConfig", Needs::ScimToken),
    ("GET", "/api/v1/api-keys", Needs::SignedIn),
    ("POST", "/api/v1/api-keys", Needs::SignedIn),
    ("POST", "/api/v1/api-keys/{id}/revoke", Needs::SignedIn),
    ("POST", "/api/v1/me/password", Needs::SignedIn),
    ("GET", "/api/v1/workflow-schema", Needs::Nothing),
    ("GET", "/api/v1/step-kinds", Needs::SignedIn),
    ("GET", "/api/v1/workflow-templates", Needs::SignedIn),
    ("POST", "/api/v1/workflows/validate", Needs::SignedIn),
    // Runs are checked per workspace (tests/runs.rs); the route itself needs a signed-in caller.
    (
        "POST",
        "/api/v1/workspaces/{slug}/test-runs",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/test-files",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows",
        Needs::SignedIn,
    ),
    // Checked per knowledge base, from its workspace and access list (tests/knowledge.rs).
    ("GET", "/api/v1/knowledge-bases", Needs::SignedIn),
    ("POST", "/api/v1/knowledge-bases", Needs::SignedIn),
    ("GET", "/api/v1/knowledge-bases/{slug}", Needs::SignedIn),
    ("PUT", "/api/v1/knowledge-bases/{slug}", Needs::SignedIn),
    ("DELETE", "/api/v1/knowledge-bases/{slug}", Needs::SignedIn),
    (
        "PUT",
        "/api/v1/knowledge-bases/{slug}/access",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/knowledge-bases/{slug}/documents",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/knowledge-bases/{slug}/documents",
        Needs::SignedIn,
    ),
    (
        "DELETE",
        "/api/v1/knowledge-bases/{slug}/documents/{id}",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/knowledge-bases/{slug}/documents/{id}/reread",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/knowledge-bases/{slug}/search",
        Needs::SignedIn,
    ),
    // Checked per workspace (tests/policy.rs).
    (
        "POST",
        "/api/v1/workspaces/{slug}/policy-check",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}",
        Needs::SignedIn,
    ),
    (
        "PUT",
        "/api/v1/workspaces/{slug}/workflows/{name}",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}/versions",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/versions",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}/restore",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}/history",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}/compare",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/environments", Needs::SignedIn),
    (
        "POST",
        "/api/v1/environments",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/environments/{environment}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "DELETE",
        "/api/v1/environments/{environment}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/environments/reorder",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/reviews",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/reviews", Needs::SignedIn),
    ("GET", "/api/v1/reviews/{id}", Needs::SignedIn),
    ("POST", "/api/v1/reviews/{id}/comments", Needs::SignedIn),
    ("POST", "/api/v1/reviews/{id}/decision", Needs::SignedIn),
    (
        "GET",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/rollback",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/freeze",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/unfreeze",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/runs",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/policy-drift", Needs::SignedIn),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/exception",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/runs/{id}", Needs::SignedIn),
    (
        "GET",
        "/api/v1/runs/{id}/artifacts/{artifact}",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/workspaces/{slug}/runs", Needs::SignedIn),
    ("GET", "/api/v1/approvals", Needs::SignedIn),
    ("POST", "/api/v1/runs/{id}/cancel", Needs::SignedIn),
    ("POST", "/api/v1/runs/{id}/retry", Needs::SignedIn),
    (
        "POST",
        "/api/v1/runs/{id}/approvals/{step}",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/service-accounts",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/service-accounts",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/service-accounts/{id}/api-keys",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/workspaces",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/workspaces",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/members",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/models",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/models",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/models/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/models/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "DELETE",
        "/api/v1/models/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/models/{name}/test",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/connections",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/connections",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/connections/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/connections/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "DELETE",
        "/api/v1/connections/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/connections/{name}/test",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/bindings",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/workspaces/{slug}/bindings/{environment}/{alias}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "DELETE",
        "/api/v1/workspaces/{slug}/bindings/{environment}/{alias}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/workspaces/{slug}/connections",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/workspaces/{slug}/models", Needs::SignedIn),
    ("GET", "/api/v1/labels", Needs::SignedIn),
    (
        "PUT",
        "/api/v1/labels/levels/{level}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/labels/categories",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "DELETE",
        "/api/v1/labels/categories/{name}",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/policy/impact",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/users",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users/{id}/disable",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users/{id}/enable",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "POST",
        "/api/v1/users/{id}/password",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/audit/events",
        Needs::Permission(Permission::ViewAudit),
    ),
    (
        "POST",
        "/api/v1/audit/verify",
        Needs::Permission(Permission::ViewAudit),
    ),
    (
        "GET",
        "/api/v1/audit/export",
        Needs::Permission(Permission::ViewAudit),
    ),
    // Apps are checked per app: its audience for each interface (tests/apps.rs); the routes
    // themselves need a signed-in caller.
    ("GET", "/api/v1/apps", Needs::SignedIn),
    ("GET", "/api/v1/apps/{workspace}/{app}", Needs::SignedIn),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/openapi.json",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/apps/{workspace}/{app}/files",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/runs",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/apps/{workspace}/{app}/runs",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/runs/{id}",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/runs/{id}/result",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/batches",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/apps/{workspace}/{app}/batches",
        Needs::SignedIn,
    ),
    (
        "POST",
        "/api/v1/apps/{workspace}/{app}/batches/preview",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/table-sources",
        Needs::SignedIn,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/table-sources/{connection}/files",
        Needs::SignedIn,
    ),
    ("GET", "/api/v1/batches/{id}", Needs::SignedIn),
    ("POST", "/api/v1/batches/{id}/cancel", Needs::SignedIn),
    ("POST", "/api/v1/batches/{id}/resume", Needs::SignedIn),
    ("POST", "/api/v1/batches/{id}/retry", Needs::SignedIn),
    ("GET", "/api/v1/batches/{id}/results", Needs::SignedIn),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/signing-key",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "GET",
        "/api/v1/audience-groups",
        Needs::Permission(Permission::ViewReviews),
    ),
    // Forms an administrator opened to anonymous use (tests/public_apps.rs checks which).
    (
        "GET",
        "/api/v1/public/apps/{workspace}/{app}",
        Needs::Nothing,
    ),
    (
        "POST",
        "/api/v1/public/apps/{workspace}/{app}/runs",
        Needs::Nothing,
    ),
    (
        "GET",
        "/api/v1/public/apps/{workspace}/{app}/runs/{id}",
        Needs::Nothing,
    ),
    (
        "GET",
        "/api/v1/public/apps/{workspace}/{app}/runs/{id}/result",
        Needs::Nothing,
    ),
    (
        "GET",
        "/api/v1/apps/{workspace}/{app}/anonymous",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
    (
        "PUT",
        "/api/v1/apps/{workspace}/{app}/anonymous",
        Needs::Permission(Permission::AdministerOrganisation),
    ),
];

/// Routes only a person signed in may use, never an API key (whatever it is allowed).
const PEOPLE_ONLY: &[(&str, &str)] = &[
    ("POST", "/api/v1/api-keys"),
    ("POST", "/api/v1/api-keys/{id}/revoke"),
    ("POST", "/api/v1/me/password"),
    ("POST", "/api/v1/service-accounts"),
    ("POST", "/api/v1/service-accounts/{id}/api-keys"),
    ("POST", "/api/v1/scim/tokens"),
    ("POST", "/api/v1/scim/tokens/{id}/revoke"),
    ("PUT", "/api/v1/settings/oidc"),
    (
        "POST",
        "/api/v1/workspaces/{slug}/workflows/{name}/signing-key",
    ),
    ("PUT", "/api/v1/apps/{workspace}/{app}/anonymous"),
];

#[test]
fn the_matrix_lists_every_documented_operation() {
    let document = serde_json::to_value(paddock_server::openapi_document()).unwrap();
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let listed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path, _)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(
        documented, listed,
        "add the new route to ROUTES with what it needs"
    );
}

/// The path with any ids filled in: any id will do, since the permission is decided before
/// anything is looked up.
fn concrete(path: &str) -> String {
    path.replace("{id}", "0194f3b2-7c1e-7a21-9b1d-3c5e8f0a1b2c")
        .replace("{user_id}", "0194f3b2-7c1e-7a21-9b1d-3c5e8f0a1b2d")
        .replace("{number}", "1")
}

async fn call(
    client: &Client,
    app: &support::TestApp,
    method: &str,
    path: &str,
    csrf: Option<&str>,
) -> reqwest::Response {
    let mut request = client.request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        app.url(path),
    );
    if let Some(token) = csrf {
        request = request.header("X-CSRF-Token", token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_table_gives() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let anonymous = Client::new();
        for (method, path, needs) in ROUTES {
            let response = call(&anonymous, &app, method, path, None).await;
            let status = response.status().as_u16();
            match needs {
                Needs::Nothing => assert!(
                    status != 401 && status != 403,
                    "anonymous {method} {path}: {status}"
                ),
                Needs::ScimToken => {
                    assert_eq!(status, 401, "anonymous {method} {path}");
                    let body: serde_json::Value = response.json().await.unwrap();
                    assert_eq!(
                        body["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error",
                        "SCIM errors for SCIM clients"
                    );
                }
                _ => {
                    assert_eq!(status, 401, "anonymous {method} {path}");
                    assert_eq!(error_code(response).await, "unauthenticated");
                }
            }
        }

        // A revoked key is as good as none.
        let admin = app.browser();
        let session = app.sign_in(&admin, "admin@demo.local").await;
        let csrf = session["csrf_token"].as_str().unwrap();
        let created: serde_json::Value = admin
            .post(app.url("/api/v1/api-keys"))
            .header("X-CSRF-Token", csrf)
            .json(&serde_json::json!({ "name": "soon revoked" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let revoke = format!(
            "/api/v1/api-keys/{}/revoke",
            created["key"]["id"].as_str().unwrap()
        );
        let revoked = admin
            .post(app.url(&revoke))
            .header("X-CSRF-Token", csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(revoked.status(), 200);
        let token = created["token"].as_str().unwrap();
        for (method, path, needs) in ROUTES {
            if matches!(needs, Needs::Nothing) {
                continue;
            }
            let path = concrete(path);
            let response = anonymous
                .request(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    app.url(&path),
                )
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                401,
                "revoked key {method} {path} on {}",
                app.backend
            );
        }

        for role in Role::ALL {
            let client = app.browser();
            let session = app.sign_in(&client, &format!("{role}@demo.local")).await;
            let csrf = session["csrf_token"].as_str().map(str::to_owned);
            let key: serde_json::Value = client
                .post(app.url("/api/v1/api-keys"))
                .header("X-CSRF-Token", csrf.as_deref().unwrap())
                .json(&serde_json::json!({ "name": "matrix" }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let key = key["token"].as_str().unwrap().to_owned();
            let with_key = Client::builder()
                .default_headers(
                    [(
                        reqwest::header::AUTHORIZATION,
                        format!("Bearer {key}").parse().unwrap(),
                    )]
                    .into_iter()
                    .collect(),
                )
                .build()
                .unwrap();
            for (method, path, needs) in ROUTES {
                if *path == "/api/v1/auth/logout" {
                    continue; // would end the session the rest of the matrix uses
                }
                // The same route with the role's API key: never more than the session may do.
                let key_response = call(&with_key, &app, method, path, None).await;
                let key_status = key_response.status().as_u16();
                let key_allowed = match needs {
                    Needs::Nothing | Needs::SignedIn => true,
                    Needs::ScimToken => false,
                    Needs::Permission(permission) => roles_holding(*permission).contains(&role),
                } && !PEOPLE_ONLY.contains(&(*method, *path));
                if key_allowed {
                    assert!(
                        !matches!(key_status, 401 | 403) && key_status < 500,
                        "{role}'s key {method} {path}: {key_status}"
                    );
                } else {
                    assert!(
                        matches!(key_status, 401 | 403),
                        "{role}'s key {method} {path}: {key_status} on {}",
                        app.backend
                    );
                }
                let allowed = match needs {
                    Needs::Nothing | Needs::SignedIn => true,
                    Needs::ScimToken => {
                        let response = call(&client, &app, method, path, csrf.as_deref()).await;
                        assert_eq!(
                            response.status(),
                            401,
                            "{role} {method} {path}: a session is no SCIM token"
                        );
                        continue;
                    }
                    Needs::Permission(permission) => roles_holding(*permission).contains(&role),
                };
                let response = call(&client, &app, method, path, csrf.as_deref()).await;
                let status = response.status().as_u16();
                if allowed {
                    assert!(
                        !matches!(status, 401 | 403) && status < 500,
                        "{role} {method} {path}: {status} on {}",
                        app.backend
                    );
                } else {
                    assert_eq!(status, 403, "{role} {method} {path} on {}", app.backend);
                    assert_eq!(error_code(response).await, "forbidden");
                }
            }
        }
    }
}

#[tokio::test]
async fn the_examples_the_issue_names() {
    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let builder = app.browser();
    app.sign_in(&builder, "builder@demo.local").await;
    let refused = builder
        .get(app.url("/api/v1/audit/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        403,
        "a builder cannot read the audit trail"
    );
    let auditor = app.browser();
    app.sign_in(&auditor, "auditor@demo.local").await;
    let read = auditor
        .get(app.url("/api/v1/audit/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200, "an auditor can");
}
