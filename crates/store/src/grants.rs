//! Role grants: who holds which role, organisation-wide or in one workspace — a person
//! directly, or everyone in a group.

use paddock_core::account::AccountKind;
use paddock_core::ids::{GrantId, GroupId, UserId, WorkspaceId};
use paddock_core::time::Timestamp;
use paddock_core::values::EmailAddress;
use paddock_core::{Grant, Role, Scope};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::workspaces::{Workspace, workspace_from_row};
use crate::{Connection, StoreError, error::corrupt};

/// Who a grant is given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    User(UserId),
    Group(GroupId),
}

/// A grant together with the workspace it applies to (when not organisation-wide) and the
/// group it comes through (when not held directly).
#[derive(Debug, Clone)]
pub struct HeldGrant {
    pub grant: Grant,
    pub workspace: Option<Workspace>,
    pub via_group: Option<String>,
}

fn workspace_column(grant: Grant) -> Option<String> {
    match grant.scope() {
        Scope::Organisation => None,
        Scope::Workspace(id) => Some(id.to_string()),
    }
}

/// Grants `grant` to `holder`; returns whether it is new (granting a held role changes nothing).
pub async fn grant(
    conn: &mut Connection,
    holder: Holder,
    grant: Grant,
) -> Result<bool, StoreError> {
    let (statement, holder_id) = match holder {
        Holder::User(id) => (
            "INSERT INTO role_grants (id, user_id, role, workspace_id, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
            id.to_string(),
        ),
        Holder::Group(id) => (
            "INSERT INTO group_grants (id, group_id, role, workspace_id, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
            id.to_string(),
        ),
    };
    let inserted = sqlx::query(statement)
        .bind(GrantId::generate().to_string())
        .bind(holder_id)
        .bind(grant.role().as_str())
        .bind(workspace_column(grant))
        .bind(Timestamp::now().as_millis())
        .execute(conn)
        .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Takes `grant` away from `holder`; returns whether it was held.
pub async fn revoke(
    conn: &mut Connection,
    holder: Holder,
    grant: Grant,
) -> Result<bool, StoreError> {
    let (statement, holder_id) = match holder {
        Holder::User(id) => (
            "DELETE FROM role_grants WHERE user_id = $1 AND role = $2 AND COALESCE(workspace_id, '') = COALESCE($3, '')",
            id.to_string(),
        ),
        Holder::Group(id) => (
            "DELETE FROM group_grants WHERE group_id = $1 AND role = $2 AND COALESCE(workspace_id, '') = COALESCE($3, '')",
            id.to_string(),
        ),
    };
    let deleted = sqlx::query(statement)
        .bind(holder_id)
        .bind(grant.role().as_str())
        .bind(workspace_column(grant))
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() > 0)
}

/// Every grant the user holds, directly or through a group: organisation-wide ones first, then
/// by workspace and role, direct before inherited.
pub async fn held_by(conn: &mut Connection, user: UserId) -> Result<Vec<HeldGrant>, StoreError> {
    let rows = sqlx::query(
        "SELECT role, id, slug, name, via_group FROM (
             SELECT g.role, w.id, w.slug, w.name, NULL AS via_group
             FROM role_grants g LEFT JOIN workspaces w ON w.id = g.workspace_id
             WHERE g.user_id = $1
             UNION ALL
             SELECT gg.role, w.id, w.slug, w.name, ug.name AS via_group
             FROM group_members m
             JOIN user_groups ug ON ug.id = m.group_id
             JOIN group_grants gg ON gg.group_id = m.group_id
             LEFT JOIN workspaces w ON w.id = gg.workspace_id
             WHERE m.user_id = $1
         ) AS held
         ORDER BY slug IS NOT NULL, COALESCE(slug, ''), role, via_group IS NOT NULL",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    let mut held = rows
        .iter()
        .map(held_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    // Group names are free text: order them here, the same on every backend.
    held.sort_by(|a, b| {
        let workspace = |h: &HeldGrant| h.workspace.as_ref().map(|w| w.slug.to_string());
        (
            workspace(a).is_some(),
            workspace(a),
            a.grant.role(),
            a.via_group.is_some(),
            a.via_group.clone(),
        )
            .cmp(&(
                workspace(b).is_some(),
                workspace(b),
                b.grant.role(),
                b.via_group.is_some(),
                b.via_group.clone(),
            ))
    });
    Ok(held)
}

/// What a person may do, as read when they authenticate: the grants they hold, directly or
/// through a group, and the groups they are in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rights {
    pub grants: Vec<Grant>,
    pub groups: Vec<GroupId>,
}

