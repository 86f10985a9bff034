//! The static policy check of a workflow for a workspace and an environment.

use axum::Json;
use axum::extract::{Path, State};
use paddock_core::policy::Violation;
use paddock_services::policy::{self, PolicyReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyCheckRequest {
    /// The workflow, YAML or JSON, as written.
    definition: String,
    /// The environment to check for (its slug); the first of the chain (dev) when omitted.
    #[schema(example = "prod")]
    environment: Option<String>,
}

/// Where the workflow's data may go, for one workspace and environment.
#[derive(Serialize, ToSchema)]
pub struct PolicyReportView {
    workspace: String,
    environment: String,
    /// True when there are no violations.
    passes: bool,
    /// Each with the source, the steps it passes through, the sink and what would fix it.
    violations: Vec<Violation>,
}

impl From<PolicyReport> for PolicyReportView {
    fn from(report: PolicyReport) -> Self {
        PolicyReportView {
            workspace: report.workspace,
            environment: report.environment,
            passes: report.violations.is_empty(),
            violations: report.violations,
        }
    }
}

/// Checks a workflow against the policy of a workspace and environment: every model it uses
/// must be open to the workspace, and no labelled value may reach a model not cleared for it.
/// Violations are the answer, not an error: the response is 200 either way.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/policy-check",
    operation_id = "check_policy",
    tag = "workflows",
    params(("slug" = String, Path, description = "The workspace's slug")),
    request_body = PolicyCheckRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = PolicyReportView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: no builder role in this workspace"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or environment"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the definition has problems (`details.problems`)"),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<PolicyCheckRequest>,
) -> Result<Json<PolicyReportView>, ApiError> {
    let report = policy::check(
        &state.store,
        Some(&principal),
        &slug,
        request.environment.as_deref(),
        &request.definition,
    )
    .await?;
    Ok(Json(report.into()))
}
