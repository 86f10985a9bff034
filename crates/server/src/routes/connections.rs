//! Connections to outside systems, for administrators: create them (the credential write-only),
//! set their policy, test them and bind them to aliases per workspace and environment. Builders
//! list the connections bound where they build, without any credential.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::connections::{
    self, BindingView, ConnectionForm, ConnectionTest, ConnectionView, UsableConnection,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authenticated, Authorized, Client};

#[derive(Serialize, ToSchema)]
pub struct ConnectionList {
    connections: Vec<ConnectionView>,
}

/// Every connection with its policy and bindings. Credentials are never shown.
#[utoipa::path(
    get,
    path = "/api/v1/connections",
    operation_id = "list_connections",
    tag = "connections",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ConnectionList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<ConnectionList>, ApiError> {
    Ok(Json(ConnectionList {
        connections: connections::list(&state.store).await?,
    }))
}

/// Creates a connection. Its credential is sealed with the master key and never shown again.
#[utoipa::path(
    post,
    path = "/api/v1/connections",
    operation_id = "create_connection",
    tag = "connections",
    request_body = ConnectionForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = ConnectionView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the name is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(form): ApiJson<ConnectionForm>,
) -> Result<Response, ApiError> {
    let view =
        connections::create(&state.store, &state.keyring, &context, &principal, form).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// One connection with its policy and bindings.
#[utoipa::path(
    get,
    path = "/api/v1/connections/{name}",
    operation_id = "get_connection",
    tag = "connections",
    params(("name" = String, Path, description = "The connection's name")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ConnectionView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such connection"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<Json<ConnectionView>, ApiError> {
    Ok(Json(connections::get(&state.store, &name).await?))
}

/// Replaces a connection's settings and policy. Leave `credential` out to keep the stored one
/// (unless the connection now points at another system); send an empty one to remove it.
#[utoipa::path(
    put,
    path = "/api/v1/connections/{name}",
    operation_id = "update_connection",
    tag = "connections",
    params(("name" = String, Path, description = "The connection's name")),
    request_body = ConnectionForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ConnectionView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such connection"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the new name is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(name): Path<String>,
    ApiJson(form): ApiJson<ConnectionForm>,
) -> Result<Json<ConnectionView>, ApiError> {
    let view = connections::update(
        &state.store,
        &state.keyring,
        &context,
        &principal,
        &name,
        form,
    )
    .await?;
    Ok(Json(view))
}

/// Removes a connection and its bindings. Runs that call an alias bound to it afterwards fail
/// with a clear error.
#[utoipa::path(
    delete,
    path = "/api/v1/connections/{name}",
    operation_id = "delete_connection",
    tag = "connections",
    params(("name" = String, Path, description = "The connection's name")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such connection"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    connections::delete(&state.store, &context, &principal, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks that the system answers and accepts the credential (an HTTP API's base address, a
/// mail server's greeting), under the connection's egress policy. The answer says what was
/// found; a failure is `ok: false` with the reason, never the credential.
#[utoipa::path(
    post,
    path = "/api/v1/connections/{name}/test",
    operation_id = "test_connection",
    tag = "connections",
    params(("name" = String, Path, description = "The connection's name")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ConnectionTest, description = "Tried: `ok` says whether it answered"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such connection"),
    )
)]
pub async fn test(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<Json<ConnectionTest>, ApiError> {
    let tested = connections::test(
        &state.store,
        &state.keyring,
        state.connections.connectors(),
        &name,
    )
    .await?;
    Ok(Json(tested))
}

#[derive(Serialize, ToSchema)]
pub struct BindingList {
    bindings: Vec<BindingView>,
}

/// Which connection each alias means in each environment of the workspace.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/bindings",
    operation_id = "list_bindings",
    tag = "connections",
    params(("slug" = String, Path, description = "The workspace's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BindingList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
    )
)]
pub async fn bindings(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(slug): Path<String>,
) -> Result<Json<BindingList>, ApiError> {
    Ok(Json(BindingList {
        bindings: connections::bindings(&state.store, &slug).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BindRequest {
    /// The connection the alias means here.
    #[schema(example = "tickets-sandbox")]
    connection: String,
}

/// Binds an alias in one environment of the workspace to a connection open to the workspace,
/// replacing what it meant there before.
#[utoipa::path(
    put,
    path = "/api/v1/workspaces/{slug}/bindings/{environment}/{alias}",
    operation_id = "bind_connection",
    tag = "connections",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("environment" = String, Path, description = "The environment's slug"),
        ("alias" = String, Path, description = "The alias workflows use"),
    ),
    request_body = BindRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BindingView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or environment"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a bad alias, or no such connection open to the workspace"),
    )
)]
pub async fn bind(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path((slug, environment, alias)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<BindRequest>,
) -> Result<Json<BindingView>, ApiError> {
    let bound = connections::bind(
        &state.store,
        &context,
        &principal,
        &slug,
        &environment,
        &alias,
        &request.connection,
    )
    .await?;
    Ok(Json(bound))
}

/// Removes a binding: workflows calling the alias in that environment fail until it is bound
/// again.
#[utoipa::path(
    delete,
    path = "/api/v1/workspaces/{slug}/bindings/{environment}/{alias}",
    operation_id = "unbind_connection",
    tag = "connections",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("environment" = String, Path, description = "The environment's slug"),
        ("alias" = String, Path, description = "The alias workflows use"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, environment or binding"),
    )
)]
pub async fn unbind(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path((slug, environment, alias)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    connections::unbind(
        &state.store,
        &context,
        &principal,
        &slug,
        &environment,
        &alias,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct UsableQuery {
    /// The environment (its slug); the first of the chain (dev) when omitted.
    environment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UsableList {
    connections: Vec<UsableConnection>,
}

/// The connections a builder may use in the workspace: each alias bound in the environment,
/// with the actions workflows may call and the connection's label and clearance.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/connections",
    operation_id = "list_usable_connections",
    tag = "connections",
    params(("slug" = String, Path, description = "The workspace's slug"), UsableQuery),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = UsableList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: no builder role in this workspace"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or environment"),
    )
)]
pub async fn usable(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    Query(query): Query<UsableQuery>,
) -> Result<Json<UsableList>, ApiError> {
    let connections = connections::usable(
        &state.store,
        &principal,
        &slug,
        query.environment.as_deref(),
    )
    .await?;
    Ok(Json(UsableList { connections }))
}
