//! SCIM provisioning: the identity provider's bearer tokens and its ids for people and groups.

use paddock_core::ids::{GroupId, UserId};
use paddock_core::time::Timestamp;
use sqlx::Row;

use crate::{Connection, StoreError};

#[derive(Debug, Clone)]
pub struct ScimToken {
    pub id: String,
    pub token_prefix: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

pub async fn insert_token(
    conn: &mut Connection,
    id: &str,
    token_hash: &str,
    prefix: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO scim_tokens (id, token_hash, token_prefix, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(token_hash)
        .bind(prefix)
        .bind(Timestamp::now().as_millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `token_hash` belongs to a token that is not revoked.
pub async fn token_is_active(conn: &mut Connection, token_hash: &str) -> Result<bool, StoreError> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM scim_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

pub async fn list_tokens(conn: &mut Connection) -> Result<Vec<ScimToken>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, token_prefix, created_at, revoked_at FROM scim_tokens ORDER BY created_at DESC",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ScimToken {
                id: row.try_get("id")?,
                token_prefix: row.try_get("token_prefix")?,
                created_at: Timestamp::from_millis(row.try_get("created_at")?),
                revoked_at: row
                    .try_get::<Option<i64>, _>("revoked_at")?
                    .map(Timestamp::from_millis),
            })
        })
        .collect()
}

pub async fn revoke_token(conn: &mut Connection, id: &str) -> Result<bool, StoreError> {
    let updated =
        sqlx::query("UPDATE scim_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .bind(Timestamp::now().as_millis())
            .execute(conn)
            .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn user_external_id(
    conn: &mut Connection,
    user: UserId,
) -> Result<Option<String>, StoreError> {
    let id: Option<Option<String>> =
        sqlx::query_scalar("SELECT external_id FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(id.flatten())
}

pub async fn set_user_external_id(
    conn: &mut Connection,
    user: UserId,
    external_id: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET external_id = $2 WHERE id = $1")
        .bind(user.to_string())
        .bind(external_id.map(str::to_owned))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_user_by_external_id(
    conn: &mut Connection,
    external_id: &str,
) -> Result<Option<UserId>, StoreError> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE external_id = $1")
        .bind(external_id)
        .fetch_optional(conn)
        .await?;
    id.map(|id| id.parse().map_err(crate::error::corrupt))
        .transpose()
}

pub async fn group_external_id(
    conn: &mut Connection,
    group: GroupId,
) -> Result<Option<String>, StoreError> {
    let id: Option<Option<String>> =
        sqlx::query_scalar("SELECT external_id FROM user_groups WHERE id = $1")
            .bind(group.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(id.flatten())
}

pub async fn set_group_external_id(
    conn: &mut Connection,
    group: GroupId,
    external_id: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE user_groups SET external_id = $2 WHERE id = $1")
        .bind(group.to_string())
        .bind(external_id.map(str::to_owned))
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a person as managed by the identity provider.
pub async fn mark_user_managed(conn: &mut Connection, user: UserId) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET scim_managed = 1 WHERE id = $1")
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the identity provider manages this person.
pub async fn user_is_managed(conn: &mut Connection, user: UserId) -> Result<bool, StoreError> {
    let managed: Option<i64> = sqlx::query_scalar("SELECT scim_managed FROM users WHERE id = $1")
        .bind(user.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(managed == Some(1))
}

/// Marks a group as managed by the identity provider.
pub async fn mark_group_managed(conn: &mut Connection, group: GroupId) -> Result<(), StoreError> {
    sqlx::query("UPDATE user_groups SET scim_managed = 1 WHERE id = $1")
        .bind(group.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the identity provider manages this group.
pub async fn group_is_managed(conn: &mut Connection, group: GroupId) -> Result<bool, StoreError> {
    let managed: Option<i64> =
        sqlx::query_scalar("SELECT scim_managed FROM user_groups WHERE id = $1")
            .bind(group.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(managed == Some(1))
}
