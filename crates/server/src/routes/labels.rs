//! The organisation's labels (levels named in its own words, categories it added), and the
//! impact of a policy change before it is saved.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::labels::{self, CategoryView, LabelCatalogue, LevelForm, LevelView};
use paddock_services::policy::{self, Affected, ProposedPolicy};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authenticated, Authorized, Client};

/// The levels, lowest first, with the organisation's names for them, and the categories.
/// Everyone signed in may read them: builders label inputs with them.
#[utoipa::path(
    get,
    path = "/api/v1/labels",
    operation_id = "list_labels",
    tag = "labels",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = LabelCatalogue),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authenticated,
) -> Result<Json<LabelCatalogue>, ApiError> {
    Ok(Json(labels::catalogue(&state.store).await?))
}

/// Names and describes a level in the organisation's words; the stored name (`confidential`)
/// and the order stay.
#[utoipa::path(
    put,
    path = "/api/v1/labels/levels/{level}",
    operation_id = "rename_label_level",
    tag = "labels",
    params(("level" = String, Path, description = "public, internal, confidential or restricted")),
    request_body = LevelForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = LevelView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such level"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn rename_level(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(level): Path<String>,
    ApiJson(form): ApiJson<LevelForm>,
) -> Result<Json<LevelView>, ApiError> {
    let renamed = labels::rename_level(&state.store, &context, &principal, &level, form).await?;
    Ok(Json(renamed))
}

/// Adds a category labels and clearances may then name.
#[utoipa::path(
    post,
    path = "/api/v1/labels/categories",
    operation_id = "add_label_category",
    tag = "labels",
    request_body = CategoryView,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = CategoryView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn add_category(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(form): ApiJson<CategoryView>,
) -> Result<Response, ApiError> {
    let added = labels::add_category(&state.store, &context, &principal, form).await?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}

/// Removes a category no model or connection names.
#[utoipa::path(
    delete,
    path = "/api/v1/labels/categories/{name}",
    operation_id = "remove_label_category",
    tag = "labels",
    params(("name" = String, Path, description = "The category")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 409, body = ErrorBody, description = "`in_use`: a model or connection names it"),
    )
)]
pub async fn remove_category(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    labels::remove_category(&state.store, &context, &principal, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ImpactReport {
    /// Workflows the change would put in violation, each with the violations it adds; empty
    /// when the change breaks nothing.
    affected: Vec<Affected>,
}

/// Which workflows a change to a model's or a connection's policy would put in violation, before
/// it is saved. Send the policy fields of the form about to be saved.
#[utoipa::path(
    post,
    path = "/api/v1/policy/impact",
    operation_id = "preview_policy_impact",
    tag = "labels",
    request_body = ProposedPolicy,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ImpactReport),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such model or connection"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn impact(
    State(state): State<AppState>,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(proposed): ApiJson<ProposedPolicy>,
) -> Result<Json<ImpactReport>, ApiError> {
    let affected = policy::impact(&state.store, &principal, proposed).await?;
    Ok(Json(ImpactReport { affected }))
}
