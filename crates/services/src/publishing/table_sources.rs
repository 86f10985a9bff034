//! Tables for batches picked from a file store instead of uploaded: the file-store connections
//! bound where the app runs that the person may use, the files in them, and a table read from
//! one. The connection is held to what a run calling it would be — open to the workspace and to
//! the person's groups, switched on, reading allowed — and what it holds must be no more
//! sensitive than what the app's inputs take, since its rows become their values.

use paddock_core::connection::ConnectorKind;
use paddock_core::label::Clearance;
use paddock_core::publishing::InterfaceKind;
use paddock_integrations::connectors::{Call, CallError, file_content};
use paddock_store::Store;
use paddock_store::connections::{self, StoredConnection};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::runs::AppAddress;
use super::{App, admit, find};
use crate::ServiceError;
use crate::auth::Principal;
use crate::connections::gateway::ConnectionGateway;
use crate::connections::{permitted_actions, target};

/// A file store a batch's table can come from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TableSource {
    /// The name the connection is bound under where the app runs.
    pub alias: String,
    pub description: String,
    /// How sensitive what it holds is.
    pub label: String,
}

/// A file or folder in a file store.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoredFile {
    /// Its path from the store's root: give it to read the file.
    pub path: String,
    pub name: String,
    pub folder: bool,
    pub size: Option<u64>,
}

/// Why the connection cannot feed the app's batches, if it cannot.
fn why_not(app: &App, by: &Principal, connection: &StoredConnection) -> Option<String> {
    let settings = &connection.settings;
    if settings.kind != ConnectorKind::Files {
        return Some(format!("{} is not a file store", settings.name));
    }
    if !settings.open_to(app.workspace.id) {
        return Some(format!(
            "{} is not open to {}",
            settings.name, app.workspace.name
        ));
    }
    if !settings.groups.is_empty() && !settings.open_to_member_of(&by.groups) {
        return Some(format!(
            "{} may be used only by members of its groups",
            settings.name
        ));
    }
    if !settings.enabled {
        return Some(format!("{} is switched off", settings.name));
    }
    let reads = permitted_actions(settings)
        .map(|actions| actions.iter().any(|action| action.name == "read"))
        .unwrap_or(false);
    if !reads {
        return Some(format!(
            "reading files from {} is not allowed",
            settings.name
        ));
    }
    // Whoever starts the batch sees the table's rows (its preview, its results): the batch's
    // audience must be cleared for what the store holds.
    let cleared = app
        .interfaces
        .get(InterfaceKind::Batch)
        .is_some_and(|batch| batch.clearance.admits(&settings.read_label));
    if !cleared {
        return Some(format!(
            "{} holds {} data, above what the batch's audience may see",
            settings.name, settings.read_label
        ));
    }
    // Any column may feed any input: every input must take what the store holds.
    for (input, spec) in &app.checked.workflow.definition.inputs {
        let label = spec.label.as_deref().unwrap_or("internal");
        let admits = Clearance::parse(label).is_ok_and(|taken| taken.admits(&settings.read_label));
        if !admits {
            return Some(format!(
                "{} holds {} data, and the input {input} takes at most {label}",
                settings.name, settings.read_label
            ));
        }
    }
    None
}

