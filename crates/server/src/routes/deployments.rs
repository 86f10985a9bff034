//! Deployments of a workflow: the pipeline (what is live where), deploying where the rule
//! lets builders, rollback, freeze and unfreeze, and running what is live.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::promotion::deployments::{self, DeploymentView, InFlight, Pipeline};
use paddock_services::promotion::drift::{self, DriftNotice, ExceptionView};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated, Client};
use crate::routes::runs::RunView;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeployRequest {
    #[schema(example = 3)]
    version: u64,
    #[schema(example = "dev")]
    environment: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RollbackRequest {
    /// A version that was live in the environment before.
    version: u64,
    /// An admin's emergency rollback: at once, past approvals and freeze windows.
    #[serde(default)]
    emergency: bool,
    /// Why; required for an emergency rollback.
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeRequest {
    #[schema(example = "The CRM returns wrong owners; investigating")]
    reason: String,
    /// Runs already started: let them `finish` (the default) or `cancel` them.
    #[serde(default = "finish")]
    in_flight: InFlight,
}

fn finish() -> InFlight {
    InFlight::Finish
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentRunRequest {
    /// Input values by name; defaults fill in the rest.
    #[serde(default)]
    #[schema(value_type = Object)]
    inputs: Map<String, Value>,
}

/// Per environment: the live version (frozen or not) and reviews waiting; and every
/// deployment of the workflow, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments",
    operation_id = "get_pipeline",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = Pipeline),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see deployments here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or workflow"),
    )
)]
pub async fn pipeline(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
) -> Result<Json<Pipeline>, ApiError> {
    Ok(Json(
        deployments::pipeline(&state.store, &principal, &slug, &name).await?,
    ))
}

/// Deploys a version where the environment's rule lets builders deploy without review (dev,
/// by default). Elsewhere: `review_required`.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments",
    operation_id = "deploy_version",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    request_body = DeployRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = DeploymentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`, or `review_required`: the environment's rule asks for a review"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, workflow, version or environment"),
        (status = 409, body = ErrorBody, description = "`policy_violation`, `evidence_required` or `frozen` (a freeze window)"),
    )
)]
pub async fn deploy(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
    ApiJson(request): ApiJson<DeployRequest>,
) -> Result<Response, ApiError> {
    let deployed = deployments::deploy_directly(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        request.version,
        &request.environment,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(deployed)).into_response())
}

/// Goes back to a version that was live in the environment before: under the rule, or as an
/// admin's audited emergency rollback.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/rollback",
    operation_id = "rollback_deployment",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("environment" = String, Path, description = "The environment's slug"),
    ),
    request_body = RollbackRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = DeploymentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` (an emergency rollback is for admins), or `review_required`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 409, body = ErrorBody, description = "`policy_violation` or `frozen` (a freeze window)"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: never live there, live now, or no reason for an emergency"),
    )
)]
pub async fn rollback(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, environment)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<RollbackRequest>,
) -> Result<Response, ApiError> {
    let deployed = deployments::rollback(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        &environment,
        request.version,
        request.emergency,
        &request.reason,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(deployed)).into_response())
}

/// Suspends the live deployment at once: new runs are refused; runs in flight finish or are
/// cancelled, as asked.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/freeze",
    operation_id = "freeze_deployment",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("environment" = String, Path, description = "The environment's slug"),
    ),
    request_body = FreezeRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DeploymentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: operators and admins only"),
        (status = 404, body = ErrorBody, description = "`not_found`: nothing deployed there"),
        (status = 409, body = ErrorBody, description = "`frozen`: frozen already"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no reason"),
    )
)]
pub async fn freeze(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, environment)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<FreezeRequest>,
) -> Result<Json<DeploymentView>, ApiError> {
    Ok(Json(
        deployments::freeze(
            &state.store,
            &context,
            &principal,
            &slug,
            &name,
            &environment,
            &request.reason,
            request.in_flight,
        )
        .await?,
    ))
}

/// Lets a frozen deployment take runs again.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/unfreeze",
    operation_id = "unfreeze_deployment",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("environment" = String, Path, description = "The environment's slug"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DeploymentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: operators and admins only"),
        (status = 404, body = ErrorBody, description = "`not_found`: nothing deployed there"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: not frozen"),
    )
)]
pub async fn unfreeze(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, environment)): Path<(String, String, String)>,
) -> Result<Json<DeploymentView>, ApiError> {
    Ok(Json(
        deployments::unfreeze(
            &state.store,
            &context,
            &principal,
            &slug,
            &name,
            &environment,
        )
        .await?,
    ))
}

/// Runs the version live in the environment.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/runs",
    operation_id = "run_deployment",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("environment" = String, Path, description = "The environment's slug"),
    ),
    request_body = DeploymentRunRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 202, body = RunView, description = "Queued"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not run deployments here"),
        (status = 404, body = ErrorBody, description = "`not_found`: nothing deployed there"),
        (status = 409, body = ErrorBody, description = "`frozen`: the deployment is frozen"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the inputs, with `details.problems`"),
    )
)]
pub async fn run(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, environment)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<DeploymentRunRequest>,
) -> Result<Response, ApiError> {
    let started = deployments::run(
        &state.store,
        &state.intake,
        &context,
        &principal,
        &slug,
        &name,
        &environment,
        &request.inputs,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(RunView::from(started))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct DriftList {
    /// Live deployments that break the policy of their environment now.
    drifted: Vec<DriftNotice>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRequest {
    #[schema(example = "The CRM's new clearance is being reviewed; the old flow stays until then")]
    reason: String,
    /// When it ends (RFC 3339), at most 90 days ahead.
    #[schema(example = "2026-12-31T00:00:00Z")]
    until: String,
}

/// Live deployments that a policy change made break the policy of their environment, in the
/// workspaces where the caller may see deployments: freeze them, or grant an exception.
#[utoipa::path(
    get,
    path = "/api/v1/policy-drift",
    operation_id = "list_policy_drift",
    tag = "deployments",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DriftList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn drift(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<DriftList>, ApiError> {
    Ok(Json(DriftList {
        drifted: drift::notices(&state.store, &principal).await?,
    }))
}

/// Lets a live deployment that breaks policy keep running until a date (at most 90 days): its
/// runs pass the clearance checks at sinks, each pass audited. Admins only.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/deployments/{environment}/exception",
    operation_id = "grant_policy_exception",
    tag = "deployments",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
        ("environment" = String, Path, description = "The environment's slug"),
    ),
    request_body = ExceptionRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = ExceptionView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: admins only"),
        (status = 404, body = ErrorBody, description = "`not_found`: nothing deployed there"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no reason, or an end in the past or over 90 days ahead"),
    )
)]
pub async fn grant_exception(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name, environment)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<ExceptionRequest>,
) -> Result<Response, ApiError> {
    let granted = drift::grant_exception(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        &environment,
        &request.reason,
        &request.until,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(granted)).into_response())
}
