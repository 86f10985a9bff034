//! The static policy check of a workflow for a workspace and an environment: which models and
//! connections the workflow may use there, and whether its labelled data reaches a sink not
//! cleared for it
//! ([`paddock_core::policy`]). Builders see the result when they save a draft; the command
//! line and the API answer it on request.

mod impact;
mod sink;

use std::collections::BTreeMap;

use paddock_core::ids::{EnvironmentId, GroupId, WorkspaceId};
use paddock_core::label::Clearance;
use paddock_core::policy::{self, ConnectionSink, Context, Violation};
use paddock_core::publishing::InterfaceKind;
use paddock_core::workflow::{Graph, Workflow};
use paddock_core::{Permission, Scope};
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store};
use paddock_store::{connections, groups, models};

use crate::ServiceError;
use crate::auth::Principal;
use crate::connections::permitted_actions;
use crate::workflows::{self, check_once};
use crate::workspaces::{by_slug, environment_named};

pub use impact::{Affected, ProposedPolicy, impact};
pub use sink::RunPlace;

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
    let member_of = match by {
        Some(by) => {
            by.require(Permission::EditWorkflows, Scope::Workspace(found.id))?;
            Some(by.groups.clone())
        }
        None => None,
    };
    report(
        &mut conn,
        &found,
        environment,
        member_of.as_deref(),
        definition,
        &[],
    )
    .await
}

/// Checks `definition` where it would run, with its outputs published to `audiences`.
pub(crate) async fn report(
    conn: &mut Connection,
    workspace: &Workspace,
    environment: Option<&str>,
    member_of: Option<&[GroupId]>,
    definition: &str,
    audiences: &[(InterfaceKind, Clearance)],
) -> Result<PolicyReport, ServiceError> {
    let environment = environment_named(conn, environment).await?;
    let checked = check_once(definition)
        .map_err(|problems| ServiceError::problems("definition", problems))?;
    let mut context = context(conn, workspace, Some(environment.slug.as_str()), member_of).await?;
    context.audiences = audiences.to_vec();
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
/// calls it. Checked for a person who is a member of `member_of`, connections limited to other
/// groups are not theirs to use; with none, who builds is not looked at.
pub(crate) async fn context(
    conn: &mut Connection,
    workspace: &Workspace,
    environment: Option<&str>,
    member_of: Option<&[GroupId]>,
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
    let connections = bound_connections(conn, workspace.id, environment.id, member_of).await?;
    let knowledge_bases = crate::knowledge::sources(conn, workspace.id, environment.id).await?;
    Ok(Context {
        models,
        connections,
        audiences: Vec::new(),
        knowledge_bases,
    })
}

/// The connections bound in an environment of a workspace, as the policy check sees them.
async fn bound_connections(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
    member_of: Option<&[GroupId]>,
) -> Result<BTreeMap<String, ConnectionSink>, ServiceError> {
    let mut sinks = BTreeMap::new();
    let mut group_names = None;
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
        let members_only = match member_of {
            Some(member_of) if !settings.open_to_member_of(member_of) => {
                let names = match &mut group_names {
                    Some(names) => names,
                    None => group_names.insert(groups::list(conn).await?),
                };
                Some(
                    names
                        .iter()
                        .filter(|group| settings.groups.contains(&group.id))
                        .map(|group| group.name.to_string())
                        .collect(),
                )
            }
            _ => None,
        };
        sinks.insert(
            binding.alias,
            ConnectionSink {
                name: settings.name.to_string(),
                actions,
                members_only,
                read_label: settings.read_label.clone(),
                write_clearance: settings.write_clearance.clone(),
            },
        );
    }
    Ok(sinks)
}

/// The label of what each sink step (model or connector) of `workflow` sends where it runs,
/// for the run's own check at the sink, and of what reaches its outputs (when `outputs`: a
/// published app's run, whose outputs are held to its audience's clearance). Workflows with no
/// sink need no analysis.
pub(crate) async fn sink_labels(
    store: &Store,
    workspace: WorkspaceId,
    environment: EnvironmentId,
    workflow: &Workflow,
    outputs: bool,
) -> Result<policy::Analysis, ServiceError> {
    let catalog = workflows::catalog();
    let calls_connection = |uses: &str| uses == "connector";
    let is_sink = |uses: &str| {
        calls_connection(uses) || catalog.get(uses).is_some_and(|kind| kind.uses_model)
    };
    let retrieves = |uses: &str| uses == "retrieve";
    // A retrieval needs the labels its knowledge bases had, which the run holds it to.
    if !outputs && !any_step(&workflow.graph, &is_sink) && !any_step(&workflow.graph, &retrieves) {
        return Ok(policy::Analysis::default());
    }
    let mut conn = store.acquire().await?;
    let connections = if any_step(&workflow.graph, &calls_connection) {
        bound_connections(&mut conn, workspace, environment, None).await?
    } else {
        BTreeMap::new()
    };
    // What a retrieval finds carries its knowledge base's label to every later sink.
    let knowledge_bases = if any_step(&workflow.graph, &retrieves) {
        crate::knowledge::sources(&mut conn, workspace, environment).await?
    } else {
        BTreeMap::new()
    };
    drop(conn);
    let context = Context {
        models: BTreeMap::new(),
        connections,
        audiences: Vec::new(),
        knowledge_bases,
    };
    Ok(policy::analyse(workflow, catalog, &context))
}

/// Whether any step of `graph`, or of a map inside it, is of a kind `uses` says yes to.
fn any_step(graph: &Graph, uses: &impl Fn(&str) -> bool) -> bool {
    graph.nodes.iter().any(|node| {
        uses(&node.step.uses) || node.body.as_ref().is_some_and(|body| any_step(body, uses))
    })
}
