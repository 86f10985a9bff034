//! Deployments: which version of a workflow is live where (the pipeline), deploying where the
//! rule lets the author do it without review, rolling back to a version that was live before,
//! freezing and unfreezing, and running what is live.

use paddock_core::Code;
use paddock_core::audit::{Action, Outcome};
use paddock_core::promotion::{DeploymentKind, ReviewStatus};
use paddock_core::publishing::InterfacesSpec;
use paddock_core::{Permission, Scope};
use paddock_store::deployments::{self, Deployment};
use paddock_store::environments;
use paddock_store::reviews;
use paddock_store::runs;
use paddock_store::{Connection, Store};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::environments::{EnvironmentView, view as environment_view};
use super::reviews::ReviewSummary;
use super::{
    Deploying, Stage, WorkflowRef, deploy, is_gate_refusal, record_refusal, require_evidence,
    require_no_freeze_window, stage, version_numbered, workflow_ref,
};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, require_for_change};
use crate::runs::{Deployed, Intake, LiveVersion, RunDetails, start_deployed_run};

/// The longest reason for a freeze or a rollback.
const MAX_REASON_CHARS: usize = 500;

/// A deployment as people see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeploymentView {
    pub environment: String,
    pub version: u64,
    pub how: DeploymentKind,
    /// Why, for a rollback.
    pub reason: Option<String>,
    pub deployed_by: Option<String>,
    pub deployed_at: String,
    /// When a later deployment replaced it; none while it is live.
    pub ended_at: Option<String>,
    pub review: Option<String>,
    pub frozen: Option<FreezeView>,
    /// How it is served.
    pub interfaces: InterfacesSpec,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FreezeView {
    pub at: String,
    pub by: Option<String>,
    pub reason: String,
}

/// One environment of a workflow's pipeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PipelineStage {
    pub environment: EnvironmentView,
    pub live: Option<DeploymentView>,
    /// Reviews waiting for approval here.
    pub open_reviews: Vec<ReviewSummary>,
}

/// Where each version of a workflow is live, and how it got there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pipeline {
    pub workflow: String,
    pub stages: Vec<PipelineStage>,
    /// Every deployment, newest first.
    pub history: Vec<DeploymentView>,
}

/// What to do with runs in flight when a deployment is frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InFlight {
    /// Let them finish.
    Finish,
    /// Ask them to stop.
    Cancel,
}

fn deployment_view(deployment: &Deployment, environment: &str) -> DeploymentView {
    DeploymentView {
        environment: environment.to_owned(),
        version: deployment.version_number,
        how: deployment.kind,
        reason: deployment.reason.clone(),
        deployed_by: deployment.deployed_by_email.clone(),
        deployed_at: deployment.deployed_at.to_rfc3339(),
        ended_at: deployment.ended_at.map(|at| at.to_rfc3339()),
        review: deployment.review.map(|id| id.to_string()),
        frozen: deployment.frozen.as_ref().map(|freeze| FreezeView {
            at: freeze.at.to_rfc3339(),
            by: freeze.by_email.clone(),
            reason: freeze.reason.clone(),
        }),
        interfaces: deployment.interfaces.clone(),
    }
}

