//! Administering accounts: list, disable and enable, reset a password; and changing one's own.
//! Every change ends the sessions it must and is audited in its transaction.

use paddock_core::account::AccountKind;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::UserId;
use paddock_core::password::NewPassword;
use paddock_core::time::Timestamp;
use paddock_store::grants::HeldGrant;
use paddock_store::users::User;
use paddock_store::{Store, grants, sessions, users};
use serde_json::json;

use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, SessionToken};
use crate::sign_in_limits::SignInLimits;
use crate::{ServiceError, password_work};

/// An account with its roles, as administrators see it.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub grants: Vec<HeldGrant>,
}

pub async fn list_accounts(store: &Store) -> Result<Vec<Account>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut accounts = Vec::new();
    for user in users::list(&mut conn, AccountKind::Person).await? {
        let grants = grants::held_by(&mut conn, user.id).await?;
        accounts.push(Account { user, grants });
    }
    Ok(accounts)
}

pub async fn account(store: &Store, id: UserId) -> Result<Account, ServiceError> {
    let mut conn = store.acquire().await?;
    let user = users::find(&mut conn, id)
        .await?
        .ok_or_else(no_such_account)?;
    let grants = grants::held_by(&mut conn, id).await?;
    Ok(Account { user, grants })
}

/// The refusal for an account id that names no account.
pub fn no_such_account() -> ServiceError {
    ServiceError::NotFound("There is no such account.".to_owned())
}

/// Disables (`disabled = true`) or re-enables an account. Disabling ends the person's sessions at
/// once. Nobody can disable themselves, so an administrator cannot lock themselves out.
pub async fn set_disabled(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: UserId,
    disabled: bool,
) -> Result<Account, ServiceError> {
    if disabled && id == by.user_id {
        return Err(ServiceError::invalid(
            "id",
            "you cannot disable your own account",
        ));
    }
    let mut tx = store.begin().await?;
    let user = users::find(&mut tx, id)
        .await?
        .ok_or_else(no_such_account)?;
    users::set_disabled(&mut tx, id, disabled.then(Timestamp::now)).await?;
    crate::groups::keep_an_administrator(&mut tx).await?;
    let ended = if disabled {
        sessions::delete_for_user(&mut tx, id, None).await?
    } else {
        0
    };
    let entry = Entry {
        actor: Actor::of(by),
        action: if disabled {
            Action::UserDisabled
        } else {
            Action::UserEnabled
        },
        target: Some(Target::user(id, user.email.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "sessions_ended": ended }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    account(store, id).await
}

/// Sets a new password chosen by an administrator and ends the person's sessions.
pub async fn reset_password(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: UserId,
    password: &str,
) -> Result<(), ServiceError> {
    let password =
        NewPassword::parse(password).map_err(|e| ServiceError::invalid("password", e))?;
    let hash = password_work(move || password.hash()).await;
    let mut tx = store.begin().await?;
    let user = users::find(&mut tx, id)
        .await?
        .ok_or_else(no_such_account)?;
    if !user.is_person() {
        return Err(ServiceError::invalid(
            "id",
            "a service account has no password: it acts only through its API keys",
        ));
    }
    users::set_password_hash(&mut tx, id, &hash).await?;
    let ended = sessions::delete_for_user(&mut tx, id, None).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::PasswordReset,
        target: Some(Target::user(id, user.email.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "sessions_ended": ended }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the caller's own password after checking the current one; the caller's other
/// sessions end, the one making the change stays.
pub async fn change_own_password(
    store: &Store,
    context: &RequestContext,
    principal: &Principal,
    session: &SessionToken,
    current: &str,
    new: &str,
) -> Result<(), ServiceError> {
    principal.require_session("change a password")?;
    {
        let mut conn = store.acquire().await?;
        SignInLimits::for_attempt(principal.email.as_str(), context)
            .check(&mut conn, Timestamp::now())
            .await?;
    }
    let new = NewPassword::parse(new).map_err(|e| ServiceError::invalid("new_password", e))?;
    let stored = {
        let mut conn = store.acquire().await?;
        users::find(&mut conn, principal.user_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?
    };
    let current_hash = stored.password_hash.clone();
    let current = current.to_owned();
    let verified =
        password_work(move || current_hash.is_some_and(|hash| hash.verify(&current))).await;
    if !verified {
        // A wrong current password counts towards the account's lockout like a failed
        // sign-in, so a borrowed session cannot guess it at leisure.
        let mut tx = store.begin().await?;
        SignInLimits::for_attempt(stored.email.as_str(), context)
            .count_failure(&mut tx, context, stored.email.as_str(), Timestamp::now())
            .await?;
        let entry = Entry {
            actor: Actor::of(principal),
            action: Action::PasswordChanged,
            target: Some(Target::user(principal.user_id, stored.email.as_str())),
            workspace: None,
            outcome: Outcome::Failure,
            summary: json!({ "reason": "the current password was wrong" }),
        };
        record(&mut tx, context, entry).await?;
        tx.commit().await?;
        return Err(ServiceError::invalid(
            "current_password",
            "the current password is not correct",
        ));
    }
    let hash = password_work(move || new.hash()).await;
    let mut tx = store.begin().await?;
    users::set_password_hash(&mut tx, principal.user_id, &hash).await?;
    let ended =
        sessions::delete_for_user(&mut tx, principal.user_id, Some(&session.storage_key())).await?;
    let entry = Entry {
        actor: Actor::of(principal),
        action: Action::PasswordChanged,
        target: Some(Target::user(principal.user_id, stored.email.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "other_sessions_ended": ended }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}
