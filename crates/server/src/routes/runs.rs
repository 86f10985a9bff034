//! Runs: test runs of drafts, their status and step records, cancelling, and deciding the
//! approvals they wait for.

use axum::Json;
use axum::extract::{FromRequest, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use paddock_core::ids::RunId;
use paddock_core::run::{StepRecord, StepStatus};
use paddock_core::time::Timestamp;
use paddock_services::approvals;
use paddock_services::runs::{self, RunDetails};
use paddock_store::runs::{Run, StoredStep};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiMultipart, ApiQuery, Authenticated, Client};
use crate::routes::artifacts::ArtifactView;
use crate::routes::files::{UploadView, one_file, read_multipart};

/// One step of a run: running, or its record.
#[derive(Serialize, ToSchema)]
pub struct StepView {
    /// `review[2].summary` for a map's step on its third item.
    key: String,
    step_id: String,
    /// `running`, `succeeded`, `failed`, `skipped` or `waiting`.
    status: String,
    attempts: u32,
    /// What `with` evaluated to.
    #[schema(value_type = Object)]
    input: Value,
    #[schema(value_type = Object)]
    output: Value,
    error: Option<String>,
    model: Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    /// What the step's model calls cost, in US dollars; null when it called none.
    cost: Option<f64>,
    started_at: String,
    finished_at: Option<String>,
    duration_ms: Option<i64>,
}

impl From<StoredStep> for StepView {
    fn from(step: StoredStep) -> Self {
        let record: Option<StepRecord> = step.record;
        StepView {
            key: step.key,
            step_id: step.step_id,
            status: record
                .as_ref()
                .map_or("running", |r| r.status.as_str())
                .to_owned(),
            attempts: step.attempts,
            input: record.as_ref().map_or(Value::Null, |r| r.input.clone()),
            output: record.as_ref().map_or(Value::Null, |r| r.output.clone()),
            error: record.as_ref().and_then(|r| r.error.clone()),
            model: record.as_ref().and_then(|r| r.model.clone()),
            input_tokens: record
                .as_ref()
                .and_then(|r| r.usage)
                .map(|u| u.input_tokens),
            output_tokens: record
                .as_ref()
                .and_then(|r| r.usage)
                .map(|u| u.output_tokens),
            cost: record
                .as_ref()
                .and_then(|r| r.usage)
                .and_then(|u| u.cost_micros)
                .map(|micros| micros as f64 / 1_000_000.0),
            started_at: step.started_at.to_rfc3339(),
            finished_at: record
                .as_ref()
                .filter(|r| r.status != StepStatus::Waiting)
                .map(|r| Timestamp::from_millis(r.finished_at).to_rfc3339()),
            duration_ms: record
                .as_ref()
                .filter(|r| r.status != StepStatus::Waiting)
                .map(|r| r.finished_at - r.started_at),
        }
    }
}

/// A run with its steps.
#[derive(Serialize, ToSchema)]
pub struct RunView {
    id: String,
    workspace: String,
    /// The environment's slug.
    environment: String,
    /// The version run; none for a test run of a draft.
    version: Option<u64>,
    workflow: String,
    /// `queued`, `running`, `waiting`, `succeeded`, `failed` or `cancelled`.
    status: String,
    #[schema(value_type = Object)]
    inputs: Value,
    #[schema(value_type = Object)]
    outputs: Option<Value>,
    error: Option<String>,
    /// The step that failed, when the run failed at one.
    failed_step: Option<String>,
    created_at: String,
    started_at: Option<String>,
    finished_at: Option<String>,
    cancel_requested: bool,
    steps: Vec<StepView>,
    /// The validated definition the run runs.
    #[schema(value_type = Object)]
    definition: Value,
    /// Who started it (their e-mail address is in the audit trail); none for the command line.
    started_by: Option<String>,
    /// Through which interface of a published app (`form`, `batch`, `api`); none from the
    /// console.
    interface: Option<String>,
    /// The API key it was started with.
    api_key: Option<String>,
    /// Set when someone not signed in started it through an open form: their network.
    anonymous_from: Option<String>,
    /// The batch whose row it runs.
    batch: Option<String>,
    /// The documents it wrote, in the order it wrote them.
    artifacts: Vec<ArtifactView>,
}

