//! Batches: an app run once per row of a CSV or JSON Lines table — previewed with its column
//! mapping and the rows that would not run, started, followed, cancelled, resumed, retried,
//! and downloaded as results.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use paddock_core::publishing::InterfaceKind;
use paddock_services::auth::Principal;
use paddock_services::publishing;
use paddock_services::publishing::batches::{
    self, BatchChange, BatchPreview, BatchView, NewBatchRequest, ResultsFormat,
};
use paddock_services::publishing::runs::AppAddress;
use paddock_services::publishing::table_sources::{self, StoredFile, TableSource};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiMultipart, ApiQuery, Authenticated, Client};
use crate::routes::apps::{AppQuery, attachment};
use crate::routes::files::read_multipart;

#[derive(Serialize, ToSchema)]
pub struct BatchList {
    batches: Vec<BatchView>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// `csv` (the default) or `jsonl`.
    format: Option<String>,
}

/// Where a batch's table comes from.
enum TableFrom {
    /// Sent with the request.
    Upload { name: String, content: Vec<u8> },
    /// A file in a file store bound where the app runs.
    FileStore { connection: String, path: String },
}

/// A table sent as multipart: the part `file` — or the parts `connection` and `path`, naming a
/// file in a file store — and optionally `mapping` (a JSON object of input → column) and
/// `concurrency`.
struct TableForm {
    table: TableFrom,
    mapping: Option<BTreeMap<String, String>>,
    concurrency: Option<u32>,
}

impl TableFrom {
    /// The table's name (a file store's file as `connection:path`) and content.
    async fn read(
        self,
        state: &AppState,
        by: &Principal,
        address: AppAddress<'_>,
    ) -> Result<(String, Vec<u8>), ApiError> {
        Ok(match self {
            TableFrom::Upload { name, content } => (name, content),
            TableFrom::FileStore { connection, path } => {
                let stored = (connection.as_str(), path.as_str());
                let (_, content) =
                    table_sources::read(&state.store, &state.connections, by, address, stored)
                        .await?;
                (format!("{connection}:{path}"), content)
            }
        })
    }
}

async fn read_table_form(multipart: Multipart) -> Result<TableForm, ApiError> {
    let (mut fields, mut files) = read_multipart(multipart).await?;
    let text = |value: Value| value.as_str().unwrap_or_default().trim().to_owned();
    let stored = (
        fields.remove("connection").map(text),
        fields.remove("path").map(text),
    );
    let table = match (files.len(), files.pop(), stored) {
        (1, Some(file), (None, None)) if file.input == "file" => TableFrom::Upload {
            name: file.name,
            content: file.content,
        },
        (0, None, (Some(connection), Some(path))) if !connection.is_empty() && !path.is_empty() => {
            TableFrom::FileStore { connection, path }
        }
        _ => {
            return Err(ApiError::new(
                Code::InvalidInput,
                "Send the table in one part named 'file', or name a file store's file in the parts 'connection' and 'path'.",
            )
            .with_details(json!({ "field": "file" })));
        }
    };
    let mapping = match fields.remove("mapping") {
        None => None,
        Some(value) => Some(
            serde_json::from_str::<BTreeMap<String, String>>(&text(value)).map_err(|_| {
                ApiError::new(
                    Code::InvalidInput,
                    "The part 'mapping' is not a JSON object of input names to column names.",
                )
                .with_details(json!({ "field": "mapping" }))
            })?,
        ),
    };
    let concurrency = match fields.remove("concurrency") {
        None => None,
        Some(value) => Some(text(value).parse::<u32>().map_err(|_| {
            ApiError::new(
                Code::InvalidInput,
                "concurrency: a whole number of runs at a time",
            )
            .with_details(json!({ "field": "concurrency" }))
        })?),
    };
    if let Some(other) = fields.keys().next() {
        return Err(ApiError::new(
            Code::InvalidInput,
            format!(
                "The part '{other}' is not understood; send file (or connection and path), mapping and concurrency."
            ),
        ));
    }
    Ok(TableForm {
        table,
        mapping,
        concurrency,
    })
}

