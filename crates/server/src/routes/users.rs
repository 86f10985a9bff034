//! Accounts: administrators list, create, disable, enable and reset them; everyone changes their
//! own password.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Role;
use paddock_core::ids::UserId;
use paddock_services::ServiceError;
use paddock_services::accounts::{self, NewAccount};
use paddock_services::audit::Actor;
use paddock_services::users::{self, Account};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authorized, Client, Person, session_cookie};
use crate::routes::auth::GrantView;

/// An account as administrators see it.
#[derive(Serialize, ToSchema)]
pub struct UserAccount {
    id: String,
    email: String,
    display_name: String,
    /// A disabled account cannot sign in and has no sessions.
    disabled: bool,
    /// Whether the account has a local password (accounts from single sign-on have none).
    has_password: bool,
    grants: Vec<GrantView>,
}

impl From<Account> for UserAccount {
    fn from(account: Account) -> Self {
        UserAccount {
            id: account.user.id.to_string(),
            email: account.user.email.to_string(),
            display_name: account.user.display_name.to_string(),
            disabled: account.user.disabled,
            has_password: account.user.password_hash.is_some(),
            grants: account.grants.iter().map(GrantView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    users: Vec<UserAccount>,
}

/// Every account with its roles.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    operation_id = "list_users",
    tag = "users",
    security(("session" = [])),
    responses(
        (status = 200, body = UserList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<UserList>, ApiError> {
    let accounts = users::list_accounts(&state.store).await?;
    Ok(Json(UserList {
        users: accounts.into_iter().map(UserAccount::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "sam@example.com")]
    email: String,
    display_name: Option<String>,
    /// At least 12 characters. Never returned.
    password: String,
    role: Role,
    /// The workspace slug; omit only for an organisation-wide admin or auditor.
    workspace: Option<String>,
}

/// Creates a local account with one role.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    operation_id = "create_user",
    tag = "users",
    request_body = CreateUserRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, body = UserAccount),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the e-mail address has an account"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the field is named in `details.field`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<Response, ApiError> {
    let account = NewAccount {
        email: &request.email,
        display_name: request.display_name.as_deref(),
        password: &request.password,
        role: request.role,
        workspace: request.workspace.as_deref(),
    }
    .validate()?;
    let actor = Actor::user(principal.user_id, principal.email.as_str());
    let email = accounts::create_account(&state.store, &context, actor, account).await?;
    let created = users::list_accounts(&state.store)
        .await?
        .into_iter()
        .find(|account| account.user.email == email)
        .ok_or_else(|| ServiceError::NotFound("The new account vanished.".to_owned()))?;
    Ok((StatusCode::CREATED, Json(UserAccount::from(created))).into_response())
}

/// The account id in a path; one that cannot be an id names no account.
pub(crate) fn user_id(raw: &str) -> Result<UserId, ApiError> {
    raw.parse().map_err(|_| users::no_such_account().into())
}

/// Disables an account and ends its sessions at once.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/disable",
    operation_id = "disable_user",
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = UserAccount),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: you cannot disable yourself"),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
) -> Result<Json<UserAccount>, ApiError> {
    let account =
        users::set_disabled(&state.store, &context, &principal, user_id(&id)?, true).await?;
    Ok(Json(account.into()))
}

/// Enables a disabled account again.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/enable",
    operation_id = "enable_user",
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = UserAccount),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn enable(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
) -> Result<Json<UserAccount>, ApiError> {
    let account =
        users::set_disabled(&state.store, &context, &principal, user_id(&id)?, false).await?;
    Ok(Json(account.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The new password, at least 12 characters.
    password: String,
}

/// Sets a new password for an account and ends its sessions.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/password",
    operation_id = "reset_user_password",
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    request_body = ResetPasswordRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "The password is set; the person's sessions have ended"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn reset_password(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    users::reset_password(
        &state.store,
        &context,
        &principal,
        user_id(&id)?,
        &request.password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    current_password: String,
    /// At least 12 characters.
    new_password: String,
}

/// Changes the caller's own password; their other sessions end.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    operation_id = "change_own_password",
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`csrf_rejected`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the current password is wrong or the new one too weak"),
    )
)]
pub async fn change_own_password(
    State(state): State<AppState>,
    Client(context): Client,
    Person(principal): Person,
    headers: axum::http::HeaderMap,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let session =
        session_cookie(&headers).ok_or_else(|| ApiError::from(ServiceError::Unauthenticated))?;
    users::change_own_password(
        &state.store,
        &context,
        &principal,
        &session,
        &request.current_password,
        &request.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
