//! Signing in and out, and resolving a session token to the person behind it.

use paddock_core::access::{KeyLimits, authorize};
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::ApiKeyId;
use paddock_core::ids::{GroupId, UserId};
use paddock_core::password::PasswordHash;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, EmailAddress};
use paddock_core::{Grant, Permission, Scope, Section};
use paddock_store::grants::HeldGrant;
use paddock_store::workspaces::Workspace;
use paddock_store::{Store, grants, organization, sessions, users, workspaces};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::Duration;

use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::sign_in_limits::SignInLimits;
use crate::{ServiceError, password_work};

/// A session ends after this long without a request.
pub const SESSION_IDLE_TIMEOUT: Duration = Duration::from_secs(12 * 60 * 60);
/// A session ends this long after sign-in, however active.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// `last_seen_at` is written at most this often, so reads do not turn into writes.
const TOUCH_INTERVAL: Duration = Duration::from_secs(60);

/// The secret a browser holds in its session cookie. Never logged.
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        Self(random_hex())
    }

    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What is stored: the hash, not the token.
    pub(crate) fn storage_key(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The result of a successful sign-in.
#[derive(Debug)]
pub struct SignedIn {
    pub token: SessionToken,
    pub csrf_token: String,
    pub user: CurrentUser,
}

/// Who is making a request, and what they may do.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    pub email: EmailAddress,
    pub grants: Vec<Grant>,
    /// The groups they are in: who an app is published to, who may use a connection.
    pub groups: Vec<GroupId>,
    /// Set for cookie sessions: writes must echo it in `X-CSRF-Token`.
    pub csrf_token: Option<String>,
    /// Set when the caller came with an API key: what the key is limited to.
    pub key: Option<(ApiKeyId, KeyLimits)>,
}

impl Principal {
    /// Refuses callers that came with an API key: some things only a person signed in may do.
    pub fn require_session(&self, what: &str) -> Result<(), ServiceError> {
        match self.key {
            Some(_) => Err(ServiceError::Forbidden(format!(
                "An API key cannot {what}; sign in to do it."
            ))),
            None => Ok(()),
        }
    }

    /// Asks the permission table whether this principal may do `permission` at `scope`.
    pub fn require(&self, permission: Permission, scope: Scope) -> Result<(), ServiceError> {
        let key_allows = self
            .key
            .as_ref()
            .is_none_or(|(_, limits)| limits.allows(permission, scope));
        if authorize(&self.grants, permission, scope) && key_allows {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!(
                "Your roles do not allow this ({}). Ask your Paddock administrator if you need it.",
                permission.describe()
            )))
        }
    }
}

