//! API callers' idempotency keys: a key names one request; sent again with the same request it
//! finds the run the first one started.

use paddock_core::ids::{DeploymentId, RunId};
use paddock_core::time::Timestamp;
use sqlx::Row;

use crate::error::corrupt;
use crate::{Connection, StoreError};

/// The request a key was first used with (a hash of it), and the run it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    pub request_hash: String,
    pub run: RunId,
}

/// What `holder` (a user, or an API key) used `key` for on `deployment`, if anything.
pub async fn find(
    conn: &mut Connection,
    holder: &str,
    deployment: DeploymentId,
    key: &str,
) -> Result<Option<Remembered>, StoreError> {
    let row = sqlx::query(
        "SELECT request_hash, run_id FROM idempotency_keys
         WHERE holder = $1 AND deployment_id = $2 AND key = $3",
    )
    .bind(holder)
    .bind(deployment.to_string())
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let run: String = row.try_get("run_id")?;
        Ok(Remembered {
            request_hash: row.try_get("request_hash")?,
            run: run.parse().map_err(corrupt)?,
        })
    })
    .transpose()
}

/// Remembers the key with the run it starts, unless the key was used before; tells which.
pub async fn remember_if_new(
    conn: &mut Connection,
    holder: &str,
    deployment: DeploymentId,
    key: &str,
    remembered: &Remembered,
) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (holder, deployment_id, key, request_hash, run_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(holder)
    .bind(deployment.to_string())
    .bind(key)
    .bind(&remembered.request_hash)
    .bind(remembered.run.to_string())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
