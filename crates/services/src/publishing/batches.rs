//! Batches: an app run once per row of a table, through the durable queue, at most
//! `concurrency` runs at a time. Every row is stored when the batch is made; a row gets its run
//! in the transaction that queues it, so a server that stops midway — however it stops —
//! resumes with no row lost and none run twice. Results come back one row per input row.

use std::collections::BTreeMap;

use paddock_core::Code;
use paddock_core::access::authorize;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{BatchId, RunId};
use paddock_core::publishing::InterfaceKind;
use paddock_core::time::Timestamp;
use paddock_core::{Permission, Scope};
use paddock_store::batches::{self, Batch, BatchStatus, NewBatch, NewRow, Progress};
use paddock_store::deployments::Deployment;
use paddock_store::runs::Served;
use paddock_store::workspaces::{Environment, Workspace};
use paddock_store::{Store, deployments, grants, users, versions, workspaces};
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::runs::{AppAddress, Starter};
use super::table::{self, Table};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::runs::{Deployed, Start, queue_in};
use crate::worker::Wakeup;

/// Runs of one batch at a time, when the caller names none, and at most.
pub const DEFAULT_CONCURRENCY: u32 = 8;
pub const MAX_CONCURRENCY: u32 = 64;
/// Rows shown in a preview.
const PREVIEW_ROWS: usize = 10;
/// Row problems shown in a preview.
const PREVIEW_PROBLEMS: usize = 50;
/// How often the batch driver looks at running batches, when no run of theirs woke it.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// What a table would make: its columns, its first rows, which column feeds which input, and
/// the rows that would not run, with why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchPreview {
    pub columns: Vec<String>,
    /// The first rows as read (a malformed row is `null`).
    pub rows: Vec<Option<Map<String, Value>>>,
    /// Input name → column.
    pub mapping: BTreeMap<String, String>,
    pub total: usize,
    pub valid: usize,
    pub invalid: usize,
    /// Rows that would not run (numbered from 1, as in a spreadsheet below its header), the
    /// first 50.
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowProblem {
    pub row: u64,
    pub message: String,
}

/// A batch and where it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchView {
    pub id: String,
    pub workspace: String,
    pub app: String,
    pub environment: String,
    pub version: u64,
    pub source_name: String,
    /// `running`, `cancelled` or `finished`.
    pub status: String,
    pub concurrency: u32,
    pub total: u64,
    /// Rows whose run succeeded.
    pub succeeded: u64,
    /// Rows whose run failed or was cancelled, and rows that could not run.
    pub failed: u64,
    /// Of the failed: rows whose values made no valid inputs.
    pub invalid: u64,
    /// Rows queued or running now (or waiting for an approval).
    pub in_progress: u64,
    /// Rows not ended yet.
    pub remaining: u64,
    /// Runs the batch started, retries included: never more than its rows unless retried.
    pub runs_started: u64,
    /// Seconds until it ends at the pace so far; none before the first row ends.
    pub eta_seconds: Option<u64>,
    /// Why its rows do not start now, while it is running: the app is paused, or it is about to
    /// be stopped (its version was replaced, its maker may no longer run it).
    pub held: Option<String>,
    pub mapping: BTreeMap<String, String>,
    pub created_by: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

fn no_such_batch() -> ServiceError {
    ServiceError::NotFound("There is no such batch.".to_owned())
}