/// The app, when `by` may run it as a batch.
async fn batch_app(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<App, ServiceError> {
    let (workspace, name, environment) = address;
    let app = find(store, workspace, name, environment).await?;
    admit(by, &app, InterfaceKind::Batch)?;
    Ok(app)
}

/// The connections bound where the app runs, each with its alias.
async fn bound(store: &Store, app: &App) -> Result<Vec<(String, StoredConnection)>, ServiceError> {
    let mut conn = store.acquire().await?;
    let bindings =
        connections::bindings(&mut conn, app.workspace.id, Some(app.environment.id)).await?;
    let mut found = Vec::with_capacity(bindings.len());
    for binding in bindings {
        if let Some(connection) = connections::find_by_id(&mut conn, binding.connection).await? {
            found.push((binding.alias, connection));
        }
    }
    Ok(found)
}

/// The file stores `by` may read the app's batch tables from.
pub async fn sources(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<Vec<TableSource>, ServiceError> {
    let app = batch_app(store, by, address).await?;
    Ok(bound(store, &app)
        .await?
        .into_iter()
        .filter(|(_, connection)| why_not(&app, by, connection).is_none())
        .map(|(alias, connection)| TableSource {
            alias,
            description: connection.settings.description.clone(),
            label: connection.settings.read_label.to_string(),
        })
        .collect())
}

/// The connection bound as `alias` where the app runs, when it may feed `by`'s batches.
async fn usable(
    store: &Store,
    by: &Principal,
    app: &App,
    alias: &str,
) -> Result<StoredConnection, ServiceError> {
    let (_, connection) = bound(store, app)
        .await?
        .into_iter()
        .find(|(bound_as, _)| bound_as == alias)
        .ok_or_else(|| {
            ServiceError::NotFound(format!(
                "No connection is bound as '{alias}' where '{}' runs.",
                app.name
            ))
        })?;
    match why_not(app, by, &connection) {
        None => Ok(connection),
        Some(why) => Err(ServiceError::Forbidden(format!(
            "A batch's table cannot come from '{alias}': {why}."
        ))),
    }
}

async fn call(
    gateway: &ConnectionGateway,
    connection: &StoredConnection,
    action: &str,
    input: &Value,
) -> Result<Value, ServiceError> {
    let target = target(gateway.keyring(), connection)?;
    let call = Call {
        action,
        input,
        idempotency_key: None,
    };
    gateway
        .connectors()
        .call(&target, call)
        .await
        .map_err(|error| match error {
            CallError::Invalid(message) => ServiceError::invalid("path", message),
            CallError::Blocked(why) => ServiceError::Forbidden(why),
            CallError::Failed { message, .. } => ServiceError::invalid(
                "path",
                format!("{} could not do it: {message}", connection.settings.name),
            ),
        })
}

/// The files in `folder` (the root when none) of the file store bound as `alias`.
pub async fn files(
    store: &Store,
    gateway: &ConnectionGateway,
    by: &Principal,
    address: AppAddress<'_>,
    (alias, folder): (&str, Option<&str>),
) -> Result<Vec<StoredFile>, ServiceError> {
    let app = batch_app(store, by, address).await?;
    let connection = usable(store, by, &app, alias).await?;
    let input = match folder {
        Some(folder) => json!({ "folder": folder }),
        None => json!({}),
    };
    let listing = call(gateway, &connection, "list", &input).await?;
    let prefix = folder
        .map(|folder| folder.trim_matches('/'))
        .filter(|folder| !folder.is_empty());
    Ok(listing["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|file| {
            let name = file["name"].as_str()?.to_owned();
            Some(StoredFile {
                path: match prefix {
                    Some(prefix) => format!("{prefix}/{name}"),
                    None => name.clone(),
                },
                folder: file["folder"].as_bool().unwrap_or(false),
                size: file["size"].as_u64(),
                name,
            })
        })
        .collect())
}

/// The table at `path` in the file store bound as `alias`: its file name and its bytes.
pub async fn read(
    store: &Store,
    gateway: &ConnectionGateway,
    by: &Principal,
    address: AppAddress<'_>,
    (alias, path): (&str, &str),
) -> Result<(String, Vec<u8>), ServiceError> {
    let app = batch_app(store, by, address).await?;
    let connection = usable(store, by, &app, alias).await?;
    // The connector reads at most 10 MB; the table is then held to a batch's own limits.
    let file = call(gateway, &connection, "read", &json!({ "path": path })).await?;
    let content = file_content(&file).map_err(|error| {
        ServiceError::Internal(format!("the file store answered with no file: {error}"))
    })?;
    let name = path.rsplit('/').next().unwrap_or(path).to_owned();
    Ok((name, content))
}
