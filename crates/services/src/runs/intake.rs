//! Queueing runs: each run and its `run.started` event are written together, and runs started
//! at the same moment share a transaction ([`crate::batches`]), so starting runs by the
//! thousand a second does not queue on the one SQLite writer or the end of the audit chain.

use std::sync::Arc;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{DeploymentId, RunId, UserId, VersionId};
use paddock_core::run::StepRecord;
use paddock_store::Store;
use paddock_store::idempotency::{self, Remembered};
use paddock_store::runs::{self, NewRun, Run, Served, StepResult};
use paddock_store::workspaces::{Environment, Workspace};
use serde_json::{Value, json};

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext};
use crate::batches::Batches;
use crate::worker::{Room, Wakeup};
use crate::workflows::Checked;

/// How many runs one transaction queues at most.
/// At most 16: each row count makes a statement text of its own, which a connection prepares
/// once and keeps among its last 100; the multi-row statements of batches of up to 64 took more
/// shapes than that, and PostgreSQL then prepared them again for almost every batch.
const BATCH: usize = 16;

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
    /// How a published app's run was started; none from the console.
    pub served: Option<Served>,
    /// The API caller's idempotency key: the run is queued only if the key is new.
    pub idempotency: Option<IdempotencyKey>,
    /// Where to tell the API caller that the run ended.
    pub callback: Option<String>,
    /// A test run started again from one step of an earlier one ([`Intake::queue_taking_over`]).
    pub rerun_of: Option<RerunOf>,
}

/// What a test re-run repeats, as its `run.started` event tells: the earlier run, the step it
/// runs again from, and the steps whose results it takes over.
pub(crate) struct RerunOf {
    pub run: RunId,
    pub from_step: String,
    pub taken_over: Vec<String>,
}

/// An idempotency key as its holder (a user, or an API key) sent it, with a hash of the request.
#[derive(Clone)]
pub(crate) struct IdempotencyKey {
    pub holder: String,
    pub key: String,
    pub request_hash: String,
}

/// What queueing did.
pub(crate) enum Queued {
    Run(Box<Run>),
    /// The idempotency key was used before (or by a request queued at the same moment): nothing
    /// was queued; the key names the run of that request.
    KeyTaken,
}

/// The deployment a run was started through, and the version it runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deployed {
    pub deployment: DeploymentId,
    pub version: VersionId,
    pub number: u64,
}

/// Where runs are queued. Once a batch is committed, the runs queued claimed by this process's
/// worker are handed to it ([`Room`]), and the workers are woken for the others.
#[derive(Clone)]
pub struct Intake {
    batches: Arc<Batches<Start, Queued, ServiceError>>,
    store: Store,
    wakeup: Wakeup,
}

impl Intake {
    pub fn new(store: Store, wakeup: Wakeup) -> Self {
        let batches = {
            let (store, wakeup) = (store.clone(), wakeup.clone());
            Arc::new(Batches::new("queueing runs", BATCH, move |batch, range| {
                let (store, wakeup) = (store.clone(), wakeup.clone());
                async move {
                    let batch = &batch[range];
                    let room = wakeup.room_for(batch.len());
                    let queued = write(&store, batch, room.as_ref()).await?;
                    let runs = queued.iter().filter_map(|queued| match queued {
                        Queued::Run(run) => Some(&**run),
                        Queued::KeyTaken => None,
                    });
                    let waiting =
                        runs.clone().count() - room.map_or(0, |room| room.hand_over(runs));
                    if waiting > 0 {
                        wakeup.queued(&store).await;
                    }
                    Ok(queued)
                }
            }))
        };
        Intake {
            batches,
            store,
            wakeup,
        }
    }

    /// Queues a test re-run (its `rerun_of` set) together with the results it takes over from
    /// the earlier run, in one transaction: no worker can claim it before they are recorded.
    pub(crate) async fn queue_taking_over(
        &self,
        start: Start,
        taken_over: Vec<(String, StepRecord)>,
    ) -> Result<Run, ServiceError> {
        let mut tx = self.store.begin().await?;
        let queued = queue_in(&mut tx, std::slice::from_ref(&start), None).await?;
        let Some(Queued::Run(run)) = queued.into_iter().next() else {
            return Err(unkeyed_key_taken());
        };
        let results: Vec<StepResult> = taken_over
            .into_iter()
            .map(|(key, record)| StepResult {
                run: run.id,
                key,
                record,
            })
            .collect();
        runs::record_steps(&mut tx, &results).await?;
        tx.commit().await?;
        self.wakeup.queued(&self.store).await;
        Ok(*run)
    }

