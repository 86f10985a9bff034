//! Runs: start a test run of a draft in a workspace's dev environment, follow it, cancel it,
//! and decide the approvals it waits for. Starting, cancelling and deciding are audited in the
//! transaction that does them; workers ([`crate::worker`]) do the running.

pub mod artifacts;
mod intake;
mod testing;

pub use intake::Intake;
pub(crate) use intake::{Deployed, IdempotencyKey, Queued, Start, queue_in};
pub use testing::{Rerun, start_test_run, testing_workspace, upload_test_file};

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::RunId;
use paddock_core::promotion::PublishingRule;
use paddock_core::values::{DisplayName, Slug};
use paddock_core::workflow::inputs;
use paddock_core::{Permission, Scope};
use paddock_store::runs::{self, Run, StoredStep};
use paddock_store::workspaces::{Environment, Workspace};
use paddock_store::{Store, workspaces};
use serde_json::{Map, Value, json};
use std::sync::Arc;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::worker::Wakeup;
use crate::workflows::{self, Checked};
use crate::workspaces::{by_slug, environment_named};

/// A run with its steps.
#[derive(Debug, Clone)]
pub struct RunDetails {
    pub run: Run,
    pub workspace: Slug,
    /// Where it runs, and the version it runs (none for a test run of a draft).
    pub environment: Slug,
    pub version: Option<u64>,
    pub steps: Vec<StoredStep>,
    /// The documents it wrote.
    pub artifacts: Vec<paddock_store::artifacts::Artifact>,
}

pub(crate) fn no_such_run() -> ServiceError {
    ServiceError::NotFound("There is no such run.".to_owned())
}

pub(crate) fn target(run: &Run) -> Target {
    Target::run(run.id, &run.workflow_name)
}

/// The version live in an environment, to run.
pub(crate) struct LiveVersion<'a> {
    pub workspace: Workspace,
    pub environment: Environment,
    pub definition: &'a str,
    pub deployed: Deployed,
}

/// Queues a run of a deployed version; the caller has found the deployment and checked that
/// `by` may run it and that it is not frozen.
pub(crate) async fn start_deployed_run(
    intake: &Intake,
    context: &RequestContext,
    by: &Principal,
    live: LiveVersion<'_>,
    given: &Map<String, Value>,
) -> Result<RunDetails, ServiceError> {
    let LiveVersion {
        workspace,
        environment,
        definition,
        deployed,
    } = live;
    let (checked, inputs) = prepare(definition, given)?;
    let slug = workspace.slug.clone();
    let environment_slug = environment.slug.clone();
    let run = intake
        .queue(Start {
            id: RunId::generate(),
            context: context.clone(),
            actor: Actor::of(by),
            started_by: Some(by.user_id),
            workspace,
            environment,
            checked,
            inputs,
            deployed: Some(deployed),
            served: None,
            idempotency: None,
            callback: None,
            rerun_of: None,
        })
        .await?;
    Ok(RunDetails {
        run,
        workspace: slug,
        environment: environment_slug,
        version: Some(deployed.number),
        steps: Vec::new(),
        artifacts: Vec::new(),
    })
}

/// The workflow `definition` describes, checked; refused with its problems.
pub(crate) fn check_definition(definition: &str) -> Result<Arc<Checked>, ServiceError> {
    workflows::check_once(definition)
        .map_err(|problems| ServiceError::problems("definition", problems))
}

/// The definition checked (once per distinct text) and the inputs resolved against it.
pub(crate) fn prepare(
    definition: &str,
    given: &Map<String, Value>,
) -> Result<(Arc<Checked>, Value), ServiceError> {
    let checked = check_definition(definition)?;
    let resolved = inputs::resolve(&checked.workflow.definition.inputs, given)
        .map_err(|problems| ServiceError::problems("inputs", problems))?;
    Ok((checked, Value::Object(resolved)))
}

/// The workspace and environment of a scratch data directory, where `paddock run` works when
/// given none.
pub const SCRATCH_WORKSPACE: &str = "scratch";

/// Queues a run from the command line (`paddock run`), in `workspace`, or in a scratch
/// workspace created for it when none is named.
pub async fn start_from_command_line(
    store: &Store,
    intake: &Intake,
    workspace: Option<&str>,
    definition: &str,
    given: &Map<String, Value>,
) -> Result<RunId, ServiceError> {
    let (checked, inputs) = prepare(definition, given)?;
    let (found, environment) = match workspace {
        Some(slug) => {
            let mut conn = store.acquire().await?;
            let found = by_slug(&mut conn, slug).await?;
            (found, environment_named(&mut conn, None).await?)
        }
        None => {
            let scratch = Slug::parse(SCRATCH_WORKSPACE).expect("a valid slug");
            let name = DisplayName::parse("Scratch").expect("a valid name");
            let dev = Slug::parse("dev").expect("a valid slug");
            let dev_name = DisplayName::parse("Development").expect("a valid name");
            let mut tx = store.begin().await?;
            workspaces::ensure_environment(&mut tx, &dev, &dev_name, 0, &PublishingRule::open())
                .await?;
            let found = workspaces::ensure_workspace(&mut tx, &scratch, &name).await?;
            let environment = environment_named(&mut tx, None).await?;
            tx.commit().await?;
            (found, environment)
        }
    };
    let run = intake
        .queue(Start {
            id: RunId::generate(),
            context: RequestContext::command_line(),
            actor: Actor::system("paddock run"),
            started_by: None,
            workspace: found,
            environment,
            checked,
            inputs,
            deployed: None,
            served: None,
            idempotency: None,
            callback: None,
            rerun_of: None,
        })
        .await?;
    Ok(run.id)
}

