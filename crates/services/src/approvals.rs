//! Approvals: the steps where a run waits for a person. A named approver decides (never the
//! person who started the run); an approval with a `timeout` decides itself when it runs out,
//! with the outcome its `on_timeout` names. Either way the run is queued again at once.

use std::time::Duration;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::RunId;
use paddock_core::run::{RunStatus, StepRecord, StepStatus};
use paddock_core::time::Timestamp;
use paddock_core::values::Slug;
use paddock_store::runs::{self, Run, StoredStep};
use paddock_store::{Store, groups, workspaces};
use serde_json::{Value, json};

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, record};
use crate::auth::Principal;
use crate::runs::{no_such_run, target};
use crate::worker::Wakeup;

/// Whether `by` is one of the approvers an approval step names (people by address, groups by
/// name).
pub(crate) async fn may_decide(
    store: &Store,
    by: &Principal,
    step: &StepRecord,
) -> Result<bool, ServiceError> {
    let approvers = &step.input["approvers"];
    let named = |list: &str| -> Vec<String> {
        approvers[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect()
    };
    if named("users").contains(&by.email.as_str().to_lowercase()) {
        return Ok(true);
    }
    let wanted = named("groups");
    if wanted.is_empty() {
        return Ok(false);
    }
    let mut conn = store.acquire().await?;
    for group in groups::list(&mut conn).await? {
        if wanted.contains(&group.name.as_str().to_lowercase())
            && groups::member_ids(&mut conn, group.id)
                .await?
                .contains(&by.user_id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Approves or rejects the approval step `key` the run waits at, and puts the run back in the
/// queue. Only a named approver decides, and never the person who started the run.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    store: &Store,
    wakeup: &Wakeup,
    context: &RequestContext,
    by: &Principal,
    id: RunId,
    key: &str,
    approve: bool,
    comment: &str,
) -> Result<StepRecord, ServiceError> {
    let comment = comment.trim();
    if comment.chars().count() > 2_000 {
        return Err(ServiceError::invalid("comment", "at most 2000 characters"));
    }
    let no_such_approval =
        || ServiceError::NotFound("This run does not wait for that approval.".to_owned());
    let (run, waiting) = waiting_step(store, id, key)
        .await?
        .ok_or_else(no_such_run)?;
    let step = waiting.ok_or_else(no_such_approval)?;
    if run.status != RunStatus::Waiting || !may_decide(store, by, &step).await? {
        return Err(no_such_approval());
    }
    if run.started_by == Some(by.user_id) {
        return Err(ServiceError::Forbidden(
            "You started this run, so someone else must decide its approval.".to_owned(),
        ));
    }
    let decision = if approve { "approved" } else { "rejected" };
    let outcome = json!({
        "decision": decision,
        "comment": comment,
        "decided_by": by.email.as_str(),
    });
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ApprovalDecided,
        target: Some(target(&run)),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "step": key, "decision": decision, "comment": comment }),
    };
    let decided = settle(store, context, &run, key, &step, outcome, entry)
        .await?
        .ok_or_else(no_such_approval)?;
    wakeup.queued(store).await;
    Ok(decided)
}

/// Records the approval's outcome, queues the run again and audits it, in one transaction;
/// `None` when the run no longer waits (someone, or the clock, decided first).
async fn settle(
    store: &Store,
    context: &RequestContext,
    run: &Run,
    key: &str,
    waiting: &StepRecord,
    outcome: Value,
    mut entry: Entry,
) -> Result<Option<StepRecord>, ServiceError> {
    let mut decided = waiting.clone();
    decided.status = StepStatus::Succeeded;
    decided.output = outcome;
    decided.due_at = None;
    decided.finished_at = Timestamp::now().as_millis();
    let mut tx = store.begin().await?;
    // Only the run's own state decides whether this is still open: a second decision finds the
    // run queued again and changes nothing.
    if !runs::resume(&mut tx, run.id).await? {
        return Ok(None);
    }
    // The step itself must still wait, too: with two approvals open in one run, the run waits
    // again after the first is decided, and a late second decision of it must change nothing.
    if !runs::settle_waiting(&mut tx, run.id, key, &decided).await? {
        return Ok(None);
    }
    entry.workspace = workspaces::find_workspace_by_id(&mut tx, run.workspace)
        .await?
        .map(|w| w.slug.to_string());
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(Some(decided))
}

