//! The OpenAPI 3.1 document and the interactive reference at `/api/docs` (assets vendored).

use axum::{Json, Router};
use std::sync::OnceLock;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::AppState;
use crate::extract::SESSION_COOKIE;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Paddock API",
        description = "Governed AI workflows. Errors always have the shape `{\"error\": {\"code\", \"message\", \"details\"}}`; the codes are listed in docs/errors.md.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Sign-in, sign-out and the current user"),
        (name = "users", description = "Accounts, for administrators"),
        (name = "groups", description = "Groups and the roles granted to them, for administrators"),
        (name = "api-keys", description = "Keys for scripts: `Authorization: Bearer <token>`"),
        (name = "service-accounts", description = "Non-person accounts that act through API keys, for administrators"),
        (name = "runs", description = "Runs of workflows: test runs of drafts, step records, cancelling, approvals"),
        (name = "workflows", description = "Workflow definitions: the format, the step kinds, validation"),
        (name = "workspaces", description = "Workspaces and who holds which role in each, for administrators"),
        (name = "models", description = "The model registry: providers, credentials, prices, access and budgets, for administrators"),
        (name = "connections", description = "Connections to outside systems, their policy and bindings, for administrators; the connections builders may use"),
        (name = "environments", description = "The environment chain and each environment's publishing rule"),
        (name = "reviews", description = "Reviews of versions for an environment: diff, policy report, evidence, comments and decisions"),
        (name = "deployments", description = "What is live where: deploy, roll back, freeze, and run what is live"),
        (name = "apps", description = "Published apps: the catalog, an app's form and OpenAPI document, files for its inputs, and its runs (`?wait`, `Idempotency-Key`, signed callbacks)"),
        (name = "batches", description = "An app run once per row of a CSV or JSON Lines table: preview, progress, cancel, resume, retry, results"),
        (name = "labels", description = "The organisation's labels, and the impact of a policy change before it is saved"),
        (name = "knowledge", description = "Knowledge bases: their documents (uploaded, read into passages in the background), labels and access lists"),
        (name = "audit", description = "The tamper-evident audit trail"),
        (name = "settings", description = "Organisation settings, for administrators"),
        (name = "scim", description = "SCIM 2.0 provisioning for identity providers (`/scim/v2`), and its tokens"),
        (name = "meta", description = "This API's own description"),
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&SecuritySchemes)
)]
pub(crate) struct ApiDoc;

/// How callers authenticate: the session cookie set by sign-in, plus, for writes made with
/// it, the CSRF token from the sign-in answer.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Set by POST /api/v1/auth/login.",
            ))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API key from POST /api/v1/api-keys, as `Authorization: Bearer <token>`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "scim_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A SCIM token from POST /api/v1/scim/tokens, for the identity provider.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The csrf_token of the session; required on every write made with the session cookie.",
            ))),
        );
    }
}

/// The OpenAPI document describing every route the server has.
pub fn openapi_document() -> Document {
    crate::routes::router().split_for_parts().1
}

/// This document, as JSON.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json", body = Object))
)]
pub(crate) async fn openapi_json() -> Json<&'static Document> {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    Json(DOCUMENT.get_or_init(openapi_document))
}

/// The interactive reference (Swagger UI, its assets compiled into the binary) at `/api/docs`;
/// it is a page for people, so the only route not in the document.
pub(crate) fn docs_router() -> Router<AppState> {
    SwaggerUi::new("/api/docs")
        .config(Config::from("/api/openapi.json"))
        .into()
}
