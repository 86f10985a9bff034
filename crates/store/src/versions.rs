//! A workflow's edit history and its versions: immutable snapshots of the draft, numbered per
//! workflow and addressed by the digest of their definition.

use paddock_core::ids::{UserId, VersionId, WorkflowId, WorkspaceId};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

/// One save of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRevision {
    pub revision: u64,
    pub definition: String,
    /// The address of whoever saved it.
    pub saved_by: Option<String>,
    pub saved_at: Timestamp,
}

/// A version as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: VersionId,
    pub number: u64,
    pub digest: String,
    pub definition: String,
    pub message: String,
    pub draft_revision: u64,
    /// Everyone who saved the draft since the version before.
    pub editors: Vec<UserId>,
    pub created_by: Option<UserId>,
    /// The address of whoever cut it.
    pub created_by_email: Option<String>,
    pub created_at: Timestamp,
}

/// What cutting a version did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cut {
    Created(Version),
    /// A version with the same definition exists already: nothing was written.
    Unchanged(Version),
}

/// The id of the workflow `name` of `workspace`, if there is one.
pub async fn workflow_id(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
) -> Result<Option<WorkflowId>, StoreError> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM workflows WHERE workspace_id = $1 AND name = $2")
            .bind(workspace.to_string())
            .bind(name)
            .fetch_optional(conn)
            .await?;
    id.map(|id| id.parse().map_err(corrupt)).transpose()
}

/// The draft's saves, newest first.
pub async fn history(
    conn: &mut Connection,
    workflow: WorkflowId,
    limit: u32,
) -> Result<Vec<DraftRevision>, StoreError> {
    let rows = sqlx::query(
        "SELECT h.revision, h.definition, h.saved_at, u.email
         FROM workflow_draft_history h LEFT JOIN users u ON u.id = h.saved_by
         WHERE h.workflow_id = $1 ORDER BY h.revision DESC LIMIT $2",
    )
    .bind(workflow.to_string())
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DraftRevision {
                revision: unsigned(row, "revision")?,
                definition: row.try_get("definition")?,
                saved_by: row.try_get("email")?,
                saved_at: Timestamp::from_millis(row.try_get("saved_at")?),
            })
        })
        .collect()
}

macro_rules! select_versions {
    ($rest:literal) => {
        concat!(
            "SELECT v.id, v.number, v.digest, v.definition, v.message, v.draft_revision, ",
            "v.editors, v.created_by, v.created_at, u.email ",
            "FROM workflow_versions v LEFT JOIN users u ON u.id = v.created_by ",
            $rest
        )
    };
}

/// The versions of a workflow, newest first.
pub async fn list(conn: &mut Connection, workflow: WorkflowId) -> Result<Vec<Version>, StoreError> {
    let rows = sqlx::query(select_versions!(
        "WHERE v.workflow_id = $1 ORDER BY v.number DESC"
    ))
    .bind(workflow.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn find(
    conn: &mut Connection,
    workflow: WorkflowId,
    number: u64,
) -> Result<Option<Version>, StoreError> {
    let row = sqlx::query(select_versions!(
        "WHERE v.workflow_id = $1 AND v.number = $2"
    ))
    .bind(workflow.to_string())
    .bind(i64::try_from(number).unwrap_or(i64::MAX))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The number of the version `id`, if there is one.
pub async fn number_of(conn: &mut Connection, id: VersionId) -> Result<Option<u64>, StoreError> {
    let number: Option<i64> =
        sqlx::query_scalar("SELECT number FROM workflow_versions WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(conn)
            .await?;
    number
        .map(|n| u64::try_from(n).map_err(corrupt))
        .transpose()
}

async fn find_by_digest(
    conn: &mut Connection,
    workflow: WorkflowId,
    digest: &str,
) -> Result<Option<Version>, StoreError> {
    let row = sqlx::query(select_versions!(
        "WHERE v.workflow_id = $1 AND v.digest = $2"
    ))
    .bind(workflow.to_string())
    .bind(digest)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// What a new version is made of.
pub struct NewVersion<'a> {
    pub workflow: WorkflowId,
    pub definition: &'a str,
    pub digest: &'a str,
    pub message: &'a str,
    pub draft_revision: u64,
    pub by: Option<UserId>,
}

/// Cuts the next version of the workflow, unless one holds the same definition already. Run
/// it in a transaction: the number is the next free one, and a concurrent cut of the same
/// number fails on the unique key rather than overwriting.
pub async fn cut(conn: &mut Connection, new: NewVersion<'_>) -> Result<Cut, StoreError> {
    if let Some(existing) = find_by_digest(conn, new.workflow, new.digest).await? {
        return Ok(Cut::Unchanged(existing));
    }
    let workflow = new.workflow.to_string();
    let previous: Option<i64> = sqlx::query_scalar(
        "SELECT draft_revision FROM workflow_versions WHERE workflow_id = $1
         ORDER BY number DESC LIMIT 1",
    )
    .bind(&workflow)
    .fetch_optional(&mut *conn)
    .await?;
    let revision = i64::try_from(new.draft_revision).unwrap_or(i64::MAX);
    let editors: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT DISTINCT saved_by FROM workflow_draft_history
         WHERE workflow_id = $1 AND revision > $2 AND revision <= $3",
    )
    .bind(&workflow)
    .bind(previous.unwrap_or(0))
    .bind(revision)
    .fetch_all(&mut *conn)
    .await?;
    let mut editors: Vec<String> = editors.into_iter().flatten().collect();
    editors.sort();
    let id = VersionId::generate();
    sqlx::query(
        "INSERT INTO workflow_versions (id, workflow_id, number, digest, definition, message,
                                        draft_revision, editors, created_by, created_at)
         VALUES ($1, $2,
                 (SELECT COALESCE(MAX(number), 0) + 1 FROM workflow_versions WHERE workflow_id = $2),
                 $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(&workflow)
    .bind(new.digest)
    .bind(new.definition)
    .bind(new.message)
    .bind(revision)
    .bind(serde_json::Value::from(editors).to_string())
    .bind(new.by.map(|by| by.to_string()))
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    find_by_digest(conn, new.workflow, new.digest)
        .await?
        .map(Cut::Created)
        .ok_or_else(|| corrupt("a version vanished while being cut"))
}

fn unsigned(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    let value: i64 = row.try_get(column)?;
    u64::try_from(value).map_err(corrupt)
}

fn from_row(row: &AnyRow) -> Result<Version, StoreError> {
    let id: String = row.try_get("id")?;
    let editors: String = row.try_get("editors")?;
    let editors: Vec<String> = serde_json::from_str(&editors).map_err(corrupt)?;
    let created_by: Option<String> = row.try_get("created_by")?;
    Ok(Version {
        id: id.parse().map_err(corrupt)?,
        number: unsigned(row, "number")?,
        digest: row.try_get("digest")?,
        definition: row.try_get("definition")?,
        message: row.try_get("message")?,
        draft_revision: unsigned(row, "draft_revision")?,
        editors: editors
            .iter()
            .map(|id| id.parse().map_err(corrupt))
            .collect::<Result<_, _>>()?,
        created_by: created_by
            .map(|id| id.parse().map_err(corrupt))
            .transpose()?,
        created_by_email: row.try_get("email")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}