async fn view(store: &Store, batch: &Batch) -> Result<BatchView, ServiceError> {
    let mut conn = store.acquire().await?;
    let progress: Progress = batches::progress(&mut conn, batch.id).await?;
    let deployment = deployments::find(&mut conn, batch.deployment)
        .await?
        .ok_or_else(no_such_batch)?;
    let (workspace, environment) = place_of(&mut conn, batch, &deployment).await?;
    let held = match batch.status {
        BatchStatus::Running => match hold(&mut conn, batch, &deployment).await? {
            Some(Hold::Wait(reason) | Hold::Stop(reason)) => Some(reason),
            None => None,
        },
        _ => None,
    };
    let created_by = match batch.created_by {
        Some(id) => users::find(&mut conn, id)
            .await?
            .map(|user| user.email.to_string()),
        None => None,
    };
    let failed = progress.failed + progress.cancelled + progress.invalid;
    let in_progress = progress.queued + progress.running + progress.waiting;
    let ended = progress.succeeded + failed - progress.invalid;
    let remaining = progress.pending + in_progress;
    let elapsed = (Timestamp::now().as_millis() - batch.created_at.as_millis()).max(1);
    let eta_seconds = (ended > 0 && remaining > 0 && batch.status == BatchStatus::Running)
        .then(|| (remaining as f64 * elapsed as f64 / ended as f64 / 1000.0).ceil() as u64);
    Ok(BatchView {
        id: batch.id.to_string(),
        workspace: workspace.slug.to_string(),
        app: deployment.workflow_name.clone(),
        environment: environment.slug.to_string(),
        version: deployment.version_number,
        source_name: batch.source_name.clone(),
        status: batch.status.as_str().to_owned(),
        concurrency: batch.concurrency,
        total: batch.total,
        succeeded: progress.succeeded,
        failed,
        invalid: progress.invalid,
        in_progress,
        remaining,
        runs_started: progress.runs_started,
        eta_seconds,
        held,
        mapping: batch.mapping.clone(),
        created_by,
        created_at: batch.created_at.to_rfc3339(),
        finished_at: batch.finished_at.map(|at| at.to_rfc3339()),
    })
}

fn read_table(source_name: &str, content: &[u8]) -> Result<Table, ServiceError> {
    table::read(source_name, content).map_err(|why| ServiceError::invalid("file", why))
}

/// What the table would make, for someone who may run the app as a batch.
pub async fn preview(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
    source_name: &str,
    content: &[u8],
    mapping: Option<&BTreeMap<String, String>>,
) -> Result<BatchPreview, ServiceError> {
    let (workspace, name, environment) = address;
    let app = {
        let app = super::find(store, workspace, name, environment).await?;
        super::admit(by, &app, InterfaceKind::Batch)?;
        app
    };
    let table = read_table(source_name, content)?;
    let specs = &app.checked.workflow.definition.inputs;
    let mapping = table::mapping(specs, &table.columns, mapping)
        .map_err(|why| ServiceError::invalid("mapping", why))?;
    let mut problems = Vec::new();
    let mut invalid = 0;
    for (index, row) in table.rows.iter().enumerate() {
        let made = row
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|row| table::row_inputs(specs, (&table.columns, &mapping), row));
        if let Err(message) = made {
            invalid += 1;
            if problems.len() < PREVIEW_PROBLEMS {
                problems.push(RowProblem {
                    row: index as u64 + 1,
                    message,
                });
            }
        }
    }
    Ok(BatchPreview {
        columns: table.columns.clone(),
        rows: table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|row| row.as_ref().ok().map(|row| table.named(row)))
            .collect(),
        mapping,
        total: table.rows.len(),
        valid: table.rows.len() - invalid,
        invalid,
        problems,
    })
}

/// What a new batch is made of.
pub struct NewBatchRequest<'a> {
    pub source_name: &'a str,
    pub content: &'a [u8],
    pub mapping: Option<&'a BTreeMap<String, String>>,
    pub concurrency: Option<u32>,
}

