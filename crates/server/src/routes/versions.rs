//! Versions of a workflow: cut one from the draft, list them, read one, compare any two (or a
//! version and the draft), restore one as the draft; and the draft's edit history.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::versions::{
    self, Comparison, DraftRevisionView, Side, VersionDetail, VersionView,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated, Client};
use crate::routes::drafts::DraftView;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CutVersionRequest {
    /// What changed, for the reviewers (1 to 500 characters).
    #[schema(example = "Route outages to the on-call queue")]
    message: String,
}

#[derive(Serialize, ToSchema)]
pub struct VersionList {
    versions: Vec<VersionView>,
}

#[derive(Serialize, ToSchema)]
pub struct DraftHistory {
    revisions: Vec<DraftRevisionView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// A version number, or `draft`; the newest version when left out.
    from: Option<String>,
    /// A version number, or `draft` (the default).
    to: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreRequest {
    /// The draft revision the restore replaces; refused when someone saved since.
    base_revision: u64,
}

/// Cuts an immutable version of the draft as it is now. A draft with problems cannot be cut;
/// the same definition as an existing version answers that version (200) and writes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/versions",
    operation_id = "cut_workflow_version",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    request_body = CutVersionRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = VersionDetail, description = "Cut"),
        (status = 200, body = VersionDetail, description = "A version with this definition exists already"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or workflow"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no message, or the draft has problems"),
    )
)]
pub async fn cut(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
    ApiJson(request): ApiJson<CutVersionRequest>,
) -> Result<Response, ApiError> {
    let (created, version) = versions::cut(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        &request.message,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(version)).into_response())
}

/// The workflow's versions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/versions",
    operation_id = "list_workflow_versions",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = VersionList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or workflow"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
) -> Result<Json<VersionList>, ApiError> {
    let versions = versions::list(&state.store, &principal, &slug, &name).await?;
    Ok(Json(VersionList { versions }))
}

/// One version, with its definition.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}",
    operation_id = "get_workflow_version",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("number" = u64, Path, description = "The version's number"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = VersionDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, workflow or version"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name, number)): Path<(String, String, u64)>,
) -> Result<Json<VersionDetail>, ApiError> {
    Ok(Json(
        versions::get(&state.store, &principal, &slug, &name, number).await?,
    ))
}

/// The draft's saves, newest first (the last 100).
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/history",
    operation_id = "get_workflow_draft_history",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DraftHistory),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or workflow"),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
) -> Result<Json<DraftHistory>, ApiError> {
    let revisions = versions::history(&state.store, &principal, &slug, &name).await?;
    Ok(Json(DraftHistory { revisions }))
}

/// Compares two versions, or a version and the draft: steps added, removed and changed down to
/// the field (text word by word), inputs, outputs and what is used; and the text line by line.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/compare",
    operation_id = "compare_workflow_versions",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        CompareQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = Comparison),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, workflow or version"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: not a version number or `draft`, or an unreadable draft"),
    )
)]
pub async fn compare(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
    Query(query): Query<CompareQuery>,
) -> Result<Json<Comparison>, ApiError> {
    let from = query.from.as_deref().map(Side::parse).transpose()?;
    let to = query.to.as_deref().map(Side::parse).transpose()?;
    Ok(Json(
        versions::compare(&state.store, &principal, &slug, &name, from, to).await?,
    ))
}

/// Makes a version the draft again: a save of its definition, based on `base_revision`.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/versions/{number}/restore",
    operation_id = "restore_workflow_version",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("number" = u64, Path, description = "The version's number"),
    ),
    request_body = RestoreRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DraftView, description = "The draft, now the version's definition"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, workflow or version"),
        (status = 409, body = ErrorBody, description = "`edit_conflict`: the draft was saved since `base_revision`"),
    )
)]
pub async fn restore(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, number)): Path<(String, String, u64)>,
    ApiJson(request): ApiJson<RestoreRequest>,
) -> Result<Json<DraftView>, ApiError> {
    let restored = versions::restore(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        number,
        request.base_revision,
    )
    .await?;
    Ok(Json(restored.into()))
}
