//! The environments of the promotion chain as admins configure them: order, names and each
//! one's publishing rule (approvals, approver groups, author deploys, evidence, freeze windows).

use paddock_core::ids::{EnvironmentId, GroupId};
use paddock_core::promotion::{FreezeWindow, PublishingRule};
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, Slug};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::workspaces::Environment;
use crate::{Connection, StoreError, Transaction, error::corrupt};

/// An environment with its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Governed {
    pub environment: Environment,
    pub rule: PublishingRule,
    /// Groups whose members may approve; none: any approver of the workspace.
    pub approver_groups: Vec<GroupId>,
}

const SELECT: &str = "SELECT id, slug, name, position, approvals_required, author_may_deploy,
                             evidence_required, freeze_windows FROM environments";

fn from_row(row: &AnyRow) -> Result<Governed, StoreError> {
    let id: String = row.try_get("id")?;
    let slug: String = row.try_get("slug")?;
    let name: String = row.try_get("name")?;
    let approvals: i64 = row.try_get("approvals_required")?;
    let author_may_deploy: i64 = row.try_get("author_may_deploy")?;
    let evidence_required: i64 = row.try_get("evidence_required")?;
    let windows: String = row.try_get("freeze_windows")?;
    Ok(Governed {
        environment: Environment {
            id: id.parse().map_err(corrupt)?,
            slug: Slug::parse(&slug).map_err(corrupt)?,
            name: DisplayName::parse(&name).map_err(corrupt)?,
            position: row.try_get("position")?,
        },
        rule: PublishingRule {
            approvals_required: u32::try_from(approvals).map_err(corrupt)?,
            author_may_deploy: author_may_deploy != 0,
            evidence_required: evidence_required != 0,
            freeze_windows: serde_json::from_str::<Vec<FreezeWindow>>(&windows).map_err(corrupt)?,
        },
        approver_groups: Vec::new(),
    })
}

/// Every environment with its rule, in promotion order.
pub async fn list(conn: &mut Connection) -> Result<Vec<Governed>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY position")))
        .fetch_all(&mut *conn)
        .await?;
    let mut all: Vec<Governed> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let pairs = sqlx::query(
        "SELECT environment_id, group_id FROM environment_approver_groups ORDER BY group_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    for pair in &pairs {
        let environment: String = pair.try_get("environment_id")?;
        let group: String = pair.try_get("group_id")?;
        let environment: EnvironmentId = environment.parse().map_err(corrupt)?;
        if let Some(governed) = all.iter_mut().find(|g| g.environment.id == environment) {
            governed
                .approver_groups
                .push(group.parse().map_err(corrupt)?);
        }
    }
    Ok(all)
}

/// Adds an environment at the end of the chain.
pub async fn insert(
    conn: &mut Connection,
    slug: &Slug,
    name: &DisplayName,
    rule: &PublishingRule,
) -> Result<Environment, StoreError> {
    let environment = Environment {
        id: EnvironmentId::generate(),
        slug: slug.clone(),
        name: name.clone(),
        position: sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM environments",
        )
        .fetch_one(&mut *conn)
        .await?,
    };
    sqlx::query(
        "INSERT INTO environments (id, slug, name, position, created_at, approvals_required,
                                   author_may_deploy, evidence_required, freeze_windows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(environment.id.to_string())
    .bind(slug.as_str())
    .bind(name.as_str())
    .bind(environment.position)
    .bind(Timestamp::now().as_millis())
    .bind(i64::from(rule.approvals_required))
    .bind(i64::from(rule.author_may_deploy))
    .bind(i64::from(rule.evidence_required))
    .bind(windows_json(rule))
    .execute(conn)
    .await?;
    Ok(environment)
}

fn windows_json(rule: &PublishingRule) -> String {
    serde_json::to_string(&rule.freeze_windows).expect("freeze windows always serialise")
}

/// Renames an environment and replaces its rule and approver groups.
pub async fn update(
    tx: &mut Transaction,
    id: EnvironmentId,
    name: &DisplayName,
    rule: &PublishingRule,
    approver_groups: &[GroupId],
) -> Result<(), StoreError> {
    // Apps are served with their environment's name and from the last environment of the chain.
    tx.changes_deployments();
    let conn: &mut Connection = tx;
    sqlx::query(
        "UPDATE environments SET name = $2, approvals_required = $3, author_may_deploy = $4,
                                 evidence_required = $5, freeze_windows = $6
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(name.as_str())
    .bind(i64::from(rule.approvals_required))
    .bind(i64::from(rule.author_may_deploy))
    .bind(i64::from(rule.evidence_required))
    .bind(windows_json(rule))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM environment_approver_groups WHERE environment_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for group in approver_groups {
        sqlx::query(
            "INSERT INTO environment_approver_groups (environment_id, group_id) VALUES ($1, $2)",
        )
        .bind(id.to_string())
        .bind(group.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// What still refers to an environment, by kind, when anything does.
pub async fn uses(conn: &mut Connection, id: EnvironmentId) -> Result<Vec<String>, StoreError> {
    let mut uses = Vec::new();
    for (table, what) in [
        ("runs", "runs"),
        ("connection_bindings", "connection bindings"),
        ("deployments", "deployments"),
        ("reviews", "reviews"),
    ] {
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE environment_id = $1"
        )))
        .bind(id.to_string())
        .fetch_one(&mut *conn)
        .await?;
        if count > 0 {
            uses.push(format!("{count} {what}"));
        }
    }
    Ok(uses)
}

/// Removes an environment nothing refers to, and closes the gap it leaves in the chain.
pub async fn delete(tx: &mut Transaction, id: EnvironmentId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM environments WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    let remaining: Vec<EnvironmentId> = list(tx)
        .await?
        .into_iter()
        .map(|governed| governed.environment.id)
        .collect();
    reorder(tx, &remaining).await
}

/// Puts the chain in the order of `ids`, which names every environment once.
pub async fn reorder(tx: &mut Transaction, ids: &[EnvironmentId]) -> Result<(), StoreError> {
    // An app is served from the last environment of the chain it is published in.
    tx.changes_deployments();
    let conn: &mut Connection = tx;
    // Positions are unique: park every environment on a negative one first.
    sqlx::query("UPDATE environments SET position = -1 - position")
        .execute(&mut *conn)
        .await?;
    for (position, id) in (0_i64..).zip(ids) {
        sqlx::query("UPDATE environments SET position = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(position)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
