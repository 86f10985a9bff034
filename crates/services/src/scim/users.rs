//! SCIM Users: people provisioned by the identity provider.

use paddock_core::account::{AccountKind, SERVICE_ACCOUNT_DOMAIN, is_service_account_address};
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::UserId;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, EmailAddress};
use paddock_store::users::{self, User};
use paddock_store::{Connection, Store, scim, sessions};
use serde_json::{Value, json};

use super::{
    ScimError, USER_SCHEMA, actor, boolean, list_response, meta, parse_filter, patch_operations,
};
use crate::audit::{Entry, Journal, RequestContext, Target, record};

async fn resource(conn: &mut Connection, user: &User) -> Result<Value, ScimError> {
    let external_id = scim::user_external_id(conn, user.id).await?;
    let mut resource = json!({
        "schemas": [USER_SCHEMA],
        "id": user.id.to_string(),
        "userName": user.email.as_str(),
        "displayName": user.display_name.as_str(),
        "name": { "formatted": user.display_name.as_str() },
        "emails": [{ "value": user.email.as_str(), "type": "work", "primary": true }],
        "active": !user.disabled,
        "meta": meta("User", format!("/scim/v2/Users/{}", user.id), None),
    });
    if let Some(external_id) = external_id {
        resource["externalId"] = json!(external_id);
    }
    Ok(resource)
}

fn user_id(raw: &str) -> Result<UserId, ScimError> {
    raw.parse().map_err(|_| ScimError::not_found("User"))
}

/// A person the identity provider manages; anyone else does not exist for SCIM.
async fn find(conn: &mut Connection, id: UserId) -> Result<User, ScimError> {
    if !scim::user_is_managed(conn, id).await? {
        return Err(ScimError::not_found("User"));
    }
    users::find(conn, id)
        .await?
        .ok_or_else(|| ScimError::not_found("User"))
}

