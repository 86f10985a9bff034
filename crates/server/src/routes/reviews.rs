//! Reviews: submit a version of a workflow for an environment, list and read reviews, comment,
//! and decide (approve, reject, request changes).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::promotion::ReviewStatus;
use paddock_core::publishing::InterfacesSpec;
use paddock_services::promotion::reviews::{self, ReviewDecision, ReviewDetail, ReviewSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated, Client};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitReviewRequest {
    /// The version's number.
    #[schema(example = 3)]
    version: u64,
    /// The environment's slug.
    #[schema(example = "prod")]
    environment: String,
    /// What changes and why, for the approvers.
    #[schema(example = "Outages now page the on-call engineer")]
    message: String,
    /// How the version is to be served once deployed: a form, a batch, an API, each to an
    /// audience; left out, it is served as the version live there now is.
    #[serde(default)]
    interfaces: Option<InterfacesSpec>,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewList {
    reviews: Vec<ReviewSummary>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// `open` (the default), `deployed`, `rejected`, `changes_requested`, or `all`.
    status: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewCommentRequest {
    body: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecisionRequest {
    decision: ReviewDecision,
    /// Required to reject or request changes: say why.
    #[serde(default)]
    comment: String,
}

/// Submits a version for review in an environment. Refused when the version breaks the
/// environment's policy or lacks the evidence its rule asks for. With a rule of no approvals
/// the version is deployed at once (the review answers `deployed`).
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/reviews",
    operation_id = "submit_review",
    tag = "reviews",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    request_body = SubmitReviewRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = ReviewDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not promote workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace, workflow, version or environment"),
        (status = 409, body = ErrorBody, description = "`policy_violation` (with `details.violations`), `evidence_required`, `frozen`, or `already_exists` (a review of this version waits there already)"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no message, the version is live there already, or the interfaces do not read (`details.field` = `interfaces`)"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
    ApiJson(request): ApiJson<SubmitReviewRequest>,
) -> Result<Response, ApiError> {
    let review = reviews::submit(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        request.version,
        &request.environment,
        &request.message,
        request.interfaces.as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(review)).into_response())
}

/// Reviews the caller may see, newest first; `awaiting_you` marks those they may decide.
#[utoipa::path(
    get,
    path = "/api/v1/reviews",
    operation_id = "list_reviews",
    tag = "reviews",
    params(ReviewQuery),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ReviewList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an unknown status"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Query(query): Query<ReviewQuery>,
) -> Result<Json<ReviewList>, ApiError> {
    let status = match query.status.as_deref() {
        None | Some("open") => Some(ReviewStatus::Open),
        Some("all") => None,
        Some(other) => Some(ReviewStatus::parse(other).ok_or_else(|| {
            ApiError::from(paddock_services::ServiceError::invalid(
                "status",
                "use open, deployed, rejected, changes_requested or all",
            ))
        })?),
    };
    Ok(Json(ReviewList {
        reviews: reviews::list(&state.store, &principal, status).await?,
    }))
}

/// A review with what changes against the live version, the policy report, the evidence runs
/// and the thread.
#[utoipa::path(
    get,
    path = "/api/v1/reviews/{id}",
    operation_id = "get_review",
    tag = "reviews",
    params(("id" = String, Path, description = "The review's id")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ReviewDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such review, or not yours to see"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ReviewDetail>, ApiError> {
    Ok(Json(reviews::get(&state.store, &principal, id).await?))
}

/// Comments on a review.
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{id}/comments",
    operation_id = "comment_on_review",
    tag = "reviews",
    params(("id" = String, Path, description = "The review's id")),
    request_body = ReviewCommentRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = ReviewDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such review, or not yours to see"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an empty or overlong comment"),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReviewCommentRequest>,
) -> Result<Response, ApiError> {
    let review = reviews::comment(&state.store, &context, &principal, &id, &request.body).await?;
    Ok((StatusCode::CREATED, Json(review)).into_response())
}

/// Approves, rejects or asks for changes. The approval that meets the rule deploys the
/// version, after checking freeze windows, evidence and the environment's policy again.
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{id}/decision",
    operation_id = "decide_review",
    tag = "reviews",
    params(("id" = String, Path, description = "The review's id")),
    request_body = ReviewDecisionRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ReviewDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` (not an approver here, or not in the approver groups) or `separation_of_duties` (you wrote or edited the version)"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such review, or not yours to see"),
        (status = 409, body = ErrorBody, description = "`review_closed`, `already_exists` (approved already), `policy_violation`, `evidence_required` or `frozen`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a rejection or change request without a comment"),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReviewDecisionRequest>,
) -> Result<Json<ReviewDetail>, ApiError> {
    Ok(Json(
        reviews::decide(
            &state.store,
            &context,
            &principal,
            &id,
            request.decision,
            &request.comment,
        )
        .await?,
    ))
}
