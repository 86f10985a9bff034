//! Single sign-on with OpenID Connect: administrators set up the provider and map its groups to
//! Paddock groups; people sign in there and come back with a session. Accounts are created at
//! the first sign-in, and memberships of mapped groups follow the provider at every sign-in.

use paddock_core::account::{AccountKind, is_service_account_address};
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::GroupId;
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, EmailAddress};
use paddock_integrations::oidc::{OidcError, RelyingParty};
use paddock_store::oidc::{self as settings_store, OidcSettings, PendingLogin};
use paddock_store::{Store, groups, users};
use serde_json::{Value, json};
use std::time::Duration;

use crate::ServiceError;
use crate::audit::{Actor, Entry, Journal, RequestContext, Target, record};
use crate::auth::{Principal, SignedIn, open_session};

/// How long a person may take at the provider.
const LOGIN_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// The settings as administrators see them: the secret only as "set".
#[derive(Debug, Clone)]
pub struct SettingsView {
    pub enabled: bool,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_set: bool,
    pub groups_claim: String,
    pub require_sso: bool,
    /// (provider group, Paddock group name)
    pub group_mappings: Vec<(String, String)>,
}

/// New settings; `client_secret: None` keeps the stored one.
pub struct SettingsInput {
    pub enabled: bool,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub groups_claim: String,
    pub require_sso: bool,
    pub group_mappings: Vec<(String, String)>,
}

pub async fn settings(store: &Store) -> Result<SettingsView, ServiceError> {
    let mut conn = store.acquire().await?;
    let stored = settings_store::settings(&mut conn).await?;
    let mut group_mappings = Vec::new();
    for (provider_group, group) in settings_store::mappings(&mut conn).await? {
        if let Some(group) = groups::find(&mut conn, group).await? {
            group_mappings.push((provider_group, group.name.to_string()));
        }
    }
    Ok(match stored {
        Some(s) => SettingsView {
            enabled: s.enabled,
            issuer: s.issuer,
            client_id: s.client_id,
            client_secret_set: !s.client_secret.is_empty(),
            groups_claim: s.groups_claim,
            require_sso: s.require_sso,
            group_mappings,
        },
        None => SettingsView {
            enabled: false,
            issuer: String::new(),
            client_id: String::new(),
            client_secret_set: false,
            groups_claim: "groups".into(),
            require_sso: false,
            group_mappings,
        },
    })
}

/// Whether people can sign in with single sign-on.
pub async fn enabled(store: &Store) -> Result<bool, ServiceError> {
    let mut conn = store.acquire().await?;
    Ok(settings_store::settings(&mut conn)
        .await?
        .is_some_and(|s| s.enabled))
}

pub async fn save_settings(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    input: SettingsInput,
) -> Result<SettingsView, ServiceError> {
    by.require_session("change single sign-on settings")?;
    let issuer = input.issuer.trim().trim_end_matches('/').to_owned();
    let plausible_url = (issuer.starts_with("https://") || issuer.starts_with("http://"))
        && !issuer.contains(char::is_whitespace);
    if input.enabled && !plausible_url {
        return Err(ServiceError::invalid(
            "issuer",
            "give the provider's issuer URL, e.g. https://login.example.com",
        ));
    }
    let client_id = input.client_id.trim().to_owned();
    if input.enabled && client_id.is_empty() {
        return Err(ServiceError::invalid(
            "client_id",
            "the client ID the provider issued is required",
        ));
    }
    if input.require_sso && !input.enabled {
        return Err(ServiceError::invalid(
            "require_sso",
            "single sign-on must be on before it can be required",
        ));
    }
    let groups_claim = input.groups_claim.trim().to_owned();
    if groups_claim.is_empty() || groups_claim.len() > 100 {
        return Err(ServiceError::invalid(
            "groups_claim",
            "name the claim that carries groups, e.g. groups",
        ));
    }
    let mut tx = store.begin().await?;
    let existing = settings_store::settings(&mut tx).await?;
    let secret_changed = input.client_secret.as_ref().is_some_and(|s| !s.is_empty());
    let client_secret = match input.client_secret.filter(|s| !s.is_empty()) {
        Some(secret) => secret,
        None => existing.map(|s| s.client_secret).unwrap_or_default(),
    };
    if input.enabled && client_secret.is_empty() {
        return Err(ServiceError::invalid(
            "client_secret",
            "the client secret the provider issued is required",
        ));
    }
    let mut mappings: Vec<(String, GroupId)> = Vec::new();
    for (provider_group, group_name) in &input.group_mappings {
        let provider_group = provider_group.trim().to_owned();
        if provider_group.is_empty() {
            return Err(ServiceError::invalid(
                "group_mappings",
                "every mapping needs the provider's group name",
            ));
        }
        let name = DisplayName::parse(group_name)
            .map_err(|e| ServiceError::invalid("group_mappings", e))?;
        let group = groups::find_by_name(&mut tx, &name).await?.ok_or_else(|| {
            ServiceError::NotFound(format!("There is no Paddock group '{name}'."))
        })?;
        mappings.push((provider_group, group.id));
    }
    let saved = OidcSettings {
        enabled: input.enabled,
        issuer: issuer.clone(),
        client_id: client_id.clone(),
        client_secret,
        groups_claim: groups_claim.clone(),
        require_sso: input.require_sso,
    };
    settings_store::save_settings(&mut tx, &saved).await?;
    settings_store::replace_mappings(&mut tx, &mappings).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::SsoSettingsChanged,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "enabled": input.enabled,
            "issuer": issuer,
            "client_id": client_id,
            "client_secret_changed": secret_changed,
            "groups_claim": groups_claim,
            "require_sso": input.require_sso,
            "group_mappings": input.group_mappings,
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    settings(store).await
}

