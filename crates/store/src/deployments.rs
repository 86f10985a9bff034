//! Deployments: which version of a workflow is live in which environment, since when, how it
//! got there, and whether it is frozen. Every deployment is kept; the live one has not ended.

use paddock_core::ids::{
    DeploymentId, EnvironmentId, ReviewId, UserId, VersionId, WorkflowId, WorkspaceId,
};
use paddock_core::promotion::DeploymentKind;
use paddock_core::publishing::InterfacesSpec;
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, json_parsed, parsed};
use crate::workspaces::{Environment, Workspace};
use crate::{Connection, StoreError, Transaction};
use paddock_core::values::{DisplayName, Slug};

/// A suspended deployment: new runs are refused until it is unfrozen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freeze {
    pub at: Timestamp,
    pub by_email: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub id: DeploymentId,
    pub workspace: WorkspaceId,
    pub workflow: WorkflowId,
    pub workflow_name: String,
    pub environment: EnvironmentId,
    pub version: VersionId,
    pub version_number: u64,
    pub review: Option<ReviewId>,
    pub kind: DeploymentKind,
    /// Why, for a rollback.
    pub reason: Option<String>,
    pub deployed_by_email: Option<String>,
    pub deployed_at: Timestamp,
    /// When a later deployment replaced it; `None` while it is live.
    pub ended_at: Option<Timestamp>,
    pub frozen: Option<Freeze>,
    /// How it is served.
    pub interfaces: InterfacesSpec,
    /// Since when its form is open to people who are not signed in, when an administrator
    /// opened it.
    pub anonymous_since: Option<Timestamp>,
}

macro_rules! select_deployments {
    ($rest:literal) => {
        select_deployments!("", $rest)
    };
    ($more_columns:literal, $rest:literal) => {
        concat!(
            "SELECT d.id, d.workspace_id, d.workflow_id, w.name AS workflow_name, ",
            "d.environment_id, d.version_id, ",
            "v.number, d.review_id, d.how, d.reason, u.email AS deployed_by_email, d.deployed_at, ",
            "d.ended_at, d.frozen_at, f.email AS frozen_by_email, d.freeze_reason, d.interfaces, ",
            "d.anonymous_since",
            $more_columns,
            " FROM deployments d JOIN workflow_versions v ON v.id = d.version_id ",
            "JOIN workflows w ON w.id = d.workflow_id ",
            "LEFT JOIN users u ON u.id = d.deployed_by LEFT JOIN users f ON f.id = d.frozen_by ",
            $rest
        )
    };
}