impl From<RunDetails> for RunView {
    fn from(details: RunDetails) -> Self {
        let run = details.run;
        RunView {
            id: run.id.to_string(),
            workspace: details.workspace.to_string(),
            environment: details.environment.to_string(),
            version: details.version,
            workflow: run.workflow_name,
            status: run.status.as_str().to_owned(),
            inputs: run.inputs,
            outputs: run.outputs,
            error: run.error,
            failed_step: run.failed_step,
            created_at: run.created_at.to_rfc3339(),
            started_at: run.started_at.map(Timestamp::to_rfc3339),
            finished_at: run.finished_at.map(Timestamp::to_rfc3339),
            cancel_requested: run.cancel_requested,
            steps: details.steps.into_iter().map(StepView::from).collect(),
            definition: run.definition,
            started_by: run.started_by.map(|id| id.to_string()),
            interface: run
                .served
                .as_ref()
                .map(|served| served.interface.as_str().to_owned()),
            api_key: run
                .served
                .as_ref()
                .and_then(|served| served.api_key.map(|key| key.to_string())),
            anonymous_from: run
                .served
                .as_ref()
                .and_then(|served| served.anonymous.as_ref())
                .map(|caller| caller.client_address.clone()),
            batch: run
                .served
                .as_ref()
                .and_then(|served| served.batch.map(|batch| batch.to_string())),
            artifacts: details
                .artifacts
                .into_iter()
                .map(ArtifactView::from)
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestRunRequest {
    /// The draft, YAML or JSON, as written.
    definition: String,
    /// Input values by name; defaults fill in the rest.
    #[serde(default)]
    #[schema(value_type = Object)]
    inputs: Map<String, Value>,
    /// Runs again from one step of an earlier test run: its inputs are taken (send none), and
    /// the results of its steps that did not change and do not wait for that step are reused.
    rerun: Option<RerunRequest>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RerunRequest {
    /// The earlier test run of this workspace.
    run: String,
    /// The step to run again, with everything that waits for it.
    #[schema(example = "summary")]
    from_step: String,
}

pub(crate) fn run_id(raw: &str) -> Result<RunId, ApiError> {
    raw.parse().map_err(|_| {
        ApiError::from(paddock_services::ServiceError::NotFound(
            "There is no such run.".to_owned(),
        ))
    })
}

/// Runs a draft in the workspace's dev environment. The definition and inputs are checked
/// first: with any problem (each at its path in `details.problems`) nothing is queued. With
/// `rerun`, it runs again from one step of an earlier test run.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/test-runs",
    operation_id = "start_test_run",
    tag = "runs",
    params(("slug" = String, Path, description = "The workspace's slug")),
    request_body = TestRunRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 202, body = RunView, description = "Queued"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: no builder role in this workspace"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the definition or the inputs, with `details.problems`; with `rerun`, inputs sent too, `rerun.run` not a test run of yours in this workspace, or `rerun.from_step` not a step of the draft"),
    )
)]
pub async fn start_test_run(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<TestRunRequest>,
) -> Result<Response, ApiError> {
    let rerun = request.rerun.map(|rerun| runs::Rerun {
        run: rerun.run,
        from_step: rerun.from_step,
    });
    let started = runs::start_test_run(
        &state.store,
        &state.intake,
        &context,
        &principal,
        &slug,
        &request.definition,
        &request.inputs,
        rerun.as_ref(),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(RunView::from(started))).into_response())
}

/// Uploads a file to try a draft with (multipart: a part `definition` with the draft as
/// written, a part `input` naming its file input, and the file in a part `file`); give the
/// answer's `id` as that input's value in a test run. Checked against what the input accepts,
/// like an app's files, before anything is kept.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/test-files",
    operation_id = "upload_test_file",
    tag = "runs",
    params(("slug" = String, Path, description = "The workspace's slug")),
    request_body(content = Object, content_type = "multipart/form-data", description = "Parts `definition`, `input` and `file`"),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = UploadView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not try workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 413, body = ErrorBody, description = "`payload_too_large`: larger than the input accepts"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a part missing, the definition's problems, not a file input, empty, or content of a kind the input does not accept"),
    )
)]
pub async fn upload_test_file(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    // Whoever may not try drafts here is refused before the body is read.
    let workspace = runs::testing_workspace(&state.store, &principal, &slug).await?;
    let ApiMultipart(multipart) = ApiMultipart::from_request(request, &state).await?;
    let (fields, files) = read_multipart(multipart).await?;
    let part = |name: &str| {
        fields.get(name).and_then(Value::as_str).ok_or_else(|| {
            ApiError::new(
                Code::InvalidInput,
                format!("Send the part '{name}' with the file."),
            )
            .with_details(json!({ "field": name }))
        })
    };
    let (definition, input) = (part("definition")?, part("input")?);
    let file = one_file(files)?;
    let stored = runs::upload_test_file(
        &state.store,
        &context,
        &principal,
        &workspace,
        definition,
        input,
        &file.name,
        &file.content,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(UploadView::from(stored))).into_response())
}

/// A run, its outputs and every step's record.
#[utoipa::path(
    get,
    path = "/api/v1/runs/{id}",
    operation_id = "get_run",
    tag = "runs",
    params(("id" = String, Path, description = "The run's id")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = RunView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such run, or not one you may see"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<RunView>, ApiError> {
    let details = runs::details(&state.store, &principal, run_id(&id)?).await?;
    Ok(Json(details.into()))
}

/// Stops a run: at once when queued or waiting, before its next step when running.
#[utoipa::path(
    post,
    path = "/api/v1/runs/{id}/cancel",
    operation_id = "cancel_run",
    tag = "runs",
    params(("id" = String, Path, description = "The run's id")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = RunView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the run has already ended"),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<RunView>, ApiError> {
    let details = runs::cancel(&state.store, &context, &principal, run_id(&id)?).await?;
    Ok(Json(details.into()))
}