/// The rows of a person's [`Rights`] (`role, workspace_id, member_of`), for `$user`: an SQL
/// expression naming them, so that a read of what names a person (an API key) can take their
/// rights along ([`rights_from_rows`]).
macro_rules! rights_rows {
    ($user:literal) => {
        concat!(
            "SELECT role, workspace_id, NULL AS member_of FROM role_grants WHERE user_id = ",
            $user,
            " UNION ALL SELECT gg.role, gg.workspace_id, NULL FROM group_members m ",
            "JOIN group_grants gg ON gg.group_id = m.group_id WHERE m.user_id = ",
            $user,
            " UNION ALL SELECT NULL, NULL, group_id FROM group_members WHERE user_id = ",
            $user
        )
    };
}
pub(crate) use rights_rows;

/// The user's [`Rights`], in one read: every request asks for them.
pub async fn rights_of(conn: &mut Connection, user: UserId) -> Result<Rights, StoreError> {
    let rows = sqlx::query(rights_rows!("$1"))
        .bind(user.to_string())
        .fetch_all(conn)
        .await?;
    rights_from_rows(&rows)
}

/// [`Rights`] from rows with the columns of [`rights_rows`]; a row with neither a role nor a
/// group (a person with no rights, joined) adds nothing.
pub(crate) fn rights_from_rows(rows: &[AnyRow]) -> Result<Rights, StoreError> {
    let mut rights = Rights::default();
    for row in rows {
        if let Some(group) = row.try_get::<Option<String>, _>("member_of")? {
            rights.groups.push(group.parse().map_err(corrupt)?);
            continue;
        }
        let Some(role) = row.try_get::<Option<String>, _>("role")? else {
            continue;
        };
        let workspace: Option<String> = row.try_get("workspace_id")?;
        let scope = match workspace {
            Some(id) => Scope::Workspace(id.parse().map_err(corrupt)?),
            None => Scope::Organisation,
        };
        let grant = Grant::new(role.parse().map_err(corrupt)?, scope).map_err(corrupt)?;
        rights.grants.push(grant);
    }
    rights.groups.sort();
    Ok(rights)
}

/// What authenticating a request needs to know of the person behind a session or an API key,
/// read with it ([`caller_from_rows`]).
#[derive(Debug, Clone)]
pub struct Caller {
    pub email: EmailAddress,
    pub disabled: bool,
    pub rights: Rights,
}

/// A read of what names a person — `$found`, a `SELECT` with their `user_id`, `caller_email` and
/// `caller_disabled_at`, for the token hash `$1` — with their rights: one row per right (one
/// with none when they have none), for [`read_with_caller`].
macro_rules! with_caller {
    ($found:literal) => {
        concat!(
            "WITH found AS (",
            $found,
            ") SELECT found.*, rights.role, rights.workspace_id, rights.member_of ",
            "FROM found LEFT JOIN (",
            $crate::grants::rights_rows!("(SELECT user_id FROM found)"),
            ") rights ON TRUE"
        )
    };
}
pub(crate) use with_caller;

/// Runs `statement` (made with [`with_caller`]) for `token_hash`: the row of what names the
/// person, and the person; `None` when nothing has that hash.
pub(crate) async fn read_with_caller(
    conn: &mut Connection,
    statement: &'static str,
    token_hash: &str,
) -> Result<Option<(AnyRow, Option<Caller>)>, StoreError> {
    let rows = sqlx::query(statement)
        .bind(token_hash)
        .fetch_all(conn)
        .await?;
    let caller = caller_from_rows(&rows)?;
    Ok(rows.into_iter().next().map(|row| (row, caller)))
}

