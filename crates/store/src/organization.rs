//! The one organisation this installation serves.

use paddock_core::time::Timestamp;
use paddock_core::values::DisplayName;

use crate::{Connection, StoreError, error::corrupt};

/// Sets the organisation's name, creating the organisation on first use.
pub async fn set_name(conn: &mut Connection, name: &DisplayName) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO organization (id, name, created_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name",
    )
    .bind(name.as_str())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The organisation's name, or `None` before it is named.
pub async fn name(conn: &mut Connection) -> Result<Option<DisplayName>, StoreError> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM organization WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    name.map(|name| DisplayName::parse(&name).map_err(corrupt))
        .transpose()
}