/// Makes a batch of the app over the table: every row stored, valid or not, in one
/// transaction with its audit event; the driver then runs the valid rows.
pub async fn create(
    store: &Store,
    wakeup: &Wakeup,
    context: &RequestContext,
    by: &Principal,
    address: AppAddress<'_>,
    request: NewBatchRequest<'_>,
) -> Result<BatchView, ServiceError> {
    let (workspace, name, environment) = address;
    let concurrency = request.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
    if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
        return Err(ServiceError::invalid(
            "concurrency",
            format!("between 1 and {MAX_CONCURRENCY} runs at a time"),
        ));
    }
    let (app, interface) = {
        let app = super::find(store, workspace, name, environment).await?;
        let interface = super::admit(by, &app, InterfaceKind::Batch)?.clone();
        (app, interface)
    };
    let table = read_table(request.source_name, request.content)?;
    let specs = &app.checked.workflow.definition.inputs;
    let mapping = table::mapping(specs, &table.columns, request.mapping)
        .map_err(|why| ServiceError::invalid("mapping", why))?;
    let rows: Vec<NewRow> = table
        .rows
        .iter()
        .map(|row| NewRow {
            raw: row
                .as_ref()
                .map_or(Value::Null, |row| Value::Array(row.clone())),
            inputs: row
                .clone()
                .and_then(|row| table::row_inputs(specs, (&table.columns, &mapping), &row)),
        })
        .collect();
    if let Some(quota) = interface.daily_quota {
        let valid = rows.iter().filter(|row| row.inputs.is_ok()).count() as u64;
        let used = {
            let mut conn = store.acquire().await?;
            super::runs::used_today(
                &mut conn,
                &app,
                Starter::Person(by.user_id),
                InterfaceKind::Batch,
            )
            .await?
        };
        let left = u64::from(quota).saturating_sub(u64::try_from(used).unwrap_or(0));
        if valid > left {
            return Err(ServiceError::refused(
                Code::QuotaExceeded,
                format!(
                    "The table has {valid} rows to run; the batch interface of '{name}' allows {quota} runs a day, and {left} are left today."
                ),
                json!({ "daily_quota": quota, "left_today": left, "rows": valid }),
            ));
        }
    }
    let mut tx = store.begin().await?;
    let id = batches::insert(
        &mut tx,
        NewBatch {
            workspace: app.workspace.id,
            deployment: app.deployment.id,
            source_name: request.source_name,
            concurrency,
            columns: &table.columns,
            mapping: &mapping,
            by: by.user_id,
            api_key: by.key.as_ref().map(|(key, _)| *key),
        },
        &rows,
    )
    .await?;
    let invalid = rows.iter().filter(|row| row.inputs.is_err()).count();
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::BatchCreated,
        target: Some(Target::workflow(name)),
        workspace: Some(app.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "batch": id.to_string(),
            "source": request.source_name,
            "rows": rows.len(),
            "invalid_rows": invalid,
            "environment": app.environment.slug.as_str(),
            "version": app.version.number,
            "concurrency": concurrency,
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    wakeup.notify_batches();
    let batch = {
        let mut conn = store.acquire().await?;
        batches::find(&mut conn, id)
            .await?
            .ok_or_else(no_such_batch)?
    };
    view(store, &batch).await
}

/// A batch `by` may follow: one they made, or any of a workspace where they may see runs.
async fn visible(store: &Store, by: &Principal, id: &str) -> Result<Batch, ServiceError> {
    let id: BatchId = id.parse().map_err(|_| no_such_batch())?;
    let mut conn = store.acquire().await?;
    let batch = batches::find(&mut conn, id)
        .await?
        .ok_or_else(no_such_batch)?;
    let scope = Scope::Workspace(batch.workspace);
    let own =
        batch.created_by == Some(by.user_id) && by.require(Permission::UseApps, scope).is_ok();
    if !own && by.require(Permission::ViewRuns, scope).is_err() {
        return Err(no_such_batch());
    }
    Ok(batch)
}

pub async fn get(store: &Store, by: &Principal, id: &str) -> Result<BatchView, ServiceError> {
    let batch = visible(store, by, id).await?;
    view(store, &batch).await
}

/// The batches `by` made of the app, newest first.
pub async fn mine(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<Vec<BatchView>, ServiceError> {
    let (workspace, name, environment) = address;
    let (app, _) = super::get(store, by, workspace, name, environment).await?;
    let found = {
        let mut conn = store.acquire().await?;
        batches::of_user(&mut conn, app.deployment.workflow, by.user_id, 20).await?
    };
    let mut views = Vec::with_capacity(found.len());
    for batch in &found {
        views.push(view(store, batch).await?);
    }
    Ok(views)
}

/// What someone may do to a batch they follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchChange {
    /// Stop: rows not started are held, runs in flight asked to stop.
    Cancel,
    /// Go on with the rows not run.
    Resume,
    /// Run the rows whose runs failed or were cancelled again.
    RetryFailed,
}

