//! Files runs generated, with their content until they expire. Like uploads, the content lives
//! in the database beside the run, so any node serves it and nothing is half-written.

use paddock_core::ids::{ArtifactId, RunId};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, parsed};
use crate::{Connection, StoreError};

/// An artifact without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub id: ArtifactId,
    pub run: RunId,
    /// The step that wrote it, by its key in the run's journal.
    pub step_key: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Whether the content was purged at its expiry.
    pub purged: bool,
}

pub struct NewArtifact<'a> {
    pub run: RunId,
    pub step_key: &'a str,
    pub name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub expires_at: Timestamp,
}

const COLUMNS: &str = "id, run_id, step_key, name, media_type, size, sha256, created_at, expires_at, \
                       content IS NULL AS purged";

fn from_row(row: &AnyRow) -> Result<Artifact, StoreError> {
    let size: i64 = row.try_get("size")?;
    let purged: bool = match row.try_get::<bool, _>("purged") {
        Ok(purged) => purged,
        // SQLite answers a comparison with an integer.
        Err(_) => row.try_get::<i64, _>("purged")? != 0,
    };
    Ok(Artifact {
        id: parsed(row, "id")?,
        run: parsed(row, "run_id")?,
        step_key: row.try_get("step_key")?,
        name: row.try_get("name")?,
        media_type: row.try_get("media_type")?,
        size: u64::try_from(size).map_err(corrupt)?,
        sha256: row.try_get("sha256")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
        purged,
    })
}

/// Keeps what a step wrote, with its content. When the same step of the run wrote before — it
/// ran again after a crash, or a worker whose lease ran out wrote late — the first document
/// stays (the step's recorded output may already point at it) and is answered instead.
pub async fn put(
    conn: &mut Connection,
    new: NewArtifact<'_>,
) -> Result<(Artifact, Vec<u8>), StoreError> {
    let size = i64::try_from(new.content.len()).map_err(corrupt)?;
    sqlx::query(
        "INSERT INTO run_artifacts (id, run_id, step_key, name, media_type, size, sha256, content,
                                    created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (run_id, step_key) DO NOTHING",
    )
    .bind(ArtifactId::generate().to_string())
    .bind(new.run.to_string())
    .bind(new.step_key)
    .bind(new.name)
    .bind(new.media_type)
    .bind(size)
    .bind(new.sha256)
    .bind(new.content.to_vec())
    .bind(Timestamp::now().as_millis())
    .bind(new.expires_at.as_millis())
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, content FROM run_artifacts WHERE run_id = $1 AND step_key = $2"
    )))
    .bind(new.run.to_string())
    .bind(new.step_key)
    .fetch_one(conn)
    .await?;
    let kept = from_row(&row)?;
    let content: Option<Vec<u8>> = row.try_get("content")?;
    Ok((kept, content.unwrap_or_else(|| new.content.to_vec())))
}

/// The artifacts of a run, in the order they were written.
pub async fn of_run(conn: &mut Connection, run: RunId) -> Result<Vec<Artifact>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM run_artifacts WHERE run_id = $1 ORDER BY created_at, id"
    )))
    .bind(run.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One artifact of a run with its content (none once purged).
pub async fn content(
    conn: &mut Connection,
    run: RunId,
    id: ArtifactId,
) -> Result<Option<(Artifact, Option<Vec<u8>>)>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, content FROM run_artifacts WHERE run_id = $1 AND id = $2"
    )))
    .bind(run.to_string())
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok((from_row(&row)?, row.try_get("content")?)))
        .transpose()
}

/// Drops the content of artifacts expired by `now`, at most `limit` of them; their rows stay.
/// Answers the artifacts purged.
pub async fn purge_expired(
    conn: &mut Connection,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<Artifact>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM run_artifacts
         WHERE content IS NOT NULL AND expires_at <= $1 ORDER BY expires_at LIMIT $2"
    )))
    .bind(now.as_millis())
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    let mut purged = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut artifact = from_row(row)?;
        // Another node purging at the same time deletes it once: only one of them changes it.
        let changed = sqlx::query(
            "UPDATE run_artifacts SET content = NULL WHERE id = $1 AND content IS NOT NULL",
        )
        .bind(artifact.id.to_string())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if changed == 1 {
            artifact.purged = true;
            purged.push(artifact);
        }
    }
    Ok(purged)
}
