//! Workflows of a workspace, their drafts and the drafts' edit history.

use paddock_core::ids::{UserId, WorkflowId, WorkspaceId};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

/// A workflow's draft as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub description: String,
    /// The definition as written (YAML or JSON).
    pub definition: String,
    pub revision: u64,
    /// The address of whoever saved it last.
    pub updated_by: Option<String>,
    pub updated_at: Timestamp,
}

/// What saving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Created(Draft),
    Updated(Draft),
    /// Someone saved after the revision the save started from; nothing was written.
    Stale {
        current: u64,
    },
}

macro_rules! select_drafts {
    ($rest:literal) => {
        concat!(
            "SELECT w.name, w.description, w.draft, w.revision, w.updated_at, u.email ",
            "FROM workflows w LEFT JOIN users u ON u.id = w.updated_by ",
            $rest
        )
    };
}

pub async fn list(conn: &mut Connection, workspace: WorkspaceId) -> Result<Vec<Draft>, StoreError> {
    let rows = sqlx::query(select_drafts!("WHERE w.workspace_id = $1 ORDER BY w.name"))
        .bind(workspace.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn find(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
) -> Result<Option<Draft>, StoreError> {
    let row = sqlx::query(select_drafts!("WHERE w.workspace_id = $1 AND w.name = $2"))
        .bind(workspace.to_string())
        .bind(name)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Saves the draft of `name`: without `base_revision`, creates the workflow (stale when it
/// exists); with it, updates the workflow only if it is still at that revision.
pub async fn save(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
    description: &str,
    definition: &str,
    base_revision: Option<u64>,
    by: Option<UserId>,
) -> Result<Saved, StoreError> {
    let now = Timestamp::now().as_millis();
    let Some(base) = base_revision else {
        // Two first saves at once: the second finds the name taken, as if it came later.
        let inserted = sqlx::query(
            "INSERT INTO workflows (id, workspace_id, name, description, draft, revision,
                                    created_by, updated_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7, $7)
             ON CONFLICT (workspace_id, name) DO NOTHING",
        )
        .bind(WorkflowId::generate().to_string())
        .bind(workspace.to_string())
        .bind(name)
        .bind(description)
        .bind(definition)
        .bind(by.map(|id| id.to_string()))
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() == 0 {
            return stale(conn, workspace, name).await;
        }
        keep_in_history(conn, workspace, name).await?;
        return Ok(Saved::Created(saved(conn, workspace, name).await?));
    };
    let updated = sqlx::query(
        "UPDATE workflows SET description = $3, draft = $4, revision = revision + 1,
                updated_by = $5, updated_at = $6
         WHERE workspace_id = $1 AND name = $2 AND revision = $7",
    )
    .bind(workspace.to_string())
    .bind(name)
    .bind(description)
    .bind(definition)
    .bind(by.map(|id| id.to_string()))
    .bind(now)
    .bind(i64::try_from(base).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return stale(conn, workspace, name).await;
    }
    keep_in_history(conn, workspace, name).await?;
    Ok(Saved::Updated(saved(conn, workspace, name).await?))
}

/// Keeps the draft as just saved in its edit history.
async fn keep_in_history(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO workflow_draft_history (workflow_id, revision, definition, saved_by, saved_at)
         SELECT id, revision, draft, updated_by, updated_at FROM workflows
         WHERE workspace_id = $1 AND name = $2",
    )
    .bind(workspace.to_string())
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// The save found the draft at another revision than it started from (or taken, for a new one).
async fn stale(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
) -> Result<Saved, StoreError> {
    let current = find(conn, workspace, name).await?.map_or(0, |d| d.revision);
    Ok(Saved::Stale { current })
}

async fn saved(
    conn: &mut Connection,
    workspace: WorkspaceId,
    name: &str,
) -> Result<Draft, StoreError> {
    find(conn, workspace, name)
        .await?
        .ok_or_else(|| corrupt(format!("the workflow '{name}' vanished while being saved")))
}

fn from_row(row: &AnyRow) -> Result<Draft, StoreError> {
    let revision: i64 = row.try_get("revision")?;
    Ok(Draft {
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        definition: row.try_get("draft")?,
        revision: u64::try_from(revision).map_err(corrupt)?,
        updated_by: row.try_get("email")?,
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}