/// Cancels, resumes or retries a batch, for whoever made it or operates the workspace's runs;
/// audited with the change.
pub async fn change(
    store: &Store,
    wakeup: &Wakeup,
    context: &RequestContext,
    by: &Principal,
    id: &str,
    change: BatchChange,
) -> Result<BatchView, ServiceError> {
    let seen = visible(store, by, id).await?;
    if seen.created_by != Some(by.user_id) {
        by.require(Permission::OperateRuns, Scope::Workspace(seen.workspace))?;
    }
    let mut tx = store.begin().await?;
    // Locked, then read again: the batch driver may have changed it meanwhile.
    batches::lock(&mut tx, seen.id).await?;
    let batch = batches::find(&mut tx, seen.id)
        .await?
        .ok_or_else(no_such_batch)?;
    if change != BatchChange::Cancel {
        let deployment = deployments::find(&mut tx, batch.deployment)
            .await?
            .ok_or_else(no_such_batch)?;
        if let Some(Hold::Stop(reason)) = hold(&mut tx, &batch, &deployment).await? {
            return Err(ServiceError::invalid(
                "batch",
                format!("it cannot run again: {reason}"),
            ));
        }
    }
    let (action, summary) = match change {
        BatchChange::Cancel => {
            if batch.status != BatchStatus::Running {
                return Err(ServiceError::invalid(
                    "batch",
                    format!("the batch is {} already", batch.status.as_str()),
                ));
            }
            batches::set_status(&mut tx, batch.id, BatchStatus::Cancelled).await?;
            let stopped = paddock_store::runs::cancel_batch_runs(&mut tx, batch.id).await?;
            (
                Action::BatchCancelled,
                json!({ "runs_asked_to_stop": stopped.len() }),
            )
        }
        BatchChange::Resume => {
            if batch.status != BatchStatus::Cancelled {
                return Err(ServiceError::invalid(
                    "batch",
                    format!(
                        "only a cancelled batch resumes; this one is {}",
                        batch.status.as_str()
                    ),
                ));
            }
            batches::set_status(&mut tx, batch.id, BatchStatus::Running).await?;
            (Action::BatchResumed, json!({}))
        }
        BatchChange::RetryFailed => {
            let freed = batches::release_failed(&mut tx, batch.id).await?;
            if freed == 0 {
                return Err(ServiceError::invalid(
                    "batch",
                    "no row's run failed or was cancelled",
                ));
            }
            batches::set_status(&mut tx, batch.id, BatchStatus::Running).await?;
            (Action::BatchRetried, json!({ "rows": freed }))
        }
    };
    let workspace = workspaces::find_workspace_by_id(&mut tx, batch.workspace)
        .await?
        .map(|workspace| workspace.slug.to_string());
    let app = deployments::find(&mut tx, batch.deployment)
        .await?
        .map(|deployment| deployment.workflow_name)
        .unwrap_or_default();
    let mut summary = summary;
    summary["batch"] = json!(batch.id.to_string());
    let entry = Entry {
        actor: Actor::of(by),
        action,
        target: Some(Target::workflow(&app)),
        workspace,
        outcome: Outcome::Success,
        summary,
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    wakeup.notify_batches();
    get(store, by, id).await
}

/// The format of a batch's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    Csv,
    Jsonl,
}

