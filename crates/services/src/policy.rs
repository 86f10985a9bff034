//! The static policy check of a workflow for a workspace and an environment: which models the
//! workflow may use there, and whether its labelled data reaches a model not cleared for it
//! ([`paddock_core::policy`]). Builders see the result when they save a draft; the command
//! line and the API answer it on request.

use paddock_core::label::Clearance;
use paddock_core::policy::{self, Context, Violation};
use paddock_core::{Permission, Scope};
use paddock_store::models;
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store};

use crate::ServiceError;
use crate::auth::Principal;
use crate::workflows::{self, check_once};
use crate::workspaces::{by_slug, environment_named};

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
    let context = context(conn, workspace).await?;
    Ok(PolicyReport {
        workspace: workspace.slug.to_string(),
        environment: environment.slug.to_string(),
        violations: policy::check(&checked.workflow, workflows::catalog(), &context),
    })
}

/// What workflows of `workspace` may use: the models open to it, with their clearances.
/// Whether a model is switched on is not policy: a switched-off model is still permitted, and
/// says so when a run calls it.
pub(crate) async fn context(
    conn: &mut Connection,
    workspace: &Workspace,
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
    Ok(Context { models })
}
