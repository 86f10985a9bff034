//! API keys. Only a hash of each token is stored; restrictions are kept as JSON lists of
//! stable names.

use paddock_core::ids::{ApiKeyId, UserId};
use paddock_core::time::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::grants::{Caller, read_with_caller, with_caller};
use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub user_id: UserId,
    pub name: String,
    /// The first characters of the token, to recognise it by.
    pub token_prefix: String,
    /// Permission names the key is limited to; `None` for all the holder has.
    pub permissions: Option<Vec<String>>,
    /// Workspace slugs the key is limited to; `None` for all the holder's.
    pub workspaces: Option<Vec<String>>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

macro_rules! select_keys_where {
    ($condition:literal) => {
        concat!(
            "SELECT id, user_id, name, token_prefix, permissions, workspaces, created_at, expires_at,
                    last_used_at, revoked_at
             FROM api_keys WHERE ",
            $condition
        )
    };
}

pub async fn insert(
    conn: &mut Connection,
    key: &ApiKey,
    token_hash: &str,
) -> Result<(), StoreError> {
    let list = |names: &Option<Vec<String>>| names.as_ref().map(|names| encode(names));
    sqlx::query(
        "INSERT INTO api_keys (id, user_id, name, token_hash, token_prefix, permissions, workspaces,
             created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(key.id.to_string())
    .bind(key.user_id.to_string())
    .bind(key.name.clone())
    .bind(token_hash)
    .bind(key.token_prefix.clone())
    .bind(list(&key.permissions))
    .bind(list(&key.workspaces))
    .bind(key.created_at.as_millis())
    .bind(key.expires_at.map(Timestamp::as_millis))
    .execute(conn)
    .await?;
    Ok(())
}

/// The key whose token hashes to `token_hash`, with its holder and their rights (`None` when
/// the account is gone), in one read: every request with a key asks.
pub async fn find_by_token_hash(
    conn: &mut Connection,
    token_hash: &str,
) -> Result<Option<(ApiKey, Option<Caller>)>, StoreError> {
    let statement = with_caller!(
        "SELECT k.id, k.user_id, k.name, k.token_prefix, k.permissions, k.workspaces,
                k.created_at, k.expires_at, k.last_used_at, k.revoked_at,
                u.email AS caller_email, u.disabled_at AS caller_disabled_at
         FROM api_keys k LEFT JOIN users u ON u.id = k.user_id
         WHERE k.token_hash = $1"
    );
    read_with_caller(conn, statement, token_hash)
        .await?
        .map(|(row, caller)| Ok((from_row(&row)?, caller)))
        .transpose()
}

pub async fn find(conn: &mut Connection, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
    let row = sqlx::query(select_keys_where!("id = $1"))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user's keys, newest first.
pub async fn list_for_user(conn: &mut Connection, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
    let rows = sqlx::query(select_keys_where!(
        "user_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Records a use at `now` unless one was recorded after `unless_after`; returns whether this
/// was the key's first use (decided by the database, so two first uses cannot both claim it).
pub async fn mark_used(
    conn: &mut Connection,
    id: ApiKeyId,
    now: Timestamp,
    unless_after: Timestamp,
) -> Result<bool, StoreError> {
    let first =
        sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND last_used_at IS NULL")
            .bind(id.to_string())
            .bind(now.as_millis())
            .execute(&mut *conn)
            .await?;
    if first.rows_affected() == 1 {
        return Ok(true);
    }
    sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND last_used_at < $3")
        .bind(id.to_string())
        .bind(now.as_millis())
        .bind(unless_after.as_millis())
        .execute(conn)
        .await?;
    Ok(false)
}

/// Revokes the key; revoking a revoked key changes nothing. Returns whether it was active.
pub async fn revoke(
    conn: &mut Connection,
    id: ApiKeyId,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let updated =
        sqlx::query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id.to_string())
            .bind(now.as_millis())
            .execute(conn)
            .await?;
    Ok(updated.rows_affected() == 1)
}

fn encode(names: &[String]) -> String {
    names.join("\n")
}

fn decode(text: Option<String>) -> Option<Vec<String>> {
    text.map(|text| {
        text.split('\n')
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

fn from_row(row: &AnyRow) -> Result<ApiKey, StoreError> {
    let id: String = row.try_get("id")?;
    let user_id: String = row.try_get("user_id")?;
    let instant = |column: &str| -> Result<Option<Timestamp>, StoreError> {
        Ok(row
            .try_get::<Option<i64>, _>(column)?
            .map(Timestamp::from_millis))
    };
    Ok(ApiKey {
        id: id.parse().map_err(corrupt)?,
        user_id: user_id.parse().map_err(corrupt)?,
        name: row.try_get("name")?,
        token_prefix: row.try_get("token_prefix")?,
        permissions: decode(row.try_get("permissions")?),
        workspaces: decode(row.try_get("workspaces")?),
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        expires_at: instant("expires_at")?,
        last_used_at: instant("last_used_at")?,
        revoked_at: instant("revoked_at")?,
    })
}
