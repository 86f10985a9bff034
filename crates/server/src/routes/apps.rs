//! Published apps: the catalog, an app's form and its own OpenAPI document, files for its
//! inputs, and its runs — started as a form or through the API (JSON, or multipart with files),
//! answered at once or when they end (`?wait`), followed, and downloaded.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use paddock_core::publishing::InterfaceKind;
use paddock_services::publishing::catalog::{self, AppDetail, AppSummary};
use paddock_services::publishing::runs::{self, AppRun, RunRequest};
use paddock_services::publishing::{self, AudienceGroup, uploads};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiMultipart, ApiQuery, Authenticated, Client};
use crate::routes::files::{UploadView, is_multipart, one_file, read_multipart};

#[derive(Serialize, ToSchema)]
pub struct AppCatalog {
    apps: Vec<AppSummary>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Words to look for in the apps' names, descriptions and workspaces.
    search: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppQuery {
    /// Serve the app from this environment rather than the last one it is published in.
    environment: Option<String>,
}

impl AppQuery {
    pub fn environment(&self) -> Option<&str> {
        self.environment.as_deref()
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// Seconds to wait for the run to end (at most 60): 200 with its outputs if it does, 202
    /// otherwise.
    wait: Option<u64>,
    /// `api` (the default) or `form`; API keys use the API.
    interface: Option<String>,
    environment: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file input the file is for.
    input: String,
    /// `form` (the default) or `api`.
    interface: Option<String>,
    environment: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WaitQuery {
    /// Seconds to wait for the run to end (at most 60) before answering.
    pub(crate) wait: Option<u64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultQuery {
    /// `md` (the default) or `json`.
    pub(crate) format: Option<String>,
}

/// A run request as JSON.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartAppRunRequest {
    /// Input values by name; file inputs take the id of an uploaded file.
    #[schema(value_type = Object)]
    inputs: Map<String, Value>,
    /// Where to POST the run's outcome when it ends, signed (`Paddock-Signature`); its host
    /// must be one the app's interfaces allow callbacks to.
    #[serde(default)]
    callback_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AppRunList {
    runs: Vec<AppRun>,
}

#[derive(Serialize, ToSchema)]
pub struct AudienceGroupList {
    groups: Vec<AudienceGroup>,
}

#[derive(Serialize, ToSchema)]
pub struct SigningKey {
    /// The HMAC-SHA256 key callbacks are signed with: `Paddock-Signature: t=…,v1=…` over
    /// `<t>.<body>`.
    signing_key: String,
}

fn interface_of(raw: Option<&str>, default: InterfaceKind) -> Result<InterfaceKind, ApiError> {
    match raw {
        None => Ok(default),
        Some(raw) => InterfaceKind::parse(raw)
            .filter(|kind| *kind != InterfaceKind::Batch)
            .ok_or_else(|| {
                ApiError::new(
                    Code::InvalidInput,
                    format!("'{raw}' is not an interface runs start through here; use form or api"),
                )
                .with_details(json!({ "field": "interface" }))
            }),
    }
}

/// Every app published to the caller, by workspace and name.
#[utoipa::path(
    get,
    path = "/api/v1/apps",
    operation_id = "list_apps",
    tag = "apps",
    params(CatalogQuery),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AppCatalog),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    ApiQuery(query): ApiQuery<CatalogQuery>,
) -> Result<Json<AppCatalog>, ApiError> {
    let apps = catalog::list(&state.store, &principal, query.search.as_deref()).await?;
    Ok(Json(AppCatalog { apps }))
}

/// An app with its inputs (the form) and outputs, for someone it is published to.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}",
    operation_id = "get_app",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's (workflow's) name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AppDetail),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or not published to the caller"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<AppDetail>, ApiError> {
    let (found, open) = publishing::get(
        &state.store,
        &principal,
        &workspace,
        &app,
        query.environment.as_deref(),
    )
    .await?;
    Ok(Json(catalog::detail(&found, open)))
}

/// The app's own OpenAPI document: its run endpoint with its inputs and outputs.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/openapi.json",
    operation_id = "get_app_openapi",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = Object, description = "An OpenAPI 3.1 document"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn openapi(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<Value>, ApiError> {
    let (found, open) = publishing::get(
        &state.store,
        &principal,
        &workspace,
        &app,
        query.environment.as_deref(),
    )
    .await?;
    let detail = catalog::detail(&found, open);
    Ok(Json(publishing::openapi::document(&found, &detail)))
}

/// A run request as sent: JSON, or multipart with an `inputs` part (JSON) and a part per file
/// named after its input.
pub struct RunBody(RunRequest);

impl FromRequest<AppState> for RunBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_multipart(request.headers()) {
            let ApiJson(body) = ApiJson::<StartAppRunRequest>::from_request(request, state).await?;
            return Ok(RunBody(RunRequest {
                inputs: body.inputs,
                files: Vec::new(),
                callback_url: body.callback_url,
                idempotency_key: None,
            }));
        }
        let ApiMultipart(multipart) = ApiMultipart::from_request(request, state).await?;
        let (mut fields, files) = read_multipart(multipart).await?;
        let inputs = match fields.remove("inputs") {
            None => Map::new(),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(inputs)) => inputs,
                _ => {
                    return Err(ApiError::new(
                        Code::InvalidJson,
                        "The part 'inputs' is not a JSON object of input values.",
                    ));
                }
            },
            Some(_) => Map::new(),
        };
        let callback_url = fields
            .remove("callback_url")
            .and_then(|value| value.as_str().map(str::to_owned));
        if let Some(unknown) = fields.keys().next() {
            return Err(ApiError::new(
                Code::InvalidInput,
                format!(
                    "The part '{unknown}' is not understood; send inputs, callback_url, and files named after their inputs."
                ),
            ));
        }
        Ok(RunBody(RunRequest {
            inputs,
            files,
            callback_url,
            idempotency_key: None,
        }))
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    headers
        .get("idempotency-key")
        .map(|value| {
            value.to_str().map(str::to_owned).map_err(|_| {
                ApiError::new(
                    Code::InvalidInput,
                    "The Idempotency-Key header is not text.",
                )
                .with_details(json!({ "field": "Idempotency-Key" }))
            })
        })
        .transpose()
}