    /// Queues the run and records who started it; returns it as stored.
    pub(crate) async fn queue(&self, start: Start) -> Result<Run, ServiceError> {
        match self.queue_keyed(start).await? {
            Queued::Run(run) => Ok(*run),
            Queued::KeyTaken => Err(unkeyed_key_taken()),
        }
    }

    /// Queues the run unless its idempotency key was used before.
    pub(crate) async fn queue_keyed(&self, start: Start) -> Result<Queued, ServiceError> {
        self.batches.submit(start).await.unwrap_or_else(|| {
            Err(ServiceError::Internal(
                "queueing runs stopped unexpectedly".to_owned(),
            ))
        })
    }
}

fn unkeyed_key_taken() -> ServiceError {
    ServiceError::Internal("a run without an idempotency key found its key taken".to_owned())
}

/// Queues the runs of `batch` and their `run.started` events in one transaction, with the
/// idempotency keys and callbacks that come with them, the first claimed already if there is
/// `room`. A run whose key is taken is not queued.
async fn write(
    store: &Store,
    batch: &[Start],
    room: Option<&Room>,
) -> Result<Vec<Queued>, ServiceError> {
    let mut tx = store.begin().await?;
    let queued = queue_in(&mut tx, batch, room).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Queues the runs of `batch` in the caller's transaction; see [`write`].
pub(crate) async fn queue_in(
    tx: &mut paddock_store::Connection,
    batch: &[Start],
    room: Option<&Room>,
) -> Result<Vec<Queued>, ServiceError> {
    let mut accepted = Vec::with_capacity(batch.len());
    for start in batch {
        let new_key = match (&start.idempotency, start.deployed) {
            (Some(key), Some(deployed)) => {
                let remembered = Remembered {
                    request_hash: key.request_hash.clone(),
                    run: start.id,
                };
                idempotency::remember_if_new(
                    tx,
                    &key.holder,
                    deployed.deployment,
                    &key.key,
                    &remembered,
                )
                .await?
            }
            _ => true,
        };
        accepted.push(new_key);
    }
    let starts: Vec<&Start> = batch
        .iter()
        .zip(&accepted)
        .filter_map(|(start, accepted)| accepted.then_some(start))
        .collect();
    let ids: Vec<RunId> = starts.iter().map(|start| start.id).collect();
    let leases = room.map(|room| room.leases(&ids));
    let new: Vec<NewRun> = starts
        .iter()
        .enumerate()
        .map(|(index, start)| NewRun {
            id: start.id,
            workspace: start.workspace.id,
            environment: start.environment.id,
            workflow_name: &start.checked.workflow.definition.name,
            definition: &start.checked.stored,
            inputs: &start.inputs,
            started_by: start.started_by,
            version: start.deployed.map(|deployed| deployed.version),
            deployment: start.deployed.map(|deployed| deployed.deployment),
            served: start.served.as_ref(),
            claimed_by: leases.as_ref().and_then(|leases| leases.holder(index)),
        })
        .collect();
    let queued = runs::insert_all(tx, &new).await?;
    for start in &starts {
        if let Some(url) = &start.callback {
            paddock_store::callbacks::insert(tx, start.id, url).await?;
        }
    }
    let events = starts.iter().zip(&queued).map(|(start, run)| {
        let mut summary = match start.deployed {
            Some(deployed) => json!({
                "environment": start.environment.slug.as_str(),
                "version": deployed.number,
            }),
            None => json!({ "environment": start.environment.slug.as_str(), "test": true }),
        };
        if let Some(served) = &start.served {
            summary["interface"] = json!(served.interface.as_str());
            if let Some(key) = served.api_key {
                summary["api_key"] = json!(key.to_string());
            }
            if let Some(batch) = served.batch {
                summary["batch"] = json!(batch.to_string());
            }
        }
        if let Some(rerun) = &start.rerun_of {
            summary["rerun"] = json!({
                "run": rerun.run.to_string(),
                "from_step": rerun.from_step,
                "taken_over": rerun.taken_over,
            });
        }
        Entry {
            actor: start.actor.clone(),
            action: Action::RunStarted,
            target: Some(super::target(run)),
            workspace: Some(start.workspace.slug.to_string()),
            outcome: Outcome::Success,
            summary,
        }
        .into_record(&start.context)
    });
    paddock_store::audit::append_all(tx, events.collect()).await?;
    let mut queued = queued.into_iter();
    Ok(accepted
        .into_iter()
        .map(|accepted| match accepted {
            true => Queued::Run(Box::new(queued.next().expect("one run per accepted start"))),
            false => Queued::KeyTaken,
        })
        .collect())
}
