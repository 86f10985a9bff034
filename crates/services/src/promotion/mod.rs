//! Promotion: how a version of a workflow moves up the environment chain. Admins set each
//! environment's publishing rule ([`environments`]); builders submit versions for review and
//! approvers decide ([`reviews`]); a version is deployed once the rule is met, and can be
//! rolled back, frozen and run ([`deployments`]). Each gate — the rule, evidence from the
//! environment below, freeze windows and the policy of the environment — is checked here, in
//! one place, whichever way a version is deployed.

pub mod deployments;
pub mod drift;
pub mod environments;
pub mod reviews;

use paddock_core::Code;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{EnvironmentId, ReviewId, WorkflowId};
use paddock_core::promotion::DeploymentKind;
use paddock_core::publishing::InterfacesSpec;
use paddock_core::time::Timestamp;
use paddock_core::{Permission, Scope};
use paddock_store::deployments::{self as deployment_store, Deployment, NewDeployment};
use paddock_store::environments::{self as environment_store, Governed};
use paddock_store::runs::{self, Run};
use paddock_store::versions::{self, Version};
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store, Transaction};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::versions::{no_such_version, no_such_workflow};
use crate::workspaces::by_slug;

/// How many evidence runs a review shows.
const EVIDENCE_SHOWN: i64 = 5;

/// A workflow of a workspace, found by name.
#[derive(Debug, Clone)]
pub(crate) struct WorkflowRef {
    pub workspace: Workspace,
    pub id: WorkflowId,
    pub name: String,
}

/// An environment with its rule, and the one before it in the chain (none for the first).
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub governed: Governed,
    pub previous: Option<Governed>,
}

impl Stage {
    pub fn slug(&self) -> &str {
        self.governed.environment.slug.as_str()
    }
}

/// The workflow `name` of `workspace`, if `by` may do `permission` there.
pub(crate) async fn workflow_ref(
    conn: &mut Connection,
    by: &Principal,
    workspace: &str,
    name: &str,
    permission: Permission,
) -> Result<WorkflowRef, ServiceError> {
    let found = by_slug(conn, workspace).await?;
    by.require(permission, Scope::Workspace(found.id))?;
    let id = versions::workflow_id(conn, found.id, name)
        .await?
        .ok_or_else(|| no_such_workflow(name))?;
    Ok(WorkflowRef {
        workspace: found,
        id,
        name: name.to_owned(),
    })
}

pub(crate) async fn stage(conn: &mut Connection, slug: &str) -> Result<Stage, ServiceError> {
    stage_where(conn, |governed| governed.environment.slug.as_str() == slug)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no environment '{slug}'.")))
}

/// The stage of the environment `id`, if it still exists.
pub(crate) async fn stage_of(
    conn: &mut Connection,
    id: EnvironmentId,
) -> Result<Option<Stage>, ServiceError> {
    stage_where(conn, |governed| governed.environment.id == id).await
}

async fn stage_where(
    conn: &mut Connection,
    wanted: impl Fn(&Governed) -> bool,
) -> Result<Option<Stage>, ServiceError> {
    let chain = environment_store::list(conn).await?;
    Ok(chain.iter().position(wanted).map(|index| Stage {
        governed: chain[index].clone(),
        previous: index.checked_sub(1).map(|before| chain[before].clone()),
    }))
}

pub(crate) async fn version_numbered(
    conn: &mut Connection,
    workflow: WorkflowId,
    number: u64,
) -> Result<Version, ServiceError> {
    versions::find(conn, workflow, number)
        .await?
        .ok_or_else(|| no_such_version(number))
}

/// The successful runs of `version` in the environment before `stage`, newest first.
pub(crate) async fn evidence(
    conn: &mut Connection,
    version: &Version,
    stage: &Stage,
) -> Result<Vec<Run>, ServiceError> {
    match &stage.previous {
        Some(previous) => Ok(runs::succeeded_of_version(
            conn,
            version.id,
            previous.environment.id,
            EVIDENCE_SHOWN,
        )
        .await?),
        None => Ok(Vec::new()),
    }
}

/// Refuses a version the rule wants proven below first, unless it has been, or it was live in
/// this environment before (a rollback needs no new proof).
pub(crate) async fn require_evidence(
    conn: &mut Connection,
    version: &Version,
    stage: &Stage,
) -> Result<(), ServiceError> {
    let Some(previous) = &stage.previous else {
        return Ok(());
    };
    if !stage.governed.rule.evidence_required
        || !evidence(conn, version, stage).await?.is_empty()
        || deployment_store::ever_deployed(conn, version.id, stage.governed.environment.id).await?
    {
        return Ok(());
    }
    Err(ServiceError::refused(
        Code::EvidenceRequired,
        format!(
            "Version {} has not run successfully in {} yet; {} asks for that first. Deploy it to {} and run it there.",
            version.number,
            previous.environment.name,
            stage.governed.environment.name,
            previous.environment.name,
        ),
        json!({ "environment": previous.environment.slug.as_str(), "version": version.number }),
    ))
}

