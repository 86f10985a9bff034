//! The key each published app signs its completion callbacks with, sealed.

use paddock_core::ids::WorkflowId;
use paddock_core::time::Timestamp;

use crate::{Connection, StoreError};

/// The app's sealed key, if it has one.
pub async fn find(
    conn: &mut Connection,
    workflow: WorkflowId,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT credential FROM app_signing_keys WHERE id = $1")
            .bind(workflow.to_string())
            .fetch_optional(conn)
            .await?,
    )
}

/// Stores the app's key unless it has one already; returns the one it has.
pub async fn get_or_insert(
    conn: &mut Connection,
    workflow: WorkflowId,
    sealed: &str,
) -> Result<String, StoreError> {
    sqlx::query(
        "INSERT INTO app_signing_keys (id, credential, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(workflow.to_string())
    .bind(sealed)
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    find(conn, workflow)
        .await?
        .ok_or_else(|| crate::error::corrupt("a signing key vanished as it was stored"))
}