fn relying_party(settings: OidcSettings, redirect_uri: &str) -> RelyingParty {
    RelyingParty {
        issuer: settings.issuer,
        client_id: settings.client_id,
        client_secret: settings.client_secret,
        redirect_uri: redirect_uri.to_owned(),
    }
}

async fn enabled_settings(store: &Store) -> Result<OidcSettings, ServiceError> {
    let mut conn = store.acquire().await?;
    settings_store::settings(&mut conn)
        .await?
        .filter(|s| s.enabled)
        .ok_or_else(|| ServiceError::NotFound("Single sign-on is not set up.".to_owned()))
}

fn provider_unavailable(error: OidcError) -> ServiceError {
    tracing::warn!(error = %paddock_core::report::error_chain(&error), "single sign-on failed");
    ServiceError::Forbidden(format!("Single sign-on did not work: {error}."))
}

/// Starts a sign-in: returns the provider URL to send the browser to.
pub async fn start(
    store: &Store,
    redirect_uri: &str,
    return_to: &str,
) -> Result<String, ServiceError> {
    let settings = enabled_settings(store).await?;
    let request = relying_party(settings, redirect_uri)
        .begin()
        .await
        .map_err(provider_unavailable)?;
    let login = PendingLogin {
        nonce: request.nonce,
        pkce_verifier: request.pkce_verifier,
        return_to: return_to.to_owned(),
    };
    let mut conn = store.writer().await?;
    settings_store::insert_login(
        &mut conn,
        &request.state,
        &login,
        Timestamp::now().plus(LOGIN_LIFETIME),
    )
    .await?;
    Ok(request.url)
}

