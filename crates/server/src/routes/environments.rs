//! The environment chain and each environment's publishing rule: everyone signed in reads it,
//! admins change it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::promotion::environments::{self, EnvironmentView, RuleView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authenticated, Authorized, Client};

#[derive(Serialize, ToSchema)]
pub struct EnvironmentList {
    /// In promotion order.
    environments: Vec<EnvironmentView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEnvironmentRequest {
    #[schema(example = "uat")]
    slug: String,
    #[schema(example = "User acceptance")]
    name: String,
    rule: RuleView,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEnvironmentRequest {
    name: String,
    rule: RuleView,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderEnvironmentsRequest {
    /// Every environment's slug once, in the order promotion goes.
    #[schema(example = json!(["dev", "staging", "prod"]))]
    order: Vec<String>,
}

/// The environments in promotion order, each with its publishing rule.
#[utoipa::path(
    get,
    path = "/api/v1/environments",
    operation_id = "list_environments",
    tag = "environments",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = EnvironmentList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(_signed_in): Authenticated,
) -> Result<Json<EnvironmentList>, ApiError> {
    Ok(Json(EnvironmentList {
        environments: environments::list(&state.store).await?,
    }))
}

/// Adds an environment at the end of the chain.
#[utoipa::path(
    post,
    path = "/api/v1/environments",
    operation_id = "create_environment",
    tag = "environments",
    request_body = CreateEnvironmentRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = EnvironmentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: admins only"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the slug is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a bad slug, name or rule"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<CreateEnvironmentRequest>,
) -> Result<Response, ApiError> {
    let created = environments::create(
        &state.store,
        &context,
        &principal,
        &request.slug,
        &request.name,
        &request.rule,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Renames an environment and replaces its publishing rule.
#[utoipa::path(
    put,
    path = "/api/v1/environments/{environment}",
    operation_id = "update_environment",
    tag = "environments",
    params(("environment" = String, Path, description = "The environment's slug")),
    request_body = UpdateEnvironmentRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = EnvironmentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: admins only"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such environment"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a bad name or rule"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(environment): Path<String>,
    ApiJson(request): ApiJson<UpdateEnvironmentRequest>,
) -> Result<Json<EnvironmentView>, ApiError> {
    Ok(Json(
        environments::update(
            &state.store,
            &context,
            &principal,
            &environment,
            &request.name,
            &request.rule,
        )
        .await?,
    ))
}

/// Removes an environment nothing refers to.
#[utoipa::path(
    delete,
    path = "/api/v1/environments/{environment}",
    operation_id = "delete_environment",
    tag = "environments",
    params(("environment" = String, Path, description = "The environment's slug")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: admins only"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such environment"),
        (status = 409, body = ErrorBody, description = "`in_use`: runs, bindings, reviews or deployments refer to it"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(environment): Path<String>,
) -> Result<StatusCode, ApiError> {
    environments::delete(&state.store, &context, &principal, &environment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts the chain in a new order.
#[utoipa::path(
    post,
    path = "/api/v1/environments/reorder",
    operation_id = "reorder_environments",
    tag = "environments",
    request_body = ReorderEnvironmentsRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = EnvironmentList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: admins only"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: not every environment once"),
    )
)]
pub async fn reorder(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<ReorderEnvironmentsRequest>,
) -> Result<Json<EnvironmentList>, ApiError> {
    Ok(Json(EnvironmentList {
        environments: environments::reorder(&state.store, &context, &principal, &request.order)
            .await?,
    }))
}
