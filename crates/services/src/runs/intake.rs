//! Queueing runs: each run and its `run.started` event are written together, and runs started
//! at the same moment share a transaction ([`crate::batches`]), so starting runs by the
//! thousand a second does not queue on the one SQLite writer or the end of the audit chain.

use std::sync::Arc;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{DeploymentId, RunId, UserId, VersionId};
use paddock_store::Store;
use paddock_store::runs::{self, NewRun, Run};
use paddock_store::workspaces::{Environment, Workspace};
use serde_json::{Value, json};

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext};
use crate::batches::Batches;
use crate::worker::Wakeup;
use crate::workflows::Checked;

/// How many runs one transaction queues at most.
const BATCH: usize = 64;

/// A run checked and ready to be queued.
pub(crate) struct Start {
    pub id: RunId,
    pub context: RequestContext,
    pub actor: Actor,
    pub started_by: Option<UserId>,
    pub workspace: Workspace,
    pub environment: Environment,
    pub checked: Arc<Checked>,
    pub inputs: Value,
    /// What a run of a deployment runs; none for a test run of a draft.
    pub deployed: Option<Deployed>,
}

/// The deployment a run was started through, and the version it runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deployed {
    pub deployment: DeploymentId,
    pub version: VersionId,
    pub number: u64,
}

/// Where runs are queued; wakes the workers once a batch is committed.
#[derive(Clone)]
pub struct Intake(Arc<Batches<Start, Run, ServiceError>>);

impl Intake {
    pub fn new(store: Store, wakeup: Wakeup) -> Self {
        Intake(Arc::new(Batches::new(
            "queueing runs",
            BATCH,
            move |batch, range| {
                let (store, wakeup) = (store.clone(), wakeup.clone());
                async move {
                    let queued = write(&store, &batch[range]).await?;
                    wakeup.queued(&store).await;
                    Ok(queued)
                }
            },
        )))
    }

    /// Queues the run and records who started it; returns it as stored.
    pub(crate) async fn queue(&self, start: Start) -> Result<Run, ServiceError> {
        self.0.submit(start).await.unwrap_or_else(|| {
            Err(ServiceError::Internal(
                "queueing runs stopped unexpectedly".to_owned(),
            ))
        })
    }
}

/// Queues the runs of `batch` and their `run.started` events in one transaction.
async fn write(store: &Store, batch: &[Start]) -> Result<Vec<Run>, ServiceError> {
    let new: Vec<NewRun> = batch
        .iter()
        .map(|start| NewRun {
            id: start.id,
            workspace: start.workspace.id,
            environment: start.environment.id,
            workflow_name: &start.checked.workflow.definition.name,
            definition: &start.checked.stored,
            inputs: &start.inputs,
            started_by: start.started_by,
            version: start.deployed.map(|deployed| deployed.version),
            deployment: start.deployed.map(|deployed| deployed.deployment),
        })
        .collect();
    let mut tx = store.begin().await?;
    let queued = runs::insert_all(&mut tx, &new).await?;
    let events = batch.iter().zip(&queued).map(|(start, run)| {
        Entry {
            actor: start.actor.clone(),
            action: Action::RunStarted,
            target: Some(super::target(run)),
            workspace: Some(start.workspace.slug.to_string()),
            outcome: Outcome::Success,
            summary: match start.deployed {
                Some(deployed) => json!({
                    "environment": start.environment.slug.as_str(),
                    "version": deployed.number,
                }),
                None => json!({ "environment": start.environment.slug.as_str(), "test": true }),
            },
        }
        .into_record(&start.context)
    });
    paddock_store::audit::append_all(&mut tx, events.collect()).await?;
    tx.commit().await?;
    Ok(queued)
}
