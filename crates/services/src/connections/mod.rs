//! Connections, administered: IT creates them (credential sealed and never shown again, policy:
//! which workspaces, which actions, where requests may go, the label of what is read and the
//! clearance of what is sent), binds them to aliases per workspace and environment, and tests
//! them. Builders see the connections bound for them — aliases and actions, never a credential.
//! [`gateway`] is how runs call them.

pub mod gateway;

use std::collections::BTreeSet;

use paddock_core::audit::{Action, Outcome};
use paddock_core::connection::{ConnectorKind, HostRule};
use paddock_core::egress::Cidr;
use paddock_core::ids::ConnectionId;
use paddock_core::label::{Clearance, Label};
use paddock_core::values::{DisplayName, Slug};
use paddock_core::{Permission, Scope};
use paddock_integrations::connectors::{ActionSpec, Config, Connectors, Target};
use paddock_integrations::secrets::Keyring;
use paddock_store::connections::{self, Binding, ConnectionSettings, StoredConnection};
use paddock_store::secrets::SecretOwner;
use paddock_store::{Connection, Store, groups, workspaces};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target as AuditTarget, record};
use crate::auth::Principal;
use crate::forms::text;
use crate::secrets::sealing_context;
use crate::workspaces::{by_slug, environment_named};

const MAX_DESCRIPTION_CHARS: usize = 500;
const MAX_CREDENTIAL_CHARS: usize = 4096;
/// Shorter credentials could not be told apart from ordinary text when scrubbing answers.
const MIN_CREDENTIAL_CHARS: usize = 4;
const MAX_SETTINGS_BYTES: usize = 256 * 1024;
const MAX_LIST_ITEMS: usize = 100;

/// What an administrator sets on a connection. On a change, an absent `credential` keeps the
/// one stored and an empty one removes it.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectionForm {
    /// The connection's own name (`tickets-sandbox`); workflows name an alias bound to it.
    #[schema(example = "tickets-sandbox")]
    pub name: String,
    pub kind: ConnectorKind,
    #[serde(default)]
    pub description: String,
    /// What the kind needs: for `http` the base URL, authentication and actions; for `smtp`
    /// the server, security, sender and allowed recipient domains. Nothing secret.
    #[schema(value_type = Object)]
    pub settings: Value,
    /// The token, password, API key or client secret; write-only.
    pub credential: Option<String>,
    /// The label of data read from the system (default `internal`).
    #[schema(example = "confidential")]
    pub read_label: Option<String>,
    /// What data may be sent to the system (default `internal`).
    #[schema(example = "confidential/pii")]
    pub write_clearance: Option<String>,
    /// More hosts requests may go to (`api.example.com`, `*.example.com:8443`); the configured
    /// address's own host is always allowed.
    #[serde(default)]
    pub egress: Vec<String>,
    /// Private address ranges (CIDR) this connection may reach, such as an internal service's
    /// network; loopback, private and metadata addresses are refused otherwise.
    #[serde(default)]
    pub allowed_ranges: Vec<String>,
    /// The actions workflows may call; every action the connection declares when absent.
    pub allowed_actions: Option<Vec<String>>,
    #[serde(default)]
    pub all_workspaces: bool,
    /// Workspaces (slugs) that may use the connection when it is not open to all.
    #[serde(default)]
    pub workspaces: Vec<String>,
    /// Groups (names) whose members alone may build with the connection and start runs that
    /// call it; empty: everyone in its workspaces.
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

impl std::fmt::Debug for ConnectionForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionForm")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("credential", &self.credential.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