/// Refuses deployments during a freeze window of the environment.
pub(crate) fn require_no_freeze_window(stage: &Stage) -> Result<(), ServiceError> {
    match stage.governed.rule.frozen_at(Timestamp::now()) {
        None => Ok(()),
        Some(window) => Err(ServiceError::refused(
            Code::Frozen,
            format!(
                "{} is in a freeze window until {} ({}); nothing is deployed there until then.",
                stage.governed.environment.name,
                window.ends_at.to_rfc3339(),
                window.reason
            ),
            json!({ "until": window.ends_at.to_rfc3339(), "reason": window.reason }),
        )),
    }
}

/// Refuses a version that breaks the environment's policy, with every violation.
/// The outputs are checked against the audiences of the `interfaces` it is to be served through.
pub(crate) async fn require_policy(
    conn: &mut Connection,
    workflow: &WorkflowRef,
    version: &Version,
    stage: &Stage,
    interfaces: &InterfacesSpec,
) -> Result<(), ServiceError> {
    let report = crate::policy::report(
        conn,
        &workflow.workspace,
        Some(stage.slug()),
        None,
        &version.definition,
        &crate::publishing::interfaces_of(interfaces).audiences(),
    )
    .await?;
    if report.violations.is_empty() {
        return Ok(());
    }
    let first = &report.violations[0];
    Err(ServiceError::refused(
        Code::PolicyViolation,
        format!(
            "Version {} breaks the policy of {}: {} ({} in all).",
            version.number,
            stage.governed.environment.name,
            first.message,
            report.violations.len()
        ),
        json!({ "environment": stage.slug(), "violations": report.violations }),
    ))
}

/// How a deployment comes about, for [`deploy`].
pub(crate) struct Deploying<'a> {
    pub workflow: &'a WorkflowRef,
    pub version: &'a Version,
    pub stage: &'a Stage,
    pub kind: DeploymentKind,
    pub review: Option<ReviewId>,
    /// Why, for a rollback.
    pub reason: Option<&'a str>,
    /// How it is to be served; none: as the deployment it replaces is.
    pub interfaces: Option<&'a InterfacesSpec>,
}

/// Makes the version live in the environment and audits it, in the caller's transaction; the
/// caller has checked the rule. The policy check runs again here, at deploy time.
pub(crate) async fn deploy(
    tx: &mut Transaction,
    context: &RequestContext,
    by: &Principal,
    deploying: Deploying<'_>,
) -> Result<Deployment, ServiceError> {
    let Deploying {
        workflow,
        version,
        stage,
        kind,
        review,
        reason,
        interfaces,
    } = deploying;
    let replaced = deployment_store::live(tx, workflow.id, stage.governed.environment.id).await?;
    let interfaces = match (interfaces, &replaced) {
        (Some(given), _) => given.clone(),
        (None, Some(replaced)) => replaced.interfaces.clone(),
        (None, None) => InterfacesSpec::default(),
    };
    require_policy(tx, workflow, version, stage, &interfaces).await?;
    let deployment = deployment_store::deploy(
        tx,
        NewDeployment {
            workspace: workflow.workspace.id,
            workflow: workflow.id,
            environment: stage.governed.environment.id,
            version: version.id,
            review,
            kind,
            reason: reason.map(str::to_owned),
            by: Some(by.user_id),
            interfaces: &interfaces,
        },
    )
    .await?;
    let action = match kind {
        DeploymentKind::Review | DeploymentKind::Direct => Action::WorkflowDeployed,
        DeploymentKind::Rollback | DeploymentKind::EmergencyRollback => {
            Action::DeploymentRolledBack
        }
    };
    let entry = Entry {
        actor: Actor::of(by),
        action,
        target: Some(Target::workflow(&workflow.name)),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "environment": stage.slug(),
            "version": version.number,
            "digest": version.digest,
            "how": kind.as_str(),
            "review": review.map(|id| id.to_string()),
            "replaced_version": replaced.map(|live| live.version_number),
            "reason": reason,
            "interfaces": interfaces,
        }),
    };
    record(tx, context, entry).await?;
    Ok(deployment)
}

/// Records a deployment refused by a gate (policy, evidence, freeze), in its own transaction:
/// the attempt is kept even though nothing changed.
pub(crate) async fn record_refusal(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workflow: &WorkflowRef,
    environment: &str,
    version: u64,
    refusal: &ServiceError,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::DeploymentRefused,
        target: Some(Target::workflow(&workflow.name)),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Failure,
        summary: json!({
            "environment": environment,
            "version": version,
            "code": refusal.code().name(),
            "reason": refusal.to_string(),
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a gate refused: those refusals are audited, other errors are not deployments.
pub(crate) fn is_gate_refusal(error: &ServiceError) -> bool {
    matches!(
        error.code(),
        Code::PolicyViolation | Code::EvidenceRequired | Code::Frozen
    )
}