/// The batch's results, one per input row in order: the row's values, its status, its outputs
/// and an error column (why its values made no inputs, or why its run failed).
pub async fn results(
    store: &Store,
    by: &Principal,
    id: &str,
    format: ResultsFormat,
) -> Result<(String, Vec<u8>), ServiceError> {
    let batch = visible(store, by, id).await?;
    let rows = {
        let mut conn = store.acquire().await?;
        batches::results(&mut conn, batch.id).await?
    };
    let stem = batch
        .source_name
        .rsplit_once('.')
        .map_or(batch.source_name.as_str(), |(stem, _)| stem);
    let error_of = |row: &batches::RowResult| {
        row.invalid.clone().or_else(|| {
            let run = row.run?;
            super::runs::consumer_error(run, row.error.as_deref(), row.failed_step.as_deref())
        })
    };
    let status_of = |row: &batches::RowResult| {
        if row.invalid.is_some() {
            "invalid".to_owned()
        } else {
            row.status.clone().unwrap_or_else(|| "pending".to_owned())
        }
    };
    match format {
        ResultsFormat::Jsonl => {
            let mut out = Vec::new();
            for row in &rows {
                let line = json!({
                    "row": row.position + 1,
                    "values": named(&batch.columns, &row.raw),
                    "status": status_of(row),
                    "outputs": row.outputs,
                    "error": error_of(row),
                    "run": row.run.map(|run: RunId| run.to_string()),
                });
                out.extend_from_slice(line.to_string().as_bytes());
                out.push(b'\n');
            }
            Ok((format!("{stem}-results.jsonl"), out))
        }
        ResultsFormat::Csv => {
            let mut output_names: Vec<String> = Vec::new();
            for row in &rows {
                for name in row
                    .outputs
                    .as_ref()
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|o| o.keys())
                {
                    if !output_names.contains(name) {
                        output_names.push(name.clone());
                    }
                }
            }
            let mut writer = csv::Writer::from_writer(Vec::new());
            let mut header = vec!["row".to_owned()];
            header.extend(batch.columns.iter().cloned());
            header.push("status".to_owned());
            header.extend(output_names.iter().map(|name| format!("output.{name}")));
            header.push("error".to_owned());
            header.push("run".to_owned());
            writer.write_record(&header).map_err(csv_failed)?;
            let text = |value: Option<&Value>| match value {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
            };
            for row in &rows {
                let mut record = vec![(row.position + 1).to_string()];
                record.extend((0..batch.columns.len()).map(|at| text(row.raw.get(at))));
                record.push(status_of(row));
                record.extend(
                    output_names
                        .iter()
                        .map(|name| text(row.outputs.as_ref().and_then(|o| o.get(name)))),
                );
                record.push(error_of(row).unwrap_or_default());
                record.push(row.run.map(|run| run.to_string()).unwrap_or_default());
                writer.write_record(&record).map_err(csv_failed)?;
            }
            let out = writer
                .into_inner()
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
            Ok((format!("{stem}-results.csv"), out))
        }
    }
}

/// A stored row's values by column name; a row that did not read has none.
fn named(columns: &[String], raw: &Value) -> Value {
    match raw.as_array() {
        Some(values) => Value::Object(
            columns
                .iter()
                .cloned()
                .zip(values.iter().cloned())
                .collect(),
        ),
        None => Value::Null,
    }
}

fn csv_failed(error: csv::Error) -> ServiceError {
    ServiceError::Internal(format!("writing the results failed: {error}"))
}

/// Starts the next rows of every running batch, as many as each has room for, and marks
/// batches with nothing left finished. A batch that cannot advance (its version does not read,
/// the database refused) is logged and the others go on. Returns how many runs it queued.
pub async fn drive_once(store: &Store, wakeup: &Wakeup) -> Result<usize, ServiceError> {
    let running = {
        let mut conn = store.acquire().await?;
        batches::running(&mut conn).await?
    };
    let mut queued = 0;
    for batch in running {
        match advance(store, &batch).await {
            Ok(started) => queued += started,
            Err(error) => {
                tracing::warn!(batch = %batch.id, error = %paddock_core::report::error_chain(&error), "a batch could not advance");
            }
        }
    }
    if queued > 0 {
        wakeup.queued(store).await;
    }
    Ok(queued)
}

/// Why a batch's rows do not start now.
enum Hold {
    /// For now: they start once it ends (the app is paused).
    Wait(String),
    /// For good: the batch is cancelled (its version was replaced, the app is no longer a batch,
    /// or whoever made it may no longer run it).
    Stop(String),
}

