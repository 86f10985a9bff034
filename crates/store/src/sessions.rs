//! Sign-in sessions. Only a hash of the session token is stored, so a leaked database does not
//! yield usable sessions.

use paddock_core::ids::UserId;
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::grants::{Caller, read_with_caller, with_caller};
use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: UserId,
    pub csrf_token: String,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
}

pub async fn insert(
    conn: &mut Connection,
    token_hash: &str,
    session: &Session,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(token_hash)
    .bind(session.user_id.to_string())
    .bind(&session.csrf_token)
    .bind(session.last_seen_at.as_millis())
    .bind(session.expires_at.as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

fn session_from_row(row: &AnyRow) -> Result<Session, StoreError> {
    let user_id: String = row.try_get("user_id")?;
    Ok(Session {
        user_id: user_id.parse().map_err(corrupt)?,
        csrf_token: row.try_get("csrf_token")?,
        last_seen_at: Timestamp::from_millis(row.try_get("last_seen_at")?),
        expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
    })
}

/// The session whose token hashes to `token_hash`, with its person and their rights (`None`
/// when the account is gone), in one read: every signed-in request asks.
pub async fn find_signed_in(
    conn: &mut Connection,
    token_hash: &str,
) -> Result<Option<(Session, Option<Caller>)>, StoreError> {
    let statement = with_caller!(
        "SELECT s.user_id, s.csrf_token, s.last_seen_at, s.expires_at,
                u.email AS caller_email, u.disabled_at AS caller_disabled_at
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1"
    );
    read_with_caller(conn, statement, token_hash)
        .await?
        .map(|(row, caller)| Ok((session_from_row(&row)?, caller)))
        .transpose()
}

pub async fn touch(
    conn: &mut Connection,
    token_hash: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(now.as_millis())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Connection, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute expiry or idle since before `idle_cutoff`.
pub async fn delete_expired(
    conn: &mut Connection,
    now: Timestamp,
    idle_cutoff: Timestamp,
) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now.as_millis())
        .bind(idle_cutoff.as_millis())
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected())
}

/// Ends every session of `user`, except the one stored under `keep` if given.
pub async fn delete_for_user(
    conn: &mut Connection,
    user: UserId,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    let deleted =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
            .bind(user.to_string())
            .bind(keep.map(str::to_owned))
            .execute(conn)
            .await?;
    Ok(deleted.rows_affected())
}
