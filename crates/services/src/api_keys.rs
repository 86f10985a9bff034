//! API keys for scripts and service accounts: a key acts for its holder, never with more than
//! the holder has at the moment of use, and possibly with less (some permissions, some
//! workspaces). The token is shown once; only its hash is kept.

use paddock_core::access::KeyLimits;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{ApiKeyId, UserId};
use paddock_core::time::Timestamp;
use paddock_core::values::Slug;
use paddock_core::{Grant, Permission, Scope};
use paddock_store::api_keys::{self, ApiKey};
use paddock_store::{Store, users, workspaces};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::Duration;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;

const TOKEN_PREFIX: &str = "pdk_";
/// How long a key may live at most.
pub const MAX_LIFETIME_DAYS: u32 = 366;
const MAX_NAME_CHARS: usize = 100;
/// How often a key's `last_used_at` is written at most.
const USE_RECORD_INTERVAL: Duration = Duration::from_secs(60);

/// What a new key is for and what it may do.
pub struct NewKey {
    pub name: String,
    pub expires_in_days: Option<u32>,
    /// Permission names; `None` for everything the holder has.
    pub permissions: Option<Vec<String>>,
    /// Workspace slugs; `None` for every workspace of the holder.
    pub workspaces: Option<Vec<String>>,
}

/// A created key and its token, which is shown this once.
pub struct CreatedKey {
    pub key: ApiKey,
    pub token: String,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn target(key: &ApiKey) -> Target {
    Target::api_key(key.id, &key.name)
}

/// Who a new key acts for: the rights it may never exceed, and how refusals name the holder.
pub(crate) struct KeyHolder<'a> {
    pub user_id: UserId,
    pub email: &'a str,
    pub grants: &'a [Grant],
    pub for_service_account: bool,
}

impl KeyHolder<'_> {
    fn lacks_permission(&self, name: &str) -> String {
        if self.for_service_account {
            format!("the service account does not hold '{name}'; grant it a role that has it first")
        } else {
            format!("you do not hold '{name}', so a key of yours cannot have it")
        }
    }

    fn lacks_workspace(&self, slug: &Slug) -> String {
        if self.for_service_account {
            format!("the service account has no role in '{slug}'; grant it one there first")
        } else {
            format!("you have no role in '{slug}'")
        }
    }
}

/// Creates a key for the caller. A key cannot create keys: only a person signed in can.
pub async fn create_key(
    store: &Store,
    context: &RequestContext,
    holder: &Principal,
    new: NewKey,
) -> Result<CreatedKey, ServiceError> {
    if holder.key.is_some() {
        return Err(ServiceError::Forbidden(
            "An API key cannot create API keys; sign in to create one.".to_owned(),
        ));
    }
    let for_self = KeyHolder {
        user_id: holder.user_id,
        email: holder.email.as_str(),
        grants: &holder.grants,
        for_service_account: false,
    };
    issue_key(store, context, Actor::of(holder), for_self, new).await
}