/// Loads a run the principal may see (with `permission` in its workspace); one they may not
/// see does not exist for them.
async fn visible_run(
    store: &Store,
    by: &Principal,
    id: RunId,
    permission: Permission,
) -> Result<RunDetails, ServiceError> {
    let mut conn = store.acquire().await?;
    let run = runs::find(&mut conn, id).await?.ok_or_else(no_such_run)?;
    let steps = runs::steps(&mut conn, id).await?;
    let artifacts = paddock_store::artifacts::of_run(&mut conn, id).await?;
    let workspace = workspaces::find_workspace_by_id(&mut conn, run.workspace)
        .await?
        .map(|w| w.slug)
        .ok_or_else(no_such_run)?;
    let environment = workspaces::environment_by_id(&mut conn, run.environment)
        .await?
        .map(|environment| environment.slug)
        .ok_or_else(no_such_run)?;
    let version = match run.version {
        Some(id) => paddock_store::versions::number_of(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let mut allowed = by
        .require(permission, Scope::Workspace(run.workspace))
        .is_ok()
        || run.started_by == Some(by.user_id);
    // Whoever is asked to approve a step of the run sees what they decide on.
    for record in steps.iter().filter_map(|step| step.record.as_ref()) {
        if allowed {
            break;
        }
        allowed = record.input.get("approvers").is_some()
            && crate::approvals::may_decide(store, by, record).await?;
    }
    if !allowed {
        return Err(no_such_run());
    }
    Ok(RunDetails {
        run,
        workspace,
        environment,
        version,
        steps,
        artifacts,
    })
}

pub async fn details(store: &Store, by: &Principal, id: RunId) -> Result<RunDetails, ServiceError> {
    visible_run(store, by, id, Permission::ViewRuns).await
}

/// A run the principal may see and operate (cancel, retry); one they may not see does not
/// exist for them.
async fn operable_run(
    store: &Store,
    by: &Principal,
    id: RunId,
) -> Result<RunDetails, ServiceError> {
    let visible = visible_run(store, by, id, Permission::ViewRuns).await?;
    by.require(
        Permission::OperateRuns,
        Scope::Workspace(visible.run.workspace),
    )?;
    Ok(visible)
}

/// Asks a run to stop: at once when it is queued or waiting, before its next step when running.
pub async fn cancel(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: RunId,
) -> Result<RunDetails, ServiceError> {
    let visible = operable_run(store, by, id).await?;
    if visible.run.status.is_final() {
        return Err(ServiceError::invalid(
            "id",
            format!(
                "the run has already ended ({})",
                visible.run.status.as_str()
            ),
        ));
    }
    let mut tx = store.begin().await?;
    runs::request_cancel(&mut tx, id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::RunCancelRequested,
        target: Some(target(&visible.run)),
        workspace: Some(visible.workspace.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "status_before": visible.run.status.as_str() }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    details(store, by, id).await
}

/// A run the principal may see, without its steps, for lists.
pub async fn list(
    store: &Store,
    by: &Principal,
    workspace: &str,
    limit: i64,
) -> Result<Vec<Run>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    let sees_all = by
        .require(Permission::ViewRuns, Scope::Workspace(found.id))
        .is_ok();
    let all = runs::list(&mut conn, found.id, limit.clamp(1, 200)).await?;
    Ok(all
        .into_iter()
        .filter(|run| sees_all || run.started_by == Some(by.user_id))
        .collect())
}

/// A run by id, for the operator's own commands (no principal: the shell is trusted).
pub async fn load(store: &Store, id: RunId) -> Result<Run, ServiceError> {
    let mut conn = store.acquire().await?;
    runs::find(&mut conn, id).await?.ok_or_else(no_such_run)
}

/// Runs a failed run again from the step that failed: steps that succeeded are not repeated.
pub async fn retry(
    store: &Store,
    wakeup: &Wakeup,
    context: &RequestContext,
    by: &Principal,
    id: RunId,
) -> Result<RunDetails, ServiceError> {
    let visible = operable_run(store, by, id).await?;
    let mut tx = store.begin().await?;
    if !runs::retry(&mut tx, id).await? {
        return Err(ServiceError::invalid(
            "id",
            format!(
                "only a failed run can be retried; this one is {}",
                visible.run.status.as_str()
            ),
        ));
    }
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::RunRetried,
        target: Some(target(&visible.run)),
        workspace: Some(visible.workspace.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "from_step": visible.run.failed_step }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    wakeup.queued(store).await;
    details(store, by, id).await
}
