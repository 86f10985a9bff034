//! The static policy check of a workflow for a workspace and an environment: which models and
//! connections the workflow may use there, and whether its labelled data reaches a sink not
//! cleared for it
//! ([`paddock_core::policy`]). Builders see the result when they save a draft; the command
//! line and the API answer it on request.

mod impact;

use std::collections::BTreeMap;

use paddock_core::ids::{EnvironmentId, WorkspaceId};
use paddock_core::label::{Clearance, Label};
use paddock_core::policy::{self, ConnectionSink, Context, Violation};
use paddock_core::workflow::{Graph, Workflow};
use paddock_core::{Permission, Scope};
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store};
use paddock_store::{connections, models};

use crate::ServiceError;
use crate::auth::Principal;
use crate::connections::permitted_actions;
use crate::workflows::{self, check_once};
use crate::workspaces::{by_slug, environment_named};

pub use impact::{Affected, ProposedPolicy, impact};

/// The outcome of a check: no violations means the workflow may run there.
#[derive(Debug, Clone)]
pub struct PolicyReport {
    pub workspace: String,
    pub environment: String,
    pub violations: Vec<Violation>,
}

/// Checks `definition` for the workspace and environment (its first, dev, when none is named),
/// for a builder of the workspace — or, with no principal, for the operator's own commands (the
/// shell is trusted). The definition must be valid first: its problems are the answer otherwise.
pub async fn check(
    store: &Store,
    by: Option<&Principal>,
    workspace: &str,
    environment: Option<&str>,
    definition: &str,
) -> Result<PolicyReport, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    if let Some(by) = by {
        by.require(Permission::EditWorkflows, Scope::Workspace(found.id))?;
    }
    report(&mut conn, &found, environment, definition).await
}

async fn report(
    conn: &mut Connection,
    workspace: &Workspace,
    environment: Option<&str>,
    definition: &str,
) -> Result<PolicyReport, ServiceError> {
    let environment = environment_named(conn, environment).await?;
    let checked = check_once(definition)
        .map_err(|problems| ServiceError::problems("definition", problems))?;
    let context = context(conn, workspace, Some(environment.slug.as_str())).await?;
    Ok(PolicyReport {
        workspace: workspace.slug.to_string(),
        environment: environment.slug.to_string(),
        violations: policy::check(&checked.workflow, workflows::catalog(), &context),
    })
}

/// What workflows of `workspace` may use in an environment (its first when none is named): the
/// models open to it, with their clearances, and the connections bound there, with their
/// labels, clearances and the actions the workspace may call. Whether a model or connection is
/// switched on is not policy: a switched-off one is still permitted, and says so when a run
/// calls it.
pub(crate) async fn context(
    conn: &mut Connection,
    workspace: &Workspace,
    environment: Option<&str>,
) -> Result<Context, ServiceError> {
    let models = models::list(conn)
        .await?
        .into_iter()
        .filter(|model| model.settings.open_to(workspace.id))
        .map(|model| {
            let clearance: Clearance = model.settings.clearance;
            (model.settings.name.to_string(), clearance)
        })
        .collect();
    let environment = environment_named(conn, environment).await?;
    let connections = bound_connections(conn, workspace.id, environment.id).await?;
    Ok(Context {
        models,
        connections,
    })
}

/// The connections bound in an environment of a workspace, as the policy check sees them.
async fn bound_connections(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
) -> Result<BTreeMap<String, ConnectionSink>, ServiceError> {
    let mut sinks = BTreeMap::new();
    for binding in connections::bindings(conn, workspace, Some(environment)).await? {
        let Some(connection) = connections::find_by_id(conn, binding.connection).await? else {
            continue;
        };
        let settings = &connection.settings;
        let actions = if settings.open_to(workspace) {
            Some(
                permitted_actions(settings)?
                    .into_iter()
                    .map(|action| (action.name, action.access))
                    .collect(),
            )
        } else {
            None
        };
        sinks.insert(
            binding.alias,
            ConnectionSink {
                name: settings.name.to_string(),
                actions,
                read_label: settings.read_label.clone(),
                write_clearance: settings.write_clearance.clone(),
            },
        );
    }
    Ok(sinks)
}

/// The label of what each connector step of `workflow` sends, for the run's own check at the
/// sink.
pub(crate) async fn sent_labels(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
    workflow: &Workflow,
) -> Result<BTreeMap<String, Label>, ServiceError> {
    let context = Context {
        models: BTreeMap::new(),
        connections: bound_connections(conn, workspace, environment).await?,
    };
    Ok(policy::analyse(workflow, workflows::catalog(), &context).sent)
}

/// Whether any step of `graph`, or of a map inside it, calls a connection.
pub(crate) fn calls_connections(graph: &Graph) -> bool {
    graph.nodes.iter().any(|node| {
        node.step.uses == "connector" || node.body.as_ref().is_some_and(calls_connections)
    })
}
