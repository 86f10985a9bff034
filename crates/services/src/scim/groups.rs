//! SCIM Groups: the identity provider's groups and their members. Roles are granted to groups
//! in Paddock, by administrators; the provider decides who is in them.

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{GroupId, UserId};
use paddock_core::values::DisplayName;
use paddock_store::groups::{self, Group};
use paddock_store::{Connection, Store, scim, users};
use serde_json::{Value, json};
use std::collections::BTreeSet;

use super::{GROUP_SCHEMA, ScimError, actor, list_response, meta, parse_filter, patch_operations};
use crate::audit::{Entry, Journal, RequestContext, Target, record};

async fn resource(conn: &mut Connection, group: &Group) -> Result<Value, ScimError> {
    let mut members = Vec::new();
    for id in groups::member_ids(conn, group.id).await? {
        if let Some(user) = users::find(conn, id).await? {
            members.push(json!({
                "value": id.to_string(),
                "display": user.email.as_str(),
                "$ref": format!("/scim/v2/Users/{id}"),
            }));
        }
    }
    let mut resource = json!({
        "schemas": [GROUP_SCHEMA],
        "id": group.id.to_string(),
        "displayName": group.name.as_str(),
        "members": members,
        "meta": meta("Group", format!("/scim/v2/Groups/{}", group.id), None),
    });
    if let Some(external_id) = scim::group_external_id(conn, group.id).await? {
        resource["externalId"] = json!(external_id);
    }
    Ok(resource)
}

fn group_id(raw: &str) -> Result<GroupId, ScimError> {
    raw.parse().map_err(|_| ScimError::not_found("Group"))
}

/// A group the identity provider manages; groups administrators made do not exist for SCIM.
async fn find(conn: &mut Connection, id: GroupId) -> Result<Group, ScimError> {
    if !scim::group_is_managed(conn, id).await? {
        return Err(ScimError::not_found("Group"));
    }
    groups::find(conn, id)
        .await?
        .ok_or_else(|| ScimError::not_found("Group"))
}

fn display_name(value: Option<&Value>) -> Result<DisplayName, ScimError> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
    DisplayName::parse(text).map_err(|e| ScimError::invalid_value(format!("displayName: {e}")))
}

/// The user ids in a `members` value: `[{"value": "<id>"}, …]`.
fn member_ids(value: &Value) -> Result<BTreeSet<UserId>, ScimError> {
    let list = match value {
        Value::Array(list) => list.clone(),
        Value::Object(_) => vec![value.clone()],
        Value::Null => Vec::new(),
        _ => {
            return Err(ScimError::invalid_value(
                "members must be a list of {\"value\": id}",
            ));
        }
    };
    list.iter()
        .map(|member| {
            member
                .get("value")
                .and_then(Value::as_str)
                .and_then(|id| id.parse().ok())
                .ok_or_else(|| {
                    ScimError::invalid_value(format!("'{member}' does not name a user by id"))
                })
        })
        .collect()
}

pub async fn list_groups(
    store: &Store,
    filter: Option<&str>,
    start_index: Option<usize>,
    count: Option<usize>,
) -> Result<Value, ScimError> {
    let mut conn = store.acquire().await?;
    let filter = filter.map(parse_filter).transpose()?;
    let mut found = Vec::new();
    for group in groups::list(&mut conn).await? {
        if !scim::group_is_managed(&mut conn, group.id).await? {
            continue;
        }
        let keep = match &filter {
            None => true,
            Some(filter) => match filter.attribute.to_ascii_lowercase().as_str() {
                "displayname" => group.name.as_str() == filter.value,
                "id" => group.id.to_string() == filter.value,
                "externalid" => {
                    scim::group_external_id(&mut conn, group.id)
                        .await?
                        .as_deref()
                        == Some(filter.value.as_str())
                }
                _ => {
                    return Err(ScimError::new(
                        400,
                        Some("invalidFilter"),
                        format!("cannot filter on '{}'", filter.attribute),
                    ));
                }
            },
        };
        if keep {
            found.push(resource(&mut conn, &group).await?);
        }
    }
    Ok(list_response(found, start_index, count))
}