/// Runs a failed run again from the step that failed; steps that succeeded are not repeated.
#[utoipa::path(
    post,
    path = "/api/v1/runs/{id}/retry",
    operation_id = "retry_run",
    tag = "runs",
    params(("id" = String, Path, description = "The run's id")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = RunView, description = "Queued again"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the run did not fail"),
    )
)]
pub async fn retry(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<RunView>, ApiError> {
    let details = runs::retry(
        &state.store,
        &state.wakeup,
        &context,
        &principal,
        run_id(&id)?,
    )
    .await?;
    Ok(Json(details.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    decision: Decision,
    #[serde(default)]
    comment: String,
}

/// Approves or rejects an approval step the run waits at; the run then goes on. Only a person
/// or group member the step names decides, and not the person who started the run.
#[utoipa::path(
    post,
    path = "/api/v1/runs/{id}/approvals/{step}",
    operation_id = "decide_approval",
    tag = "runs",
    params(
        ("id" = String, Path, description = "The run's id"),
        ("step" = String, Path, description = "The approval step's key"),
    ),
    request_body = DecisionRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = StepView, description = "The decided step"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: you started the run; or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: the run does not wait for you there"),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((id, step)): Path<(String, String)>,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> Result<Json<StepView>, ApiError> {
    let decided = approvals::decide(
        &state.store,
        &state.wakeup,
        &context,
        &principal,
        run_id(&id)?,
        &step,
        matches!(request.decision, Decision::Approve),
        &request.comment,
    )
    .await?;
    let attempts = decided.attempts;
    let started_at = Timestamp::from_millis(decided.started_at);
    Ok(Json(StepView::from(StoredStep {
        key: step,
        step_id: decided.step_id.clone(),
        attempts,
        starts: attempts,
        started_at,
        record: Some(decided),
    })))
}

/// A run in a list: no steps, no definition.
#[derive(Serialize, ToSchema)]
pub struct RunSummary {
    id: String,
    workflow: String,
    status: String,
    error: Option<String>,
    created_at: String,
    finished_at: Option<String>,
    /// Through which interface of a published app (`form`, `batch`, `api`); none from the
    /// console.
    interface: Option<String>,
    /// The API key it was started with.
    api_key: Option<String>,
    /// Set when someone not signed in started it through an open form: their network.
    anonymous_from: Option<String>,
}

impl From<Run> for RunSummary {
    fn from(run: Run) -> Self {
        RunSummary {
            id: run.id.to_string(),
            workflow: run.workflow_name,
            status: run.status.as_str().to_owned(),
            error: run.error,
            interface: run
                .served
                .as_ref()
                .map(|served| served.interface.as_str().to_owned()),
            api_key: run
                .served
                .as_ref()
                .and_then(|served| served.api_key.map(|key| key.to_string())),
            anonymous_from: run
                .served
                .as_ref()
                .and_then(|served| served.anonymous.as_ref())
                .map(|caller| caller.client_address.clone()),
            created_at: run.created_at.to_rfc3339(),
            finished_at: run.finished_at.map(Timestamp::to_rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RunList {
    runs: Vec<RunSummary>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// At most this many, newest first (1 to 200; 50 by default).
    limit: Option<i64>,
}

/// The workspace's runs, newest first: all of them with a role that sees runs there, else
/// the caller's own.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/runs",
    operation_id = "list_runs",
    tag = "runs",
    params(("slug" = String, Path, description = "The workspace's slug"), ListQuery),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = RunList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a bad query parameter"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<RunList>, ApiError> {
    let found = runs::list(&state.store, &principal, &slug, query.limit.unwrap_or(50)).await?;
    Ok(Json(RunList {
        runs: found.into_iter().map(RunSummary::from).collect(),
    }))
}

/// An approval waiting for the caller.
#[derive(Serialize, ToSchema)]
pub struct PendingApprovalView {
    run: RunSummary,
    workspace: String,
    /// The approval step's key, for deciding it.
    step: String,
    title: String,
    instructions: Option<String>,
    waiting_since: String,
}

#[derive(Serialize, ToSchema)]
pub struct Inbox {
    approvals: Vec<PendingApprovalView>,
}

/// The approvals waiting for the caller — named, or in a named group — oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/approvals",
    operation_id = "list_my_approvals",
    tag = "runs",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = Inbox),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<Inbox>, ApiError> {
    let pending = approvals::inbox(&state.store, &principal).await?;
    let approvals = pending
        .into_iter()
        .map(|pending| {
            let input = pending
                .step
                .record
                .as_ref()
                .map_or(Value::Null, |r| r.input.clone());
            PendingApprovalView {
                workspace: pending.workspace.to_string(),
                step: pending.step.key.clone(),
                title: input["title"].as_str().unwrap_or_default().to_owned(),
                instructions: input["instructions"].as_str().map(str::to_owned),
                waiting_since: pending.step.started_at.to_rfc3339(),
                run: pending.run.into(),
            }
        })
        .collect();
    Ok(Json(Inbox { approvals }))
}