/// What a table would make: its columns and first rows, which column feeds which input, and
/// each row that would not run with why. Nothing is kept.
#[utoipa::path(
    post,
    path = "/api/v1/apps/{workspace}/{app}/batches/preview",
    operation_id = "preview_batch",
    tag = "batches",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    request_body(content = Object, content_type = "multipart/form-data", description = "`file` (CSV or JSON Lines), optional `mapping` (JSON: input → column)"),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchPreview),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`, `forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or not published as a batch"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a table that does not read, or a mapping naming what does not exist"),
    )
)]
pub async fn preview(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Json<BatchPreview>, ApiError> {
    let address = (workspace.as_str(), app.as_str(), query.environment());
    publishing::admit_to(&state.store, &principal, address, InterfaceKind::Batch).await?;
    let form = read_table_form(multipart).await?;
    let (name, content) = form.table.read(&state, &principal, address).await?;
    let preview = batches::preview(
        &state.store,
        &principal,
        address,
        &name,
        &content,
        form.mapping.as_ref(),
    )
    .await?;
    Ok(Json(preview))
}

/// Starts a batch: one run of the app per row, through the durable queue, at most
/// `concurrency` (1–64, 8 by default) at a time. Every row is kept, and a row whose values do
/// not make valid inputs is reported in the results with why.
#[utoipa::path(
    post,
    path = "/api/v1/apps/{workspace}/{app}/batches",
    operation_id = "create_batch",
    tag = "batches",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    request_body(content = Object, content_type = "multipart/form-data", description = "`file` (CSV or JSON Lines), optional `mapping` (JSON: input → column) and `concurrency`"),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = BatchView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`, `forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 409, body = ErrorBody, description = "`frozen`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a table that does not read, a bad mapping or concurrency"),
        (status = 429, body = ErrorBody, description = "`quota_exceeded`: more rows than the interface's daily quota"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let address = (workspace.as_str(), app.as_str(), query.environment());
    publishing::admit_to(&state.store, &principal, address, InterfaceKind::Batch).await?;
    let form = read_table_form(multipart).await?;
    let (name, content) = form.table.read(&state, &principal, address).await?;
    let batch = batches::create(
        &state.store,
        &state.wakeup,
        &context,
        &principal,
        address,
        NewBatchRequest {
            source_name: &name,
            content: &content,
            mapping: form.mapping.as_ref(),
            concurrency: form.concurrency,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(batch)).into_response())
}

/// The caller's batches of the app, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/batches",
    operation_id = "list_batches",
    tag = "batches",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<BatchList>, ApiError> {
    let found = batches::mine(
        &state.store,
        &principal,
        (&workspace, &app, query.environment()),
    )
    .await?;
    Ok(Json(BatchList { batches: found }))
}

