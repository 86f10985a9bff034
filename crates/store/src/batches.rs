//! Batches: one run of a deployment per row of an uploaded table. Every row is stored when the
//! batch is created — with the inputs made of it, or why none could be — and gets its run in
//! the transaction that queues the run, so a restart neither loses a row nor runs one twice.

use std::collections::BTreeMap;

use paddock_core::ids::{ApiKeyId, BatchId, DeploymentId, RunId, UserId, WorkspaceId};
use paddock_core::time::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, json_parsed, parsed};
use crate::{Connection, StoreError, push_placeholders};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchStatus {
    /// Rows are being run.
    Running,
    /// Stopped by someone; resumable.
    Cancelled,
    /// Every row has ended.
    Finished,
}

impl BatchStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            BatchStatus::Running => "running",
            BatchStatus::Cancelled => "cancelled",
            BatchStatus::Finished => "finished",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            BatchStatus::Running,
            BatchStatus::Cancelled,
            BatchStatus::Finished,
        ]
        .into_iter()
        .find(|status| status.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub id: BatchId,
    pub workspace: WorkspaceId,
    pub deployment: DeploymentId,
    pub source_name: String,
    pub status: BatchStatus,
    pub concurrency: u32,
    pub total: u64,
    pub columns: Vec<String>,
    /// Input name → column name.
    pub mapping: BTreeMap<String, String>,
    pub created_by: Option<UserId>,
    pub api_key: Option<ApiKeyId>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

pub struct NewBatch<'a> {
    pub workspace: WorkspaceId,
    pub deployment: DeploymentId,
    pub source_name: &'a str,
    pub concurrency: u32,
    pub columns: &'a [String],
    pub mapping: &'a BTreeMap<String, String>,
    pub by: UserId,
    pub api_key: Option<ApiKeyId>,
}

/// A row as read from the table: its values, and the inputs made of them or why none could be.
pub struct NewRow {
    pub raw: Value,
    pub inputs: Result<Value, String>,
}

const COLUMNS: &str = "id, workspace_id, deployment_id, source_name, status, concurrency, total, \
                       columns, mapping, created_by, api_key_id, created_at, finished_at";

fn from_row(row: &AnyRow) -> Result<Batch, StoreError> {
    let status: String = row.try_get("status")?;
    let concurrency: i64 = row.try_get("concurrency")?;
    let total: i64 = row.try_get("total")?;
    let by: Option<String> = row.try_get("created_by")?;
    let key: Option<String> = row.try_get("api_key_id")?;
    let finished_at: Option<i64> = row.try_get("finished_at")?;
    Ok(Batch {
        id: parsed(row, "id")?,
        workspace: parsed(row, "workspace_id")?,
        deployment: parsed(row, "deployment_id")?,
        source_name: row.try_get("source_name")?,
        status: BatchStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("unknown batch status '{status}'")))?,
        concurrency: u32::try_from(concurrency).map_err(corrupt)?,
        total: u64::try_from(total).map_err(corrupt)?,
        columns: json_parsed(row, "columns")?,
        mapping: json_parsed(row, "mapping")?,
        created_by: by.map(|id| id.parse()).transpose().map_err(corrupt)?,
        api_key: key.map(|id| id.parse()).transpose().map_err(corrupt)?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        finished_at: finished_at.map(Timestamp::from_millis),
    })
}

/// How many rows one statement inserts: 5 values each.
const ROWS_PER_STATEMENT: usize = 500;

/// Stores a batch and all its rows. Run it in a transaction.
pub async fn insert(
    conn: &mut Connection,
    new: NewBatch<'_>,
    rows: &[NewRow],
) -> Result<BatchId, StoreError> {
    let id = BatchId::generate();
    sqlx::query(
        "INSERT INTO batches (id, workspace_id, deployment_id, source_name, status, concurrency,
                              total, columns, mapping, created_by, api_key_id, created_at)
         VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(new.workspace.to_string())
    .bind(new.deployment.to_string())
    .bind(new.source_name)
    .bind(i64::from(new.concurrency))
    .bind(i64::try_from(rows.len()).map_err(corrupt)?)
    .bind(serde_json::to_string(new.columns).map_err(corrupt)?)
    .bind(serde_json::to_string(new.mapping).map_err(corrupt)?)
    .bind(new.by.to_string())
    .bind(new.api_key.map(|key| key.to_string()))
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    for (chunk_index, chunk) in rows.chunks(ROWS_PER_STATEMENT).enumerate() {
        let mut statement =
            String::from("INSERT INTO batch_rows (batch_id, position, raw, inputs, error) VALUES ");
        push_placeholders(conn, &mut statement, chunk.len(), 5);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement));
        for (offset, row) in chunk.iter().enumerate() {
            let position = chunk_index * ROWS_PER_STATEMENT + offset;
            let (inputs, error) = match &row.inputs {
                Ok(inputs) => (Some(inputs.to_string()), None),
                Err(error) => (None, Some(error.clone())),
            };
            query = query
                .bind(id.to_string())
                .bind(i64::try_from(position).map_err(corrupt)?)
                .bind(row.raw.to_string())
                .bind(inputs)
                .bind(error);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(id)
}