fn from_row(row: &AnyRow) -> Result<Deployment, StoreError> {
    let how: String = row.try_get("how")?;
    let number: i64 = row.try_get("number")?;
    let review: Option<String> = row.try_get("review_id")?;
    let ended_at: Option<i64> = row.try_get("ended_at")?;
    let frozen_at: Option<i64> = row.try_get("frozen_at")?;
    Ok(Deployment {
        id: parsed(row, "id")?,
        workspace: parsed(row, "workspace_id")?,
        workflow: parsed(row, "workflow_id")?,
        workflow_name: row.try_get("workflow_name")?,
        environment: parsed(row, "environment_id")?,
        version: parsed(row, "version_id")?,
        version_number: u64::try_from(number).map_err(corrupt)?,
        review: review.map(|id| id.parse()).transpose().map_err(corrupt)?,
        kind: DeploymentKind::parse(&how)
            .ok_or_else(|| corrupt(format!("unknown deployment kind '{how}'")))?,
        reason: row.try_get("reason")?,
        deployed_by_email: row.try_get("deployed_by_email")?,
        deployed_at: Timestamp::from_millis(row.try_get("deployed_at")?),
        ended_at: ended_at.map(Timestamp::from_millis),
        frozen: match frozen_at {
            Some(at) => Some(Freeze {
                at: Timestamp::from_millis(at),
                by_email: row.try_get("frozen_by_email")?,
                reason: row
                    .try_get::<Option<String>, _>("freeze_reason")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
        interfaces: json_parsed(row, "interfaces")?,
        anonymous_since: row
            .try_get::<Option<i64>, _>("anonymous_since")?
            .map(Timestamp::from_millis),
    })
}

/// The deployment live in `environment`, if any.
pub async fn live(
    conn: &mut Connection,
    workflow: WorkflowId,
    environment: EnvironmentId,
) -> Result<Option<Deployment>, StoreError> {
    let row = sqlx::query(select_deployments!(
        "WHERE d.workflow_id = $1 AND d.environment_id = $2 AND d.ended_at IS NULL"
    ))
    .bind(workflow.to_string())
    .bind(environment.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// A deployment live now with its workspace and environment.
#[derive(Debug, Clone)]
pub struct Placed {
    pub deployment: Deployment,
    pub workspace: Workspace,
    pub environment: Environment,
}

/// The deployments live now of the workflow `name` of the workspace `slug`, the last
/// environment of the chain first — in one read, as a published app's every request asks.
pub async fn live_named(
    conn: &mut Connection,
    workspace: &str,
    name: &str,
) -> Result<Vec<Placed>, StoreError> {
    let rows = sqlx::query(select_deployments!(
        ", s.slug AS workspace_slug, s.name AS workspace_name, e.slug AS environment_slug, \
         e.name AS environment_name, e.position AS environment_position",
        "JOIN workspaces s ON s.id = d.workspace_id JOIN environments e ON e.id = d.environment_id \
         WHERE s.slug = $1 AND w.name = $2 AND d.ended_at IS NULL ORDER BY e.position DESC"
    ))
    .bind(workspace)
    .bind(name)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let deployment = from_row(row)?;
            let text = |column: &str| row.try_get::<String, _>(column);
            Ok(Placed {
                workspace: Workspace {
                    id: deployment.workspace,
                    slug: Slug::parse(&text("workspace_slug")?).map_err(corrupt)?,
                    name: DisplayName::parse(&text("workspace_name")?).map_err(corrupt)?,
                },
                environment: Environment {
                    id: deployment.environment,
                    slug: Slug::parse(&text("environment_slug")?).map_err(corrupt)?,
                    name: DisplayName::parse(&text("environment_name")?).map_err(corrupt)?,
                    position: row.try_get("environment_position")?,
                },
                deployment,
            })
        })
        .collect()
}

pub async fn find(
    conn: &mut Connection,
    id: DeploymentId,
) -> Result<Option<Deployment>, StoreError> {
    let row = sqlx::query(select_deployments!("WHERE d.id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Locks the deployment's row until the transaction ends, so that a freeze or a replacement
/// either committed before (and is read after this) or waits for the commit.
pub async fn lock(conn: &mut Connection, id: DeploymentId) -> Result<(), StoreError> {
    sqlx::query("UPDATE deployments SET frozen_at = frozen_at WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Every deployment of a workflow, in every environment, newest first.
pub async fn history(
    conn: &mut Connection,
    workflow: WorkflowId,
) -> Result<Vec<Deployment>, StoreError> {
    let rows = sqlx::query(select_deployments!(
        "WHERE d.workflow_id = $1 ORDER BY d.deployed_at DESC, d.id DESC"
    ))
    .bind(workflow.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Whether `version` was ever deployed to `environment`.
pub async fn ever_deployed(
    conn: &mut Connection,
    version: VersionId,
    environment: EnvironmentId,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deployments WHERE version_id = $1 AND environment_id = $2",
    )
    .bind(version.to_string())
    .bind(environment.to_string())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

/// What a new deployment is made of.
pub struct NewDeployment<'a> {
    pub workspace: WorkspaceId,
    pub workflow: WorkflowId,
    pub environment: EnvironmentId,
    pub version: VersionId,
    pub review: Option<ReviewId>,
    pub kind: DeploymentKind,
    pub reason: Option<String>,
    pub by: Option<UserId>,
    pub interfaces: &'a InterfacesSpec,
}

/// Makes `new` the live deployment, ending the one it replaces.
pub async fn deploy(
    tx: &mut Transaction,
    new: NewDeployment<'_>,
) -> Result<Deployment, StoreError> {
    tx.changes_deployments();
    let conn: &mut Connection = tx;
    let now = Timestamp::now().as_millis();
    sqlx::query(
        "UPDATE deployments SET ended_at = $3
         WHERE workflow_id = $1 AND environment_id = $2 AND ended_at IS NULL",
    )
    .bind(new.workflow.to_string())
    .bind(new.environment.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO deployments (id, workspace_id, workflow_id, environment_id, version_id,
                                  review_id, how, deployed_by, deployed_at, reason, interfaces)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(DeploymentId::generate().to_string())
    .bind(new.workspace.to_string())
    .bind(new.workflow.to_string())
    .bind(new.environment.to_string())
    .bind(new.version.to_string())
    .bind(new.review.map(|id| id.to_string()))
    .bind(new.kind.as_str())
    .bind(new.by.map(|id| id.to_string()))
    .bind(now)
    .bind(new.reason)
    .bind(serde_json::to_string(new.interfaces).map_err(corrupt)?)
    .execute(&mut *conn)
    .await?;
    live(conn, new.workflow, new.environment)
        .await?
        .ok_or_else(|| corrupt("a deployment vanished while being made"))
}

/// Freezes a live deployment; false when it was frozen already or is no longer live.
pub async fn freeze(
    tx: &mut Transaction,
    deployment: DeploymentId,
    by: UserId,
    reason: &str,
) -> Result<bool, StoreError> {
    tx.changes_deployments();
    let frozen = sqlx::query(
        "UPDATE deployments SET frozen_at = $2, frozen_by = $3, freeze_reason = $4
         WHERE id = $1 AND frozen_at IS NULL AND ended_at IS NULL",
    )
    .bind(deployment.to_string())
    .bind(Timestamp::now().as_millis())
    .bind(by.to_string())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(frozen.rows_affected() == 1)
}

/// Opens a live deployment's form to people who are not signed in (`by` an administrator, now),
/// or closes it (`None`); false when that changes nothing or it is no longer live.
pub async fn set_anonymous(
    tx: &mut Transaction,
    deployment: DeploymentId,
    opened: Option<(UserId, Timestamp)>,
) -> Result<bool, StoreError> {
    tx.changes_deployments();
    let changed = match opened {
        Some((by, at)) => sqlx::query(
            "UPDATE deployments SET anonymous_since = $2, anonymous_by = $3
             WHERE id = $1 AND anonymous_since IS NULL AND ended_at IS NULL",
        )
        .bind(deployment.to_string())
        .bind(at.as_millis())
        .bind(by.to_string()),
        None => sqlx::query(
            "UPDATE deployments SET anonymous_since = NULL, anonymous_by = NULL
             WHERE id = $1 AND anonymous_since IS NOT NULL",
        )
        .bind(deployment.to_string()),
    }
    .execute(&mut **tx)
    .await?;
    Ok(changed.rows_affected() == 1)
}

/// Unfreezes a deployment; false when it was not frozen.
pub async fn unfreeze(tx: &mut Transaction, deployment: DeploymentId) -> Result<bool, StoreError> {
    tx.changes_deployments();
    let unfrozen = sqlx::query(
        "UPDATE deployments SET frozen_at = NULL, frozen_by = NULL, freeze_reason = NULL
         WHERE id = $1 AND frozen_at IS NOT NULL",
    )
    .bind(deployment.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(unfrozen.rows_affected() == 1)
}

/// Every live deployment, of every workflow.
pub async fn all_live(conn: &mut Connection) -> Result<Vec<Deployment>, StoreError> {
    let rows = sqlx::query(select_deployments!(
        "WHERE d.ended_at IS NULL ORDER BY d.deployed_at, d.id"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Which live deployments were found breaking policy, and not found complying since.
pub async fn drift_noticed(conn: &mut Connection) -> Result<Vec<DeploymentId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM deployments WHERE ended_at IS NULL AND drift_noticed_at IS NOT NULL",
    )
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| id.parse().map_err(corrupt)).collect()
}

/// Marks a deployment as found breaking policy (`true`) or complying again (`false`).
pub async fn set_drift_noticed(
    conn: &mut Connection,
    deployment: DeploymentId,
    noticed: bool,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE deployments SET drift_noticed_at = $2 WHERE id = $1")
        .bind(deployment.to_string())
        .bind(noticed.then(|| Timestamp::now().as_millis()))
        .execute(conn)
        .await?;
    Ok(())
}

/// An admin's time-limited acceptance of a deployment that breaks policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub reason: String,
    pub expires_at: Timestamp,
    pub granted_by_email: Option<String>,
    pub granted_at: Timestamp,
}

pub async fn grant_exception(
    conn: &mut Connection,
    deployment: DeploymentId,
    reason: &str,
    expires_at: Timestamp,
    by: UserId,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO policy_exceptions (id, deployment_id, reason, expires_at, granted_by, granted_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(deployment.to_string())
    .bind(reason)
    .bind(expires_at.as_millis())
    .bind(by.to_string())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The exception in force for a deployment at `at`, the latest-ending one when several are.
pub async fn exception_at(
    conn: &mut Connection,
    deployment: DeploymentId,
    at: Timestamp,
) -> Result<Option<Exception>, StoreError> {
    let row = sqlx::query(
        "SELECT e.reason, e.expires_at, e.granted_at, u.email
         FROM policy_exceptions e LEFT JOIN users u ON u.id = e.granted_by
         WHERE e.deployment_id = $1 AND e.expires_at > $2
         ORDER BY e.expires_at DESC LIMIT 1",
    )
    .bind(deployment.to_string())
    .bind(at.as_millis())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Exception {
            reason: row.try_get("reason")?,
            expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
            granted_by_email: row.try_get("email")?,
            granted_at: Timestamp::from_millis(row.try_get("granted_at")?),
        })
    })
    .transpose()
}

/// The version a review's deployment replaced in its environment, if it replaced one.
pub async fn replaced_by_review(
    conn: &mut Connection,
    review: ReviewId,
) -> Result<Option<u64>, StoreError> {
    let number: Option<i64> = sqlx::query_scalar(
        "SELECT v.number FROM deployments d
         JOIN deployments r ON r.workflow_id = d.workflow_id AND r.environment_id = d.environment_id
         JOIN workflow_versions v ON v.id = d.version_id
         WHERE r.review_id = $1
           AND (d.deployed_at < r.deployed_at OR (d.deployed_at = r.deployed_at AND d.id < r.id))
         ORDER BY d.deployed_at DESC, d.id DESC LIMIT 1",
    )
    .bind(review.to_string())
    .fetch_optional(conn)
    .await?;
    number
        .map(|n| u64::try_from(n).map_err(corrupt))
        .transpose()
}
