//! Connections to outside systems, who may use them, and the bindings that say which
//! connection an alias means in each environment of a workspace.

use paddock_core::connection::{ConnectorKind, HostRule};
use paddock_core::egress::Cidr;
use paddock_core::ids::{ConnectionId, EnvironmentId, GroupId, WorkspaceId};
use paddock_core::label::{Clearance, Label};
use paddock_core::time::Timestamp;
use paddock_core::values::Slug;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

/// A connection, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConnection {
    pub id: ConnectionId,
    pub settings: ConnectionSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Everything an administrator sets on a connection.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionSettings {
    pub name: Slug,
    pub kind: ConnectorKind,
    pub description: String,
    /// What the kind needs to reach the system and its actions; nothing secret.
    pub config: Value,
    /// The credential (token, password, key, webhook address), sealed with the master key.
    pub sealed_credential: Option<String>,
    pub read_label: Label,
    pub write_clearance: Clearance,
    /// Where requests may go besides the configured address's own host.
    pub egress: Vec<HostRule>,
    /// Private address ranges the administrator allows.
    pub allowed_ranges: Vec<Cidr>,
    /// The actions workflows may call; `None`: every action the connection declares.
    pub allowed_actions: Option<Vec<String>>,
    pub all_workspaces: bool,
    pub workspaces: Vec<WorkspaceId>,
    /// Groups whose members alone may use the connection; empty: everyone in its workspaces.
    pub groups: Vec<GroupId>,
    pub enabled: bool,
}

impl ConnectionSettings {
    pub fn open_to(&self, workspace: WorkspaceId) -> bool {
        self.all_workspaces || self.workspaces.contains(&workspace)
    }

    /// Whether a member of `member_of` may use the connection (within its workspaces).
    pub fn open_to_member_of(&self, member_of: &[GroupId]) -> bool {
        self.groups.is_empty() || self.groups.iter().any(|group| member_of.contains(group))
    }
}

/// Which connection an alias means in one environment of a workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub workspace: WorkspaceId,
    pub environment: EnvironmentId,
    pub environment_slug: String,
    pub alias: String,
    pub connection: ConnectionId,
    pub connection_name: String,
}

macro_rules! select_connections {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, kind, description, settings, credential, read_label, ",
            "write_clearance, egress, allowed_ranges, allowed_actions, all_workspaces, enabled, ",
            "created_at, updated_at FROM connections ",
            $rest
        )
    };
}

macro_rules! select_bindings {
    () => {
        "SELECT b.workspace_id, b.environment_id, e.slug AS environment_slug, b.alias,
                b.connection_id, c.name AS connection_name
         FROM connection_bindings b
         JOIN environments e ON e.id = b.environment_id
         JOIN connections c ON c.id = b.connection_id"
    };
}

pub async fn list(conn: &mut Connection) -> Result<Vec<StoredConnection>, StoreError> {
    let rows = sqlx::query(select_connections!("ORDER BY name"))
        .fetch_all(&mut *conn)
        .await?;
    let mut all = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut connection = from_row(row)?;
        load_audience(conn, &mut connection).await?;
        all.push(connection);
    }
    Ok(all)
}

pub async fn find(
    conn: &mut Connection,
    name: &str,
) -> Result<Option<StoredConnection>, StoreError> {
    let row = sqlx::query(select_connections!("WHERE name = $1"))
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    with_audience(conn, row).await
}

