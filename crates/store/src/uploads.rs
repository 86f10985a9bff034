//! Files uploaded for runs' file inputs. Their content lives in the database, beside the runs
//! that read them, so a run on any node finds it and nothing is half-written.

use paddock_core::ids::{UploadId, UserId, WorkspaceId};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, parsed};
use crate::{Connection, StoreError};

/// An upload without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub id: UploadId,
    pub workspace: WorkspaceId,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub uploaded_by: Option<UserId>,
    pub created_at: Timestamp,
}

pub struct NewUpload<'a> {
    pub workspace: WorkspaceId,
    pub name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub by: UserId,
}

fn from_row(row: &AnyRow) -> Result<Upload, StoreError> {
    let size: i64 = row.try_get("size")?;
    let by: Option<String> = row.try_get("uploaded_by")?;
    Ok(Upload {
        id: parsed(row, "id")?,
        workspace: parsed(row, "workspace_id")?,
        name: row.try_get("name")?,
        media_type: row.try_get("media_type")?,
        size: u64::try_from(size).map_err(corrupt)?,
        sha256: row.try_get("sha256")?,
        uploaded_by: by.map(|id| id.parse()).transpose().map_err(corrupt)?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

pub async fn insert(conn: &mut Connection, new: NewUpload<'_>) -> Result<Upload, StoreError> {
    let id = UploadId::generate();
    let now = Timestamp::now();
    sqlx::query(
        "INSERT INTO uploads (id, workspace_id, name, media_type, size, sha256, content,
                              uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(new.workspace.to_string())
    .bind(new.name)
    .bind(new.media_type)
    .bind(i64::try_from(new.content.len()).map_err(corrupt)?)
    .bind(new.sha256)
    .bind(new.content.to_vec())
    .bind(new.by.to_string())
    .bind(now.as_millis())
    .execute(conn)
    .await?;
    Ok(Upload {
        id,
        workspace: new.workspace,
        name: new.name.to_owned(),
        media_type: new.media_type.to_owned(),
        size: new.content.len() as u64,
        sha256: new.sha256.to_owned(),
        uploaded_by: Some(new.by),
        created_at: now,
    })
}

pub async fn find(conn: &mut Connection, id: UploadId) -> Result<Option<Upload>, StoreError> {
    let row = sqlx::query(
        "SELECT id, workspace_id, name, media_type, size, sha256, uploaded_by, created_at
         FROM uploads WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn content(conn: &mut Connection, id: UploadId) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT content FROM uploads WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(conn)
            .await?,
    )
}