/// A connection as administrators see it: everything but the credential.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConnectionView {
    pub name: String,
    pub kind: ConnectorKind,
    pub description: String,
    #[schema(value_type = Object)]
    pub settings: Value,
    /// Whether a credential is stored; it is never sent back.
    pub credential_set: bool,
    pub read_label: String,
    pub write_clearance: String,
    pub egress: Vec<String>,
    pub allowed_ranges: Vec<String>,
    pub allowed_actions: Option<Vec<String>>,
    pub all_workspaces: bool,
    pub workspaces: Vec<String>,
    /// Groups whose members alone may use it; empty: everyone in its workspaces.
    pub groups: Vec<String>,
    pub enabled: bool,
    /// Every action the connection declares.
    pub actions: Vec<ActionSpec>,
    /// Where the connection is bound.
    pub bindings: Vec<BindingView>,
    pub created_at: String,
    pub updated_at: String,
}

/// An alias bound to a connection in one environment of a workspace.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BindingView {
    pub workspace: String,
    pub environment: String,
    pub alias: String,
    pub connection: String,
}

/// What the test of a connection found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConnectionTest {
    pub ok: bool,
    pub message: String,
}

fn no_such_connection() -> ServiceError {
    ServiceError::NotFound("There is no such connection.".to_owned())
}

/// The alias rule: what a `connector` step's `connection` may be.
fn alias(raw: &str) -> Result<String, ServiceError> {
    let valid = !raw.is_empty()
        && raw.len() <= 63
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !raw.starts_with('-');
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(ServiceError::invalid(
            "alias",
            "an alias is lower-case letters, digits and '-', at most 63 characters",
        ))
    }
}

fn bounded_list(field: &'static str, items: &[String]) -> Result<(), ServiceError> {
    if items.len() > MAX_LIST_ITEMS {
        return Err(ServiceError::invalid(
            field,
            format!("at most {MAX_LIST_ITEMS} entries"),
        ));
    }
    Ok(())
}

