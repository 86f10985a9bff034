//! Role grants: who holds which role, organisation-wide or in one workspace.

use paddock_core::ids::{GrantId, UserId};
use paddock_core::time::Timestamp;
use paddock_core::{Grant, Role, Scope};
use sqlx::Row;

use crate::workspaces::{Workspace, workspace_from_row};
use crate::{Connection, StoreError, error::corrupt};

/// A grant together with the workspace it applies to, when it is not organisation-wide.
#[derive(Debug, Clone)]
pub struct HeldGrant {
    pub grant: Grant,
    pub workspace: Option<Workspace>,
}

/// Grants `grant` to the user; granting a role already held changes nothing.
pub async fn grant(conn: &mut Connection, user: UserId, grant: Grant) -> Result<(), StoreError> {
    let workspace = match grant.scope() {
        Scope::Organisation => None,
        Scope::Workspace(id) => Some(id.to_string()),
    };
    sqlx::query(
        "INSERT INTO role_grants (id, user_id, role, workspace_id, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(GrantId::generate().to_string())
    .bind(user.to_string())
    .bind(grant.role().as_str())
    .bind(workspace)
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Every grant the user holds, organisation-wide ones first.
pub async fn held_by(conn: &mut Connection, user: UserId) -> Result<Vec<HeldGrant>, StoreError> {
    let rows = sqlx::query(
        "SELECT g.role, w.id, w.slug, w.name
         FROM role_grants g LEFT JOIN workspaces w ON w.id = g.workspace_id
         WHERE g.user_id = $1
         ORDER BY w.slug IS NOT NULL, w.slug, g.role",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            let role: Role = role.parse().map_err(corrupt)?;
            let workspace_id: Option<String> = row.try_get("id")?;
            let workspace = workspace_id.map(|_| workspace_from_row(row)).transpose()?;
            let scope = workspace
                .as_ref()
                .map_or(Scope::Organisation, |w| Scope::Workspace(w.id));
            let grant = Grant::new(role, scope).map_err(corrupt)?;
            Ok(HeldGrant { grant, workspace })
        })
        .collect()
}

/// How many enabled accounts hold `role` organisation-wide.
pub async fn count_enabled_holders(conn: &mut Connection, role: Role) -> Result<i64, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT u.id) FROM role_grants g JOIN users u ON u.id = g.user_id
         WHERE g.role = $1 AND g.workspace_id IS NULL AND u.disabled_at IS NULL",
    )
    .bind(role.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count)
}
