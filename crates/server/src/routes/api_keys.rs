//! API keys: create (the token is shown once), list one's own, revoke.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::time::Timestamp;
use paddock_services::ServiceError;
use paddock_services::api_keys::{self, CreatedKey, NewKey};
use paddock_store::api_keys::ApiKey;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated, Client, Person};

/// An API key as its holder sees it (never the token itself).
#[derive(Serialize, ToSchema)]
pub struct ApiKeyView {
    id: String,
    name: String,
    /// The token's first characters, to recognise it by.
    #[schema(example = "pdk_3fa91c")]
    prefix: String,
    /// Permission names the key is limited to; null for all its holder has.
    permissions: Option<Vec<String>>,
    /// Workspaces the key is limited to; null for all its holder's.
    workspaces: Option<Vec<String>>,
    created_at: String,
    expires_at: Option<String>,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    #[schema(example = "active")]
    status: &'static str,
}

impl From<ApiKey> for ApiKeyView {
    fn from(key: ApiKey) -> Self {
        let now = Timestamp::now();
        let status = if key.revoked_at.is_some() {
            "revoked"
        } else if key.expires_at.is_some_and(|at| at <= now) {
            "expired"
        } else {
            "active"
        };
        ApiKeyView {
            id: key.id.to_string(),
            name: key.name,
            prefix: key.token_prefix,
            permissions: key.permissions,
            workspaces: key.workspaces,
            created_at: key.created_at.to_rfc3339(),
            expires_at: key.expires_at.map(Timestamp::to_rfc3339),
            last_used_at: key.last_used_at.map(Timestamp::to_rfc3339),
            revoked_at: key.revoked_at.map(Timestamp::to_rfc3339),
            status,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    #[schema(example = "nightly claims export")]
    name: String,
    /// 1 to 366 days; 90 when omitted.
    expires_in_days: Option<u32>,
    /// Limit the key to these permissions (names as in docs/permissions.md, e.g. `view_audit`).
    permissions: Option<Vec<String>>,
    /// Limit the key to these workspaces (slugs).
    workspaces: Option<Vec<String>>,
}

/// A new key with its token. The token is shown this once and cannot be retrieved again.
#[derive(Serialize, ToSchema)]
pub struct CreatedApiKey {
    key: ApiKeyView,
    /// Send as `Authorization: Bearer <token>`.
    token: String,
}

impl From<CreateApiKeyRequest> for NewKey {
    fn from(request: CreateApiKeyRequest) -> Self {
        NewKey {
            name: request.name,
            expires_in_days: request.expires_in_days,
            permissions: request.permissions,
            workspaces: request.workspaces,
        }
    }
}

impl From<CreatedKey> for CreatedApiKey {
    fn from(created: CreatedKey) -> Self {
        CreatedApiKey {
            key: created.key.into(),
            token: created.token,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiKeyList {
    keys: Vec<ApiKeyView>,
}

/// Creates an API key for the signed-in person.
#[utoipa::path(
    post,
    path = "/api/v1/api-keys",
    operation_id = "create_api_key",
    tag = "api-keys",
    request_body = CreateApiKeyRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: keys cannot create keys; or `csrf_rejected`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: e.g. a permission the holder does not have"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Person(principal): Person,
    ApiJson(request): ApiJson<CreateApiKeyRequest>,
) -> Result<Response, ApiError> {
    let created = api_keys::create_key(&state.store, &context, &principal, request.into()).await?;
    Ok((StatusCode::CREATED, Json(CreatedApiKey::from(created))).into_response())
}

/// The caller's API keys, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/api-keys",
    operation_id = "list_api_keys",
    tag = "api-keys",
    security(("session" = [])),
    responses(
        (status = 200, body = ApiKeyList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<ApiKeyList>, ApiError> {
    let keys = api_keys::list_keys(&state.store, &principal).await?;
    Ok(Json(ApiKeyList {
        keys: keys.into_iter().map(ApiKeyView::from).collect(),
    }))
}

/// Revokes a key at once. Holders revoke their own; administrators anyone's.
#[utoipa::path(
    post,
    path = "/api/v1/api-keys/{id}/revoke",
    operation_id = "revoke_api_key",
    tag = "api-keys",
    params(("id" = String, Path, description = "The key's id")),
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = ApiKeyView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    Client(context): Client,
    Person(principal): Person,
    Path(id): Path<String>,
) -> Result<Json<ApiKeyView>, ApiError> {
    let id = id
        .parse()
        .map_err(|_| ServiceError::NotFound("There is no such API key.".to_owned()))?;
    let key = api_keys::revoke_key(&state.store, &context, &principal, id).await?;
    Ok(Json(key.into()))
}
