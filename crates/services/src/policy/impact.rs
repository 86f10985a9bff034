//! The impact of a policy change before it is saved: which workflows would start violating
//! policy if a model's clearance or access, or a connection's labels, actions or access, changed
//! as proposed — each with the violations the change would add. Drafts are checked where they
//! are built (each workspace's first environment); deployments join when they exist.

use std::collections::BTreeMap;

use paddock_core::label::{Clearance, Label};
use paddock_core::policy::{self, Context, Violation};
use paddock_core::values::Slug;
use paddock_core::{Permission, Scope};
use paddock_store::connections::StoredConnection;
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store, connections, models, workflows as drafts, workspaces};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::context;
use crate::ServiceError;
use crate::auth::Principal;
use crate::connections::permitted_actions;
use crate::workflows::{self, check_once};

/// A model's or a connection's policy as an administrator is about to save it: the same fields
/// as its form, with the same defaults. Exactly one of `model` and `connection`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedPolicy {
    /// The model's name, for a model change.
    pub model: Option<String>,
    /// The connection's name, for a connection change.
    pub connection: Option<String>,
    /// A model's clearance (default `internal`).
    pub clearance: Option<String>,
    /// A connection's read label (default `internal`).
    pub read_label: Option<String>,
    /// A connection's write clearance (default `internal`).
    pub write_clearance: Option<String>,
    /// A connection's allowed actions; every declared action when absent.
    pub allowed_actions: Option<Vec<String>>,
    #[serde(default)]
    pub all_workspaces: bool,
    /// Workspace slugs that may use it when it is not open to all.
    #[serde(default)]
    pub workspaces: Vec<String>,
}

/// A workflow the change would put in violation, and how.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Affected {
    pub workspace: String,
    pub workflow: String,
    pub environment: String,
    /// Only the violations the change adds.
    pub violations: Vec<Violation>,
}

/// What a proposed change does to each workspace's context.
enum Change {
    Model {
        name: String,
        clearance: Clearance,
        open_to: Access,
    },
    Connection {
        connection: Box<StoredConnection>,
        read_label: Label,
        write_clearance: Clearance,
        open_to: Access,
    },
}

/// Who may use the model or connection after the change.
struct Access {
    all: bool,
    workspaces: Vec<paddock_core::ids::WorkspaceId>,
}

impl Access {
    fn admits(&self, workspace: &Workspace) -> bool {
        self.all || self.workspaces.contains(&workspace.id)
    }
}

async fn parse(conn: &mut Connection, proposed: ProposedPolicy) -> Result<Change, ServiceError> {
    let mut allowed = Vec::new();
    for slug in &proposed.workspaces {
        let slug = Slug::parse(slug).map_err(|e| ServiceError::invalid("workspaces", e))?;
        let found = workspaces::find_workspace(conn, &slug)
            .await?
            .ok_or_else(|| {
                ServiceError::invalid("workspaces", format!("there is no workspace '{slug}'"))
            })?;
        allowed.push(found.id);
    }
    let open_to = Access {
        all: proposed.all_workspaces,
        workspaces: allowed,
    };
    let clearance = |field, raw: Option<String>| match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(Clearance::parse("internal").expect("valid")),
        Some(raw) => Clearance::parse(raw).map_err(|e| ServiceError::invalid(field, e)),
    };
    match (proposed.model, proposed.connection) {
        (Some(name), None) => {
            if models::find(conn, &name).await?.is_none() {
                return Err(ServiceError::NotFound(format!(
                    "There is no model '{name}'."
                )));
            }
            Ok(Change::Model {
                name,
                clearance: clearance("clearance", proposed.clearance)?,
                open_to,
            })
        }
        (None, Some(name)) => {
            let mut connection = connections::find(conn, &name).await?.ok_or_else(|| {
                ServiceError::NotFound(format!("There is no connection '{name}'."))
            })?;
            let read_label = match proposed.read_label.as_deref().map(str::trim) {
                None | Some("") => Label::parse("internal").expect("valid"),
                Some(raw) => {
                    Label::parse(raw).map_err(|e| ServiceError::invalid("read_label", e))?
                }
            };
            connection.settings.allowed_actions = proposed.allowed_actions;
            Ok(Change::Connection {
                connection: Box::new(connection),
                read_label,
                write_clearance: clearance("write_clearance", proposed.write_clearance)?,
                open_to,
            })
        }
        _ => Err(ServiceError::invalid(
            "model",
            "name either a model or a connection",
        )),
    }
}

impl Change {
    /// `context` as it would be for `workspace` after the change.
    fn apply(&self, mut context: Context, workspace: &Workspace) -> Result<Context, ServiceError> {
        match self {
            Change::Model {
                name,
                clearance,
                open_to,
            } => {
                if open_to.admits(workspace) {
                    context.models.insert(name.clone(), clearance.clone());
                } else {
                    context.models.remove(name);
                }
            }
            Change::Connection {
                connection,
                read_label,
                write_clearance,
                open_to,
            } => {
                let name = connection.settings.name.as_str();
                let actions: BTreeMap<_, _> = permitted_actions(&connection.settings)?
                    .into_iter()
                    .map(|action| (action.name, action.access))
                    .collect();
                for sink in context.connections.values_mut() {
                    if sink.name == name {
                        sink.read_label = read_label.clone();
                        sink.write_clearance = write_clearance.clone();
                        sink.actions = open_to.admits(workspace).then(|| actions.clone());
                    }
                }
            }
        }
        Ok(context)
    }
}

/// The workflows the proposed change would put in violation.
pub async fn impact(
    store: &Store,
    by: &Principal,
    proposed: ProposedPolicy,
) -> Result<Vec<Affected>, ServiceError> {
    by.require(Permission::AdministerOrganisation, Scope::Organisation)?;
    let mut conn = store.acquire().await?;
    let change = parse(&mut conn, proposed).await?;
    let environment = crate::workspaces::environment_named(&mut conn, None).await?;
    let mut affected = Vec::new();
    for workspace in workspaces::list_workspaces(&mut conn).await? {
        let before = context(&mut conn, &workspace, None, None).await?;
        let after = change.apply(before.clone(), &workspace)?;
        for draft in drafts::list(&mut conn, workspace.id).await? {
            // A draft that does not validate has problems to fix before policy matters.
            let Ok(checked) = check_once(&draft.definition) else {
                continue;
            };
            let known = policy::check(&checked.workflow, workflows::catalog(), &before);
            let added: Vec<Violation> =
                policy::check(&checked.workflow, workflows::catalog(), &after)
                    .into_iter()
                    .filter(|violation| !known.contains(violation))
                    .collect();
            if !added.is_empty() {
                affected.push(Affected {
                    workspace: workspace.slug.to_string(),
                    workflow: draft.name,
                    environment: environment.slug.to_string(),
                    violations: added,
                });
            }
        }
    }
    Ok(affected)
}