/// Starts a run of the app: as JSON (`{"inputs": {…}}`), or multipart with files for its file
/// inputs. With `?wait=N`, answers 200 once the run has ended (or waits for an approval) within
/// N seconds, else 202 with the run's URL to follow. An `Idempotency-Key` sent again with the
/// same request answers with the run the first one started.
#[utoipa::path(
    post,
    path = "/api/v1/apps/{workspace}/{app}/runs",
    operation_id = "start_app_run",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key with the same request starts one run"),
        StartQuery,
    ),
    request_body(content(
        (StartAppRunRequest = "application/json"),
        (Object = "multipart/form-data"),
    )),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AppRun, description = "The run ended (or waits for an approval) within `wait`"),
        (status = 202, body = AppRun, description = "The run is queued or running; follow its `url`"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`: not published to the caller through this interface; `forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or not published through this interface"),
        (status = 409, body = ErrorBody, description = "`frozen`, or `idempotency_conflict`: the key was used with another request"),
        (status = 413, body = ErrorBody, description = "`payload_too_large`: a file larger than its input accepts"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: inputs that do not fit (by name), a file of a kind its input does not accept, a callback host not allowed"),
        (status = 429, body = ErrorBody, description = "`rate_limited` or `quota_exceeded`; see `Retry-After`"),
    )
)]
#[allow(clippy::too_many_arguments)]
pub async fn start(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<StartQuery>,
    body: Request,
) -> Result<Response, ApiError> {
    let kind = interface_of(query.interface.as_deref(), InterfaceKind::Api)?;
    if kind == InterfaceKind::Form && principal.key.is_some() {
        return Err(ApiError::new(
            Code::InvalidInput,
            "An API key runs apps through their API; the form is for people in the browser.",
        )
        .with_details(json!({ "field": "interface" })));
    }
    let address = (
        workspace.as_str(),
        app.as_str(),
        query.environment.as_deref(),
    );
    let idempotency = idempotency_key(body.headers())?;
    // Files are read only for someone the app is published to.
    if is_multipart(body.headers()) {
        publishing::admit_to(&state.store, &principal, address, kind).await?;
    }
    let RunBody(mut request) = RunBody::from_request(body, &state).await?;
    request.idempotency_key = idempotency;
    let started = runs::start(
        &state.store,
        &state.intake,
        &context,
        &principal,
        address,
        kind,
        request,
    )
    .await?;
    let run = match query.wait {
        Some(seconds) if seconds > 0 => {
            runs::wait(
                &state.store,
                &state.wakeup,
                started.run,
                Duration::from_secs(seconds),
            )
            .await?
        }
        _ => started.run,
    };
    let mut response = run_response(run);
    if started.replayed {
        response.headers_mut().insert(
            "idempotent-replayed",
            "true".parse().expect("a valid header"),
        );
    }
    Ok(response)
}

pub(crate) fn run_response(run: AppRun) -> Response {
    answer_for(&run, &run)
}

/// `body` answering for `run`: 200 once it has ended (or waits for an approval), else 202;
/// with the run's address to follow.
pub(crate) fn answer_for(run: &AppRun, body: &impl Serialize) -> Response {
    let ended = matches!(
        run.status.as_str(),
        "succeeded" | "failed" | "cancelled" | "waiting"
    );
    let status = if ended {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    let mut response = (status, Json(body)).into_response();
    if let Ok(location) = run.url.parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The caller's own runs of the app, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/runs",
    operation_id = "list_app_runs",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AppRunList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn list_runs(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<AppRunList>, ApiError> {
    let found = runs::mine(
        &state.store,
        &principal,
        (&workspace, &app, query.environment.as_deref()),
    )
    .await?;
    Ok(Json(AppRunList { runs: found }))
}

/// A run of the app, for whoever started it (or may see the workspace's runs); with `?wait=N`,
/// once it has ended or after N seconds.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/runs/{id}",
    operation_id = "get_app_run",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("id" = String, Path, description = "The run's id"),
        WaitQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AppRun),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn get_run(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app, id)): Path<(String, String, String)>,
    ApiQuery(query): ApiQuery<WaitQuery>,
) -> Result<Json<AppRun>, ApiError> {
    let run = runs::get(&state.store, &principal, &workspace, &app, &id).await?;
    let run = match query.wait {
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
    Ok(Json(run))
}

/// The run's result as a file to keep: Markdown (`format=md`) or JSON (`format=json`).
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/runs/{id}/result",
    operation_id = "download_app_run_result",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("id" = String, Path, description = "The run's id"),
        ResultQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, content_type = "text/markdown", body = String, description = "The result, as an attachment"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an unknown format, or the run has not ended"),
    )
)]
pub async fn download_result(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app, id)): Path<(String, String, String)>,
    ApiQuery(query): ApiQuery<ResultQuery>,
) -> Result<Response, ApiError> {
    let run = runs::get(&state.store, &principal, &workspace, &app, &id).await?;
    result_download(&run, &app, query.format.as_deref())
}