/// A batch and where it stands: rows succeeded, failed, in progress and remaining, and an ETA.
#[utoipa::path(
    get,
    path = "/api/v1/batches/{id}",
    operation_id = "get_batch",
    tag = "batches",
    params(("id" = String, Path, description = "The batch's id")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<BatchView>, ApiError> {
    Ok(Json(batches::get(&state.store, &principal, &id).await?))
}

async fn change(
    state: &AppState,
    context: &Client,
    principal: &Authenticated,
    id: &str,
    change: BatchChange,
) -> Result<Json<BatchView>, ApiError> {
    let batch = batches::change(
        &state.store,
        &state.wakeup,
        &context.0,
        &principal.0,
        id,
        change,
    )
    .await?;
    Ok(Json(batch))
}

/// Cancels a running batch: rows not started are held, runs in flight are asked to stop.
#[utoipa::path(
    post,
    path = "/api/v1/batches/{id}/cancel",
    operation_id = "cancel_batch",
    tag = "batches",
    params(("id" = String, Path, description = "The batch's id")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: neither made it nor operates runs here"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the batch is not running"),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    context: Client,
    principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<BatchView>, ApiError> {
    change(&state, &context, &principal, &id, BatchChange::Cancel).await
}

/// Resumes a cancelled batch with the rows not yet run.
#[utoipa::path(
    post,
    path = "/api/v1/batches/{id}/resume",
    operation_id = "resume_batch",
    tag = "batches",
    params(("id" = String, Path, description = "The batch's id")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: the batch is not cancelled"),
    )
)]
pub async fn resume(
    State(state): State<AppState>,
    context: Client,
    principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<BatchView>, ApiError> {
    change(&state, &context, &principal, &id, BatchChange::Resume).await
}

/// Runs the rows whose runs failed or were cancelled again (each once more).
#[utoipa::path(
    post,
    path = "/api/v1/batches/{id}/retry",
    operation_id = "retry_batch",
    tag = "batches",
    params(("id" = String, Path, description = "The batch's id")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = BatchView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no row failed"),
    )
)]
pub async fn retry(
    State(state): State<AppState>,
    context: Client,
    principal: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<BatchView>, ApiError> {
    change(&state, &context, &principal, &id, BatchChange::RetryFailed).await
}

/// The results: one row per input row, in order, with its values, status, outputs and an
/// error column (why its values made no inputs, or why its run failed).
#[utoipa::path(
    get,
    path = "/api/v1/batches/{id}/results",
    operation_id = "download_batch_results",
    tag = "batches",
    params(("id" = String, Path, description = "The batch's id"), ResultsQuery),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, content_type = "text/csv", body = String, description = "The results, as an attachment"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an unknown format"),
    )
)]
pub async fn results(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<ResultsQuery>,
) -> Result<Response, ApiError> {
    let (format, content_type) = match query.format.as_deref().unwrap_or("csv") {
        "csv" => (ResultsFormat::Csv, "text/csv; charset=utf-8"),
        "jsonl" => (ResultsFormat::Jsonl, "application/x-ndjson"),
        other => {
            return Err(ApiError::new(
                Code::InvalidInput,
                format!("'{other}' is not a format; use csv or jsonl"),
            )
            .with_details(json!({ "field": "format" })));
        }
    };
    let (name, body) = batches::results(&state.store, &principal, &id, format).await?;
    Ok(attachment(content_type, &name, body))
}

#[derive(Serialize, ToSchema)]
pub struct TableSourceList {
    sources: Vec<TableSource>,
}

#[derive(Serialize, ToSchema)]
pub struct StoredFileList {
    files: Vec<StoredFile>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FolderQuery {
    /// The folder to list; the root when none.
    folder: Option<String>,
    environment: Option<String>,
}

/// The file stores the caller may take a batch's table from: connections bound where the app
/// runs, open to them, whose data the app's inputs may take.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/table-sources",
    operation_id = "list_table_sources",
    tag = "batches",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        AppQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = TableSourceList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`, `forbidden`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or not published as a batch"),
    )
)]
pub async fn table_sources(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app)): Path<(String, String)>,
    ApiQuery(query): ApiQuery<AppQuery>,
) -> Result<Json<TableSourceList>, ApiError> {
    let address = (workspace.as_str(), app.as_str(), query.environment());
    let sources = table_sources::sources(&state.store, &principal, address).await?;
    Ok(Json(TableSourceList { sources }))
}

/// The files in a folder of a file store a batch's table may come from; give a file's `path`
/// with the store's alias as `connection` to preview or start a batch.
#[utoipa::path(
    get,
    path = "/api/v1/apps/{workspace}/{app}/table-sources/{connection}/files",
    operation_id = "list_table_source_files",
    tag = "batches",
    params(
        ("workspace" = String, Path, description = "The workspace's slug"),
        ("app" = String, Path, description = "The app's name"),
        ("connection" = String, Path, description = "The file store's alias where the app runs"),
        FolderQuery,
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = StoredFileList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`not_in_audience`; `forbidden`: the store may not feed the app's batches, or the folder is outside it (the message says why)"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such app, or no store bound under that alias"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a folder the store cannot list"),
    )
)]
pub async fn table_source_files(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((workspace, app, connection)): Path<(String, String, String)>,
    ApiQuery(query): ApiQuery<FolderQuery>,
) -> Result<Json<StoredFileList>, ApiError> {
    let address = (
        workspace.as_str(),
        app.as_str(),
        query.environment.as_deref(),
    );
    let files = table_sources::files(
        &state.store,
        &state.connections,
        &principal,
        address,
        (&connection, query.folder.as_deref()),
    )
    .await?;
    Ok(Json(StoredFileList { files }))
}
