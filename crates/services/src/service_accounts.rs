//! Service accounts: non-person accounts for scripts and integrations. An administrator creates
//! one, grants it roles like anyone else, and gives it API keys; it never signs in, has no
//! password, and is invisible to single sign-on and SCIM. Its keys never exceed its own roles.

use paddock_core::account::{AccountKind, service_account_address};
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::UserId;
use paddock_core::values::{DisplayName, Slug};
use paddock_store::api_keys::{self, ApiKey};
use paddock_store::grants::HeldGrant;
use paddock_store::users::User;
use paddock_store::{Connection, Store, grants, users};
use serde_json::json;

use crate::ServiceError;
use crate::api_keys::{CreatedKey, KeyHolder, NewKey, issue_key};
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;

const MAX_DESCRIPTION_CHARS: usize = 500;

/// What an administrator gives a new service account.
pub struct NewServiceAccount {
    /// Its short name, which becomes its address (`claims-import@service-account.invalid`).
    pub name: String,
    pub display_name: String,
    /// What it is for and who looks after it.
    pub description: String,
}

/// A service account with its roles and keys.
#[derive(Debug, Clone)]
pub struct ServiceAccount {
    pub user: User,
    pub grants: Vec<HeldGrant>,
    pub keys: Vec<ApiKey>,
}

fn no_such_service_account() -> ServiceError {
    ServiceError::NotFound("There is no such service account.".to_owned())
}

async fn load(conn: &mut Connection, id: UserId) -> Result<ServiceAccount, ServiceError> {
    let user = users::find(conn, id)
        .await?
        .filter(|user| user.kind == AccountKind::Service)
        .ok_or_else(no_such_service_account)?;
    Ok(ServiceAccount {
        grants: grants::held_by(conn, id).await?,
        keys: api_keys::list_for_user(conn, id).await?,
        user,
    })
}

pub async fn list(store: &Store) -> Result<Vec<ServiceAccount>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut all = Vec::new();
    for user in users::list(&mut conn, AccountKind::Service).await? {
        all.push(load(&mut conn, user.id).await?);
    }
    Ok(all)
}

pub async fn find(store: &Store, id: UserId) -> Result<ServiceAccount, ServiceError> {
    let mut conn = store.acquire().await?;
    load(&mut conn, id).await
}

pub async fn create(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    new: NewServiceAccount,
) -> Result<ServiceAccount, ServiceError> {
    by.require_session("create service accounts")?;
    let name = Slug::parse(new.name.trim()).map_err(|e| ServiceError::invalid("name", e))?;
    let address = service_account_address(&name).map_err(|e| ServiceError::invalid("name", e))?;
    let display_name = DisplayName::parse(&new.display_name)
        .map_err(|e| ServiceError::invalid("display_name", e))?;
    let description = new.description.trim();
    if description.chars().count() > MAX_DESCRIPTION_CHARS
        || description.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(ServiceError::invalid(
            "description",
            format!("use at most {MAX_DESCRIPTION_CHARS} characters of plain text"),
        ));
    }
    let mut tx = store.begin().await?;
    let id = users::insert(
        &mut tx,
        users::NewUser {
            email: &address,
            display_name: &display_name,
            password_hash: None,
            kind: AccountKind::Service,
            description,
        },
    )
    .await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ServiceAccountCreated,
        target: Some(Target::user(id, address.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "display_name": display_name.as_str(),
            "description": description,
        }),
    };
    record(&mut tx, context, entry).await?;
    let created = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(created)
}

/// An administrator gives the service account a key. The key is checked against the service
/// account's roles, not the administrator's: it acts for the service account alone.
pub async fn create_key(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: UserId,
    new: NewKey,
) -> Result<CreatedKey, ServiceError> {
    by.require_session("create keys for service accounts")?;
    let account = find(store, id).await?;
    let grants: Vec<_> = account.grants.iter().map(|held| held.grant).collect();
    let holder = KeyHolder {
        user_id: account.user.id,
        email: account.user.email.as_str(),
        grants: &grants,
        for_service_account: true,
    };
    issue_key(store, context, Actor::of(by), holder, new).await
}