pub async fn list_users(
    store: &Store,
    filter: Option<&str>,
    start_index: Option<usize>,
    count: Option<usize>,
) -> Result<Value, ScimError> {
    let mut conn = store.acquire().await?;
    let mut found = Vec::new();
    let filter = filter.map(parse_filter).transpose()?;
    for user in users::list(&mut conn, AccountKind::Person).await? {
        if !scim::user_is_managed(&mut conn, user.id).await? {
            continue;
        }
        let keep = match &filter {
            None => true,
            Some(filter) => match filter.attribute.to_ascii_lowercase().as_str() {
                "username" | "emails.value" | "emails" => {
                    user.email.as_str().eq_ignore_ascii_case(&filter.value)
                }
                "id" => user.id.to_string() == filter.value,
                "externalid" => {
                    scim::user_external_id(&mut conn, user.id).await?.as_deref()
                        == Some(filter.value.as_str())
                }
                "displayname" => user.display_name.as_str() == filter.value,
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
            found.push(resource(&mut conn, &user).await?);
        }
    }
    Ok(list_response(found, start_index, count))
}

pub async fn get_user(store: &Store, id: &str) -> Result<Value, ScimError> {
    let mut conn = store.acquire().await?;
    let user = find(&mut conn, user_id(id)?).await?;
    resource(&mut conn, &user).await
}

/// What a User resource says, in Paddock's terms.
struct Attributes {
    email: EmailAddress,
    display_name: DisplayName,
    active: bool,
    external_id: Option<String>,
}

fn attributes(body: &Value) -> Result<Attributes, ScimError> {
    let user_name = body.get("userName").and_then(Value::as_str);
    let primary_email = body
        .get("emails")
        .and_then(Value::as_array)
        .and_then(|emails| {
            emails
                .iter()
                .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
                .or_else(|| emails.first())
        })
        .and_then(|email| email.get("value"))
        .and_then(Value::as_str);
    let email = user_name
        .and_then(|name| EmailAddress::parse(name).ok())
        .or_else(|| primary_email.and_then(|email| EmailAddress::parse(email).ok()))
        .ok_or_else(|| {
            ScimError::invalid_value("userName (or the primary e-mail) must be an e-mail address")
        })?;
    let name = body.get("name");
    let given_family = name.map(|name| {
        [name.get("givenName"), name.get("familyName")]
            .iter()
            .filter_map(|part| part.and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let display = body
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            name.and_then(|n| n.get("formatted"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .or(given_family.filter(|joined| !joined.trim().is_empty()))
        .unwrap_or_else(|| email.local_part().to_owned());
    let display_name = DisplayName::parse(&display)
        .map_err(|e| ScimError::invalid_value(format!("displayName: {e}")))?;
    let active = body.get("active").map(boolean).transpose()?.unwrap_or(true);
    let external_id = body
        .get("externalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Attributes {
        email,
        display_name,
        active,
        external_id,
    })
}

pub async fn create_user(
    store: &Store,
    context: &RequestContext,
    body: &Value,
) -> Result<Value, ScimError> {
    let wanted = attributes(body)?;
    if is_service_account_address(&wanted.email) {
        return Err(ScimError::invalid_value(format!(
            "userName {}: addresses at {SERVICE_ACCOUNT_DOMAIN} belong to Paddock's service accounts",
            wanted.email
        )));
    }
    let mut tx = store.begin().await?;
    if users::find_by_email(&mut tx, &wanted.email)
        .await?
        .is_some()
    {
        return Err(ScimError::new(
            409,
            Some("uniqueness"),
            format!("a user named {} exists", wanted.email),
        ));
    }
    let id = users::insert(
        &mut tx,
        users::NewUser {
            email: &wanted.email,
            display_name: &wanted.display_name,
            password_hash: None,
            kind: AccountKind::Person,
            description: "",
        },
    )
    .await?;
    scim::set_user_external_id(&mut tx, id, wanted.external_id.as_deref()).await?;
    scim::mark_user_managed(&mut tx, id).await?;
    if !wanted.active {
        users::set_disabled(&mut tx, id, Some(Timestamp::now())).await?;
    }
    let entry = Entry {
        actor: actor(),
        action: Action::UserCreated,
        target: Some(Target::user(id, wanted.email.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "display_name": wanted.display_name.as_str(), "active": wanted.active, "sign_in": "single sign-on", "external_id": wanted.external_id }),
    };
    record(&mut tx, context, entry).await?;
    let user = find(&mut tx, id).await?;
    let created = resource(&mut tx, &user).await?;
    tx.commit().await?;
    Ok(created)
}

/// The changes a request makes to one person.
#[derive(Default)]
struct Changes {
    display_name: Option<DisplayName>,
    active: Option<bool>,
    external_id: Option<Option<String>>,
}

/// Applies `changes` in the transaction: only what differs is written and audited; ending
/// access ends the person's sessions at once.
async fn apply(
    conn: &mut Connection,
    context: &RequestContext,
    user: &User,
    changes: Changes,
) -> Result<(), ScimError> {
    let mut journal = Journal::default();
    let mut changed = serde_json::Map::new();
    if let Some(name) = changes
        .display_name
        .filter(|name| *name != user.display_name)
    {
        users::set_display_name(conn, user.id, &name).await?;
        changed.insert("display_name".into(), json!(name.as_str()));
    }
    if let Some(external_id) = changes.external_id
        && scim::user_external_id(conn, user.id).await? != external_id
    {
        scim::set_user_external_id(conn, user.id, external_id.as_deref()).await?;
        changed.insert("external_id".into(), json!(external_id));
    }
    if !changed.is_empty() {
        let entry = Entry {
            actor: actor(),
            action: Action::UserUpdated,
            target: Some(Target::user(user.id, user.email.as_str())),
            workspace: None,
            outcome: Outcome::Success,
            summary: Value::Object(changed),
        };
        journal.add(entry);
    }
    if let Some(active) = changes.active.filter(|active| *active == user.disabled) {
        users::set_disabled(conn, user.id, (!active).then(Timestamp::now)).await?;
        let ended = if active {
            0
        } else {
            sessions::delete_for_user(conn, user.id, None).await?
        };
        let entry = Entry {
            actor: actor(),
            action: if active {
                Action::UserEnabled
            } else {
                Action::UserDisabled
            },
            target: Some(Target::user(user.id, user.email.as_str())),
            workspace: None,
            outcome: Outcome::Success,
            summary: json!({ "sessions_ended": ended }),
        };
        journal.add(entry);
    }
    journal.record_all(conn, context).await?;
    Ok(())
}

pub async fn replace_user(
    store: &Store,
    context: &RequestContext,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let wanted = attributes(body)?;
    let mut tx = store.begin().await?;
    let user = find(&mut tx, user_id(id)?).await?;
    if wanted.email != user.email {
        return Err(ScimError::new(
            400,
            Some("mutability"),
            "userName cannot be changed: create a new user instead",
        ));
    }
    let changes = Changes {
        display_name: Some(wanted.display_name),
        active: Some(wanted.active),
        external_id: Some(wanted.external_id),
    };
    apply(&mut tx, context, &user, changes).await?;
    let updated = find(&mut tx, user.id).await?;
    let replaced = resource(&mut tx, &updated).await?;
    tx.commit().await?;
    Ok(replaced)
}

fn display_name(value: &Value) -> Result<DisplayName, ScimError> {
    let text = value
        .as_str()
        .ok_or_else(|| ScimError::invalid_value("displayName must be a string"))?;
    DisplayName::parse(text).map_err(|e| ScimError::invalid_value(format!("displayName: {e}")))
}

pub async fn patch_user(
    store: &Store,
    context: &RequestContext,
    id: &str,
    body: &Value,
) -> Result<Value, ScimError> {
    let mut changes = Changes::default();
    let mut user_names = Vec::new();
    for (op, path, value) in patch_operations(body)? {
        let removing = op == "remove";
        match path.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None if !removing => {
                let object = value.as_object().ok_or_else(|| {
                    ScimError::invalid_value("a PATCH without a path needs an object value")
                })?;
                for (key, value) in object {
                    match key.to_ascii_lowercase().as_str() {
                        "active" => changes.active = Some(boolean(value)?),
                        "displayname" | "name.formatted" => {
                            changes.display_name = Some(display_name(value)?)
                        }
                        "externalid" => {
                            changes.external_id = Some(value.as_str().map(str::to_owned))
                        }
                        _ => {}
                    }
                }
            }
            Some("active") if !removing => changes.active = Some(boolean(&value)?),
            Some("displayname" | "name.formatted") if !removing => {
                changes.display_name = Some(display_name(&value)?)
            }
            Some("externalid") => {
                changes.external_id = Some(if removing {
                    None
                } else {
                    value.as_str().map(str::to_owned)
                })
            }
            Some("username") => user_names.push(value),
            _ => {}
        }
    }
    let mut tx = store.begin().await?;
    let user = find(&mut tx, user_id(id)?).await?;
    // Entra ID re-sends userName when anything about the person changes: the same name is fine.
    let renamed = user_names.iter().any(|name| {
        name.as_str()
            .and_then(|n| EmailAddress::parse(n).ok())
            .as_ref()
            != Some(&user.email)
    });
    if renamed {
        return Err(ScimError::new(
            400,
            Some("mutability"),
            "userName cannot be changed",
        ));
    }
    apply(&mut tx, context, &user, changes).await?;
    let updated = find(&mut tx, user.id).await?;
    let patched = resource(&mut tx, &updated).await?;
    tx.commit().await?;
    Ok(patched)
}

/// Paddock keeps people for the audit trail: deleting deactivates.
pub async fn delete_user(
    store: &Store,
    context: &RequestContext,
    id: &str,
) -> Result<(), ScimError> {
    let mut tx = store.begin().await?;
    let user = find(&mut tx, user_id(id)?).await?;
    apply(
        &mut tx,
        context,
        &user,
        Changes {
            active: Some(false),
            ..Changes::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
