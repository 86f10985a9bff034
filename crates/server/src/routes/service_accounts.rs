//! Service accounts: administrators create them and give them API keys. Roles are granted with
//! the same routes as for people (`/api/v1/users/{id}/grants`), and a service account is
//! disabled and enabled like any account (`/api/v1/users/{id}/disable`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::service_accounts::{self, NewServiceAccount, ServiceAccount};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authorized, Client, PersonAuthorized};
use crate::routes::api_keys::{ApiKeyView, CreateApiKeyRequest, CreatedApiKey};
use crate::routes::auth::GrantView;
use crate::routes::users::user_id;

/// A service account with its roles and keys (never their tokens).
#[derive(Serialize, ToSchema)]
pub struct ServiceAccountView {
    id: String,
    /// Its identity in the audit trail.
    #[schema(example = "claims-import@service-account.invalid")]
    address: String,
    display_name: String,
    description: String,
    /// A disabled service account's keys are refused.
    disabled: bool,
    grants: Vec<GrantView>,
    keys: Vec<ApiKeyView>,
}

impl From<ServiceAccount> for ServiceAccountView {
    fn from(account: ServiceAccount) -> Self {
        ServiceAccountView {
            id: account.user.id.to_string(),
            address: account.user.email.to_string(),
            display_name: account.user.display_name.to_string(),
            description: account.user.description,
            disabled: account.user.disabled,
            grants: account.grants.iter().map(GrantView::from).collect(),
            keys: account.keys.into_iter().map(ApiKeyView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ServiceAccountList {
    service_accounts: Vec<ServiceAccountView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceAccountRequest {
    /// Lower-case letters, digits and dashes; becomes `<name>@service-account.invalid`.
    #[schema(example = "claims-import")]
    name: String,
    #[schema(example = "Claims import")]
    display_name: String,
    /// What it is for and who looks after it.
    #[serde(default)]
    description: String,
}

/// Every service account with its roles and keys.
#[utoipa::path(
    get,
    path = "/api/v1/service-accounts",
    operation_id = "list_service_accounts",
    tag = "service-accounts",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ServiceAccountList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<ServiceAccountList>, ApiError> {
    let all = service_accounts::list(&state.store).await?;
    Ok(Json(ServiceAccountList {
        service_accounts: all.into_iter().map(ServiceAccountView::from).collect(),
    }))
}

/// Creates a service account, with no roles and no keys yet.
#[utoipa::path(
    post,
    path = "/api/v1/service-accounts",
    operation_id = "create_service_account",
    tag = "service-accounts",
    request_body = CreateServiceAccountRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, body = ServiceAccountView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators, signed in; or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the name is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    PersonAuthorized(principal, _): PersonAuthorized<Administer>,
    ApiJson(request): ApiJson<CreateServiceAccountRequest>,
) -> Result<Response, ApiError> {
    let new = NewServiceAccount {
        name: request.name,
        display_name: request.display_name,
        description: request.description,
    };
    let created = service_accounts::create(&state.store, &context, &principal, new).await?;
    Ok((StatusCode::CREATED, Json(ServiceAccountView::from(created))).into_response())
}

/// Gives a service account a new API key, limited to what the service account holds. The
/// token is shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/service-accounts/{id}/api-keys",
    operation_id = "create_service_account_key",
    tag = "service-accounts",
    params(("id" = String, Path, description = "The service account's id")),
    request_body = CreateApiKeyRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators, signed in; or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such service account"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: e.g. a permission the service account does not hold"),
    )
)]
pub async fn create_key(
    State(state): State<AppState>,
    Client(context): Client,
    PersonAuthorized(principal, _): PersonAuthorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<CreateApiKeyRequest>,
) -> Result<Response, ApiError> {
    let created = service_accounts::create_key(
        &state.store,
        &context,
        &principal,
        user_id(&id)?,
        request.into(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CreatedApiKey::from(created))).into_response())
}