/// The run's result as a file: Markdown (`md`, the default) or JSON (`json`), once it ended.
pub(crate) fn result_download(
    run: &AppRun,
    app: &str,
    format: Option<&str>,
) -> Result<Response, ApiError> {
    if !matches!(run.status.as_str(), "succeeded" | "failed" | "cancelled") {
        return Err(ApiError::new(
            Code::InvalidInput,
            format!(
                "The run is {}; its result can be downloaded once it has ended.",
                run.status
            ),
        )
        .with_details(json!({ "field": "id" })));
    }
    let short = run.id.get(..8).unwrap_or(&run.id).to_owned();
    let (content_type, extension, body) = match format.unwrap_or("md") {
        "md" => (
            "text/markdown; charset=utf-8",
            "md",
            runs::result_markdown(run),
        ),
        "json" => (
            "application/json",
            "json",
            serde_json::to_string_pretty(run).unwrap_or_default(),
        ),
        other => {
            return Err(ApiError::new(
                Code::InvalidInput,
                format!("'{other}' is not a format; use md or json"),
            )
            .with_details(json!({ "field": "format" })));
        }
    };
    Ok(attachment(
        content_type,
        &format!("{app}-{short}.{extension}"),
        body.into_bytes(),
    ))
}

/// `text` as RFC 5987 writes a header value: UTF-8, every byte but letters, digits and `-._~`
/// as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// A download: the body with its type and a file name to save it under (in ASCII for old
/// clients, in full for the others).
pub fn attachment(content_type: &str, file_name: &str, body: Vec<u8>) -> Response {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{safe}\"; filename*=UTF-8''{}",
                    percent_encoded(file_name)
                ),
            ),
            // Never rendered as something else than its type says.
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Bytes::from(body),
    )
        .into_response()
}

/// Uploads a file for one of the app's file inputs (multipart, part `file`); give the answer's
/// `id` as the input's value when starting the run. Checked against the input's kinds (read
/// from the content) and size before anything is kept.
#[utoipa::path(
    post,
    path = "/api/v1/apps/{workspace}/{app}/files",
    operation_id = "upload_app_file",
    tag = "apps",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        UploadQuery,
    ),
    request_body(content = Object, content_type = "multipart/form-data", description = "A part `file` with the file"),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = UploadView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`, `forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 413, body = ErrorBody, description = "`payload_too_large`: larger than the input accepts"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no file, not a file input, empty, or content of a kind the input does not accept (or not what its name says)"),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let kind = interface_of(query.interface.as_deref(), InterfaceKind::Form)?;
    let address = (
        workspace.as_str(),
        app.as_str(),
        query.environment.as_deref(),
    );
    publishing::admit_to(&state.store, &principal, address, kind).await?;
    let (_, files) = read_multipart(multipart).await?;
    let file = one_file(files)?;
    let stored = uploads::upload(
        &state.store,
        &context,
        &principal,
        (&workspace, &app, query.environment.as_deref()),
        kind,
        &query.input,
        &file.name,
        &file.content,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(UploadView::from(stored))).into_response())
}

/// The groups apps can be published to, to choose an audience from.
#[utoipa::path(
    get,
    path = "/api/v1/audience-groups",
    operation_id = "list_audience_groups",
    tag = "apps",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = AudienceGroupList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: neither submits nor reviews versions"),
    )
)]
pub async fn audience_groups(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<AudienceGroupList>, ApiError> {
    let groups = publishing::audience_groups(&state.store, &principal).await?;
    Ok(Json(AudienceGroupList { groups }))
}

/// Shows the key the app signs its completion callbacks with, to whoever may deploy it;
/// audited. Made the first time it is asked for.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces/{slug}/workflows/{name}/signing-key",
    operation_id = "reveal_signing_key",
    tag = "apps",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = SigningKey),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not deploy workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn signing_key(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
) -> Result<Json<SigningKey>, ApiError> {
    let signing_key = publishing::callbacks::reveal_signing_key(
        &state.store,
        &state.keyring,
        &context,
        &principal,
        &slug,
        &name,
    )
    .await?;
    Ok(Json(SigningKey { signing_key }))
}
