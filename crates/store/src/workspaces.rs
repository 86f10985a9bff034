//! Workspaces (teams' lanes) and the ordered chain of environments.

use paddock_core::ids::{EnvironmentId, WorkspaceId};
use paddock_core::promotion::PublishingRule;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, Slug};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub slug: Slug,
    pub name: DisplayName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub id: EnvironmentId,
    pub slug: Slug,
    pub name: DisplayName,
    pub position: i64,
}

/// Creates a workspace; a taken slug is a [`StoreError::UniqueViolation`].
pub async fn insert_workspace(
    conn: &mut Connection,
    slug: &Slug,
    name: &DisplayName,
) -> Result<Workspace, StoreError> {
    let workspace = Workspace {
        id: WorkspaceId::generate(),
        slug: slug.clone(),
        name: name.clone(),
    };
    sqlx::query("INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(workspace.id.to_string())
        .bind(slug.as_str())
        .bind(name.as_str())
        .bind(Timestamp::now().as_millis())
        .execute(conn)
        .await?;
    Ok(workspace)
}

/// Creates the workspace unless one with this slug exists; returns it either way.
pub async fn ensure_workspace(
    conn: &mut Connection,
    slug: &Slug,
    name: &DisplayName,
) -> Result<Workspace, StoreError> {
    sqlx::query(
        "INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO NOTHING",
    )
    .bind(WorkspaceId::generate().to_string())
    .bind(slug.as_str())
    .bind(name.as_str())
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    find_workspace(conn, slug)
        .await?
        .ok_or_else(|| corrupt(format!("workspace '{slug}' vanished while being created")))
}

pub async fn find_workspace(
    conn: &mut Connection,
    slug: &Slug,
) -> Result<Option<Workspace>, StoreError> {
    let row = sqlx::query("SELECT id, slug, name FROM workspaces WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(workspace_from_row).transpose()
}

pub async fn find_workspace_by_id(
    conn: &mut Connection,
    id: WorkspaceId,
) -> Result<Option<Workspace>, StoreError> {
    let row = sqlx::query("SELECT id, slug, name FROM workspaces WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(workspace_from_row).transpose()
}

pub async fn list_workspaces(conn: &mut Connection) -> Result<Vec<Workspace>, StoreError> {
    let rows = sqlx::query("SELECT id, slug, name FROM workspaces ORDER BY slug")
        .fetch_all(conn)
        .await?;
    rows.iter().map(workspace_from_row).collect()
}

/// Creates the environment at `position` of the chain, under `rule`, unless one with this slug
/// exists (its rule is then left as it is).
pub async fn ensure_environment(
    conn: &mut Connection,
    slug: &Slug,
    name: &DisplayName,
    position: i64,
    rule: &PublishingRule,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO environments (id, slug, name, position, created_at, approvals_required,
                                   author_may_deploy, evidence_required)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (slug) DO NOTHING",
    )
    .bind(EnvironmentId::generate().to_string())
    .bind(slug.as_str())
    .bind(name.as_str())
    .bind(position)
    .bind(Timestamp::now().as_millis())
    .bind(i64::from(rule.approvals_required))
    .bind(i64::from(rule.author_may_deploy))
    .bind(i64::from(rule.evidence_required))
    .execute(conn)
    .await?;
    Ok(())
}

/// The environments in promotion order (`dev` before `staging` before `prod`).
pub async fn list_environments(conn: &mut Connection) -> Result<Vec<Environment>, StoreError> {
    let rows = sqlx::query("SELECT id, slug, name, position FROM environments ORDER BY position")
        .fetch_all(conn)
        .await?;
    rows.iter().map(environment_from_row).collect()
}

fn environment_from_row(row: &sqlx::any::AnyRow) -> Result<Environment, StoreError> {
    let id: String = row.try_get("id")?;
    let slug: String = row.try_get("slug")?;
    let name: String = row.try_get("name")?;
    Ok(Environment {
        id: id.parse().map_err(corrupt)?,
        slug: Slug::parse(&slug).map_err(corrupt)?,
        name: DisplayName::parse(&name).map_err(corrupt)?,
        position: row.try_get("position")?,
    })
}

pub(crate) fn workspace_from_row(row: &AnyRow) -> Result<Workspace, StoreError> {
    let id: String = row.try_get("id")?;
    let slug: String = row.try_get("slug")?;
    let name: String = row.try_get("name")?;
    Ok(Workspace {
        id: id.parse().map_err(corrupt)?,
        slug: Slug::parse(&slug).map_err(corrupt)?,
        name: DisplayName::parse(&name).map_err(corrupt)?,
    })
}

/// The environment `id`, if it exists.
pub async fn environment_by_id(
    conn: &mut Connection,
    id: paddock_core::ids::EnvironmentId,
) -> Result<Option<Environment>, StoreError> {
    let row = sqlx::query("SELECT id, slug, name, position FROM environments WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(environment_from_row).transpose()
}
