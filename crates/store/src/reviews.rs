//! Reviews: requests to deploy a version of a workflow to an environment, and what people said
//! and decided on them.

use paddock_core::ids::{EnvironmentId, ReviewId, UserId, VersionId, WorkflowId, WorkspaceId};
use paddock_core::promotion::{ReviewEventKind, ReviewStatus};
use paddock_core::publishing::InterfacesSpec;
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, json_parsed, parsed};
use crate::{Connection, StoreError};

/// A review as stored, with the names people read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: ReviewId,
    pub workspace: WorkspaceId,
    pub workflow: WorkflowId,
    pub workflow_name: String,
    pub version: VersionId,
    pub version_number: u64,
    pub environment: EnvironmentId,
    pub status: ReviewStatus,
    pub message: String,
    pub submitted_by: Option<UserId>,
    pub submitted_by_email: Option<String>,
    pub submitted_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    /// How the version is to be served once deployed.
    pub interfaces: InterfacesSpec,
}

/// A comment or decision on a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEvent {
    pub kind: ReviewEventKind,
    pub by: Option<UserId>,
    pub by_email: Option<String>,
    pub body: String,
    pub at: Timestamp,
}

macro_rules! select_reviews {
    ($rest:literal) => {
        concat!(
            "SELECT r.id, r.workspace_id, r.workflow_id, w.name, r.version_id, v.number, ",
            "r.environment_id, r.status, r.message, r.submitted_by, u.email, r.submitted_at, ",
            "r.closed_at, r.interfaces FROM reviews r JOIN workflows w ON w.id = r.workflow_id ",
            "JOIN workflow_versions v ON v.id = r.version_id ",
            "LEFT JOIN users u ON u.id = r.submitted_by ",
            $rest
        )
    };
}

fn from_row(row: &AnyRow) -> Result<Review, StoreError> {
    let status: String = row.try_get("status")?;
    let submitted_by: Option<String> = row.try_get("submitted_by")?;
    let number: i64 = row.try_get("number")?;
    let closed_at: Option<i64> = row.try_get("closed_at")?;
    Ok(Review {
        id: parsed(row, "id")?,
        workspace: parsed(row, "workspace_id")?,
        workflow: parsed(row, "workflow_id")?,
        workflow_name: row.try_get("name")?,
        version: parsed(row, "version_id")?,
        version_number: u64::try_from(number).map_err(corrupt)?,
        environment: parsed(row, "environment_id")?,
        status: ReviewStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("unknown review status '{status}'")))?,
        message: row.try_get("message")?,
        submitted_by: submitted_by
            .map(|id| id.parse())
            .transpose()
            .map_err(corrupt)?,
        submitted_by_email: row.try_get("email")?,
        submitted_at: Timestamp::from_millis(row.try_get("submitted_at")?),
        closed_at: closed_at.map(Timestamp::from_millis),
        interfaces: json_parsed(row, "interfaces")?,
    })
}

/// What a new review is made of.
pub struct NewReview<'a> {
    pub workspace: WorkspaceId,
    pub workflow: WorkflowId,
    pub version: VersionId,
    pub environment: EnvironmentId,
    pub message: &'a str,
    pub by: UserId,
    pub interfaces: &'a InterfacesSpec,
}

/// Opens a review; a second open review of the same version for the same environment is a
/// unique violation.
pub async fn insert(conn: &mut Connection, new: NewReview<'_>) -> Result<ReviewId, StoreError> {
    let id = ReviewId::generate();
    sqlx::query(
        "INSERT INTO reviews (id, workspace_id, workflow_id, version_id, environment_id, status,
                              message, submitted_by, submitted_at, interfaces)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(new.workspace.to_string())
    .bind(new.workflow.to_string())
    .bind(new.version.to_string())
    .bind(new.environment.to_string())
    .bind(new.message)
    .bind(new.by.to_string())
    .bind(Timestamp::now().as_millis())
    .bind(serde_json::to_string(new.interfaces).map_err(corrupt)?)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn find(conn: &mut Connection, id: ReviewId) -> Result<Option<Review>, StoreError> {
    let row = sqlx::query(select_reviews!("WHERE r.id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Reviews, newest first: of one status, or all, at most `limit`.
pub async fn list(
    conn: &mut Connection,
    status: Option<ReviewStatus>,
    limit: i64,
) -> Result<Vec<Review>, StoreError> {
    let rows = match status {
        Some(status) => {
            sqlx::query(select_reviews!(
                "WHERE r.status = $1 ORDER BY r.submitted_at DESC, r.id DESC LIMIT $2"
            ))
            .bind(status.as_str())
            .bind(limit)
            .fetch_all(conn)
            .await?
        }
        None => {
            sqlx::query(select_reviews!(
                "ORDER BY r.submitted_at DESC, r.id DESC LIMIT $1"
            ))
            .bind(limit)
            .fetch_all(conn)
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// The reviews of one workflow, newest first.
pub async fn of_workflow(
    conn: &mut Connection,
    workflow: WorkflowId,
) -> Result<Vec<Review>, StoreError> {
    let rows = sqlx::query(select_reviews!(
        "WHERE r.workflow_id = $1 ORDER BY r.submitted_at DESC, r.id DESC"
    ))
    .bind(workflow.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// What was said and decided on a review, oldest first.
pub async fn events(conn: &mut Connection, id: ReviewId) -> Result<Vec<ReviewEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.kind, e.user_id, u.email, e.body, e.created_at
         FROM review_events e LEFT JOIN users u ON u.id = e.user_id
         WHERE e.review_id = $1 ORDER BY e.created_at, e.id",
    )
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let by: Option<String> = row.try_get("user_id")?;
            Ok(ReviewEvent {
                kind: ReviewEventKind::parse(&kind)
                    .ok_or_else(|| corrupt(format!("unknown review event '{kind}'")))?,
                by: by.map(|id| id.parse()).transpose().map_err(corrupt)?,
                by_email: row.try_get("email")?,
                body: row.try_get("body")?,
                at: Timestamp::from_millis(row.try_get("created_at")?),
            })
        })
        .collect()
}

/// Records a comment or decision; a second approval by one person is a unique violation.
pub async fn add_event(
    conn: &mut Connection,
    review: ReviewId,
    kind: ReviewEventKind,
    by: UserId,
    body: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO review_events (id, review_id, kind, user_id, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(review.to_string())
    .bind(kind.as_str())
    .bind(by.to_string())
    .bind(body)
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes an open review as `status`; false when it was not open (someone decided first).
pub async fn close(
    conn: &mut Connection,
    review: ReviewId,
    status: ReviewStatus,
) -> Result<bool, StoreError> {
    let closed = sqlx::query(
        "UPDATE reviews SET status = $2, closed_at = $3 WHERE id = $1 AND status = 'open'",
    )
    .bind(review.to_string())
    .bind(status.as_str())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(closed.rows_affected() == 1)
}
