//! Runs, their step records, and the queue they wait in. A worker claims a run with a lease it
//! renews; every write a worker makes for a run is refused once another worker holds the lease,
//! so two workers never both record a step.

use std::collections::BTreeMap;

use paddock_core::ids::{
    ApiKeyId, BatchId, DeploymentId, EnvironmentId, RunId, UserId, VersionId, WorkspaceId,
};
use paddock_core::publishing::InterfaceKind;
use paddock_core::run::{RunStatus, StepRecord, StepStatus, Usage};
use paddock_core::time::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Backend, Connection, StoreError, error::corrupt, push_placeholders};

/// What is needed to queue a run.
pub struct NewRun<'a> {
    /// Chosen by the caller, so that writing the same run again cannot queue it twice.
    pub id: RunId,
    pub workspace: WorkspaceId,
    pub environment: EnvironmentId,
    pub workflow_name: &'a str,
    /// The validated definition, as JSON.
    pub definition: &'a Value,
    pub inputs: &'a Value,
    pub started_by: Option<UserId>,
    /// The version run, and the deployment it was started through; none for a draft's test run.
    pub version: Option<VersionId>,
    pub deployment: Option<DeploymentId>,
    /// How a published app's run was started; none from the console.
    pub served: Option<&'a Served>,
    /// The worker that takes the run as it is queued, so it is never seen waiting in the
    /// queue; none to queue it for whichever worker claims it first.
    pub claimed_by: Option<Holder<'a>>,
}

/// How a run of a published app was started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub interface: InterfaceKind,
    pub api_key: Option<ApiKeyId>,
    /// The clearance of the interface's audience, which the run's outputs are held to.
    pub audience_clearance: String,
    /// The batch whose row the run runs.
    pub batch: Option<BatchId>,
    /// Set when someone who is not signed in started it, through a form open to anonymous use.
    pub anonymous: Option<AnonymousCaller>,
}

/// Who started a run without signing in: the network their rate and quota count by, and a
/// hash of the token that lets them follow the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymousCaller {
    pub client_address: String,
    pub follow_token_hash: String,
}

/// A run as stored.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: RunId,
    pub workspace: WorkspaceId,
    pub environment: EnvironmentId,
    pub workflow_name: String,
    pub definition: Value,
    pub status: RunStatus,
    pub inputs: Value,
    pub outputs: Option<Value>,
    pub error: Option<String>,
    pub failed_step: Option<String>,
    pub started_by: Option<UserId>,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub cancel_requested: bool,
    pub version: Option<VersionId>,
    pub deployment: Option<DeploymentId>,
    pub served: Option<Served>,
}

/// A step as stored: its last record, or that it is running (attempt so far).
#[derive(Debug, Clone)]
pub struct StoredStep {
    pub key: String,
    /// `None` while it runs.
    pub record: Option<StepRecord>,
    pub step_id: String,
    pub attempts: u32,
    /// How many times the step was started, attempts and resumptions alike.
    pub starts: u32,
    pub started_at: Timestamp,
}

/// Every run column, as [`run_from_row`] reads them.
macro_rules! run_columns {
    () => {
        concat!(
            "id, workspace_id, environment_id, workflow_name, definition, status, inputs, ",
            "outputs, error, failed_step, started_by, created_at, started_at, finished_at, ",
            "cancel_requested, version_id, deployment_id, interface, api_key_id, ",
            "audience_clearance, batch_id, client_address, follow_token_hash"
        )
    };
}

/// A `SELECT` of every run column, then `$rest` (a condition and its order).
macro_rules! select_runs {
    ($rest:literal) => {
        concat!("SELECT ", run_columns!(), " FROM runs ", $rest)
    };
}

/// Queues a run; returns it as stored.
pub async fn insert(conn: &mut Connection, run: NewRun<'_>) -> Result<Run, StoreError> {
    let mut inserted = insert_all(conn, &[run]).await?;
    inserted
        .pop()
        .ok_or_else(|| corrupt("an inserted run went missing"))
}

/// How many runs one statement inserts: 21 values each.
const RUNS_PER_STATEMENT: usize = 160;

