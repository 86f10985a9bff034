//! Groups and role grants, administered: create groups, manage members, grant and revoke roles
//! for people and groups. Every change is audited in its transaction.

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{GroupId, UserId};
use paddock_core::values::{DisplayName, Slug};
use paddock_core::{Grant, Role, Scope};
use paddock_store::grants::{HeldGrant, Holder};
use paddock_store::groups::Group;
use paddock_store::users::User;
use paddock_store::{Connection, Store, grants, groups, users, workspaces};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::users::no_such_account;

const MAX_DESCRIPTION_CHARS: usize = 500;

/// A group with its members and the roles granted to it.
#[derive(Debug, Clone)]
pub struct GroupDetails {
    pub group: Group,
    pub members: Vec<User>,
    pub grants: Vec<HeldGrant>,
}

/// Refuses a change that would leave the organisation without an enabled administrator
/// (checked after the change, inside its transaction, so the refusal rolls it back).
pub(crate) async fn keep_an_administrator(conn: &mut Connection) -> Result<(), ServiceError> {
    if grants::count_enabled_holders(conn, Role::Admin).await? == 0 {
        return Err(ServiceError::invalid(
            "role",
            "this would leave the organisation without an administrator; make someone else an administrator first",
        ));
    }
    Ok(())
}

fn no_such_group() -> ServiceError {
    ServiceError::NotFound("There is no such group.".to_owned())
}

async fn details(conn: &mut Connection, group: Group) -> Result<GroupDetails, ServiceError> {
    let mut members = Vec::new();
    for id in groups::member_ids(conn, group.id).await? {
        members.extend(users::find(conn, id).await?);
    }
    members.sort_by(|a, b| a.email.as_str().cmp(b.email.as_str()));
    let grants = grants::of_group(conn, group.id).await?;
    Ok(GroupDetails {
        group,
        members,
        grants,
    })
}

pub async fn list_groups(store: &Store) -> Result<Vec<GroupDetails>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut all = Vec::new();
    for group in groups::list(&mut conn).await? {
        all.push(details(&mut conn, group).await?);
    }
    Ok(all)
}

pub async fn create_group(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    name: &str,
    description: &str,
) -> Result<GroupDetails, ServiceError> {
    let name = DisplayName::parse(name).map_err(|e| ServiceError::invalid("name", e))?;
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ServiceError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    let mut tx = store.begin().await?;
    let id = groups::insert(&mut tx, &name, description).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::GroupCreated,
        target: Some(Target::group(id, name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "description": description }),
    };
    record(&mut tx, context, entry).await?;
    let group = groups::find(&mut tx, id).await?.ok_or_else(no_such_group)?;
    let created = details(&mut tx, group).await?;
    tx.commit().await?;
    Ok(created)
}

/// Adds (`member = true`) or removes a member. Doing what is already so changes nothing and
/// records nothing.
pub async fn set_membership(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    group_id: GroupId,
    user_id: UserId,
    member: bool,
) -> Result<GroupDetails, ServiceError> {
    if member && user_id == by.user_id {
        return Err(ServiceError::invalid(
            "user_id",
            "you cannot add yourself to a group; ask another administrator",
        ));
    }
    let mut tx = store.begin().await?;
    let group = groups::find(&mut tx, group_id)
        .await?
        .ok_or_else(no_such_group)?;
    let user = users::find(&mut tx, user_id)
        .await?
        .ok_or_else(no_such_account)?;
    if member && !user.is_person() {
        return Err(ServiceError::invalid(
            "user_id",
            "groups are for people; grant a service account its roles directly",
        ));
    }
    let changed = if member {
        groups::add_member(&mut tx, group_id, user_id).await?
    } else {
        groups::remove_member(&mut tx, group_id, user_id).await?
    };
    keep_an_administrator(&mut tx).await?;
    if changed {
        let entry = Entry {
            actor: Actor::of(by),
            action: if member {
                Action::GroupMemberAdded
            } else {
                Action::GroupMemberRemoved
            },
            target: Some(Target::group(group_id, group.name.as_str())),
            workspace: None,
            outcome: Outcome::Success,
            summary: json!({ "member": user.email.as_str() }),
        };
        record(&mut tx, context, entry).await?;
    }
    let updated = details(&mut tx, group).await?;
    tx.commit().await?;
    Ok(updated)
}

/// Grants (`granted = true`) or revokes `role` in `workspace` (or organisation-wide when
/// `None`) for a person or a group.
pub async fn set_grant(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    holder: Holder,
    role: Role,
    workspace: Option<&str>,
    granted: bool,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let (scope, workspace_slug) = match workspace {
        None => (Scope::Organisation, None),
        Some(raw) => {
            let slug = Slug::parse(raw).map_err(|e| ServiceError::invalid("workspace", e))?;
            let found = workspaces::find_workspace(&mut tx, &slug)
                .await?
                .ok_or_else(|| {
                    ServiceError::NotFound(format!("There is no workspace '{slug}'."))
                })?;
            (Scope::Workspace(found.id), Some(slug.to_string()))
        }
    };
    let grant = Grant::new(role, scope).map_err(|e| ServiceError::invalid("workspace", e))?;
    let target = match holder {
        Holder::User(id) => {
            let user = users::find(&mut tx, id)
                .await?
                .ok_or_else(no_such_account)?;
            if granted && role == Role::Admin && !user.is_person() {
                return Err(ServiceError::invalid(
                    "role",
                    "a service account cannot be an administrator: administering is for people, signed in",
                ));
            }
            Target::user(id, user.email.as_str())
        }
        Holder::Group(id) => {
            let group = groups::find(&mut tx, id).await?.ok_or_else(no_such_group)?;
            Target::group(id, group.name.as_str())
        }
    };
    let to_self = match holder {
        Holder::User(id) => id == by.user_id,
        Holder::Group(id) => groups::member_ids(&mut tx, id).await?.contains(&by.user_id),
    };
    if granted && to_self {
        return Err(ServiceError::invalid(
            "role",
            "you cannot grant roles to yourself or to a group you are in; ask another administrator",
        ));
    }
    let changed = if granted {
        grants::grant(&mut tx, holder, grant).await?
    } else {
        grants::revoke(&mut tx, holder, grant).await?
    };
    keep_an_administrator(&mut tx).await?;
    if changed {
        let entry = Entry {
            actor: Actor::of(by),
            action: if granted {
                Action::GrantAdded
            } else {
                Action::GrantRemoved
            },
            target: Some(target),
            workspace: workspace_slug,
            outcome: Outcome::Success,
            summary: json!({ "role": role }),
        };
        record(&mut tx, context, entry).await?;
    }
    tx.commit().await?;
    Ok(())
}