/// Whether the batch's rows may start now: its deployment still live and not frozen, still
/// published as a batch, and its maker still in the permission table and the audience.
async fn hold(
    conn: &mut paddock_store::Connection,
    batch: &Batch,
    deployment: &Deployment,
) -> Result<Option<Hold>, ServiceError> {
    if deployment.ended_at.is_some() {
        return Ok(Some(Hold::Stop(format!(
            "version {} of '{}' was replaced where it ran",
            deployment.version_number, deployment.workflow_name
        ))));
    }
    if let Some(freeze) = &deployment.frozen {
        return Ok(Some(Hold::Wait(format!(
            "the app is paused ({})",
            freeze.reason
        ))));
    }
    let interfaces = super::interfaces_of(&deployment.interfaces);
    let Some(interface) = interfaces.batch.as_ref() else {
        return Ok(Some(Hold::Stop(
            "the app is no longer published as a batch".to_owned(),
        )));
    };
    let Some(maker) = batch.created_by else {
        return Ok(Some(Hold::Stop("the batch has no maker".to_owned())));
    };
    let Some(user) = users::find(conn, maker)
        .await?
        .filter(|user| !user.disabled)
    else {
        return Ok(Some(Hold::Stop(
            "the account that made it is disabled".to_owned(),
        )));
    };
    let rights = grants::rights_of(conn, maker).await?;
    let may = authorize(
        &rights.grants,
        Permission::UseApps,
        Scope::Workspace(batch.workspace),
    ) && interface.admits_member_of(&rights.groups);
    if !may {
        return Ok(Some(Hold::Stop(format!(
            "{} may no longer run the app as a batch",
            user.email
        ))));
    }
    Ok(None)
}

/// Queues the batch's next rows, each with its row assigned in the same transaction. The
/// batch's row is locked first: cancelling, resuming and retrying wait for this to commit, and
/// two nodes never both fill the same room.
async fn advance(store: &Store, batch: &Batch) -> Result<usize, ServiceError> {
    let mut tx = store.begin().await?;
    if !batches::lock_running(&mut tx, batch.id).await? {
        return Ok(0);
    }
    let active = batches::active_runs(&mut tx, batch.id).await?;
    let mut room = u64::from(batch.concurrency).saturating_sub(active);
    if room == 0 {
        return Ok(0);
    }
    // Read under its lock: a freeze or a replacement committed meanwhile is seen here, or
    // waits until these rows are queued.
    deployments::lock(&mut tx, batch.deployment).await?;
    let deployment = deployments::find(&mut tx, batch.deployment)
        .await?
        .ok_or_else(|| ServiceError::Internal("a batch's deployment is gone".to_owned()))?;
    let (workspace, environment) = place_of(&mut tx, batch, &deployment).await?;
    match hold(&mut tx, batch, &deployment).await? {
        Some(Hold::Wait(_)) => return Ok(0),
        Some(Hold::Stop(reason)) => {
            batches::set_status(&mut tx, batch.id, BatchStatus::Cancelled).await?;
            let stopped = paddock_store::runs::cancel_batch_runs(&mut tx, batch.id).await?;
            let summary = json!({ "batch": batch.id.to_string(), "reason": reason, "runs_asked_to_stop": stopped.len() });
            audit_by_system(
                &mut tx,
                (&workspace, &deployment),
                Action::BatchCancelled,
                summary,
            )
            .await?;
            tx.commit().await?;
            return Ok(0);
        }
        None => {}
    }
    let interfaces = super::interfaces_of(&deployment.interfaces);
    let interface = interfaces
        .batch
        .as_ref()
        .expect("held above when not published as a batch");
    let maker = batch.created_by.expect("held above when it has no maker");
    if let Some(rate) = interface.rate_per_minute {
        let since = Timestamp::now().minus(std::time::Duration::from_secs(60));
        let started = paddock_store::runs::started_since(
            &mut tx,
            deployment.id,
            maker,
            InterfaceKind::Batch,
            since,
        )
        .await?;
        room = room.min(u64::from(rate).saturating_sub(u64::try_from(started).unwrap_or(0)));
        if room == 0 {
            return Ok(0);
        }
    }
    let pending =
        batches::pending(&mut tx, batch.id, i64::try_from(room).unwrap_or(i64::MAX)).await?;
    if pending.is_empty() {
        if active == 0 {
            batches::set_status(&mut tx, batch.id, BatchStatus::Finished).await?;
            let progress = batches::progress(&mut tx, batch.id).await?;
            let summary = json!({
                "batch": batch.id.to_string(),
                "succeeded": progress.succeeded,
                "failed": progress.failed + progress.cancelled,
                "invalid": progress.invalid,
            });
            audit_by_system(
                &mut tx,
                (&workspace, &deployment),
                Action::BatchFinished,
                summary,
            )
            .await?;
            tx.commit().await?;
        }
        return Ok(0);
    }
    let version = versions::find(&mut tx, deployment.workflow, deployment.version_number)
        .await?
        .ok_or_else(|| ServiceError::Internal("a deployed version is gone".to_owned()))?;
    let checked = crate::workflows::check_once(&version.definition).map_err(|problems| {
        ServiceError::Internal(format!(
            "a deployed version no longer validates: {problems}"
        ))
    })?;
    let actor = match users::find(&mut tx, maker).await? {
        Some(user) => Actor::user(user.id, user.email.as_str()),
        None => Actor::system("batch"),
    };
    let starts: Vec<Start> = pending
        .iter()
        .map(|row| Start {
            id: RunId::generate(),
            context: RequestContext::default(),
            actor: actor.clone(),
            started_by: Some(maker),
            workspace: workspace.clone(),
            environment: environment.clone(),
            checked: checked.clone(),
            inputs: row.inputs.clone(),
            deployed: Some(Deployed {
                deployment: deployment.id,
                version: version.id,
                number: version.number,
            }),
            served: Some(Served {
                interface: InterfaceKind::Batch,
                api_key: batch.api_key,
                audience_clearance: interface.clearance.to_string(),
                batch: Some(batch.id),
                anonymous: None,
            }),
            idempotency: None,
            callback: None,
            rerun_of: None,
        })
        .collect();
    queue_in(&mut tx, &starts, None).await?;
    let assignments: Vec<(u64, RunId)> = pending
        .iter()
        .zip(&starts)
        .map(|(row, start)| (row.position, start.id))
        .collect();
    if !batches::assign(&mut tx, batch.id, &assignments).await? {
        // Another process gave these rows their runs first; this transaction queues none.
        return Ok(0);
    }
    tx.commit().await?;
    Ok(starts.len())
}

