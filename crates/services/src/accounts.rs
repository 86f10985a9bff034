//! Creating accounts and granting roles.

use paddock_core::access::RoleNeedsWorkspace;
use paddock_core::account::{AccountKind, SERVICE_ACCOUNT_DOMAIN, is_service_account_address};
use paddock_core::audit::{Action, Outcome};
use paddock_core::password::NewPassword;
use paddock_core::values::{DisplayName, EmailAddress, Slug};
use paddock_core::{Grant, Role, Scope};
use paddock_store::grants::Holder;
use paddock_store::{Store, grants, users, workspaces};
use serde_json::json;

use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::{ServiceError, password_work};

/// A request to create a local account holding one role.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: Option<&'a str>,
    pub password: &'a str,
    pub role: Role,
    /// Required for roles that are granted per workspace.
    pub workspace: Option<&'a str>,
}

/// Refuses a person's address in the domain reserved for service accounts, so that an address
/// there always means a service account, in the trail and everywhere else.
pub(crate) fn refuse_service_account_address(
    email: &EmailAddress,
    field: &'static str,
) -> Result<(), ServiceError> {
    if is_service_account_address(email) {
        return Err(ServiceError::invalid(
            field,
            format!(
                "addresses at {SERVICE_ACCOUNT_DOMAIN} belong to service accounts; a person needs their own address"
            ),
        ));
    }
    Ok(())
}

/// A [`NewAccount`] whose values passed every check that needs no database.
pub struct ValidAccount {
    email: EmailAddress,
    display_name: DisplayName,
    password: NewPassword,
    role: Role,
    workspace: Option<Slug>,
}

impl NewAccount<'_> {
    pub fn validate(self) -> Result<ValidAccount, ServiceError> {
        let email =
            EmailAddress::parse(self.email).map_err(|e| ServiceError::invalid("email", e))?;
        refuse_service_account_address(&email, "email")?;
        let display_name = DisplayName::parse(self.display_name.unwrap_or(email.local_part()))
            .map_err(|e| ServiceError::invalid("display_name", e))?;
        let password =
            NewPassword::parse(self.password).map_err(|e| ServiceError::invalid("password", e))?;
        let workspace = self
            .workspace
            .map(Slug::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid("workspace", e))?;
        if workspace.is_none() && !self.role.may_be_organisation_wide() {
            return Err(ServiceError::invalid(
                "workspace",
                RoleNeedsWorkspace(self.role),
            ));
        }
        Ok(ValidAccount {
            email,
            display_name,
            password,
            role: self.role,
            workspace,
        })
    }
}

/// Creates the account and its grant in one transaction: either both exist afterwards or
/// neither does.
pub async fn create_account(
    store: &Store,
    context: &RequestContext,
    actor: Actor,
    account: ValidAccount,
) -> Result<EmailAddress, ServiceError> {
    let ValidAccount {
        email,
        display_name,
        password,
        role,
        workspace,
    } = account;
    let hash = password_work(move || password.hash()).await;

    let mut tx = store.begin().await?;
    let scope = match &workspace {
        None => Scope::Organisation,
        Some(slug) => {
            let found = workspaces::find_workspace(&mut tx, slug)
                .await?
                .ok_or_else(|| ServiceError::NotFound(format!("there is no workspace '{slug}'")))?;
            Scope::Workspace(found.id)
        }
    };
    let grant = Grant::new(role, scope).map_err(|e| ServiceError::invalid("workspace", e))?;
    let user = users::NewUser {
        email: &email,
        display_name: &display_name,
        password_hash: Some(&hash),
        kind: AccountKind::Person,
        description: "",
    };
    let user_id = users::insert(&mut tx, user).await?;
    grants::grant(&mut tx, Holder::User(user_id), grant).await?;
    let entry = Entry {
        actor,
        action: Action::UserCreated,
        target: Some(Target::user(user_id, email.as_str())),
        workspace: workspace.as_ref().map(ToString::to_string),
        outcome: Outcome::Success,
        summary: json!({ "display_name": display_name.as_str(), "role": role, "sign_in": "password" }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(email)
}

/// Whether at least one enabled organisation-wide administrator exists.
pub async fn administrator_exists(store: &Store) -> Result<bool, ServiceError> {
    let mut conn = store.acquire().await?;
    Ok(grants::count_enabled_holders(&mut conn, Role::Admin).await? > 0)
}
