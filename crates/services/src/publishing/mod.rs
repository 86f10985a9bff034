//! Publishing: deployments served as apps — a web form, a batch over a table, an API endpoint —
//! to the audiences their review approved. This module finds an app and decides who may use it
//! through which interface; [`runs`] starts and follows its runs, [`uploads`] takes the files
//! its inputs ask for, [`batches`] runs a table a row at a time, [`callbacks`] tells API callers
//! when their runs end, and [`catalog`] lists what a person may use.

pub mod batches;
pub mod callbacks;
pub mod catalog;
pub mod openapi;
pub mod public;
pub mod run_files;
pub mod runs;
mod table;
pub mod table_sources;
pub mod uploads;

use std::sync::Arc;

use paddock_core::Code;
use paddock_core::ids::VersionId;
use paddock_core::publishing::{Interface, InterfaceKind, Interfaces, InterfacesSpec};
use paddock_core::{Permission, Scope};
use paddock_store::deployments::Deployment;
use paddock_store::versions::Version;
use paddock_store::workspaces::{Environment, Workspace};
use paddock_store::{Connection, Store, groups};
use serde_json::json;

use crate::ServiceError;
use crate::auth::Principal;
use crate::workflows::{self, Checked};

/// A published app: the deployment that serves it, the version it runs, and its interfaces.
#[derive(Clone)]
pub struct App {
    pub workspace: Workspace,
    pub name: String,
    pub environment: Environment,
    pub deployment: Deployment,
    pub version: Arc<Version>,
    pub interfaces: Interfaces,
    pub checked: Arc<Checked>,
}

impl App {
    pub fn description(&self) -> &str {
        self.checked
            .workflow
            .definition
            .description
            .as_deref()
            .unwrap_or_default()
    }
}

pub(crate) fn no_such_app(workspace: &str, name: &str) -> ServiceError {
    ServiceError::NotFound(format!(
        "There is no app '{name}' published in {workspace}."
    ))
}

/// Versions read, by id: a version never changes, so each is read once per process (a few
/// hundred at most are kept).
static VERSIONS: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<VersionId, Arc<Version>>>,
> = std::sync::LazyLock::new(Default::default);
const VERSIONS_KEPT: usize = 512;

/// The version a deployment runs.
async fn version_of(
    store: &Store,
    deployment: &Deployment,
) -> Result<Option<Arc<Version>>, ServiceError> {
    if let Some(known) = VERSIONS
        .lock()
        .expect("not poisoned")
        .get(&deployment.version)
    {
        return Ok(Some(known.clone()));
    }
    let mut conn = store.acquire().await?;
    let Some(version) =
        paddock_store::versions::find(&mut conn, deployment.workflow, deployment.version_number)
            .await?
    else {
        return Ok(None);
    };
    let version = Arc::new(version);
    let mut known = VERSIONS.lock().expect("not poisoned");
    if known.len() >= VERSIONS_KEPT {
        known.clear();
    }
    known.insert(version.id, version.clone());
    Ok(Some(version))
}

/// Reads stored interfaces; a deployment stored with interfaces that no longer read serves none.
pub(crate) fn interfaces_of(spec: &InterfacesSpec) -> Interfaces {
    spec.parse().unwrap_or_else(|problem| {
        tracing::error!(%problem, "stored interfaces do not read; the deployment serves none");
        Interfaces::default()
    })
}

/// The app `name` of `workspace`: served from `environment`, or, when none is named, from the
/// last environment of the chain where it is published.
pub(crate) async fn find(
    store: &Store,
    workspace: &str,
    name: &str,
    environment: Option<&str>,
) -> Result<App, ServiceError> {
    let missing = || no_such_app(workspace, name);
    for placed in store.live_named(workspace, name).await?.iter() {
        if environment.is_some_and(|wanted| wanted != placed.environment.slug.as_str()) {
            continue;
        }
        let interfaces = interfaces_of(&placed.deployment.interfaces);
        if interfaces.is_empty() {
            continue;
        }
        let version = version_of(store, &placed.deployment)
            .await?
            .ok_or_else(missing)?;
        let checked = workflows::check_once(&version.definition).map_err(|problems| {
            ServiceError::Internal(format!(
                "a deployed version no longer validates: {problems}"
            ))
        })?;
        return Ok(App {
            workspace: placed.workspace.clone(),
            name: name.to_owned(),
            environment: placed.environment.clone(),
            deployment: placed.deployment.clone(),
            version,
            interfaces,
            checked,
        });
    }
    Err(missing())
}