/// Queues runs, in order, each claimed already if it says by whom; returns them as stored.
pub async fn insert_all(conn: &mut Connection, new: &[NewRun<'_>]) -> Result<Vec<Run>, StoreError> {
    const COLUMNS: usize = 21;
    let created_at = Timestamp::now();
    let runs: Vec<Run> = new
        .iter()
        .map(|run| Run {
            id: run.id,
            workspace: run.workspace,
            environment: run.environment,
            workflow_name: run.workflow_name.to_owned(),
            definition: run.definition.clone(),
            status: match run.claimed_by {
                Some(_) => RunStatus::Running,
                None => RunStatus::Queued,
            },
            inputs: run.inputs.clone(),
            outputs: None,
            error: None,
            failed_step: None,
            started_by: run.started_by,
            created_at,
            started_at: run.claimed_by.map(|_| created_at),
            finished_at: None,
            cancel_requested: false,
            version: run.version,
            deployment: run.deployment,
            served: run.served.cloned(),
        })
        .collect();
    for (chunk, claims) in runs
        .chunks(RUNS_PER_STATEMENT)
        .zip(new.chunks(RUNS_PER_STATEMENT))
    {
        let mut statement = String::from(
            "INSERT INTO runs (id, workspace_id, environment_id, workflow_name, definition, status,
                               inputs, started_by, created_at, available_at, version_id,
                               deployment_id, interface, api_key_id, audience_clearance,
                               batch_id, client_address, follow_token_hash, started_at,
                               lease_owner, lease_expires_at) VALUES ",
        );
        push_placeholders(conn, &mut statement, chunk.len(), COLUMNS);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement));
        for (run, claim) in chunk.iter().zip(claims) {
            query = query
                .bind(run.id.to_string())
                .bind(run.workspace.to_string())
                .bind(run.environment.to_string())
                .bind(run.workflow_name.clone())
                .bind(run.definition.to_string())
                .bind(run.status.as_str())
                .bind(run.inputs.to_string())
                .bind(run.started_by.map(|id| id.to_string()))
                .bind(created_at.as_millis())
                .bind(created_at.as_millis())
                .bind(run.version.map(|id| id.to_string()))
                .bind(run.deployment.map(|id| id.to_string()));
            let served = run.served.as_ref();
            query = query
                .bind(served.map(|served| served.interface.as_str()))
                .bind(served.and_then(|served| served.api_key.map(|id| id.to_string())))
                .bind(served.map(|served| served.audience_clearance.clone()))
                .bind(served.and_then(|served| served.batch.map(|id| id.to_string())));
            let anonymous = served.and_then(|served| served.anonymous.as_ref());
            query = query
                .bind(anonymous.map(|caller| caller.client_address.clone()))
                .bind(anonymous.map(|caller| caller.follow_token_hash.clone()));
            let holder = claim.claimed_by;
            query = query
                .bind(run.started_at.map(Timestamp::as_millis))
                .bind(holder.map(|holder| holder.worker.to_owned()))
                .bind(holder.map(|holder| holder.lease_until.as_millis()));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(runs)
}

pub async fn find(conn: &mut Connection, id: RunId) -> Result<Option<Run>, StoreError> {
    let row = sqlx::query(select_runs!("WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(run_from_row).transpose()
}

/// The newest successful runs of `version` in `environment`, at most `limit`: the evidence that
/// it works there.
pub async fn succeeded_of_version(
    conn: &mut Connection,
    version: VersionId,
    environment: EnvironmentId,
    limit: i64,
) -> Result<Vec<Run>, StoreError> {
    let rows = sqlx::query(select_runs!(
        "WHERE version_id = $1 AND environment_id = $2 AND status = 'succeeded'
         ORDER BY created_at DESC, id DESC LIMIT $3"
    ))
    .bind(version.to_string())
    .bind(environment.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(run_from_row).collect()
}

/// Asks every unfinished run of a deployment to stop (as [`request_cancel`]); returns them.
pub async fn cancel_deployment_runs(
    conn: &mut Connection,
    deployment: DeploymentId,
) -> Result<Vec<RunId>, StoreError> {
    let statement = "SELECT id FROM runs WHERE deployment_id = $1 AND status IN ('queued', 'running', 'waiting')";
    cancel_each(conn, statement, deployment.to_string()).await
}

/// Asks every unfinished run of a batch to stop (as [`request_cancel`]); returns them.
pub async fn cancel_batch_runs(
    conn: &mut Connection,
    batch: BatchId,
) -> Result<Vec<RunId>, StoreError> {
    let statement =
        "SELECT id FROM runs WHERE batch_id = $1 AND status IN ('queued', 'running', 'waiting')";
    cancel_each(conn, statement, batch.to_string()).await
}

async fn cancel_each(
    conn: &mut Connection,
    select_ids: &'static str,
    bound: String,
) -> Result<Vec<RunId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(select_ids)
        .bind(bound)
        .fetch_all(&mut *conn)
        .await?;
    let mut cancelled = Vec::with_capacity(ids.len());
    for id in ids {
        let id: RunId = id.parse().map_err(corrupt)?;
        request_cancel(conn, id).await?;
        cancelled.push(id);
    }
    Ok(cancelled)
}

/// How many runs `user` started through `interface` of `deployment` since `since`: what their
/// rate limit and quota count.
pub async fn started_since(
    conn: &mut Connection,
    deployment: DeploymentId,
    user: UserId,
    interface: InterfaceKind,
    since: Timestamp,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM runs
         WHERE deployment_id = $1 AND started_by = $2 AND created_at >= $3 AND interface = $4",
    )
    .bind(deployment.to_string())
    .bind(user.to_string())
    .bind(since.as_millis())
    .bind(interface.as_str())
    .fetch_one(conn)
    .await?)
}