pub async fn find(conn: &mut Connection, id: BatchId) -> Result<Option<Batch>, StoreError> {
    let statement = format!("SELECT {COLUMNS} FROM batches WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(statement))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The batches `user` started of any deployment of the workflow, newest first.
pub async fn of_user(
    conn: &mut Connection,
    workflow: paddock_core::ids::WorkflowId,
    user: UserId,
    limit: i64,
) -> Result<Vec<Batch>, StoreError> {
    let statement = format!(
        "SELECT {} FROM batches b JOIN deployments d ON d.id = b.deployment_id
         WHERE d.workflow_id = $1 AND b.created_by = $2
         ORDER BY b.created_at DESC, b.id DESC LIMIT $3",
        COLUMNS
            .split(", ")
            .map(|column| format!("b.{column}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement))
        .bind(workflow.to_string())
        .bind(user.to_string())
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The batches with rows to run.
pub async fn running(conn: &mut Connection) -> Result<Vec<Batch>, StoreError> {
    let statement =
        format!("SELECT {COLUMNS} FROM batches WHERE status = 'running' ORDER BY created_at");
    let rows = sqlx::query(sqlx::AssertSqlSafe(statement))
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Locks a batch's row for the transaction.
pub async fn lock(conn: &mut Connection, id: BatchId) -> Result<(), StoreError> {
    sqlx::query("UPDATE batches SET status = status WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks a running batch's row for the transaction; false when it is not running.
pub async fn lock_running(conn: &mut Connection, id: BatchId) -> Result<bool, StoreError> {
    let locked =
        sqlx::query("UPDATE batches SET status = status WHERE id = $1 AND status = 'running'")
            .bind(id.to_string())
            .execute(conn)
            .await?;
    Ok(locked.rows_affected() == 1)
}

pub async fn set_status(
    conn: &mut Connection,
    id: BatchId,
    status: BatchStatus,
) -> Result<(), StoreError> {
    let finished_at = (status == BatchStatus::Finished).then(|| Timestamp::now().as_millis());
    sqlx::query("UPDATE batches SET status = $2, finished_at = $3 WHERE id = $1")
        .bind(id.to_string())
        .bind(status.as_str())
        .bind(finished_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Where a batch's rows are, by the state of their runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Rows whose values make no valid inputs: they never run.
    pub invalid: u64,
    /// Rows not yet given a run.
    pub pending: u64,
    pub queued: u64,
    pub running: u64,
    pub waiting: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub cancelled: u64,
    /// Runs the batch ever started, retries included.
    pub runs_started: u64,
}

pub async fn progress(conn: &mut Connection, id: BatchId) -> Result<Progress, StoreError> {
    let rows = sqlx::query(
        "SELECT CASE WHEN b.error IS NOT NULL THEN 'invalid'
                     WHEN b.run_id IS NULL THEN 'pending'
                     ELSE r.status END AS state,
                COUNT(*) AS n
         FROM batch_rows b LEFT JOIN runs r ON r.id = b.run_id
         WHERE b.batch_id = $1 GROUP BY 1",
    )
    .bind(id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut progress = Progress::default();
    for row in rows {
        let state: String = row.try_get("state")?;
        let n = u64::try_from(row.try_get::<i64, _>("n")?).map_err(corrupt)?;
        let slot = match state.as_str() {
            "invalid" => &mut progress.invalid,
            "pending" => &mut progress.pending,
            "queued" => &mut progress.queued,
            "running" => &mut progress.running,
            "waiting" => &mut progress.waiting,
            "succeeded" => &mut progress.succeeded,
            "failed" => &mut progress.failed,
            "cancelled" => &mut progress.cancelled,
            other => return Err(corrupt(format!("unknown batch row state '{other}'"))),
        };
        *slot += n;
    }
    let started: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs WHERE batch_id = $1")
        .bind(id.to_string())
        .fetch_one(conn)
        .await?;
    progress.runs_started = u64::try_from(started).map_err(corrupt)?;
    Ok(progress)
}

/// Runs of the batch that have not ended.
pub async fn active_runs(conn: &mut Connection, id: BatchId) -> Result<u64, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM runs WHERE batch_id = $1 AND status IN ('queued', 'running', 'waiting')",
    )
    .bind(id.to_string())
    .fetch_one(conn)
    .await?;
    u64::try_from(n).map_err(corrupt)
}

/// A row ready to run.
#[derive(Debug, Clone)]
pub struct PendingRow {
    pub position: u64,
    pub inputs: Value,
}

/// Rows with valid inputs and no run yet, in order, at most `limit`.
pub async fn pending(
    conn: &mut Connection,
    id: BatchId,
    limit: i64,
) -> Result<Vec<PendingRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT position, inputs FROM batch_rows
         WHERE batch_id = $1 AND run_id IS NULL AND error IS NULL
         ORDER BY position LIMIT $2",
    )
    .bind(id.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let position: i64 = row.try_get("position")?;
            let inputs: String = row.try_get("inputs")?;
            Ok(PendingRow {
                position: u64::try_from(position).map_err(corrupt)?,
                inputs: serde_json::from_str(&inputs).map_err(corrupt)?,
            })
        })
        .collect()
}

/// Gives rows their runs; false when any of them has one already (another node was first), in
/// which case the caller rolls back.
pub async fn assign(
    conn: &mut Connection,
    id: BatchId,
    assignments: &[(u64, RunId)],
) -> Result<bool, StoreError> {
    for (position, run) in assignments {
        let updated = sqlx::query(
            "UPDATE batch_rows SET run_id = $3, attempts = attempts + 1
             WHERE batch_id = $1 AND position = $2 AND run_id IS NULL",
        )
        .bind(id.to_string())
        .bind(i64::try_from(*position).map_err(corrupt)?)
        .bind(run.to_string())
        .execute(&mut *conn)
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Frees the rows whose runs failed or were cancelled, to run again; returns how many.
pub async fn release_failed(conn: &mut Connection, id: BatchId) -> Result<u64, StoreError> {
    let updated = sqlx::query(
        "UPDATE batch_rows SET run_id = NULL
         WHERE batch_id = $1 AND run_id IN (
             SELECT id FROM runs WHERE batch_id = $1 AND status IN ('failed', 'cancelled'))",
    )
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected())
}

/// One row with how it ended, for the results file.
#[derive(Debug, Clone)]
pub struct RowResult {
    pub position: u64,
    pub raw: Value,
    /// Why the row's values made no valid inputs.
    pub invalid: Option<String>,
    pub run: Option<RunId>,
    pub status: Option<String>,
    pub outputs: Option<Value>,
    pub error: Option<String>,
    /// The step the run failed at, if it failed at one.
    pub failed_step: Option<String>,
    pub attempts: u32,
}

/// Every row of the batch in order, with its run's outcome.
pub async fn results(conn: &mut Connection, id: BatchId) -> Result<Vec<RowResult>, StoreError> {
    let rows = sqlx::query(
        "SELECT b.position, b.raw, b.error AS invalid, b.run_id, b.attempts,
                r.status, r.outputs, r.error, r.failed_step
         FROM batch_rows b LEFT JOIN runs r ON r.id = b.run_id
         WHERE b.batch_id = $1 ORDER BY b.position",
    )
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let position: i64 = row.try_get("position")?;
            let raw: String = row.try_get("raw")?;
            let run: Option<String> = row.try_get("run_id")?;
            let outputs: Option<String> = row.try_get("outputs")?;
            let attempts: i64 = row.try_get("attempts")?;
            Ok(RowResult {
                position: u64::try_from(position).map_err(corrupt)?,
                raw: serde_json::from_str(&raw).map_err(corrupt)?,
                invalid: row.try_get("invalid")?,
                run: run.map(|id| id.parse()).transpose().map_err(corrupt)?,
                status: row.try_get("status")?,
                outputs: outputs
                    .map(|text| serde_json::from_str(&text))
                    .transpose()
                    .map_err(corrupt)?,
                error: row.try_get("error")?,
                failed_step: row.try_get("failed_step")?,
                attempts: u32::try_from(attempts).map_err(corrupt)?,
            })
        })
        .collect()
}
