//! Groups of people.

use paddock_core::ids::{GroupId, UserId};
use paddock_core::time::Timestamp;
use paddock_core::values::DisplayName;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Connection, StoreError, error::corrupt};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: GroupId,
    pub name: DisplayName,
    pub description: String,
}

pub async fn insert(
    conn: &mut Connection,
    name: &DisplayName,
    description: &str,
) -> Result<GroupId, StoreError> {
    let id = GroupId::generate();
    sqlx::query(
        "INSERT INTO user_groups (id, name, description, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id.to_string())
    .bind(name.as_str())
    .bind(description)
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn find(conn: &mut Connection, id: GroupId) -> Result<Option<Group>, StoreError> {
    let row = sqlx::query("SELECT id, name, description FROM user_groups WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find_by_name(
    conn: &mut Connection,
    name: &DisplayName,
) -> Result<Option<Group>, StoreError> {
    let row = sqlx::query("SELECT id, name, description FROM user_groups WHERE name = $1")
        .bind(name.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every group, by name (sorted here, not by the database, whose collation differs between
/// backends).
pub async fn list(conn: &mut Connection) -> Result<Vec<Group>, StoreError> {
    let rows = sqlx::query("SELECT id, name, description FROM user_groups")
        .fetch_all(conn)
        .await?;
    let mut groups = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    groups.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
    Ok(groups)
}

/// Adds the member; returns whether they were not in the group yet.
pub async fn add_member(
    conn: &mut Connection,
    group: GroupId,
    user: UserId,
) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(group.to_string())
    .bind(user.to_string())
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Removes the member; returns whether they were in the group.
pub async fn remove_member(
    conn: &mut Connection,
    group: GroupId,
    user: UserId,
) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
        .bind(group.to_string())
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// The ids of the group's members.
pub async fn member_ids(conn: &mut Connection, group: GroupId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id",
    )
    .bind(group.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| id.parse().map_err(corrupt)).collect()
}

/// The ids of the groups `user` is a member of.
pub async fn groups_of(conn: &mut Connection, user: UserId) -> Result<Vec<GroupId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| id.parse().map_err(corrupt)).collect()
}

fn from_row(row: &AnyRow) -> Result<Group, StoreError> {
    let id: String = row.try_get("id")?;
    let name: String = row.try_get("name")?;
    Ok(Group {
        id: id.parse().map_err(corrupt)?,
        name: DisplayName::parse(&name).map_err(corrupt)?,
        description: row.try_get("description")?,
    })
}

/// Deletes the group with its memberships and grants; returns whether it existed.
pub async fn delete(conn: &mut Connection, id: GroupId) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM user_groups WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Renames the group.
pub async fn rename(
    conn: &mut Connection,
    id: GroupId,
    name: &DisplayName,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE user_groups SET name = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(name.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