pub async fn find_by_id(
    conn: &mut Connection,
    id: ConnectionId,
) -> Result<Option<StoredConnection>, StoreError> {
    let row = sqlx::query(select_connections!("WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    with_audience(conn, row).await
}

async fn with_audience(
    conn: &mut Connection,
    row: Option<AnyRow>,
) -> Result<Option<StoredConnection>, StoreError> {
    let Some(row) = row else { return Ok(None) };
    let mut connection = from_row(&row)?;
    load_audience(conn, &mut connection).await?;
    Ok(Some(connection))
}

/// The workspaces and groups a connection is open to.
async fn load_audience(
    conn: &mut Connection,
    connection: &mut StoredConnection,
) -> Result<(), StoreError> {
    connection.settings.workspaces =
        ids_of(conn, "connection_workspaces", "workspace_id", connection.id).await?;
    connection.settings.groups =
        ids_of(conn, "connection_groups", "group_id", connection.id).await?;
    Ok(())
}

/// Creates a connection; a taken name is a [`StoreError::UniqueViolation`].
pub async fn insert(
    conn: &mut Connection,
    id: ConnectionId,
    settings: &ConnectionSettings,
) -> Result<StoredConnection, StoreError> {
    let now = Timestamp::now();
    sqlx::query(
        "INSERT INTO connections (id, name, kind, settings, created_at, updated_at)
         VALUES ($1, $2, $3, '{}', $4, $4)",
    )
    .bind(id.to_string())
    .bind(settings.name.as_str())
    .bind(settings.kind.as_str())
    .bind(now.as_millis())
    .execute(&mut *conn)
    .await?;
    update(conn, id, settings).await?;
    Ok(StoredConnection {
        id,
        settings: settings.clone(),
        created_at: now,
        updated_at: now,
    })
}

/// Replaces a connection's settings; false when there is no such connection.
pub async fn update(
    conn: &mut Connection,
    id: ConnectionId,
    settings: &ConnectionSettings,
) -> Result<bool, StoreError> {
    let strings = |items: Vec<String>| Value::from(items).to_string();
    let updated = sqlx::query(
        "UPDATE connections SET name = $2, kind = $3, description = $4, settings = $5,
                credential = $6, read_label = $7, write_clearance = $8, egress = $9,
                allowed_ranges = $10, allowed_actions = $11, all_workspaces = $12, enabled = $13,
                updated_at = $14
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(settings.name.as_str())
    .bind(settings.kind.as_str())
    .bind(&settings.description)
    .bind(settings.config.to_string())
    .bind(settings.sealed_credential.as_deref())
    .bind(settings.read_label.to_string())
    .bind(settings.write_clearance.to_string())
    .bind(strings(
        settings.egress.iter().map(ToString::to_string).collect(),
    ))
    .bind(strings(
        settings
            .allowed_ranges
            .iter()
            .map(ToString::to_string)
            .collect(),
    ))
    .bind(settings.allowed_actions.clone().map(strings))
    .bind(i64::from(settings.all_workspaces))
    .bind(i64::from(settings.enabled))
    .bind(Timestamp::now().as_millis())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM connection_workspaces WHERE connection_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for workspace in &settings.workspaces {
        sqlx::query(
            "INSERT INTO connection_workspaces (connection_id, workspace_id) VALUES ($1, $2)",
        )
        .bind(id.to_string())
        .bind(workspace.to_string())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM connection_groups WHERE connection_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for group in &settings.groups {
        sqlx::query("INSERT INTO connection_groups (connection_id, group_id) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(group.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Removes a connection and its bindings (`ON DELETE CASCADE`); false when there is none.
pub async fn delete(conn: &mut Connection, id: ConnectionId) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM connections WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Binds `alias` in the environment of the workspace to `connection`, replacing what it meant.
pub async fn bind(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
    alias: &str,
    connection: ConnectionId,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO connection_bindings (workspace_id, environment_id, alias, connection_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, environment_id, alias)
         DO UPDATE SET connection_id = excluded.connection_id",
    )
    .bind(workspace.to_string())
    .bind(environment.to_string())
    .bind(alias)
    .bind(connection.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a binding; false when there was none.
pub async fn unbind(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
    alias: &str,
) -> Result<bool, StoreError> {
    let deleted = sqlx::query(
        "DELETE FROM connection_bindings
         WHERE workspace_id = $1 AND environment_id = $2 AND alias = $3",
    )
    .bind(workspace.to_string())
    .bind(environment.to_string())
    .bind(alias)
    .execute(conn)
    .await?;
    Ok(deleted.rows_affected() == 1)
}

/// The bindings of a workspace, in every environment or in one.
pub async fn bindings(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: Option<EnvironmentId>,
) -> Result<Vec<Binding>, StoreError> {
    const SELECT: &str = concat!(select_bindings!(), " WHERE b.workspace_id = $1");
    const ORDER: &str = " ORDER BY e.position, b.alias";
    let rows = match environment {
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT}{ORDER}")))
                .bind(workspace.to_string())
                .fetch_all(conn)
                .await?
        }
        Some(environment) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{SELECT} AND b.environment_id = $2{ORDER}"
            )))
            .bind(workspace.to_string())
            .bind(environment.to_string())
            .fetch_all(conn)
            .await?
        }
    };
    rows.iter().map(binding_from_row).collect()
}

/// Every binding of one connection, in any workspace and environment.
pub async fn bindings_of(
    conn: &mut Connection,
    connection: ConnectionId,
) -> Result<Vec<Binding>, StoreError> {
    let rows = sqlx::query(concat!(
        select_bindings!(),
        " WHERE b.connection_id = $1 ORDER BY b.workspace_id, e.position, b.alias"
    ))
    .bind(connection.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(binding_from_row).collect()
}

fn binding_from_row(row: &AnyRow) -> Result<Binding, StoreError> {
    let id = |column: &str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    Ok(Binding {
        workspace: id("workspace_id")?.parse().map_err(corrupt)?,
        environment: id("environment_id")?.parse().map_err(corrupt)?,
        environment_slug: id("environment_slug")?,
        alias: id("alias")?,
        connection: id("connection_id")?.parse().map_err(corrupt)?,
        connection_name: id("connection_name")?,
    })
}

/// The ids in `column` of the rows of `table` (a connection's workspaces or groups).
async fn ids_of<Id: std::str::FromStr>(
    conn: &mut Connection,
    table: &'static str,
    column: &'static str,
    connection: ConnectionId,
) -> Result<Vec<Id>, StoreError>
where
    Id::Err: std::fmt::Display,
{
    let query = format!("SELECT {column} FROM {table} WHERE connection_id = $1 ORDER BY {column}");
    let rows = sqlx::query(sqlx::AssertSqlSafe(query))
        .bind(connection.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get(column)?;
            id.parse().map_err(corrupt)
        })
        .collect()
}

fn from_row(row: &AnyRow) -> Result<StoredConnection, StoreError> {
    let text = |column: &str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    let strings = |raw: &str| -> Result<Vec<String>, StoreError> {
        serde_json::from_str(raw).map_err(corrupt)
    };
    let id = text("id")?;
    let kind = text("kind")?;
    let allowed_actions: Option<String> = row.try_get("allowed_actions")?;
    Ok(StoredConnection {
        id: id.parse().map_err(corrupt)?,
        settings: ConnectionSettings {
            name: Slug::parse(&text("name")?).map_err(corrupt)?,
            kind: ConnectorKind::parse(&kind)
                .ok_or_else(|| corrupt(format!("unknown connector kind '{kind}'")))?,
            description: text("description")?,
            config: serde_json::from_str(&text("settings")?).map_err(corrupt)?,
            sealed_credential: row.try_get("credential")?,
            read_label: Label::parse(&text("read_label")?).map_err(corrupt)?,
            write_clearance: Clearance::parse(&text("write_clearance")?).map_err(corrupt)?,
            egress: strings(&text("egress")?)?
                .iter()
                .map(|rule| HostRule::parse(rule).map_err(corrupt))
                .collect::<Result<_, _>>()?,
            allowed_ranges: strings(&text("allowed_ranges")?)?
                .iter()
                .map(|range| Cidr::parse(range).map_err(corrupt))
                .collect::<Result<_, _>>()?,
            allowed_actions: allowed_actions.as_deref().map(strings).transpose()?,
            all_workspaces: row.try_get::<i64, _>("all_workspaces")? != 0,
            workspaces: Vec::new(),
            groups: Vec::new(),
            enabled: row.try_get::<i64, _>("enabled")? != 0,
        },
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}