/// The [`Caller`] of rows that join the person (`caller_email`, `caller_disabled_at`) and their
/// rights ([`rights_rows`]) to what names them; `None` when the person no longer exists.
fn caller_from_rows(rows: &[AnyRow]) -> Result<Option<Caller>, StoreError> {
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let Some(email) = row.try_get::<Option<String>, _>("caller_email")? else {
        return Ok(None);
    };
    Ok(Some(Caller {
        email: EmailAddress::parse(&email).map_err(corrupt)?,
        disabled: row
            .try_get::<Option<i64>, _>("caller_disabled_at")?
            .is_some(),
        rights: rights_from_rows(rows)?,
    }))
}

/// The grants given to the group itself.
pub async fn of_group(conn: &mut Connection, group: GroupId) -> Result<Vec<HeldGrant>, StoreError> {
    let rows = sqlx::query(
        "SELECT gg.role, w.id, w.slug, w.name, NULL AS via_group
         FROM group_grants gg LEFT JOIN workspaces w ON w.id = gg.workspace_id
         WHERE gg.group_id = $1
         ORDER BY w.slug IS NOT NULL, COALESCE(w.slug, ''), gg.role",
    )
    .bind(group.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(held_from_row).collect()
}

/// Who holds a grant that applies in a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantHolder {
    User {
        id: UserId,
        email: String,
        display_name: String,
        kind: AccountKind,
        disabled: bool,
    },
    Group {
        id: GroupId,
        name: String,
    },
}

/// A grant in a workspace as it was given: to an account or a group, in the workspace itself
/// or organisation-wide (which applies in every workspace).
#[derive(Debug, Clone)]
pub struct WorkspaceGrant {
    pub role: Role,
    pub holder: GrantHolder,
    pub organisation_wide: bool,
}

/// One account's role in a workspace, and where it comes from.
#[derive(Debug, Clone)]
pub struct EffectiveRole {
    pub user: GrantHolder,
    pub role: Role,
    pub via_group: Option<String>,
    pub organisation_wide: bool,
}