/// Finishes a sign-in the provider sent back: verifies it, creates the account at the first
/// sign-in, brings mapped group memberships in line with the provider, and opens a session.
/// Returns the session and where the person wanted to go.
pub async fn finish(
    store: &Store,
    context: &RequestContext,
    redirect_uri: &str,
    state: &str,
    code: &str,
) -> Result<(SignedIn, String), ServiceError> {
    let settings = enabled_settings(store).await?;
    let now = Timestamp::now();
    let login = {
        let mut conn = store.acquire().await?;
        settings_store::take_login(&mut conn, state, now).await?
    }
    .ok_or_else(|| {
        ServiceError::invalid(
            "state",
            "this sign-in link has expired or was already used; start again",
        )
    })?;
    let groups_claim = settings.groups_claim.clone();
    let identity = match relying_party(settings, redirect_uri)
        .finish(code, &login.pkce_verifier, &login.nonce)
        .await
    {
        Ok(identity) => identity,
        Err(error) => {
            refuse(store, context, None, &error.to_string()).await?;
            return Err(provider_unavailable(error));
        }
    };
    let claims = &identity.claims;
    let email = claims
        .get("email")
        .and_then(Value::as_str)
        .and_then(|e| EmailAddress::parse(e).ok());
    let verified = claims.get("email_verified").and_then(Value::as_bool) != Some(false);
    let Some(email) = email.filter(|_| verified) else {
        refuse(
            store,
            context,
            None,
            "the provider sent no verified e-mail address",
        )
        .await?;
        return Err(ServiceError::Forbidden(
            "Single sign-on did not work: the provider sent no verified e-mail address.".into(),
        ));
    };
    let provider_groups: Vec<String> = claims
        .get(&groups_claim)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();

    let mut tx = store.begin().await?;
    let mut journal = Journal::default();
    let sso = || Actor::system("single sign-on");
    let user = match users::find_by_email(&mut tx, &email).await? {
        Some(user) if user.disabled => {
            drop(tx);
            refuse(store, context, Some(&email), "the account is disabled").await?;
            return Err(ServiceError::InvalidCredentials);
        }
        Some(user) if !user.is_person() => {
            drop(tx);
            refuse(
                store,
                context,
                Some(&email),
                "the account is a service account",
            )
            .await?;
            return Err(ServiceError::InvalidCredentials);
        }
        None if is_service_account_address(&email) => {
            drop(tx);
            refuse(
                store,
                context,
                Some(&email),
                "the address is reserved for service accounts",
            )
            .await?;
            return Err(ServiceError::InvalidCredentials);
        }
        Some(user) => user,
        None => {
            let display = claims
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(email.local_part());
            let display_name = DisplayName::parse(display)
                .or_else(|_| DisplayName::parse(email.local_part()))
                .map_err(|e| ServiceError::invalid("name", e))?;
            let id = users::insert(
                &mut tx,
                users::NewUser {
                    email: &email,
                    display_name: &display_name,
                    password_hash: None,
                    kind: AccountKind::Person,
                    description: "",
                },
            )
            .await?;
            journal.add(Entry {
                actor: sso(),
                action: Action::UserCreated,
                target: Some(Target::user(id, email.as_str())),
                workspace: None,
                outcome: Outcome::Success,
                summary: json!({ "display_name": display_name.as_str(), "sign_in": "single sign-on", "subject": identity.subject }),
            });
            users::find(&mut tx, id)
                .await?
                .ok_or(ServiceError::Unauthenticated)?
        }
    };
    for (provider_group, group_id) in settings_store::mappings(&mut tx).await? {
        let Some(group) = groups::find(&mut tx, group_id).await? else {
            continue;
        };
        let member = provider_groups.contains(&provider_group);
        let changed = if member {
            groups::add_member(&mut tx, group_id, user.id).await?
        } else {
            groups::remove_member(&mut tx, group_id, user.id).await?
        };
        if changed {
            journal.add(Entry {
                actor: sso(),
                action: if member {
                    Action::GroupMemberAdded
                } else {
                    Action::GroupMemberRemoved
                },
                target: Some(Target::group(group_id, group.name.as_str())),
                workspace: None,
                outcome: Outcome::Success,
                summary: json!({ "member": email.as_str(), "provider_group": provider_group }),
            });
        }
    }
    journal.record_all(&mut tx, context).await?;
    let signed_in = open_session(&mut tx, context, &user, "single sign-on", now).await?;
    tx.commit().await?;
    Ok((signed_in, login.return_to))
}

/// Records a refused single sign-on.
async fn refuse(
    store: &Store,
    context: &RequestContext,
    email: Option<&EmailAddress>,
    reason: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let entry = Entry {
        actor: email.map_or_else(
            || Actor::system("single sign-on"),
            |e| Actor::claiming(e.as_str()),
        ),
        action: Action::SignIn,
        target: None,
        workspace: None,
        outcome: Outcome::Failure,
        summary: json!({ "method": "single sign-on", "reason": reason }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a local password may still be used by someone holding `grants`: always, unless
/// single sign-on is required — then only organisation-wide administrators (break-glass) may.
pub(crate) async fn password_allowed(
    conn: &mut paddock_store::Connection,
    grants: &[paddock_core::Grant],
) -> Result<bool, ServiceError> {
    let required = settings_store::settings(conn)
        .await?
        .is_some_and(|s| s.enabled && s.require_sso);
    let break_glass = grants.iter().any(|g| {
        g.role() == paddock_core::Role::Admin && g.scope() == paddock_core::Scope::Organisation
    });
    Ok(!required || break_glass)
}