/// How many runs were started from the network `client_address` through `interface` of the
/// deployment since `since`, without signing in: what an anonymous caller's rate and quota count.
pub async fn started_anonymously_since(
    conn: &mut Connection,
    deployment: DeploymentId,
    client_address: &str,
    interface: InterfaceKind,
    since: Timestamp,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM runs
         WHERE deployment_id = $1 AND client_address = $2 AND created_at >= $3 AND interface = $4",
    )
    .bind(deployment.to_string())
    .bind(client_address)
    .bind(since.as_millis())
    .bind(interface.as_str())
    .fetch_one(conn)
    .await?)
}

/// The newest runs `user` started of a published app (any of its versions), at most `limit`.
pub async fn of_app_user(
    conn: &mut Connection,
    workspace: WorkspaceId,
    workflow_name: &str,
    user: UserId,
    limit: i64,
) -> Result<Vec<Run>, StoreError> {
    let rows = sqlx::query(select_runs!(
        "WHERE workspace_id = $1 AND workflow_name = $2 AND started_by = $3
           AND interface IS NOT NULL
         ORDER BY created_at DESC, id DESC LIMIT $4"
    ))
    .bind(workspace.to_string())
    .bind(workflow_name)
    .bind(user.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(run_from_row).collect()
}

/// The newest runs of a workspace first, at most `limit`.
pub async fn list(
    conn: &mut Connection,
    workspace: WorkspaceId,
    limit: i64,
) -> Result<Vec<Run>, StoreError> {
    let rows = sqlx::query(select_runs!(
        "WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(workspace.to_string())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(run_from_row).collect()
}

fn json_column(row: &AnyRow, name: &str) -> Result<Option<Value>, StoreError> {
    let text: Option<String> = row.try_get(name)?;
    text.map(|text| serde_json::from_str(&text).map_err(corrupt))
        .transpose()
}

fn run_from_row(row: &AnyRow) -> Result<Run, StoreError> {
    let id: String = row.try_get("id")?;
    let workspace: String = row.try_get("workspace_id")?;
    let environment: String = row.try_get("environment_id")?;
    let status: String = row.try_get("status")?;
    let started_by: Option<String> = row.try_get("started_by")?;
    let started_at: Option<i64> = row.try_get("started_at")?;
    let finished_at: Option<i64> = row.try_get("finished_at")?;
    let cancel_requested: i64 = row.try_get("cancel_requested")?;
    let version: Option<String> = row.try_get("version_id")?;
    let deployment: Option<String> = row.try_get("deployment_id")?;
    Ok(Run {
        id: id.parse().map_err(corrupt)?,
        workspace: workspace.parse().map_err(corrupt)?,
        environment: environment.parse().map_err(corrupt)?,
        workflow_name: row.try_get("workflow_name")?,
        definition: json_column(row, "definition")?.unwrap_or(Value::Null),
        status: RunStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("unknown run status '{status}'")))?,
        inputs: json_column(row, "inputs")?.unwrap_or(Value::Null),
        outputs: json_column(row, "outputs")?,
        error: row.try_get("error")?,
        failed_step: row.try_get("failed_step")?,
        started_by: started_by
            .map(|id| id.parse())
            .transpose()
            .map_err(corrupt)?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        started_at: started_at.map(Timestamp::from_millis),
        finished_at: finished_at.map(Timestamp::from_millis),
        cancel_requested: cancel_requested != 0,
        version: version.map(|id| id.parse()).transpose().map_err(corrupt)?,
        deployment: deployment
            .map(|id| id.parse())
            .transpose()
            .map_err(corrupt)?,
        served: served_from_row(row)?,
    })
}

fn served_from_row(row: &AnyRow) -> Result<Option<Served>, StoreError> {
    let Some(interface) = row.try_get::<Option<String>, _>("interface")? else {
        return Ok(None);
    };
    let api_key: Option<String> = row.try_get("api_key_id")?;
    let batch: Option<String> = row.try_get("batch_id")?;
    Ok(Some(Served {
        interface: InterfaceKind::parse(&interface)
            .ok_or_else(|| corrupt(format!("unknown interface '{interface}'")))?,
        api_key: api_key.map(|id| id.parse()).transpose().map_err(corrupt)?,
        audience_clearance: row
            .try_get::<Option<String>, _>("audience_clearance")?
            .unwrap_or_default(),
        batch: batch.map(|id| id.parse()).transpose().map_err(corrupt)?,
        anonymous: match row.try_get::<Option<String>, _>("client_address")? {
            Some(client_address) => Some(AnonymousCaller {
                client_address,
                follow_token_hash: row
                    .try_get::<Option<String>, _>("follow_token_hash")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
    }))
}

/// A run claimed by a worker, and the name its lease is held under.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub run: Run,
    pub owner: String,
    /// Whether nothing of the run is recorded yet (its first claim, most often): there is
    /// nothing to read back.
    pub fresh: bool,
}

/// The name a run claimed by `claimer` is held under, as [`claim`] names it (and as a run queued
/// claimed is named, [`NewRun::claimed_by`]): unique for each claim of each run.
pub fn lease_name(claimer: &str, run: RunId) -> String {
    format!("{claimer}:{run}")
}

/// Claims up to `limit` of the oldest runs that are queued, or running under a lease that ran
/// out (their worker died), until `lease_until`. Each is held under its own name, `claimer`
/// followed by the run's id, so a claimer that names each of its claims differently never
/// holds one run twice. PostgreSQL skips runs others are claiming; SQLite has one writer.
pub async fn claim(
    conn: &mut Connection,
    backend: Backend,
    claimer: &str,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> Result<Vec<Claimed>, StoreError> {
    macro_rules! claim_where {
        ($lock:literal) => {
            concat!(
                // As `lease_name` names it.
                "UPDATE runs SET status = 'running', lease_owner = $1 || ':' || id, ",
                "lease_expires_at = $3, started_at = COALESCE(started_at, $2) ",
                "WHERE id IN (SELECT id FROM runs ",
                "WHERE status IN ('queued', 'running') AND available_at <= $2 ",
                "AND (lease_expires_at IS NULL OR lease_expires_at < $2) ",
                "ORDER BY available_at LIMIT $4",
                $lock,
                ") RETURNING lease_owner, ",
                "CAST(CASE WHEN EXISTS (SELECT 1 FROM run_steps s WHERE s.run_id = runs.id) ",
                "THEN 1 ELSE 0 END AS BIGINT) AS has_steps, ",
                run_columns!()
            )
        };
    }
    let statement = match backend {
        Backend::Postgres => claim_where!(" FOR UPDATE SKIP LOCKED"),
        Backend::Sqlite => claim_where!(""),
    };
    let rows = sqlx::query(statement)
        .bind(claimer)
        .bind(now.as_millis())
        .bind(lease_until.as_millis())
        .bind(limit)
        .fetch_all(conn)
        .await?;
    let mut claimed: Vec<Claimed> = rows
        .iter()
        .map(|row| {
            let run = run_from_row(row)?;
            Ok(Claimed {
                fresh: row.try_get::<i64, _>("has_steps")? == 0,
                run,
                owner: row.try_get("lease_owner")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    // RETURNING follows no order: oldest first, as claimed.
    claimed.sort_by_key(|claimed| claimed.run.created_at);
    Ok(claimed)
}

/// Extends `worker`'s lease on the run; false when another worker took it over.
pub async fn renew_lease(
    conn: &mut Connection,
    id: RunId,
    worker: &str,
    lease_until: Timestamp,
) -> Result<bool, StoreError> {
    let updated =
        sqlx::query("UPDATE runs SET lease_expires_at = $3 WHERE id = $1 AND lease_owner = $2")
            .bind(id.to_string())
            .bind(worker)
            .bind(lease_until.as_millis())
            .execute(conn)
            .await?;
    Ok(updated.rows_affected() == 1)
}

/// Whether a worker still holds a run, and if so whether the run was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lease {
    /// Another worker took the run over: nothing was written.
    Lost,
    Held {
        cancel_requested: bool,
    },
}

/// Whether the holder still holds the run, extending its lease if so; inside a transaction,
/// also keeps others from taking it (the row stays locked on PostgreSQL until the transaction
/// ends), so what the transaction writes next is written under the lease.
pub async fn hold(
    conn: &mut Connection,
    id: RunId,
    holder: Holder<'_>,
) -> Result<Lease, StoreError> {
    let flag: Option<i64> = sqlx::query_scalar(
        "UPDATE runs SET lease_expires_at = $3 WHERE id = $1 AND lease_owner = $2
         RETURNING cancel_requested",
    )
    .bind(id.to_string())
    .bind(holder.worker)
    .bind(holder.lease_until.as_millis())
    .fetch_optional(conn)
    .await?;
    Ok(flag.map_or(Lease::Lost, |flag| Lease::Held {
        cancel_requested: flag != 0,
    }))
}

/// The worker that writes for a run, and until when its lease is to last.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub worker: &'a str,
    pub lease_until: Timestamp,
}

/// Notes that a step's attempt starts: for a transaction that holds the run ([`hold`]).
pub async fn step_started(
    conn: &mut Connection,
    run: RunId,
    key: &str,
    step_id: &str,
    attempt: u32,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO run_steps (run_id, step_key, step_id, status, attempts, started_at)
         VALUES ($1, $2, $3, 'running', $4, $5)
         ON CONFLICT (run_id, step_key) DO UPDATE
             SET status = 'running', attempts = $4, starts = run_steps.starts + 1",
    )
    .bind(run.to_string())
    .bind(key)
    .bind(step_id)
    .bind(i64::from(attempt))
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The result of a step of a run, by the step's key.
#[derive(Debug, Clone)]
pub struct StepResult {
    pub run: RunId,
    pub key: String,
    pub record: StepRecord,
}

/// How many step records one statement writes: 16 values each, well under SQLite's limit of
/// 32,766 parameters.
const RECORDS_PER_STATEMENT: usize = 200;

/// Records the results of steps, unconditionally: for a transaction that has checked the
/// leases already ([`hold`], [`release`]), or that queues the run they belong to (a test re-run
/// taking results over from an earlier run; its first claim reads them back, see [`claim`]).
pub async fn record_steps(conn: &mut Connection, results: &[StepResult]) -> Result<(), StoreError> {
    const COLUMNS: usize = 16;
    for chunk in results.chunks(RECORDS_PER_STATEMENT) {
        let mut statement = String::from(
            "INSERT INTO run_steps (run_id, step_key, step_id, status, attempts, starts, input,
                                    output, error, model, input_tokens, output_tokens, cost_micros,
                                    started_at, finished_at, due_at) VALUES ",
        );
        push_placeholders(conn, &mut statement, chunk.len(), COLUMNS);
        statement.push_str(
            " ON CONFLICT (run_id, step_key) DO UPDATE SET
                 status = excluded.status, attempts = excluded.attempts, input = excluded.input,
                 output = excluded.output, error = excluded.error, model = excluded.model,
                 input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                 cost_micros = excluded.cost_micros, started_at = excluded.started_at,
                 finished_at = excluded.finished_at, due_at = excluded.due_at",
        );
        // Only placeholders are added to the text; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement));
        for StepResult { run, key, record } in chunk {
            let usage = record.usage.unwrap_or_default();
            query = query
                .bind(run.to_string())
                .bind(key.clone())
                .bind(record.step_id.clone())
                .bind(record.status.as_str())
                .bind(i64::from(record.attempts))
                .bind(0_i64)
                .bind(record.input.to_string())
                .bind(record.output.to_string())
                .bind(record.error.clone())
                .bind(record.model.clone())
                .bind(record.usage.map(|_| saturating_i64(usage.input_tokens)))
                .bind(record.usage.map(|_| saturating_i64(usage.output_tokens)))
                .bind(usage.cost_micros.map(saturating_i64))
                .bind(record.started_at)
                .bind(record.finished_at)
                .bind(
                    record
                        .due_at
                        .filter(|_| record.status == StepStatus::Waiting),
                );
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

fn saturating_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Replaces the record of a step that waits (an approval) with its outcome; false when the step
/// no longer waits — decided meanwhile by someone else or by the clock.
pub async fn settle_waiting(
    conn: &mut Connection,
    run: RunId,
    key: &str,
    record: &StepRecord,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE run_steps SET status = $3, output = $4, error = NULL, finished_at = $5,
                due_at = NULL
         WHERE run_id = $1 AND step_key = $2 AND status = 'waiting'",
    )
    .bind(run.to_string())
    .bind(key)
    .bind(record.status.as_str())
    .bind(record.output.to_string())
    .bind(record.finished_at)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Every step of the run, in the order they started.
pub async fn steps(conn: &mut Connection, run: RunId) -> Result<Vec<StoredStep>, StoreError> {
    let rows = sqlx::query(
        "SELECT step_key, step_id, status, attempts, starts, input, output, error, model,
                input_tokens, output_tokens, cost_micros, started_at, finished_at, due_at
         FROM run_steps WHERE run_id = $1 ORDER BY started_at, step_key",
    )
    .bind(run.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(step_from_row).collect()
}

/// The results recorded for the run, by step key (steps still running left out).
pub async fn recorded(
    conn: &mut Connection,
    run: RunId,
) -> Result<BTreeMap<String, StepRecord>, StoreError> {
    Ok(steps(conn, run)
        .await?
        .into_iter()
        .filter_map(|step| step.record.map(|record| (step.key, record)))
        .collect())
}

fn step_from_row(row: &AnyRow) -> Result<StoredStep, StoreError> {
    let status: String = row.try_get("status")?;
    let attempts: i64 = row.try_get("attempts")?;
    let started_at: i64 = row.try_get("started_at")?;
    let finished_at: Option<i64> = row.try_get("finished_at")?;
    let input_tokens: Option<i64> = row.try_get("input_tokens")?;
    let output_tokens: Option<i64> = row.try_get("output_tokens")?;
    let cost_micros: Option<i64> = row.try_get("cost_micros")?;
    let step_id: String = row.try_get("step_id")?;
    let attempts = u32::try_from(attempts).map_err(corrupt)?;
    let starts: i64 = row.try_get("starts")?;
    let record = match status.as_str() {
        "running" => None,
        other => Some(StepRecord {
            step_id: step_id.clone(),
            status: StepStatus::parse(other)
                .ok_or_else(|| corrupt(format!("unknown step status '{other}'")))?,
            input: json_column(row, "input")?.unwrap_or(Value::Null),
            output: json_column(row, "output")?.unwrap_or(Value::Null),
            error: row.try_get("error")?,
            attempts,
            usage: input_tokens
                .zip(output_tokens)
                .map(|(input, output)| Usage {
                    input_tokens: input.max(0) as u64,
                    output_tokens: output.max(0) as u64,
                    cost_micros: cost_micros.map(|cost| cost.max(0) as u64),
                }),
            model: row.try_get("model")?,
            started_at,
            finished_at: finished_at.unwrap_or(started_at),
            due_at: row.try_get("due_at")?,
        }),
    };
    Ok(StoredStep {
        key: row.try_get("step_key")?,
        record,
        step_id,
        attempts,
        starts: u32::try_from(starts).map_err(corrupt)?,
        started_at: Timestamp::from_millis(started_at),
    })
}

/// How a worker leaves a run it holds.
pub struct Ending<'a> {
    pub status: RunStatus,
    /// When it ended (or paused).
    pub at: Timestamp,
    pub outputs: Option<&'a Value>,
    pub error: Option<&'a str>,
    pub failed_step: Option<&'a str>,
}

/// Ends (or pauses, with `waiting`) the run and releases the lease; false when the lease is
/// lost.
pub async fn release(
    conn: &mut Connection,
    id: RunId,
    worker: &str,
    ending: Ending<'_>,
) -> Result<bool, StoreError> {
    let finished = ending.status.is_final().then(|| ending.at.as_millis());
    let updated = sqlx::query(
        "UPDATE runs SET status = $3, outputs = $4, error = $5, failed_step = $6,
                         finished_at = $7, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id.to_string())
    .bind(worker)
    .bind(ending.status.as_str())
    .bind(ending.outputs.map(Value::to_string))
    .bind(ending.error)
    .bind(ending.failed_step)
    .bind(finished)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Asks the run to stop: a queued or waiting run is cancelled at once; a running one stops
/// before its next step. Returns the status after the request, `None` for no such run.
pub async fn request_cancel(
    conn: &mut Connection,
    id: RunId,
) -> Result<Option<RunStatus>, StoreError> {
    sqlx::query(
        "UPDATE runs SET status = CASE WHEN status IN ('queued', 'waiting') THEN 'cancelled' ELSE status END,
                         finished_at = CASE WHEN status IN ('queued', 'waiting') THEN $2 ELSE finished_at END,
                         cancel_requested = 1
         WHERE id = $1 AND status IN ('queued', 'running', 'waiting')",
    )
    .bind(id.to_string())
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    Ok(find(conn, id).await?.map(|run| run.status))
}

pub async fn cancel_requested(conn: &mut Connection, id: RunId) -> Result<bool, StoreError> {
    let flag: Option<i64> = sqlx::query_scalar("SELECT cancel_requested FROM runs WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(flag.unwrap_or(0) != 0)
}

/// Puts a waiting run back in the queue (after a decision); false unless it was waiting.
pub async fn resume(conn: &mut Connection, id: RunId) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE runs SET status = 'queued', available_at = $2 WHERE id = $1 AND status = 'waiting'",
    )
    .bind(id.to_string())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Waiting steps whose time to decide has passed (`due_at` before `now`), in runs that wait,
/// most overdue first: the run and the step's key.
pub async fn overdue(
    conn: &mut Connection,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<(RunId, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.run_id, s.step_key FROM run_steps s JOIN runs r ON r.id = s.run_id
         WHERE s.status = 'waiting' AND s.due_at IS NOT NULL AND s.due_at <= $1
               AND r.status = 'waiting'
         ORDER BY s.due_at LIMIT $2",
    )
    .bind(now.as_millis())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let run: String = row.try_get("run_id")?;
            Ok((run.parse().map_err(corrupt)?, row.try_get("step_key")?))
        })
        .collect()
}

/// Approval steps that wait for a decision, in runs that wait, oldest first (at most 500).
pub async fn waiting_approvals(
    conn: &mut Connection,
) -> Result<Vec<(Run, StoredStep)>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.run_id, s.step_key, s.step_id, s.status, s.attempts, s.starts, s.input,
                s.output, s.error, s.model, s.input_tokens, s.output_tokens, s.cost_micros,
                s.started_at, s.finished_at, s.due_at
         FROM run_steps s JOIN runs r ON r.id = s.run_id
         WHERE s.status = 'waiting' AND r.status = 'waiting'
         ORDER BY s.started_at LIMIT 500",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut waiting = Vec::with_capacity(rows.len());
    for row in &rows {
        let run_id: String = row.try_get("run_id")?;
        let run = find(conn, run_id.parse().map_err(corrupt)?)
            .await?
            .ok_or_else(|| corrupt("a step without its run"))?;
        waiting.push((run, step_from_row(row)?));
    }
    Ok(waiting)
}

/// Puts a failed run back in the queue with its failed step records removed, so it resumes
/// from the step that failed; steps that succeeded keep their results. False unless it failed.
pub async fn retry(conn: &mut Connection, id: RunId) -> Result<bool, StoreError> {
    let requeued = sqlx::query(
        "UPDATE runs SET status = 'queued', available_at = $2, error = NULL, failed_step = NULL,
                         finished_at = NULL, outputs = NULL
         WHERE id = $1 AND status = 'failed'",
    )
    .bind(id.to_string())
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    if requeued.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM run_steps WHERE run_id = $1 AND status IN ('failed', 'running')")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(true)
}