/// Parses the form into settings and the parsed configuration; the credential still in clear
/// (`None`: keep the stored one).
async fn parse(
    conn: &mut Connection,
    form: ConnectionForm,
) -> Result<(ConnectionSettings, Config, Option<String>), ServiceError> {
    let name = Slug::parse(form.name.trim()).map_err(|e| ServiceError::invalid("name", e))?;
    let description =
        text("description", Some(form.description), MAX_DESCRIPTION_CHARS)?.unwrap_or_default();
    if form.settings.to_string().len() > MAX_SETTINGS_BYTES {
        return Err(ServiceError::invalid(
            "settings",
            format!("at most {} KiB", MAX_SETTINGS_BYTES / 1024),
        ));
    }
    let config = Config::parse(form.kind, &form.settings)
        .map_err(|e| ServiceError::invalid("settings", e))?;
    let credential = match form.credential {
        None => None,
        Some(raw) => {
            let clear = text("credential", Some(raw), MAX_CREDENTIAL_CHARS)?.unwrap_or_default();
            if !clear.is_empty() && clear.chars().count() < MIN_CREDENTIAL_CHARS {
                return Err(ServiceError::invalid(
                    "credential",
                    format!("a credential has at least {MIN_CREDENTIAL_CHARS} characters"),
                ));
            }
            Some(clear)
        }
    };
    let label = |field, raw: Option<String>| match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(Label::parse("internal").expect("valid")),
        Some(raw) => Label::parse(raw).map_err(|e| ServiceError::invalid(field, e)),
    };
    let read_label = label("read_label", form.read_label)?;
    let write_clearance = match form.write_clearance.as_deref().map(str::trim) {
        None | Some("") => Clearance::parse("internal").expect("valid"),
        Some(raw) => {
            Clearance::parse(raw).map_err(|e| ServiceError::invalid("write_clearance", e))?
        }
    };
    crate::labels::require_known_label(conn, "read_label", &read_label).await?;
    crate::labels::require_known_clearance(conn, "write_clearance", &write_clearance).await?;
    bounded_list("egress", &form.egress)?;
    bounded_list("allowed_ranges", &form.allowed_ranges)?;
    let egress = form
        .egress
        .iter()
        .map(|rule| HostRule::parse(rule).map_err(|e| ServiceError::invalid("egress", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let allowed_ranges = form
        .allowed_ranges
        .iter()
        .map(|range| Cidr::parse(range).map_err(|e| ServiceError::invalid("allowed_ranges", e)))
        .collect::<Result<Vec<_>, _>>()?;
    // Cloud metadata answers with the machine's own credentials: no connection reaches it.
    let metadata = ["169.254.169.254", "fd00:ec2::254", "100.100.100.200"];
    for range in &allowed_ranges {
        if let Some(address) = metadata
            .iter()
            .find(|address| range.contains(address.parse().expect("valid addresses")))
        {
            return Err(ServiceError::invalid(
                "allowed_ranges",
                format!(
                    "{range} includes {address}, the cloud metadata service, which no connection may reach: allow a narrower range"
                ),
            ));
        }
    }
    let declared: BTreeSet<String> = config.actions().into_iter().map(|a| a.name).collect();
    if let Some(allowed) = &form.allowed_actions {
        bounded_list("allowed_actions", allowed)?;
        if let Some(unknown) = allowed.iter().find(|a| !declared.contains(*a)) {
            return Err(ServiceError::invalid(
                "allowed_actions",
                format!("the connection declares no action '{unknown}'"),
            ));
        }
    }
    bounded_list("workspaces", &form.workspaces)?;
    let mut allowed_workspaces = Vec::new();
    for slug in &form.workspaces {
        let slug = Slug::parse(slug.trim()).map_err(|e| ServiceError::invalid("workspaces", e))?;
        let workspace = workspaces::find_workspace(conn, &slug)
            .await?
            .ok_or_else(|| {
                ServiceError::invalid("workspaces", format!("there is no workspace '{slug}'"))
            })?;
        if !allowed_workspaces.contains(&workspace.id) {
            allowed_workspaces.push(workspace.id);
        }
    }
    bounded_list("groups", &form.groups)?;
    let mut allowed_groups = Vec::new();
    for name in &form.groups {
        let no_such_group =
            || ServiceError::invalid("groups", format!("there is no group '{name}'"));
        let display_name = DisplayName::parse(name.trim()).map_err(|_| no_such_group())?;
        let group = groups::find_by_name(conn, &display_name)
            .await?
            .ok_or_else(no_such_group)?;
        if !allowed_groups.contains(&group.id) {
            allowed_groups.push(group.id);
        }
    }
    let settings = ConnectionSettings {
        name,
        kind: form.kind,
        description,
        config: form.settings,
        sealed_credential: None,
        read_label,
        write_clearance,
        egress,
        allowed_ranges,
        allowed_actions: form.allowed_actions,
        all_workspaces: form.all_workspaces,
        workspaces: allowed_workspaces,
        groups: allowed_groups,
        enabled: form.enabled,
    };
    Ok((settings, config, credential))
}

/// The parsed configuration of a stored connection.
pub(crate) fn config_of(settings: &ConnectionSettings) -> Result<Config, ServiceError> {
    Config::parse(settings.kind, &settings.config).map_err(|e| {
        ServiceError::Internal(format!(
            "the stored settings of connection {} no longer parse: {e}",
            settings.name
        ))
    })
}

/// What the audit trail says of a connection's settings: everything but the credential.
fn summary(settings: &ConnectionSettings, credential_changed: bool) -> Value {
    json!({
        "kind": settings.kind,
        "settings": settings.config,
        "credential_changed": credential_changed,
        "read_label": settings.read_label.to_string(),
        "write_clearance": settings.write_clearance.to_string(),
        "egress": settings.egress.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "allowed_ranges": settings.allowed_ranges.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "allowed_actions": settings.allowed_actions,
        "all_workspaces": settings.all_workspaces,
        "workspaces": settings.workspaces.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "groups": settings.groups.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "enabled": settings.enabled,
    })
}

async fn view(
    conn: &mut Connection,
    connection: StoredConnection,
) -> Result<ConnectionView, ServiceError> {
    let config = config_of(&connection.settings)?;
    let all = workspaces::list_workspaces(conn).await?;
    let slug_of = |id| {
        all.iter()
            .find(|w| w.id == id)
            .map(|w| w.slug.to_string())
            .unwrap_or_default()
    };
    let bindings = connections::bindings_of(conn, connection.id)
        .await?
        .iter()
        .map(|binding| binding_view(binding, &slug_of(binding.workspace)))
        .collect();
    let group_names = groups::list(conn).await?;
    let settings = connection.settings;
    let groups = settings
        .groups
        .iter()
        .filter_map(|id| group_names.iter().find(|g| g.id == *id))
        .map(|group| group.name.to_string())
        .collect();
    Ok(ConnectionView {
        name: settings.name.to_string(),
        kind: settings.kind,
        description: settings.description,
        settings: settings.config,
        credential_set: settings.sealed_credential.is_some(),
        read_label: settings.read_label.to_string(),
        write_clearance: settings.write_clearance.to_string(),
        egress: settings.egress.iter().map(ToString::to_string).collect(),
        allowed_ranges: settings
            .allowed_ranges
            .iter()
            .map(ToString::to_string)
            .collect(),
        allowed_actions: settings.allowed_actions,
        all_workspaces: settings.all_workspaces,
        workspaces: settings.workspaces.iter().map(|id| slug_of(*id)).collect(),
        groups,
        enabled: settings.enabled,
        actions: config.actions(),
        bindings,
        created_at: connection.created_at.to_rfc3339(),
        updated_at: connection.updated_at.to_rfc3339(),
    })
}

fn binding_view(binding: &Binding, workspace: &str) -> BindingView {
    BindingView {
        workspace: workspace.to_owned(),
        environment: binding.environment_slug.clone(),
        alias: binding.alias.clone(),
        connection: binding.connection_name.clone(),
    }
}

pub async fn list(store: &Store) -> Result<Vec<ConnectionView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut all = Vec::new();
    for connection in connections::list(&mut conn).await? {
        all.push(view(&mut conn, connection).await?);
    }
    Ok(all)
}

pub async fn get(store: &Store, name: &str) -> Result<ConnectionView, ServiceError> {
    let mut conn = store.acquire().await?;
    let connection = connections::find(&mut conn, name)
        .await?
        .ok_or_else(no_such_connection)?;
    view(&mut conn, connection).await
}

pub async fn create(
    store: &Store,
    keyring: &Keyring,
    context: &RequestContext,
    by: &Principal,
    form: ConnectionForm,
) -> Result<ConnectionView, ServiceError> {
    let mut tx = store.begin().await?;
    let (mut settings, _, credential) = parse(&mut tx, form).await?;
    let credential = credential.filter(|c| !c.is_empty());
    let id = ConnectionId::generate();
    settings.sealed_credential = credential.as_ref().map(|clear| {
        keyring.seal(
            clear,
            &sealing_context(SecretOwner::Connection, &id.to_string()),
        )
    });
    let connection = connections::insert(&mut tx, id, &settings).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ConnectionCreated,
        target: Some(AuditTarget::connection(id, settings.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: summary(&settings, credential.is_some()),
    };
    record(&mut tx, context, entry).await?;
    let view = view(&mut tx, connection).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a connection's settings; its credential is kept unless the form sets or clears it,
/// and must be given again when the connection now points somewhere else.
pub async fn update(
    store: &Store,
    keyring: &Keyring,
    context: &RequestContext,
    by: &Principal,
    name: &str,
    form: ConnectionForm,
) -> Result<ConnectionView, ServiceError> {
    let mut tx = store.begin().await?;
    let existing = connections::find(&mut tx, name)
        .await?
        .ok_or_else(no_such_connection)?;
    let (mut settings, config, credential) = parse(&mut tx, form).await?;
    let moved = settings.kind != existing.settings.kind
        || config.credential_destination()
            != config_of(&existing.settings)?.credential_destination();
    if moved && credential.is_none() && existing.settings.sealed_credential.is_some() {
        return Err(ServiceError::invalid(
            "credential",
            "the connection now points at another system: enter its credential again (the stored one is only ever sent where it was set for)",
        ));
    }
    let credential_changed = credential.is_some();
    let context_of = sealing_context(SecretOwner::Connection, &existing.id.to_string());
    settings.sealed_credential = match credential {
        None => existing.settings.sealed_credential.clone(),
        Some(clear) if clear.is_empty() => None,
        Some(clear) => Some(keyring.seal(&clear, &context_of)),
    };
    connections::update(&mut tx, existing.id, &settings).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ConnectionUpdated,
        target: Some(AuditTarget::connection(existing.id, settings.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "previous_name": existing.settings.name.as_str(),
            "settings": summary(&settings, credential_changed),
        }),
    };
    record(&mut tx, context, entry).await?;
    let updated = connections::find_by_id(&mut tx, existing.id)
        .await?
        .ok_or_else(no_such_connection)?;
    let view = view(&mut tx, updated).await?;
    tx.commit().await?;
    Ok(view)
}

/// Removes a connection and its bindings; runs that call an alias bound to it afterwards fail
/// with a clear error.
pub async fn delete(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    name: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let existing = connections::find(&mut tx, name)
        .await?
        .ok_or_else(no_such_connection)?;
    connections::delete(&mut tx, existing.id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ConnectionDeleted,
        target: Some(AuditTarget::connection(
            existing.id,
            existing.settings.name.as_str(),
        )),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "kind": existing.settings.kind }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The connection ready to call, its credential opened.
pub(crate) fn target(
    keyring: &Keyring,
    connection: &StoredConnection,
) -> Result<Target, ServiceError> {
    let settings = &connection.settings;
    let secret = settings
        .sealed_credential
        .as_deref()
        .map(|sealed| {
            keyring.open(
                sealed,
                &sealing_context(SecretOwner::Connection, &connection.id.to_string()),
            )
        })
        .transpose()
        .map_err(|e| {
            ServiceError::Internal(format!(
                "the credential of connection {} cannot be read: {e}",
                settings.name
            ))
        })?;
    Ok(Target {
        cache_key: format!("{}@{}", connection.id, connection.updated_at.as_millis()),
        name: settings.name.to_string(),
        config: config_of(settings)?,
        secret,
        egress: settings.egress.clone(),
        allowed_ranges: settings.allowed_ranges.clone(),
    })
}

/// Checks that the system answers and accepts the credential.
pub async fn test(
    store: &Store,
    keyring: &Keyring,
    connectors: &Connectors,
    name: &str,
) -> Result<ConnectionTest, ServiceError> {
    let connection = {
        let mut conn = store.acquire().await?;
        connections::find(&mut conn, name)
            .await?
            .ok_or_else(no_such_connection)?
    };
    let target = target(keyring, &connection)?;
    Ok(match connectors.test(&target).await {
        Ok(message) => ConnectionTest { ok: true, message },
        Err(error) => ConnectionTest {
            ok: false,
            message: error.to_string(),
        },
    })
}

/// Every binding of a workspace, in all environments.
pub async fn bindings(store: &Store, workspace: &str) -> Result<Vec<BindingView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    let bindings = connections::bindings(&mut conn, found.id, None).await?;
    Ok(bindings
        .iter()
        .map(|b| binding_view(b, found.slug.as_str()))
        .collect())
}

/// Binds `alias` in the workspace's environment to the connection named `connection`.
#[allow(clippy::too_many_arguments)]
pub async fn bind(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    environment: &str,
    alias_name: &str,
    connection: &str,
) -> Result<BindingView, ServiceError> {
    let alias = alias(alias_name)?;
    let mut tx = store.begin().await?;
    let found = by_slug(&mut tx, workspace).await?;
    let environment = environment_named(&mut tx, Some(environment)).await?;
    let target = connections::find(&mut tx, connection)
        .await?
        .ok_or_else(|| {
            ServiceError::invalid(
                "connection",
                format!("there is no connection '{connection}'"),
            )
        })?;
    if !target.settings.open_to(found.id) {
        return Err(ServiceError::invalid(
            "connection",
            format!(
                "{} is not open to the workspace {}: allow the workspace on the connection first",
                target.settings.name, found.slug
            ),
        ));
    }
    connections::bind(&mut tx, found.id, environment.id, &alias, target.id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ConnectionBound,
        target: Some(AuditTarget::connection(
            target.id,
            target.settings.name.as_str(),
        )),
        workspace: Some(found.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "environment": environment.slug.as_str(), "alias": alias }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(BindingView {
        workspace: found.slug.to_string(),
        environment: environment.slug.to_string(),
        alias,
        connection: target.settings.name.to_string(),
    })
}

pub async fn unbind(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    environment: &str,
    alias_name: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let found = by_slug(&mut tx, workspace).await?;
    let environment = environment_named(&mut tx, Some(environment)).await?;
    let bound = connections::bindings(&mut tx, found.id, Some(environment.id))
        .await?
        .into_iter()
        .find(|b| b.alias == alias_name)
        .ok_or_else(|| ServiceError::NotFound("There is no such binding.".to_owned()))?;
    connections::unbind(&mut tx, found.id, environment.id, alias_name).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ConnectionUnbound,
        target: Some(AuditTarget::connection(
            bound.connection,
            &bound.connection_name,
        )),
        workspace: Some(found.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "environment": environment.slug.as_str(), "alias": alias_name }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A connection as builders see it: its alias where they build, what it does, and its policy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UsableConnection {
    pub alias: String,
    pub connection: String,
    pub kind: ConnectorKind,
    pub description: String,
    pub read_label: String,
    pub write_clearance: String,
    /// The actions workflows of the workspace may call.
    pub actions: Vec<ActionSpec>,
}

/// The connections bound in an environment of a workspace (its first when none is named) that
/// the workspace — and the builder, by their groups — may use, with the actions it may call.
pub async fn usable(
    store: &Store,
    by: &Principal,
    workspace: &str,
    environment: Option<&str>,
) -> Result<Vec<UsableConnection>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    by.require(Permission::EditWorkflows, Scope::Workspace(found.id))?;
    let environment = environment_named(&mut conn, environment).await?;
    let mut usable = Vec::new();
    for binding in connections::bindings(&mut conn, found.id, Some(environment.id)).await? {
        let Some(connection) = connections::find_by_id(&mut conn, binding.connection).await? else {
            continue;
        };
        let settings = &connection.settings;
        if !settings.open_to(found.id)
            || !settings.open_to_member_of(&by.groups)
            || !settings.enabled
        {
            continue;
        }
        usable.push(UsableConnection {
            alias: binding.alias,
            connection: settings.name.to_string(),
            kind: settings.kind,
            description: settings.description.clone(),
            read_label: settings.read_label.to_string(),
            write_clearance: settings.write_clearance.to_string(),
            actions: permitted_actions(settings)?,
        });
    }
    Ok(usable)
}

/// The actions a connection declares that workflows may call.
pub(crate) fn permitted_actions(
    settings: &ConnectionSettings,
) -> Result<Vec<ActionSpec>, ServiceError> {
    Ok(config_of(settings)?
        .actions()
        .into_iter()
        .filter(|action| {
            settings
                .allowed_actions
                .as_ref()
                .is_none_or(|allowed| allowed.contains(&action.name))
        })
        .collect())
}