/// Like [`Principal::require`], for a change: a refusal is recorded in the audit trail, since
/// an attempt to change what one may not is a security event.
pub async fn require_for_change(
    store: &Store,
    context: &RequestContext,
    principal: &Principal,
    permission: Permission,
    scope: Scope,
) -> Result<(), ServiceError> {
    let Err(refusal) = principal.require(permission, scope) else {
        return Ok(());
    };
    let mut tx = store.begin().await?;
    let entry = Entry {
        actor: Actor::of(principal),
        action: Action::PermissionDenied,
        target: None,
        workspace: None,
        outcome: Outcome::Denied,
        summary: json!({ "permission": permission.describe() }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Err(refusal)
}

/// Records a write refused before it reached the permission table (a forged request, for
/// example), as a security event.
pub async fn record_refused_write(
    store: &Store,
    context: &RequestContext,
    principal: &Principal,
    reason: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let entry = Entry {
        actor: Actor::of(principal),
        action: Action::WriteRefused,
        target: None,
        workspace: None,
        outcome: Outcome::Denied,
        summary: json!({ "reason": reason }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The signed-in person as the UI shows them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub organization: Option<DisplayName>,
    pub grants: Vec<HeldGrant>,
    /// The workspaces the person can work in: all of them for organisation-wide roles.
    pub workspaces: Vec<Workspace>,
    pub navigation: Vec<Section>,
}

/// Checks the credentials and opens a session. Wrong e-mail, wrong password, a disabled account
/// and an account without a password all give the same answer, in the same time; the audit
/// trail records which it was.
pub async fn sign_in(
    store: &Store,
    context: &RequestContext,
    email: &str,
    password: &str,
) -> Result<SignedIn, ServiceError> {
    let now = Timestamp::now();
    let limits = SignInLimits::for_attempt(email, context);
    {
        let mut conn = store.acquire().await?;
        if let Err(locked) = limits.check(&mut conn, now).await {
            drop(conn);
            return refuse_locked(store, context, email, locked).await;
        }
    }
    let user = match EmailAddress::parse(email) {
        Ok(address) => {
            let mut conn = store.acquire().await?;
            users::find_by_email(&mut conn, &address).await?
        }
        Err(_) => None,
    };
    let hash = user
        .as_ref()
        .filter(|u| !u.disabled)
        .and_then(|u| u.password_hash.clone());
    let verified = verify_off_thread(hash, password).await;
    let refusal = match &user {
        None => Some("no account has this e-mail address"),
        Some(user) if user.disabled => Some("the account is disabled"),
        Some(user) if !user.is_person() => Some("a service account cannot sign in"),
        Some(user) if user.password_hash.is_none() => {
            Some("the account signs in through single sign-on only")
        }
        Some(_) if !verified => Some("wrong password"),
        Some(_) => None,
    };
    if let Some(reason) = refusal {
        let mut tx = store.begin().await?;
        // Rows are locked in one order everywhere — throttle counters, then the end of the
        // audit chain — so concurrent sign-ins cannot deadlock.
        limits.count_failure(&mut tx, context, email, now).await?;
        let entry = Entry {
            actor: Actor::claiming(email),
            action: Action::SignIn,
            target: user.as_ref().map(|u| Target::user(u.id, u.email.as_str())),
            workspace: None,
            outcome: Outcome::Failure,
            summary: json!({ "reason": reason }),
        };
        record(&mut tx, context, entry).await?;
        tx.commit().await?;
        return Err(ServiceError::InvalidCredentials);
    }
    let user = user.expect("a refusal is returned above for a missing account");

    {
        let mut conn = store.acquire().await?;
        let held: Vec<Grant> = grants::held_by(&mut conn, user.id)
            .await?
            .into_iter()
            .map(|h| h.grant)
            .collect();
        if !crate::oidc::password_allowed(&mut conn, &held).await? {
            drop(conn);
            let mut tx = store.begin().await?;
            let entry = Entry {
                actor: Actor::claiming(email),
                action: Action::SignIn,
                target: Some(Target::user(user.id, user.email.as_str())),
                workspace: None,
                outcome: Outcome::Denied,
                summary: json!({ "reason": "single sign-on is required" }),
            };
            record(&mut tx, context, entry).await?;
            tx.commit().await?;
            return Err(ServiceError::Forbidden(
                "Your organisation requires single sign-on: use \"Sign in with single sign-on\"."
                    .to_owned(),
            ));
        }
    }
    let mut tx = store.begin().await?;
    // Checked again now that the password is known to be right: attempts made in parallel
    // passed the first check together, and a lock set meanwhile must still hold.
    if let Err(locked) = limits.check(&mut tx, now).await {
        drop(tx);
        return refuse_locked(store, context, email, locked).await;
    }
    limits.clear_account(&mut tx).await?;
    let signed_in = open_session(&mut tx, context, &user, "password", now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// Opens a session for `user`, who has just proven who they are by `method`, and records the
/// sign-in; the caller commits.
pub(crate) async fn open_session(
    tx: &mut paddock_store::Connection,
    context: &RequestContext,
    user: &users::User,
    method: &str,
    now: Timestamp,
) -> Result<SignedIn, ServiceError> {
    // Service accounts act only through their keys; no path may give one a session.
    if !user.is_person() {
        return Err(ServiceError::InvalidCredentials);
    }
    let token = SessionToken::generate();
    let session = sessions::Session {
        user_id: user.id,
        csrf_token: random_hex(),
        last_seen_at: now,
        expires_at: now.plus(SESSION_LIFETIME),
    };
    // Abandoned sessions are swept here, where sessions are born, so the table stays small.
    sessions::delete_expired(tx, now, now.minus(SESSION_IDLE_TIMEOUT)).await?;
    sessions::insert(tx, &token.storage_key(), &session).await?;
    let current = load_current_user(tx, user.id).await?;
    let entry = Entry {
        actor: Actor::user(user.id, user.email.as_str()),
        action: Action::SignIn,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "method": method }),
    };
    record(tx, context, entry).await?;
    Ok(SignedIn {
        token,
        csrf_token: session.csrf_token,
        user: current,
    })
}

/// Records a sign-in refused because of a lockout, and answers with the lockout.
async fn refuse_locked(
    store: &Store,
    context: &RequestContext,
    email: &str,
    locked: ServiceError,
) -> Result<SignedIn, ServiceError> {
    let mut tx = store.begin().await?;
    let entry = Entry {
        actor: Actor::claiming(email),
        action: Action::SignIn,
        target: None,
        workspace: None,
        outcome: Outcome::Denied,
        summary: json!({ "reason": "locked out after too many failed sign-ins" }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Err(locked)
}

/// argon2 takes tens of milliseconds of CPU: keep it off the async workers.
async fn verify_off_thread(hash: Option<PasswordHash>, password: &str) -> bool {
    let password = password.to_owned();
    password_work(move || match hash {
        Some(hash) => hash.verify(&password),
        None => {
            PasswordHash::verify_against_dummy(&password);
            false
        }
    })
    .await
}

/// Resolves a session token to its principal, ending sessions that are expired or idle.
pub async fn authenticate(store: &Store, token: &SessionToken) -> Result<Principal, ServiceError> {
    let key = token.storage_key();
    let (session, person) = sessions::find_signed_in(&mut *store.acquire().await?, &key)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let now = Timestamp::now();
    if now >= session.expires_at || now >= session.last_seen_at.plus(SESSION_IDLE_TIMEOUT) {
        sessions::delete(&mut *store.writer().await?, &key).await?;
        return Err(ServiceError::Unauthenticated);
    }
    let person = person
        .filter(|person| !person.disabled)
        .ok_or(ServiceError::Unauthenticated)?;
    if now >= session.last_seen_at.plus(TOUCH_INTERVAL) {
        sessions::touch(&mut *store.writer().await?, &key, now).await?;
    }
    Ok(Principal {
        user_id: session.user_id,
        email: person.email,
        grants: person.rights.grants,
        groups: person.rights.groups,
        csrf_token: Some(session.csrf_token),
        key: None,
    })
}

/// Ends `principal`'s session `token`; ending one that no longer exists is not an error.
pub async fn sign_out(
    store: &Store,
    context: &RequestContext,
    principal: &Principal,
    token: &SessionToken,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    sessions::delete(&mut tx, &token.storage_key()).await?;
    let entry = Entry {
        actor: Actor::of(principal),
        action: Action::SignOut,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({}),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn current_user(store: &Store, user_id: UserId) -> Result<CurrentUser, ServiceError> {
    let mut conn = store.acquire().await?;
    load_current_user(&mut conn, user_id).await
}

async fn load_current_user(
    conn: &mut paddock_store::Connection,
    user_id: UserId,
) -> Result<CurrentUser, ServiceError> {
    let user = users::find(conn, user_id)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let held = grants::held_by(conn, user_id).await?;
    let organisation_wide = held.iter().any(|h| h.workspace.is_none());
    let workspaces = if organisation_wide {
        workspaces::list_workspaces(conn).await?
    } else {
        let mut granted: Vec<Workspace> = held.iter().filter_map(|h| h.workspace.clone()).collect();
        granted.sort_by(|a, b| a.slug.cmp(&b.slug));
        granted.dedup_by(|a, b| a.id == b.id);
        granted
    };
    let grant_list: Vec<Grant> = held.iter().map(|h| h.grant).collect();
    Ok(CurrentUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        organization: organization::name(conn).await?,
        navigation: Section::visible_to(&grant_list),
        grants: held,
        workspaces,
    })
}
