//! Policy drift: a policy change (a clearance lowered, a binding moved, a model closed) can make
//! a deployment that passed at deploy time break policy now. Deployments are never silently
//! broken: [`detect`] finds them, records each once in the audit trail (which the audit stream
//! forwards to the SIEM webhook when one is configured), and [`notices`] shows them to admins
//! and the workspace. An admin then freezes the deployment, or grants a time-limited, audited
//! exception that lets its runs past the clearance checks at sinks until it ends.

use std::time::Duration;

use paddock_core::audit::{Action, Outcome};
use paddock_core::policy::Violation;
use paddock_core::time::Timestamp;
use paddock_core::{Permission, Scope};
use paddock_store::Store;
use paddock_store::deployments::{self, Deployment};
use paddock_store::environments::{self, Governed};
use paddock_store::workspaces;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::workflow_ref;
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, require_for_change};

/// The longest exception an admin may grant.
const MAX_EXCEPTION: Duration = Duration::from_secs(90 * 24 * 3600);

/// An exception in force.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExceptionView {
    pub reason: String,
    pub until: String,
    pub granted_by: Option<String>,
}

/// A live deployment that breaks the policy of its environment now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DriftNotice {
    pub workspace: String,
    pub workflow: String,
    pub environment: String,
    pub version: u64,
    pub violations: Vec<Violation>,
    pub frozen: bool,
    pub exception: Option<ExceptionView>,
}

/// Every live deployment that breaks policy now, with where it lives.
async fn drifted(store: &Store) -> Result<Vec<(Deployment, DriftNotice)>, ServiceError> {
    let mut conn = store.acquire().await?;
    let chain: Vec<Governed> = environments::list(&mut conn).await?;
    let mut found = Vec::new();
    for deployment in deployments::all_live(&mut conn).await? {
        let Some(workspace) =
            workspaces::find_workspace_by_id(&mut conn, deployment.workspace).await?
        else {
            continue;
        };
        let Some(environment) = chain
            .iter()
            .find(|governed| governed.environment.id == deployment.environment)
        else {
            continue;
        };
        let Some(version) = paddock_store::versions::find(
            &mut conn,
            deployment.workflow,
            deployment.version_number,
        )
        .await?
        else {
            continue;
        };
        let report = crate::policy::report(
            &mut conn,
            &workspace,
            Some(environment.environment.slug.as_str()),
            None,
            &version.definition,
            &crate::publishing::interfaces_of(&deployment.interfaces).audiences(),
        )
        .await?;
        if report.violations.is_empty() {
            continue;
        }
        let exception = deployments::exception_at(&mut conn, deployment.id, Timestamp::now())
            .await?
            .map(|exception| ExceptionView {
                reason: exception.reason,
                until: exception.expires_at.to_rfc3339(),
                granted_by: exception.granted_by_email,
            });
        let notice = DriftNotice {
            workspace: workspace.slug.to_string(),
            workflow: deployment.workflow_name.clone(),
            environment: environment.environment.slug.to_string(),
            version: deployment.version_number,
            violations: report.violations,
            frozen: deployment.frozen.is_some(),
            exception,
        };
        found.push((deployment, notice));
    }
    Ok(found)
}

/// The drifted deployments `by` may see (in workspaces where they may see deployments).
pub async fn notices(store: &Store, by: &Principal) -> Result<Vec<DriftNotice>, ServiceError> {
    Ok(drifted(store)
        .await?
        .into_iter()
        .filter(|(deployment, _)| {
            by.require(
                Permission::ViewDeployments,
                Scope::Workspace(deployment.workspace),
            )
            .is_ok()
        })
        .map(|(_, notice)| notice)
        .collect())
}

/// Records each newly drifted deployment once (`deployment.policy_drift`), and forgets those
/// that comply again, so a later drift is told again. Returns how many were new.
pub async fn detect(store: &Store) -> Result<usize, ServiceError> {
    let drifted = drifted(store).await?;
    let mut tx = store.begin().await?;
    let noticed = deployments::drift_noticed(&mut tx).await?;
    let mut new = 0;
    for (deployment, notice) in &drifted {
        if noticed.contains(&deployment.id) {
            continue;
        }
        new += 1;
        deployments::set_drift_noticed(&mut tx, deployment.id, true).await?;
        let entry = Entry {
            actor: Actor::system("policy drift check"),
            action: Action::PolicyDrift,
            target: Some(Target::workflow(&notice.workflow)),
            workspace: Some(notice.workspace.clone()),
            outcome: Outcome::Failure,
            summary: json!({
                "environment": notice.environment,
                "version": notice.version,
                "violations": notice.violations.iter().map(|v| &v.message).collect::<Vec<_>>(),
            }),
        };
        record(&mut tx, &RequestContext::command_line(), entry).await?;
    }
    for id in noticed {
        if !drifted.iter().any(|(deployment, _)| deployment.id == id) {
            deployments::set_drift_noticed(&mut tx, id, false).await?;
        }
    }
    tx.commit().await?;
    Ok(new)
}

/// Checks for drift every `interval` until `stop` changes or is dropped.
pub async fn watch(store: Store, interval: Duration, mut stop: tokio::sync::watch::Receiver<()>) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                if let Err(error) = detect(&store).await {
                    tracing::warn!(%error, "the policy drift check failed; it runs again shortly");
                }
            }
            _ = stop.changed() => return,
        }
    }
}

/// Lets a deployment that breaks policy keep running until `until` (at most 90 days ahead):
/// its runs pass the clearance checks at sinks, each pass audited. Admins only.
#[allow(clippy::too_many_arguments)]
pub async fn grant_exception(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    environment: &str,
    reason: &str,
    until: &str,
) -> Result<ExceptionView, ServiceError> {
    require_for_change(
        store,
        context,
        by,
        Permission::AdministerOrganisation,
        Scope::Organisation,
    )
    .await?;
    let reason = super::deployments::reason(reason, true)?;
    let until = Timestamp::parse_rfc3339(until)
        .map_err(|_| ServiceError::invalid("until", "a time such as 2026-12-31T00:00:00Z"))?;
    let now = Timestamp::now();
    if until <= now || until > now.plus(MAX_EXCEPTION) {
        return Err(ServiceError::invalid(
            "until",
            "an exception ends in the future, at most 90 days from now",
        ));
    }
    let mut tx = store.begin().await?;
    let workflow = workflow_ref(&mut tx, by, workspace, name, Permission::ViewDeployments).await?;
    let (_, live) = super::deployments::live_in(&mut tx, &workflow, environment).await?;
    deployments::grant_exception(&mut tx, live.id, &reason, until, by.user_id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::PolicyExceptionGranted,
        target: Some(Target::workflow(name)),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "environment": environment,
            "version": live.version_number,
            "reason": reason,
            "until": until.to_rfc3339(),
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(ExceptionView {
        reason,
        until: until.to_rfc3339(),
        granted_by: Some(by.email.to_string()),
    })
}
