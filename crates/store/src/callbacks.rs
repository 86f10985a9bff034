//! Completion callbacks API callers asked for: each is delivered once its run has ended, and
//! tried again later when the receiver does not answer with success.

use paddock_core::ids::RunId;
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, parsed};
use crate::{Connection, StoreError};

/// A callback and how its delivery went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub run: RunId,
    pub url: String,
    pub attempts: u32,
    pub delivered_at: Option<Timestamp>,
    pub given_up_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

fn from_row(row: &AnyRow) -> Result<Callback, StoreError> {
    let attempts: i64 = row.try_get("attempts")?;
    let delivered_at: Option<i64> = row.try_get("delivered_at")?;
    let given_up_at: Option<i64> = row.try_get("given_up_at")?;
    Ok(Callback {
        run: parsed(row, "run_id")?,
        url: row.try_get("url")?,
        attempts: u32::try_from(attempts).map_err(corrupt)?,
        delivered_at: delivered_at.map(Timestamp::from_millis),
        given_up_at: given_up_at.map(Timestamp::from_millis),
        last_error: row.try_get("last_error")?,
    })
}

/// Asks for a callback when `run` ends; written with the run.
pub async fn insert(conn: &mut Connection, run: RunId, url: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO run_callbacks (run_id, url, next_attempt_at) VALUES ($1, $2, $3)")
        .bind(run.to_string())
        .bind(url)
        .bind(Timestamp::now().as_millis())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find(conn: &mut Connection, run: RunId) -> Result<Option<Callback>, StoreError> {
    let row = sqlx::query(
        "SELECT run_id, url, attempts, delivered_at, given_up_at, last_error
         FROM run_callbacks WHERE run_id = $1",
    )
    .bind(run.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Callbacks of ended runs that are due, oldest first, at most `limit`.
pub async fn due(
    conn: &mut Connection,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<Callback>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.run_id, c.url, c.attempts, c.delivered_at, c.given_up_at, c.last_error
         FROM run_callbacks c JOIN runs r ON r.id = c.run_id
         WHERE c.delivered_at IS NULL AND c.given_up_at IS NULL AND c.next_attempt_at <= $1
           AND r.status IN ('succeeded', 'failed', 'cancelled')
         ORDER BY c.next_attempt_at LIMIT $2",
    )
    .bind(now.as_millis())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Takes a due callback for one sender until `until`: false when another sender took it first.
pub async fn take(
    conn: &mut Connection,
    callback: &Callback,
    until: Timestamp,
) -> Result<bool, StoreError> {
    let taken = sqlx::query(
        "UPDATE run_callbacks SET next_attempt_at = $3
         WHERE run_id = $1 AND attempts = $2 AND next_attempt_at <= $4
           AND delivered_at IS NULL AND given_up_at IS NULL",
    )
    .bind(callback.run.to_string())
    .bind(i64::from(callback.attempts))
    .bind(until.as_millis())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Records one delivery attempt: delivered, to be tried again at `retry_at`, or given up.
pub async fn attempted(
    conn: &mut Connection,
    run: RunId,
    outcome: Result<(), (&str, Option<Timestamp>)>,
) -> Result<(), StoreError> {
    let now = Timestamp::now().as_millis();
    let (delivered_at, next, given_up_at, error) = match outcome {
        Ok(()) => (Some(now), now, None, None),
        Err((error, Some(retry_at))) => (None, retry_at.as_millis(), None, Some(error)),
        Err((error, None)) => (None, now, Some(now), Some(error)),
    };
    sqlx::query(
        "UPDATE run_callbacks SET attempts = attempts + 1, delivered_at = $2,
                next_attempt_at = $3, given_up_at = $4, last_error = $5
         WHERE run_id = $1",
    )
    .bind(run.to_string())
    .bind(delivered_at)
    .bind(next)
    .bind(given_up_at)
    .bind(error)
    .execute(conn)
    .await?;
    Ok(())
}