pub async fn get_group(store: &Store, id: &str) -> Result<Value, ScimError> {
    let mut conn = store.acquire().await?;
    let group = find(&mut conn, group_id(id)?).await?;
    resource(&mut conn, &group).await
}

/// Makes the group's members exactly `wanted`, or adds/removes some; audits each change.
async fn change_members(
    conn: &mut Connection,
    journal: &mut Journal,
    group: &Group,
    add: &BTreeSet<UserId>,
    remove: &BTreeSet<UserId>,
) -> Result<(), ScimError> {
    for (ids, adding) in [(add, true), (remove, false)] {
        for id in ids {
            let managed = scim::user_is_managed(conn, *id).await?;
            let user = users::find(conn, *id)
                .await?
                .filter(|_| managed)
                .ok_or_else(|| {
                    ScimError::invalid_value(format!("no provisioned user has the id {id}"))
                })?;
            let changed = if adding {
                groups::add_member(conn, group.id, *id).await?
            } else {
                groups::remove_member(conn, group.id, *id).await?
            };
            if changed {
                let entry = Entry {
                    actor: actor(),
                    action: if adding {
                        Action::GroupMemberAdded
                    } else {
                        Action::GroupMemberRemoved
                    },
                    target: Some(Target::group(group.id, group.name.as_str())),
                    workspace: None,
                    outcome: Outcome::Success,
                    summary: json!({ "member": user.email.as_str() }),
                };
                journal.add(entry);
            }
        }
    }
    Ok(())
}

async fn set_members(
    conn: &mut Connection,
    journal: &mut Journal,
    group: &Group,
    wanted: &BTreeSet<UserId>,
) -> Result<(), ScimError> {
    let current: BTreeSet<UserId> = groups::member_ids(conn, group.id)
        .await?
        .into_iter()
        .collect();
    let add = wanted.difference(&current).copied().collect();
    let remove = current.difference(wanted).copied().collect();
    change_members(conn, journal, group, &add, &remove).await
}

async fn rename(
    conn: &mut Connection,
    journal: &mut Journal,
    group: &mut Group,
    name: DisplayName,
) -> Result<(), ScimError> {
    if name == group.name {
        return Ok(());
    }
    groups::rename(conn, group.id, &name).await?;
    let entry = Entry {
        actor: actor(),
        action: Action::GroupUpdated,
        target: Some(Target::group(group.id, name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "renamed_from": group.name.as_str() }),
    };
    journal.add(entry);
    group.name = name;
    Ok(())
}