/// The run, and its step `key` if that step waits; `None` when there is no such run.
async fn waiting_step(
    store: &Store,
    id: RunId,
    key: &str,
) -> Result<Option<(Run, Option<StepRecord>)>, ServiceError> {
    let mut conn = store.acquire().await?;
    let Some(run) = runs::find(&mut conn, id).await? else {
        return Ok(None);
    };
    let step = runs::recorded(&mut conn, id)
        .await?
        .remove(key)
        .filter(|step| step.status == StepStatus::Waiting);
    Ok(Some((run, step)))
}

/// How many overdue approvals one pass of the clock settles at most.
const OVERDUE_BATCH: i64 = 100;

/// Settles every approval whose timeout has run out with its `on_timeout` outcome (reject
/// unless it says approve), audited as the clock's doing; returns how many it settled.
pub async fn settle_overdue(store: &Store, wakeup: &Wakeup) -> Result<usize, ServiceError> {
    let overdue = {
        let mut conn = store.acquire().await?;
        runs::overdue(&mut conn, Timestamp::now(), OVERDUE_BATCH).await?
    };
    let mut settled = 0;
    for (id, key) in overdue {
        let Some((run, Some(step))) = waiting_step(store, id, &key).await? else {
            continue;
        };
        let decision = match step.input.get("on_timeout").and_then(Value::as_str) {
            Some("approve") => "approved",
            _ => "rejected",
        };
        let waited = step
            .input
            .get("timeout")
            .and_then(Value::as_str)
            .unwrap_or("the time allowed");
        let comment = format!("No decision within {waited}.");
        let outcome = json!({
            "decision": decision,
            "comment": comment,
            "decided_by": null,
            "timed_out": true,
        });
        let entry = Entry {
            actor: Actor::system("approval timeout"),
            action: Action::ApprovalTimedOut,
            target: Some(target(&run)),
            workspace: None,
            outcome: Outcome::Success,
            summary: json!({ "step": key, "decision": decision, "timeout": waited }),
        };
        let context = RequestContext::command_line();
        if settle(store, &context, &run, &key, &step, outcome, entry)
            .await?
            .is_some()
        {
            settled += 1;
        }
    }
    if settled > 0 {
        wakeup.queued(store).await;
    }
    Ok(settled)
}

/// How often the clock looks for overdue approvals.
pub const CLOCK_TICK: Duration = Duration::from_secs(1);

/// Settles overdue approvals every [`CLOCK_TICK`] until `stop` resolves. Several processes may
/// run one each: an approval is settled once, by whichever gets to it first.
pub async fn run_clock(store: Store, wakeup: Wakeup, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    let mut tick = tokio::time::interval(CLOCK_TICK);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = tick.tick() => {
                if let Err(error) = settle_overdue(&store, &wakeup).await {
                    tracing::warn!(error = %paddock_core::report::error_chain(&error), "overdue approvals could not be settled");
                }
            }
        }
    }
}

/// An approval waiting for the principal.
#[derive(Debug, Clone)]
pub struct PendingApproval {
    pub run: Run,
    pub workspace: Slug,
    pub step: StoredStep,
}

/// The approvals that wait for the principal (named, or in a named group), oldest first; runs
/// the principal started are left out, since someone else must decide those.
pub async fn inbox(store: &Store, by: &Principal) -> Result<Vec<PendingApproval>, ServiceError> {
    let mut conn = store.acquire().await?;
    let waiting = runs::waiting_approvals(&mut conn).await?;
    let all_workspaces = workspaces::list_workspaces(&mut conn).await?;
    drop(conn);
    let mut mine = Vec::new();
    for (run, step) in waiting {
        let Some(record) = &step.record else { continue };
        if run.started_by == Some(by.user_id) || !may_decide(store, by, record).await? {
            continue;
        }
        if let Some(workspace) = all_workspaces.iter().find(|w| w.id == run.workspace) {
            mine.push(PendingApproval {
                workspace: workspace.slug.clone(),
                run,
                step,
            });
        }
    }
    Ok(mine)
}