/// The workspace and environment a batch's deployment runs in.
async fn place_of(
    conn: &mut paddock_store::Connection,
    batch: &Batch,
    deployment: &Deployment,
) -> Result<(Workspace, Environment), ServiceError> {
    let workspace = workspaces::find_workspace_by_id(conn, batch.workspace)
        .await?
        .ok_or_else(|| ServiceError::Internal("a batch's workspace is gone".to_owned()))?;
    let environment = workspaces::environment_by_id(conn, deployment.environment)
        .await?
        .ok_or_else(|| ServiceError::Internal("a batch's environment is gone".to_owned()))?;
    Ok((workspace, environment))
}

/// Records what the batch driver did to a batch, in its transaction.
async fn audit_by_system(
    conn: &mut paddock_store::Connection,
    (workspace, deployment): (&Workspace, &Deployment),
    action: Action,
    summary: Value,
) -> Result<(), ServiceError> {
    let entry = Entry {
        actor: Actor::system("batch"),
        action,
        target: Some(Target::workflow(&deployment.workflow_name)),
        workspace: Some(workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary,
    };
    record(conn, &RequestContext::default(), entry).await?;
    Ok(())
}

/// Drives running batches until `stop` resolves: woken when a batch is made or changed, and
/// when a batch's row ends here; looking every 100 ms besides (for rows that end elsewhere).
pub async fn drive(store: Store, wakeup: Wakeup, mut stop: tokio::sync::watch::Receiver<()>) {
    loop {
        if let Err(error) = drive_once(&store, &wakeup).await {
            tracing::warn!(error = %paddock_core::report::error_chain(&error), "batches could not be advanced");
        }
        tokio::select! {
            _ = stop.changed() => return,
            () = wakeup.batches_changed(LOOK_EVERY) => {}
        }
    }
}