/// The grants that apply in `workspace`, given to accounts and to groups; organisation-wide
/// ones too. Ordered by role, then holder.
pub async fn in_workspace(
    conn: &mut Connection,
    workspace: WorkspaceId,
) -> Result<Vec<WorkspaceGrant>, StoreError> {
    let rows = sqlx::query(
        "SELECT g.role, g.workspace_id, 'user' AS holder_kind, u.id AS holder_id, u.email,
                u.display_name, u.kind, u.disabled_at
         FROM role_grants g JOIN users u ON u.id = g.user_id
         WHERE g.workspace_id = $1 OR g.workspace_id IS NULL
         UNION ALL
         SELECT gg.role, gg.workspace_id, 'group', ug.id, NULL, ug.name, NULL, NULL
         FROM group_grants gg JOIN user_groups ug ON ug.id = gg.group_id
         WHERE gg.workspace_id = $1 OR gg.workspace_id IS NULL",
    )
    .bind(workspace.to_string())
    .fetch_all(conn)
    .await?;
    let mut grants = rows
        .iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            let scope: Option<String> = row.try_get("workspace_id")?;
            Ok(WorkspaceGrant {
                role: role.parse().map_err(corrupt)?,
                holder: holder_from_row(row)?,
                organisation_wide: scope.is_none(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    grants.sort_by(|a, b| {
        (a.organisation_wide, a.role, holder_order(&a.holder)).cmp(&(
            b.organisation_wide,
            b.role,
            holder_order(&b.holder),
        ))
    });
    Ok(grants)
}

/// Every account with a role in `workspace`, directly or through a group, organisation-wide
/// roles included: one row per role and source.
pub async fn effective_in_workspace(
    conn: &mut Connection,
    workspace: WorkspaceId,
) -> Result<Vec<EffectiveRole>, StoreError> {
    let rows = sqlx::query(
        "SELECT g.role, g.workspace_id, NULL AS via_group, 'user' AS holder_kind, u.id AS holder_id,
                u.email, u.display_name, u.kind, u.disabled_at
         FROM role_grants g JOIN users u ON u.id = g.user_id
         WHERE g.workspace_id = $1 OR g.workspace_id IS NULL
         UNION ALL
         SELECT gg.role, gg.workspace_id, ug.name, 'user', u.id, u.email, u.display_name, u.kind,
                u.disabled_at
         FROM group_grants gg
         JOIN user_groups ug ON ug.id = gg.group_id
         JOIN group_members m ON m.group_id = gg.group_id
         JOIN users u ON u.id = m.user_id
         WHERE gg.workspace_id = $1 OR gg.workspace_id IS NULL",
    )
    .bind(workspace.to_string())
    .fetch_all(conn)
    .await?;
    let mut roles = rows
        .iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            let scope: Option<String> = row.try_get("workspace_id")?;
            Ok(EffectiveRole {
                user: holder_from_row(row)?,
                role: role.parse().map_err(corrupt)?,
                via_group: row.try_get("via_group")?,
                organisation_wide: scope.is_none(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    roles.sort_by(|a, b| {
        (
            holder_order(&a.user),
            a.role,
            a.organisation_wide,
            a.via_group.clone(),
        )
            .cmp(&(
                holder_order(&b.user),
                b.role,
                b.organisation_wide,
                b.via_group.clone(),
            ))
    });
    Ok(roles)
}

/// Holders sort by what people read: groups by name, accounts by address.
fn holder_order(holder: &GrantHolder) -> (bool, String) {
    match holder {
        GrantHolder::Group { name, .. } => (false, name.to_lowercase()),
        GrantHolder::User { email, .. } => (true, email.clone()),
    }
}

fn holder_from_row(row: &AnyRow) -> Result<GrantHolder, StoreError> {
    let kind: String = row.try_get("holder_kind")?;
    let id: String = row.try_get("holder_id")?;
    let display_name: String = row.try_get("display_name")?;
    if kind == "group" {
        return Ok(GrantHolder::Group {
            id: id.parse().map_err(corrupt)?,
            name: display_name,
        });
    }
    let account_kind: String = row.try_get("kind")?;
    let disabled_at: Option<i64> = row.try_get("disabled_at")?;
    Ok(GrantHolder::User {
        id: id.parse().map_err(corrupt)?,
        email: row.try_get("email")?,
        display_name,
        kind: AccountKind::parse(&account_kind)
            .ok_or_else(|| corrupt(format!("unknown account kind '{account_kind}'")))?,
        disabled: disabled_at.is_some(),
    })
}

fn held_from_row(row: &AnyRow) -> Result<HeldGrant, StoreError> {
    let role: String = row.try_get("role")?;
    let role: Role = role.parse().map_err(corrupt)?;
    let workspace_id: Option<String> = row.try_get("id")?;
    let workspace = workspace_id.map(|_| workspace_from_row(row)).transpose()?;
    let scope = workspace
        .as_ref()
        .map_or(Scope::Organisation, |w| Scope::Workspace(w.id));
    let grant = Grant::new(role, scope).map_err(corrupt)?;
    Ok(HeldGrant {
        grant,
        workspace,
        via_group: row.try_get("via_group")?,
    })
}

/// How many enabled people hold `role` organisation-wide, directly or through a group (service
/// accounts do not count: they cannot sign in to administer anything).
pub async fn count_enabled_holders(conn: &mut Connection, role: Role) -> Result<i64, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT u.id) FROM users u
         WHERE u.disabled_at IS NULL AND u.kind = 'person' AND (
             EXISTS (SELECT 1 FROM role_grants g
                     WHERE g.user_id = u.id AND g.role = $1 AND g.workspace_id IS NULL)
             OR EXISTS (SELECT 1 FROM group_members m JOIN group_grants gg ON gg.group_id = m.group_id
                        WHERE m.user_id = u.id AND gg.role = $1 AND gg.workspace_id IS NULL))",
    )
    .bind(role.as_str())
    .fetch_one(conn)
    .await?;
    Ok(count)
}
