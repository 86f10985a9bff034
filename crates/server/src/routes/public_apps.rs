//! Anonymous use of apps: the forms an administrator opened to people who are not signed in
//! (`/api/v1/public/…`, no credentials; runs are followed with the token given when they
//! start), and the administrator's switch.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use paddock_core::Code;
use paddock_services::publishing::catalog::AppDetail;
use paddock_services::publishing::public::{self, AnonymousRun, AnonymousUse};
use paddock_services::publishing::runs::{self, AppRun};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use super::apps::{AppQuery, ResultQuery, WaitQuery, answer_for, result_download};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, ApiQuery, Authenticated, Client, PersonAuthorized};

/// The header that carries a run's follow token.
const RUN_TOKEN: &str = "x-run-token";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicStartQuery {
    /// Seconds to wait for the run to end (at most 60): 200 with its outputs if it does, 202
    /// otherwise.
    wait: Option<u64>,
    environment: Option<String>,
}

/// A run request from someone not signed in: the form's values.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartPublicRunRequest {
    #[schema(value_type = Object)]
    inputs: Map<String, Value>,
}

/// Opens or closes an app's form to people who are not signed in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAnonymousUse {
    open: bool,
}

fn follow_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(RUN_TOKEN)
        .and_then(|value| value.to_str().ok())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                Code::NotFound,
                "Send the token given when the run started as `X-Run-Token`.",
            )
        })
}

/// The run once it ended, or after `wait` seconds, as someone not signed in may read it.
async fn waited(state: &AppState, run: AppRun, wait: Option<u64>) -> Result<AppRun, ApiError> {
    let run = match wait {
        Some(seconds) if seconds > 0 => {
            runs::wait(
                &state.store,
                &state.wakeup,
                run,
                Duration::from_secs(seconds),
            )
            .await?
        }
        _ => run,
    };
    Ok(public::concealed(run))
}

/// An app's form, when an administrator opened it to people who are not signed in.
#[utoipa::path(
    get,
    path = "/api/v1/public/apps/{workspace}/{app}",
    operation_id = "get_public_app",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(()),
    responses(
        (status = 200, body = AppDetail),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or its form is not open to anonymous use"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<AppDetail>, ApiError> {
    let detail = public::get(&state.store, (&workspace, &app, query.environment())).await?;
    Ok(Json(detail))
}

/// Starts a run of an app's open form without signing in. The answer carries the run's
/// `follow_token`, shown once: send it as `X-Run-Token` to follow the run. Runs are counted by
/// the caller's network against the form's rate (10 a minute when it sets none) and quota.
#[utoipa::path(
    post,
    path = "/api/v1/public/apps/{workspace}/{app}/runs",
    operation_id = "start_public_app_run",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        PublicStartQuery,
    ),
    request_body = StartPublicRunRequest,
    security(()),
    responses(
        (status = 200, body = AnonymousRun, description = "The run ended within `wait`"),
        (status = 202, body = AnonymousRun, description = "The run is queued or running"),
        (status = 403, body = ErrorBody, description = "`forbidden`: where the request comes from cannot be told"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or its form is not open to anonymous use"),
        (status = 409, body = ErrorBody, description = "`frozen`: the app is paused"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: inputs that do not fit (by name)"),
        (status = 429, body = ErrorBody, description = "`rate_limited` or `quota_exceeded` for the caller's network; see `Retry-After`"),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    Client(context): Client,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<PublicStartQuery>,
    ApiJson(request): ApiJson<StartPublicRunRequest>,
) -> Result<Response, ApiError> {
    let address = (
        workspace.as_str(),
        app.as_str(),
        query.environment.as_deref(),
    );
    let started = public::start(
        &state.store,
        &state.intake,
        &context,
        address,
        &request.inputs,
    )
    .await?;
    let follow_token = started.follow_token;
    let run = waited(&state, started.run, query.wait).await?;
    let body = AnonymousRun {
        run: run.clone(),
        follow_token,
    };
    Ok(answer_for(&run, &body))
}

/// A run started without signing in, for whoever holds its token (`X-Run-Token`); with
/// `?wait=N`, once it has ended or after N seconds.
#[utoipa::path(
    get,
    path = "/api/v1/public/apps/{workspace}/{app}/runs/{id}",
    operation_id = "get_public_app_run",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("id" = String, Path, description = "The run's id"),
        ("X-Run-Token" = String, Header, description = "The token given when the run started"),
        WaitQuery,
    ),
    security(()),
    responses(
        (status = 200, body = AppRun),
        (status = 404, body = ErrorBody, description = "`not_found`: no such run, or not with this token"),
    )
)]
pub async fn get_run(
    State(state): State<AppState>,
    Path((workspace, app, id)): Path<(String, String, String)>,
    ApiQuery(query): ApiQuery<WaitQuery>,
    headers: HeaderMap,
) -> Result<Json<AppRun>, ApiError> {
    let token = follow_token(&headers)?;
    let run = public::get_run(&state.store, (&workspace, &app, None), &id, token).await?;
    Ok(Json(waited(&state, run, query.wait).await?))
}

/// The result of a run started without signing in, as a file (`X-Run-Token` as for the run).
#[utoipa::path(
    get,
    path = "/api/v1/public/apps/{workspace}/{app}/runs/{id}/result",
    operation_id = "download_public_app_run_result",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("id" = String, Path, description = "The run's id"),
        ("X-Run-Token" = String, Header, description = "The token given when the run started"),
        ResultQuery,
    ),
    security(()),
    responses(
        (status = 200, content_type = "text/markdown", body = String, description = "The result, as an attachment"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an unknown format, or the run has not ended"),
    )
)]
pub async fn download_result(
    State(state): State<AppState>,
    Path((workspace, app, id)): Path<(String, String, String)>,
    ApiQuery(query): ApiQuery<ResultQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = follow_token(&headers)?;
    let run = public::get_run(&state.store, (&workspace, &app, None), &id, token).await?;
    result_download(&run, &app, query.format.as_deref())
}

/// Whether the app's form is open to people who are not signed in, and why it could not be.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/anonymous",
    operation_id = "get_anonymous_use",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AnonymousUse),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: administrators only"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn anonymous_use(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<AnonymousUse>, ApiError> {
    let address = (workspace.as_str(), app.as_str(), query.environment());
    Ok(Json(
        public::status(&state.store, &principal, address).await?,
    ))
}

/// Opens the app's form to people who are not signed in, or closes it. Only a form whose
/// clearance is `public` and that takes no files can be opened; a new deployment starts closed.
#[utoipa::path(
    put,
    path = "/api/v1/apps/{workspace}/{app}/anonymous",
    operation_id = "set_anonymous_use",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    request_body = SetAnonymousUse,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = AnonymousUse),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: administrators only, signed in"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 409, body = ErrorBody, description = "`policy_violation`: the form serves more than public outputs, or takes files"),
    )
)]
pub async fn set_anonymous_use(
    State(state): State<AppState>,
    Client(context): Client,
    PersonAuthorized(principal, _): PersonAuthorized<Administer>,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
    ApiJson(request): ApiJson<SetAnonymousUse>,
) -> Result<(StatusCode, Json<AnonymousUse>), ApiError> {
    let address = (workspace.as_str(), app.as_str(), query.environment());
    let changed = public::set(&state.store, &context, &principal, address, request.open).await?;
    Ok((StatusCode::OK, Json(changed)))
}