/// Whether `by` may use `app` through `kind`: the permission table lets them use apps in the
/// workspace, the interface is published to a group they are in, and the app is not frozen.
/// Returns the interface.
pub(crate) fn admit<'a>(
    by: &Principal,
    app: &'a App,
    kind: InterfaceKind,
) -> Result<&'a Interface, ServiceError> {
    by.require(Permission::UseApps, Scope::Workspace(app.workspace.id))?;
    let interface = app.interfaces.get(kind).ok_or_else(|| {
        ServiceError::NotFound(format!(
            "'{}' is not published as {} in {}.",
            app.name,
            describe(kind),
            app.environment.name
        ))
    })?;
    if !interface.admits_member_of(&by.groups) {
        return Err(ServiceError::refused(
            Code::NotInAudience,
            format!(
                "'{}' is not published to you as {}: you are in none of the groups it serves. Ask its owner in {} for access.",
                app.name,
                describe(kind),
                app.workspace.name
            ),
            json!({ "interface": kind.as_str() }),
        ));
    }
    if let Some(freeze) = &app.deployment.frozen {
        return Err(ServiceError::refused(
            Code::Frozen,
            format!(
                "'{}' is paused ({}); new runs are refused until IT resumes it.",
                app.name, freeze.reason
            ),
            json!({ "reason": freeze.reason, "since": freeze.at.to_rfc3339() }),
        ));
    }
    Ok(interface)
}

/// Refuses `by` unless they may use the app at `address` through `kind`: asked before a large
/// body (a file, a table) is read.
pub async fn admit_to(
    store: &Store,
    by: &Principal,
    (workspace, name, environment): (&str, &str, Option<&str>),
    kind: InterfaceKind,
) -> Result<(), ServiceError> {
    let app = find(store, workspace, name, environment).await?;
    admit(by, &app, kind)?;
    Ok(())
}

/// The interfaces of `app` open to `by`: where the permission table lets them use apps and
/// they are in the audience.
pub(crate) fn open_to(by: &Principal, app: &App) -> Vec<InterfaceKind> {
    if by
        .require(Permission::UseApps, Scope::Workspace(app.workspace.id))
        .is_err()
    {
        return Vec::new();
    }
    app.interfaces.open_to(&by.groups)
}

fn describe(kind: InterfaceKind) -> &'static str {
    match kind {
        InterfaceKind::Form => "a form",
        InterfaceKind::Batch => "a batch",
        InterfaceKind::Api => "an API",
    }
}

/// An app `by` may see, with the interfaces open to them: one they may use through no
/// interface does not exist for them.
pub async fn get(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: Option<&str>,
) -> Result<(App, Vec<InterfaceKind>), ServiceError> {
    let app = find(store, workspace, name, environment).await?;
    let open = open_to(by, &app);
    if open.is_empty() {
        return Err(no_such_app(workspace, name));
    }
    Ok((app, open))
}

/// Checks interfaces as submitted by `by`: each reads, each group of each audience exists, and
/// private address ranges for callbacks — a way into the organisation's own network — come
/// from an administrator, as a connection's do.
pub(crate) async fn check_interfaces(
    conn: &mut Connection,
    by: &Principal,
    spec: &InterfacesSpec,
) -> Result<Interfaces, ServiceError> {
    let interfaces = spec
        .parse()
        .map_err(|problem| ServiceError::invalid("interfaces", problem))?;
    if !interfaces.callback_ranges.is_empty()
        && by
            .require(Permission::AdministerOrganisation, Scope::Organisation)
            .is_err()
    {
        return Err(ServiceError::Forbidden(
            "Only an administrator may let callbacks reach private addresses (interfaces.callback_ranges).".to_owned(),
        ));
    }
    for (kind, interface) in interfaces.offered() {
        for group in &interface.audience {
            if groups::find(conn, *group).await?.is_none() {
                return Err(ServiceError::invalid(
                    "interfaces",
                    format!("interfaces.{kind}.audience: there is no group {group}"),
                ));
            }
        }
    }
    Ok(interfaces)
}

/// Starts what keeps published apps going in the background until `stop` resolves: the batch
/// driver and the completion callback sender.
pub fn spawn_background(
    store: &Store,
    keyring: &paddock_integrations::secrets::Keyring,
    wakeup: &crate::worker::Wakeup,
    stop: tokio::sync::watch::Receiver<()>,
) {
    tokio::spawn(batches::drive(store.clone(), wakeup.clone(), stop.clone()));
    tokio::spawn(callbacks::watch(
        store.clone(),
        keyring.clone(),
        stop.clone(),
    ));
    tokio::spawn(crate::runs::artifacts::watch(store.clone(), stop));
}

/// A group an app can be published to.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AudienceGroup {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// The groups apps can be published to, for whoever submits or reviews versions.
pub async fn audience_groups(
    store: &Store,
    by: &Principal,
) -> Result<Vec<AudienceGroup>, ServiceError> {
    if !paddock_core::access::authorize_anywhere(&by.grants, Permission::ViewReviews) {
        return Err(ServiceError::Forbidden(format!(
            "Your roles do not allow this ({}).",
            Permission::ViewReviews.describe()
        )));
    }
    let mut conn = store.acquire().await?;
    Ok(groups::list(&mut conn)
        .await?
        .into_iter()
        .map(|group| AudienceGroup {
            id: group.id.to_string(),
            name: group.name.to_string(),
            description: group.description,
        })
        .collect())
}