pub async fn create_group(
    store: &Store,
    context: &RequestContext,
    body: &Value,
) -> Result<Value, ScimError> {
    let name = display_name(body.get("displayName"))?;
    let members = member_ids(body.get("members").unwrap_or(&Value::Null))?;
    let mut tx = store.begin().await?;
    if groups::find_by_name(&mut tx, &name).await?.is_some() {
        return Err(ScimError::new(
            409,
            Some("uniqueness"),
            format!("a group named {name} exists"),
        ));
    }
    let id = groups::insert(&mut tx, &name, "Provisioned by the identity provider").await?;
    scim::set_group_external_id(&mut tx, id, body.get("externalId").and_then(Value::as_str))
        .await?;
    scim::mark_group_managed(&mut tx, id).await?;
    let entry = Entry {
        actor: actor(),
        action: Action::GroupCreated,
        target: Some(Target::group(id, name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "source": "scim" }),
    };
    let mut journal = Journal::default();
    journal.add(entry);
    let group = find(&mut tx, id).await?;
    change_members(&mut tx, &mut journal, &group, &members, &BTreeSet::new()).await?;
    let created = resource(&mut tx, &group).await?;
    journal.record_all(&mut tx, context).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn replace_group(
    store: &Store,
    context: &RequestContext,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let name = display_name(body.get("displayName"))?;
    let members = member_ids(body.get("members").unwrap_or(&Value::Null))?;
    let mut tx = store.begin().await?;
    let mut journal = Journal::default();
    let mut group = find(&mut tx, group_id(id)?).await?;
    rename(&mut tx, &mut journal, &mut group, name).await?;
    set_members(&mut tx, &mut journal, &group, &members).await?;
    let replaced = resource(&mut tx, &group).await?;
    journal.record_all(&mut tx, context).await?;
    tx.commit().await?;
    Ok(replaced)
}

/// `members[value eq "<id>"]`, the path identity providers use to remove one member.
fn member_in_path(path: &str) -> Option<Result<UserId, ScimError>> {
    let inner = path.strip_prefix("members[")?.strip_suffix(']')?;
    Some(parse_filter(inner).and_then(|filter| {
        filter
            .value
            .parse()
            .map_err(|_| ScimError::invalid_value(format!("'{}' is not a user id", filter.value)))
    }))
}

pub async fn patch_group(
    store: &Store,
    context: &RequestContext,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let operations = patch_operations(body)?;
    let mut tx = store.begin().await?;
    let mut journal = Journal::default();
    let mut group = find(&mut tx, group_id(id)?).await?;
    for (op, path, value) in operations {
        let lower = path.as_deref().map(str::to_ascii_lowercase);
        match (op.as_str(), lower.as_deref()) {
            ("add", Some("members")) => {
                change_members(
                    &mut tx,
                    &mut journal,
                    &group,
                    &member_ids(&value)?,
                    &BTreeSet::new(),
                )
                .await?
            }
            ("remove", Some("members")) => {
                change_members(
                    &mut tx,
                    &mut journal,
                    &group,
                    &BTreeSet::new(),
                    &member_ids(&value)?,
                )
                .await?
            }
            ("replace", Some("members")) => {
                set_members(&mut tx, &mut journal, &group, &member_ids(&value)?).await?
            }
            ("add" | "replace", Some("displayname")) => {
                rename(
                    &mut tx,
                    &mut journal,
                    &mut group,
                    display_name(Some(&value))?,
                )
                .await?
            }
            ("add" | "replace", None) => {
                if let Some(name) = value.get("displayName") {
                    rename(&mut tx, &mut journal, &mut group, display_name(Some(name))?).await?;
                }
                if let Some(members) = value.get("members") {
                    let ids = member_ids(members)?;
                    if op == "add" {
                        change_members(&mut tx, &mut journal, &group, &ids, &BTreeSet::new())
                            .await?;
                    } else {
                        set_members(&mut tx, &mut journal, &group, &ids).await?;
                    }
                }
            }
            ("remove", Some(other)) => match member_in_path(path.as_deref().unwrap_or(other)) {
                Some(member) => {
                    let remove = BTreeSet::from([member?]);
                    change_members(&mut tx, &mut journal, &group, &BTreeSet::new(), &remove)
                        .await?;
                }
                None => {
                    return Err(ScimError::new(
                        400,
                        Some("invalidPath"),
                        format!("cannot remove '{other}'"),
                    ));
                }
            },
            (_, other) => {
                return Err(ScimError::new(
                    400,
                    Some("invalidPath"),
                    format!("unsupported path {:?} for {op}", other.unwrap_or("")),
                ));
            }
        }
    }
    let patched = resource(&mut tx, &group).await?;
    journal.record_all(&mut tx, context).await?;
    tx.commit().await?;
    Ok(patched)
}

pub async fn delete_group(
    store: &Store,
    context: &RequestContext,
    id: &str,
) -> Result<(), ScimError> {
    let mut tx = store.begin().await?;
    let group = find(&mut tx, group_id(id)?).await?;
    let roles: Vec<Value> = paddock_store::grants::of_group(&mut tx, group.id)
        .await?
        .iter()
        .map(|held| json!({ "role": held.grant.role(), "workspace": held.workspace.as_ref().map(|w| w.slug.to_string()) }))
        .collect();
    groups::delete(&mut tx, group.id).await?;
    let entry = Entry {
        actor: actor(),
        action: Action::GroupDeleted,
        target: Some(Target::group(group.id, group.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "roles_removed": roles }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}
