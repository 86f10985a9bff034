//! Creating accounts and granting roles.

use paddock_core::password::NewPassword;
use paddock_core::values::{DisplayName, EmailAddress, Slug};
use paddock_core::{Grant, Role, Scope};
use paddock_store::{Store, grants, users, workspaces};

use crate::{ServiceError, blocking};

/// A request to create a local account holding one role.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: Option<&'a str>,
    pub password: &'a str,
    pub role: Role,
    /// Required for roles that are granted per workspace.
    pub workspace: Option<&'a str>,
}

/// Creates the account and its grant in one transaction: either both exist afterwards or
/// neither does.
pub async fn create_account(
    store: &Store,
    account: NewAccount<'_>,
) -> Result<EmailAddress, ServiceError> {
    let email =
        EmailAddress::parse(account.email).map_err(|e| ServiceError::invalid("email", e))?;
    let display_name = DisplayName::parse(account.display_name.unwrap_or(email.local_part()))
        .map_err(|e| ServiceError::invalid("display_name", e))?;
    let password =
        NewPassword::parse(account.password).map_err(|e| ServiceError::invalid("password", e))?;
    let workspace_slug = account
        .workspace
        .map(Slug::parse)
        .transpose()
        .map_err(|e| ServiceError::invalid("workspace", e))?;

    let hash = blocking(move || password.hash()).await;

    let mut tx = store.begin().await?;
    let scope = match &workspace_slug {
        None => Scope::Organisation,
        Some(slug) => {
            let workspace = workspaces::find_workspace(&mut tx, slug)
                .await?
                .ok_or_else(|| ServiceError::NotFound(format!("there is no workspace '{slug}'")))?;
            Scope::Workspace(workspace.id)
        }
    };
    let grant =
        Grant::new(account.role, scope).map_err(|e| ServiceError::invalid("workspace", e))?;
    let user_id = users::insert(
        &mut tx,
        users::NewUser {
            email: &email,
            display_name: &display_name,
            password_hash: Some(&hash),
        },
    )
    .await?;
    grants::grant(&mut tx, user_id, grant).await?;
    tx.commit().await?;
    Ok(email)
}

/// Whether at least one enabled organisation-wide administrator exists.
pub async fn administrator_exists(store: &Store) -> Result<bool, ServiceError> {
    let mut conn = store.acquire().await?;
    Ok(grants::count_enabled_holders(&mut conn, Role::Admin).await? > 0)
}