/// Checks `new` against what `holder` holds, then stores the key and records who made it.
pub(crate) async fn issue_key(
    store: &Store,
    context: &RequestContext,
    actor: Actor,
    holder: KeyHolder<'_>,
    new: NewKey,
) -> Result<CreatedKey, ServiceError> {
    let name = new.name.trim().to_owned();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ServiceError::invalid(
            "name",
            format!("give the key a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    let days = new.expires_in_days.unwrap_or(90);
    if !(1..=MAX_LIFETIME_DAYS).contains(&days) {
        return Err(ServiceError::invalid(
            "expires_in_days",
            format!("use 1 to {MAX_LIFETIME_DAYS} days"),
        ));
    }
    let permissions = new
        .permissions
        .map(|names| {
            names
                .iter()
                .map(|name| {
                    let permission = Permission::parse(name).ok_or_else(|| {
                        ServiceError::invalid("permissions", format!("unknown permission '{name}'"))
                    })?;
                    if !paddock_core::access::authorize_anywhere(holder.grants, permission) {
                        return Err(ServiceError::invalid(
                            "permissions",
                            holder.lacks_permission(name),
                        ));
                    }
                    Ok(permission.name().to_owned())
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let mut tx = store.begin().await?;
    // Checked again in the key's own transaction: the holder may have been disabled meanwhile.
    let holder_enabled = users::find(&mut tx, holder.user_id)
        .await?
        .is_some_and(|user| !user.disabled);
    if !holder_enabled {
        return Err(ServiceError::invalid(
            "id",
            "the account is disabled; enable it before giving it a key",
        ));
    }
    let workspace_slugs = match new.workspaces {
        None => None,
        Some(slugs) => {
            let mut checked = Vec::new();
            for raw in slugs {
                let slug = Slug::parse(&raw).map_err(|e| ServiceError::invalid("workspaces", e))?;
                let workspace = workspaces::find_workspace(&mut tx, &slug)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "workspaces",
                            format!("there is no workspace '{slug}'"),
                        )
                    })?;
                let holds_there = holder.grants.iter().any(|grant| {
                    grant.scope() == Scope::Organisation
                        || grant.scope() == Scope::Workspace(workspace.id)
                });
                if !holds_there {
                    return Err(ServiceError::invalid(
                        "workspaces",
                        holder.lacks_workspace(&slug),
                    ));
                }
                checked.push(slug.to_string());
            }
            Some(checked)
        }
    };

    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(secret));
    let now = Timestamp::now();
    let key = ApiKey {
        id: ApiKeyId::generate(),
        user_id: holder.user_id,
        name,
        token_prefix: token[..TOKEN_PREFIX.len() + 6].to_owned(),
        permissions,
        workspaces: workspace_slugs,
        created_at: now,
        expires_at: Some(now.plus(Duration::from_secs(u64::from(days) * 86_400))),
        last_used_at: None,
        revoked_at: None,
    };
    api_keys::insert(&mut tx, &key, &token_hash(&token)).await?;
    let entry = Entry {
        actor,
        action: Action::ApiKeyCreated,
        target: Some(target(&key)),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "holder": holder.email,
            "prefix": key.token_prefix,
            "permissions": key.permissions,
            "workspaces": key.workspaces,
            "expires_at": key.expires_at.map(Timestamp::to_rfc3339),
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(CreatedKey { key, token })
}

pub async fn list_keys(store: &Store, holder: &Principal) -> Result<Vec<ApiKey>, ServiceError> {
    let mut conn = store.acquire().await?;
    Ok(api_keys::list_for_user(&mut conn, holder.user_id).await?)
}

/// Revokes one of the caller's keys (an administrator may revoke anyone's).
pub async fn revoke_key(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: ApiKeyId,
) -> Result<ApiKey, ServiceError> {
    by.require_session("revoke API keys")?;
    let mut tx = store.begin().await?;
    let not_found = || ServiceError::NotFound("There is no such API key.".to_owned());
    let key = api_keys::find(&mut tx, id).await?.ok_or_else(not_found)?;
    let administrator = by
        .require(Permission::AdministerOrganisation, Scope::Organisation)
        .is_ok();
    if key.user_id != by.user_id && !administrator {
        return Err(not_found());
    }
    if api_keys::revoke(&mut tx, id, Timestamp::now()).await? {
        let entry = Entry {
            actor: Actor::of(by),
            action: Action::ApiKeyRevoked,
            target: Some(target(&key)),
            workspace: None,
            outcome: Outcome::Success,
            summary: json!({ "prefix": key.token_prefix }),
        };
        record(&mut tx, context, entry).await?;
    }
    let revoked = api_keys::find(&mut tx, id).await?.ok_or_else(not_found)?;
    tx.commit().await?;
    Ok(revoked)
}

/// Resolves `Authorization: Bearer <token>` to the holder, limited by the key. The holder's
/// grants are read now, so a key loses rights the moment its holder does.
pub async fn authenticate_key(
    store: &Store,
    context: &RequestContext,
    token: &str,
) -> Result<Principal, ServiceError> {
    let now = Timestamp::now();
    let mut conn = store.acquire().await?;
    let (key, holder) = if token.starts_with(TOKEN_PREFIX) {
        api_keys::find_by_token_hash(&mut conn, &token_hash(token))
            .await?
            .unzip()
    } else {
        (None, None)
    };
    let holder = holder.flatten();
    let refusal = match (&key, &holder) {
        (None, _) => Some("no such key"),
        (Some(key), _) if key.revoked_at.is_some() => Some("the key was revoked"),
        (Some(key), _) if key.expires_at.is_some_and(|at| at <= now) => Some("the key has expired"),
        (Some(_), Some(holder)) if holder.disabled => Some("the key's holder is disabled"),
        (Some(_), None) => Some("the key's holder no longer exists"),
        _ => None,
    };
    drop(conn);
    if let Some(reason) = refusal {
        // Unknown tokens are not recorded: anyone can send those, and the trail would fill up.
        if let Some(key) = &key {
            let mut tx = store.begin().await?;
            let entry = Entry {
                actor: Actor::anonymous(&key.token_prefix),
                action: Action::ApiKeyRejected,
                target: Some(target(key)),
                workspace: None,
                outcome: Outcome::Denied,
                summary: json!({ "reason": reason }),
            };
            record(&mut tx, context, entry).await?;
            tx.commit().await?;
        }
        return Err(ServiceError::Unauthenticated);
    }
    let (key, holder) = (key.expect("refused above"), holder.expect("refused above"));

    // Recording the use is a write: done at the first use, then at most once a minute.
    let stale = key
        .last_used_at
        .is_none_or(|at| now >= at.plus(USE_RECORD_INTERVAL));
    if stale {
        let mut tx = store.begin().await?;
        let first_use =
            api_keys::mark_used(&mut tx, key.id, now, now.minus(USE_RECORD_INTERVAL)).await?;
        if first_use {
            let entry = Entry {
                actor: Actor::user(key.user_id, holder.email.as_str()),
                action: Action::ApiKeyFirstUsed,
                target: Some(target(&key)),
                workspace: None,
                outcome: Outcome::Success,
                summary: json!({ "prefix": key.token_prefix }),
            };
            record(&mut tx, context, entry).await?;
        }
        tx.commit().await?;
    }
    let workspace_ids = match &key.workspaces {
        None => None,
        Some(slugs) => {
            let mut conn = store.acquire().await?;
            let mut ids = Vec::new();
            for slug in slugs.iter().filter_map(|slug| Slug::parse(slug).ok()) {
                ids.extend(
                    workspaces::find_workspace(&mut conn, &slug)
                        .await?
                        .map(|w| w.id),
                );
            }
            Some(ids)
        }
    };
    let limits = KeyLimits {
        permissions: key.permissions.as_ref().map(|names| {
            names
                .iter()
                .filter_map(|name| Permission::parse(name))
                .collect()
        }),
        workspaces: workspace_ids,
    };
    Ok(Principal {
        user_id: key.user_id,
        email: holder.email,
        grants: holder.rights.grants,
        groups: holder.rights.groups,
        csrf_token: None,
        key: Some((key.id, limits)),
    })
}
