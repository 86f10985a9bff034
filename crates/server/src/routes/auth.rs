//! Signing in and out, and who the caller is.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use paddock_core::{Role, Section};
use paddock_services::auth::{self, CurrentUser as ServiceUser, SESSION_LIFETIME};
use paddock_store::grants::HeldGrant;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{
    ApiJson, Authenticated, Client, SESSION_COOKIE, over_https, reject_cross_origin, session_cookie,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "admin@demo.local")]
    email: String,
    #[schema(example = "paddock-demo")]
    password: String,
}

/// The signed-in person and the token that cookie-authenticated writes must echo.
#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    user: CurrentUser,
    /// Send as `X-CSRF-Token` with every write made with the session cookie.
    csrf_token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CurrentUser {
    id: String,
    email: String,
    display_name: String,
    organization: Organization,
    /// Every role held, organisation-wide (`workspace` null) or per workspace.
    grants: Vec<GrantView>,
    /// The workspaces this person can work in.
    workspaces: Vec<WorkspaceSummary>,
    /// The sections of the UI this person may open, in order; decided by the permission table.
    navigation: Vec<Section>,
}

#[derive(Serialize, ToSchema)]
pub struct Organization {
    /// Null until an administrator names the organisation.
    name: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Grant)]
pub struct GrantView {
    role: Role,
    /// The workspace slug; null for an organisation-wide grant.
    workspace: Option<String>,
    /// The group the role comes through; null when granted to the person directly.
    via_group: Option<String>,
}

impl From<&HeldGrant> for GrantView {
    fn from(held: &HeldGrant) -> Self {
        GrantView {
            role: held.grant.role(),
            workspace: held.workspace.as_ref().map(|w| w.slug.to_string()),
            via_group: held.via_group.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkspaceSummary {
    #[schema(example = "claims")]
    slug: String,
    #[schema(example = "Claims")]
    name: String,
}

impl From<ServiceUser> for CurrentUser {
    fn from(user: ServiceUser) -> Self {
        CurrentUser {
            id: user.id.to_string(),
            email: user.email.to_string(),
            display_name: user.display_name.to_string(),
            organization: Organization {
                name: user.organization.map(|name| name.to_string()),
            },
            grants: user.grants.iter().map(GrantView::from).collect(),
            workspaces: user
                .workspaces
                .iter()
                .map(|w| WorkspaceSummary {
                    slug: w.slug.to_string(),
                    name: w.name.to_string(),
                })
                .collect(),
            navigation: user.navigation,
        }
    }
}

/// Signs in with e-mail and password and sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = SessionInfo, description = "Signed in; the `paddock_session` cookie is set"),
        (status = 400, body = ErrorBody, description = "`invalid_json`"),
        (status = 401, body = ErrorBody, description = "`invalid_credentials`"),
        (status = 403, body = ErrorBody, description = "`csrf_rejected`: sent by a page of another origin"),
        (status = 429, body = ErrorBody, description = "`too_many_attempts`: locked after repeated failures; see `Retry-After`"),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    Client(context): Client,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    reject_cross_origin(&headers)?;
    let signed_in =
        auth::sign_in(&state.store, &context, &request.email, &request.password).await?;
    let cookie = session_cookie_header(&signed_in.token, &headers);
    let body = SessionInfo {
        user: signed_in.user.into(),
        csrf_token: Some(signed_in.csrf_token),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// The `Set-Cookie` value that hands a new session to the browser.
pub(crate) fn session_cookie_header(token: &auth::SessionToken, headers: &HeaderMap) -> String {
    let secure = if over_https(headers) { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        token.expose(),
        SESSION_LIFETIME.as_secs()
    )
}

/// Ends the session, if there is one, and clears the cookie. Signing out twice is not an error.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, body = ErrorBody, description = "`csrf_rejected`: a valid session came without its CSRF token"),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    Client(context): Client,
    caller: Option<Authenticated>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let (Some(Authenticated(principal)), Some(token)) = (caller, session_cookie(&headers)) {
        auth::sign_out(&state.store, &context, &principal, &token).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// Who is signed in, with their grants and the sections they may open.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "auth",
    security(("session" = [])),
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<SessionInfo>, ApiError> {
    let user = auth::current_user(&state.store, principal.user_id).await?;
    Ok(Json(SessionInfo {
        user: user.into(),
        csrf_token: principal.csrf_token,
    }))
}