pub(super) fn reason(given: &str, required: bool) -> Result<String, ServiceError> {
    let trimmed = given.trim();
    if (required && trimmed.is_empty()) || trimmed.chars().count() > MAX_REASON_CHARS {
        return Err(ServiceError::invalid(
            "reason",
            format!("say why, in 1 to {MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// The workflow's pipeline: per environment, what is live and what waits for review.
pub async fn pipeline(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
) -> Result<Pipeline, ServiceError> {
    let mut conn = store.acquire().await?;
    let workflow =
        workflow_ref(&mut conn, by, workspace, name, Permission::ViewDeployments).await?;
    let chain = environments::list(&mut conn).await?;
    let groups = paddock_store::groups::list(&mut conn).await?;
    let history = deployments::history(&mut conn, workflow.id).await?;
    let open: Vec<_> = reviews::of_workflow(&mut conn, workflow.id)
        .await?
        .into_iter()
        .filter(|review| review.status == ReviewStatus::Open)
        .collect();
    let slug_of = |id| {
        chain
            .iter()
            .find(|governed| governed.environment.id == id)
            .map(|governed| governed.environment.slug.to_string())
            .unwrap_or_default()
    };
    let mut stages = Vec::new();
    for governed in &chain {
        let slug = governed.environment.slug.as_str();
        let live = history
            .iter()
            .find(|d| d.environment == governed.environment.id && d.ended_at.is_none())
            .map(|d| deployment_view(d, slug));
        let mut open_reviews = Vec::new();
        for review in open
            .iter()
            .filter(|review| review.environment == governed.environment.id)
        {
            if let Ok(detail) = super::reviews::get(store, by, review.id).await {
                open_reviews.push(detail.summary);
            }
        }
        stages.push(PipelineStage {
            environment: environment_view(governed, &groups),
            live,
            open_reviews,
        });
    }
    Ok(Pipeline {
        workflow: workflow.name.clone(),
        stages,
        history: history
            .iter()
            .map(|d| deployment_view(d, &slug_of(d.environment)))
            .collect(),
    })
}

/// A deployment asked for outside a review.
struct Asked<'a> {
    workflow: &'a WorkflowRef,
    environment: &'a str,
    number: u64,
    kind: DeploymentKind,
    why: Option<&'a str>,
}

/// Runs the gates and deploys in one transaction; a gate's refusal is audited on its own.
async fn deploy_checked(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    asked: Asked<'_>,
) -> Result<DeploymentView, ServiceError> {
    let Asked {
        workflow,
        environment,
        number,
        kind,
        why,
    } = asked;
    let mut tx = store.begin().await?;
    let attempt = async {
        let stage = stage(&mut tx, environment).await?;
        let version = version_numbered(&mut tx, workflow.id, number).await?;
        if kind != DeploymentKind::EmergencyRollback {
            require_no_freeze_window(&stage)?;
        }
        if kind == DeploymentKind::Direct {
            require_evidence(&mut tx, &version, &stage).await?;
        }
        deploy(
            &mut tx,
            context,
            by,
            Deploying {
                workflow,
                version: &version,
                stage: &stage,
                kind,
                review: None,
                reason: why,
                interfaces: None,
            },
        )
        .await
    };
    match attempt.await {
        Ok(deployment) => {
            tx.commit().await?;
            Ok(deployment_view(&deployment, environment))
        }
        Err(refusal) => {
            drop(tx);
            if is_gate_refusal(&refusal) {
                record_refusal(store, context, by, workflow, environment, number, &refusal).await?;
            }
            Err(refusal)
        }
    }
}

fn review_required(stage: &Stage) -> ServiceError {
    let rule = &stage.governed.rule;
    ServiceError::refused(
        Code::ReviewRequired,
        format!(
            "{} needs a review with {} approval{} before a version is deployed there; submit the version for review.",
            stage.governed.environment.name,
            rule.approvals_required,
            if rule.approvals_required == 1 {
                ""
            } else {
                "s"
            },
        ),
        json!({ "environment": stage.slug(), "approvals_required": rule.approvals_required }),
    )
}

/// Deploys version `number` where the environment's rule lets builders deploy without review
/// (dev, by default); elsewhere the answer is `review_required`.
pub async fn deploy_directly(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    number: u64,
    environment: &str,
) -> Result<DeploymentView, ServiceError> {
    crate::workspaces::for_change(store, context, by, workspace, Permission::PromoteWorkflows)
        .await?;
    let workflow = {
        let mut conn = store.acquire().await?;
        let workflow =
            workflow_ref(&mut conn, by, workspace, name, Permission::PromoteWorkflows).await?;
        let stage = stage(&mut conn, environment).await?;
        if !stage.governed.rule.author_may_deploy {
            return Err(review_required(&stage));
        }
        workflow
    };
    let asked = Asked {
        workflow: &workflow,
        environment,
        number,
        kind: DeploymentKind::Direct,
        why: None,
    };
    deploy_checked(store, context, by, asked).await
}

/// Goes back to a version that was live in the environment before. Under the rule, that is
/// for whoever may deploy there without review; `emergency` lets an admin do it anywhere, at
/// once, past approvals and freeze windows (never past policy), with a reason.
#[allow(clippy::too_many_arguments)]
pub async fn rollback(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: &str,
    number: u64,
    emergency: bool,
    why: &str,
) -> Result<DeploymentView, ServiceError> {
    let why = reason(why, emergency)?;
    let workflow = {
        let mut conn = store.acquire().await?;
        let found = crate::workspaces::by_slug(&mut conn, workspace).await?;
        drop(conn);
        let (permission, scope) = if emergency {
            (Permission::AdministerOrganisation, Scope::Organisation)
        } else {
            (Permission::PromoteWorkflows, Scope::Workspace(found.id))
        };
        require_for_change(store, context, by, permission, scope).await?;
        let mut conn = store.acquire().await?;
        let workflow =
            workflow_ref(&mut conn, by, workspace, name, Permission::ViewDeployments).await?;
        let stage = stage(&mut conn, environment).await?;
        let version = version_numbered(&mut conn, workflow.id, number).await?;
        if !deployments::ever_deployed(&mut conn, version.id, stage.governed.environment.id).await?
        {
            return Err(ServiceError::invalid(
                "version",
                format!(
                    "version {number} was never live in {environment}; only a version that was can be rolled back to"
                ),
            ));
        }
        let live = deployments::live(&mut conn, workflow.id, stage.governed.environment.id).await?;
        if live.is_some_and(|live| live.version == version.id) {
            return Err(ServiceError::invalid(
                "version",
                format!("version {number} is live in {environment} now"),
            ));
        }
        if !emergency && !stage.governed.rule.author_may_deploy {
            return Err(review_required(&stage));
        }
        workflow
    };
    let kind = if emergency {
        DeploymentKind::EmergencyRollback
    } else {
        DeploymentKind::Rollback
    };
    let why = (!why.is_empty()).then_some(why.as_str());
    let asked = Asked {
        workflow: &workflow,
        environment,
        number,
        kind,
        why,
    };
    deploy_checked(store, context, by, asked).await
}

/// The live deployment of a workflow in an environment.
pub(super) async fn live_in(
    conn: &mut Connection,
    workflow: &WorkflowRef,
    environment: &str,
) -> Result<(Stage, Deployment), ServiceError> {
    let stage = stage(conn, environment).await?;
    let live = deployments::live(conn, workflow.id, stage.governed.environment.id)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(format!(
                "Nothing of '{}' is deployed in {environment}.",
                workflow.name
            ))
        })?;
    Ok((stage, live))
}

/// Suspends the live deployment at once: new runs are refused; runs in flight finish or are
/// asked to stop, as chosen.
#[allow(clippy::too_many_arguments)]
pub async fn freeze(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: &str,
    why: &str,
    in_flight: InFlight,
) -> Result<DeploymentView, ServiceError> {
    let why = reason(why, true)?;
    crate::workspaces::for_change(store, context, by, workspace, Permission::FreezeDeployments)
        .await?;
    let mut tx = store.begin().await?;
    let workflow =
        workflow_ref(&mut tx, by, workspace, name, Permission::FreezeDeployments).await?;
    let (_, live) = live_in(&mut tx, &workflow, environment).await?;
    if !deployments::freeze(&mut tx, live.id, by.user_id, &why).await? {
        return Err(ServiceError::refused(
            Code::Frozen,
            format!("'{name}' is frozen in {environment} already."),
            json!({}),
        ));
    }
    let cancelled = match in_flight {
        InFlight::Finish => Vec::new(),
        InFlight::Cancel => runs::cancel_deployment_runs(&mut tx, live.id).await?,
    };
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::DeploymentFrozen,
        target: Some(Target::workflow(name)),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "environment": environment,
            "version": live.version_number,
            "reason": why,
            "in_flight": if in_flight == InFlight::Cancel { "cancel" } else { "finish" },
            "cancelled_runs": cancelled.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
    };
    record(&mut tx, context, entry).await?;
    let (_, live) = live_in(&mut tx, &workflow, environment).await?;
    tx.commit().await?;
    Ok(deployment_view(&live, environment))
}

/// Lets the live deployment take runs again.
pub async fn unfreeze(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: &str,
) -> Result<DeploymentView, ServiceError> {
    crate::workspaces::for_change(store, context, by, workspace, Permission::FreezeDeployments)
        .await?;
    let mut tx = store.begin().await?;
    let workflow =
        workflow_ref(&mut tx, by, workspace, name, Permission::FreezeDeployments).await?;
    let (_, live) = live_in(&mut tx, &workflow, environment).await?;
    if !deployments::unfreeze(&mut tx, live.id).await? {
        return Err(ServiceError::invalid(
            "environment",
            format!("'{name}' is not frozen in {environment}"),
        ));
    }
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::DeploymentUnfrozen,
        target: Some(Target::workflow(name)),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "environment": environment, "version": live.version_number }),
    };
    record(&mut tx, context, entry).await?;
    let (_, live) = live_in(&mut tx, &workflow, environment).await?;
    tx.commit().await?;
    Ok(deployment_view(&live, environment))
}

/// Runs the version live in the environment; a frozen deployment refuses.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    store: &Store,
    intake: &Intake,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: &str,
    inputs: &Map<String, Value>,
) -> Result<RunDetails, ServiceError> {
    let mut conn = store.acquire().await?;
    let workflow = workflow_ref(&mut conn, by, workspace, name, Permission::RunDeployments).await?;
    let (stage, live) = live_in(&mut conn, &workflow, environment).await?;
    if let Some(freeze) = &live.frozen {
        return Err(ServiceError::refused(
            Code::Frozen,
            format!(
                "'{name}' is frozen in {environment} ({}); new runs are refused until it is unfrozen.",
                freeze.reason
            ),
            json!({ "reason": freeze.reason, "since": freeze.at.to_rfc3339() }),
        ));
    }
    let version = version_numbered(&mut conn, workflow.id, live.version_number).await?;
    drop(conn);
    let live = LiveVersion {
        workspace: workflow.workspace,
        environment: stage.governed.environment,
        definition: &version.definition,
        deployed: Deployed {
            deployment: live.id,
            version: version.id,
            number: version.number,
        },
    };
    start_deployed_run(intake, context, by, live, inputs).await
}
