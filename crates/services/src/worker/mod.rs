//! Workers: each claims a run from the queue (or is handed one as it is queued, [`handover`]),
//! runs it with the engine — every step recorded in the store before its dependants start —
//! renews its lease while it works, and releases the run with its outcome. A worker that dies loses its lease, and another resumes the run from
//! its recorded steps. Workers run inside `paddock serve`, or alone with `paddock worker`.

mod handover;
mod releases;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use paddock_core::ids::RunId;
use paddock_core::run::{RunStatus, StepRecord};
use paddock_core::time::Timestamp;
use paddock_engine::journal::{Journal, JournalError};
use paddock_engine::{RunOutcome, Runtime, execute};
use paddock_store::runs::{self, Claimed, Holder, Lease, StepResult};
use paddock_store::{Store, StoreError};
use serde_json::{Map, Value};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, oneshot, watch};

use crate::connections::gateway::ConnectionGateway;
use crate::knowledge::retrieval::KnowledgeGateway;
use crate::knowledge::search::KnowledgeIndex;
use crate::models::gateway::ModelGateway;
use crate::policy::RunPlace;
use crate::publishing::run_files::{DEFAULT_ARTIFACT_RETENTION, RunFiles};
use crate::workflows;
use handover::LocalWorker;
pub(crate) use handover::Room;
use releases::{Release, Releases};

/// How long a claim lasts without renewal by default; a worker renews it three times as often.
/// A run whose worker died waits this long before another worker resumes it.
pub const LEASE: Duration = Duration::from_secs(30);
/// How often an idle worker looks for runs it was not woken for: queued by another process,
/// or left by a worker whose lease ran out.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// Wakes an idle worker when a run is queued in this process, so it starts without delay; and
/// wakes whoever waits for a run to end here (an API caller's `?wait`) when a worker of this
/// process releases it.
#[derive(Clone, Default)]
pub struct Wakeup {
    queued: Arc<Notify>,
    released: Arc<Waiters>,
    /// Wakes the batch driver: a batch was made or changed, or a batch's row ended here.
    batches: Arc<Notify>,
    /// Wakes the ingestion worker: documents were uploaded here.
    documents: Arc<Notify>,
    /// The worker of this process, whose room runs queued here take ([`Wakeup::room_for`]).
    local: Arc<std::sync::Mutex<Option<LocalWorker>>>,
}

/// Forgets the waiters of a run who stopped waiting when dropped ([`Wakeup::forget_on_drop`]).
pub(crate) struct ForgetWaiters {
    wakeup: Wakeup,
    run: RunId,
}

impl Drop for ForgetWaiters {
    fn drop(&mut self) {
        self.wakeup.stop_waiting(self.run);
    }
}

/// Who waits for which run to be released.
type Waiters = std::sync::Mutex<std::collections::HashMap<RunId, Vec<oneshot::Sender<Released>>>>;

/// How a worker of this process left a run, as written: what a waiter answers with, without
/// reading the run again.
#[derive(Debug, Clone)]
pub(crate) struct Released {
    pub status: RunStatus,
    pub outputs: Option<Value>,
    pub finished_at: Option<Timestamp>,
}

impl Wakeup {
    /// Wakes a worker of this process.
    pub fn notify(&self) {
        self.queued.notify_one();
    }

    /// Resolves when a worker of this process next releases `run` (it ended, or waits for an
    /// approval); runs released by other processes are not seen, so callers also look.
    pub(crate) fn released(&self, run: RunId) -> oneshot::Receiver<Released> {
        let (tell, told) = oneshot::channel();
        let mut waiters = self.released.lock().expect("not poisoned");
        waiters.entry(run).or_default().push(tell);
        told
    }

    /// Forgets, when dropped, the waiters of `run` who stopped waiting: hold it while waiting.
    pub(crate) fn forget_on_drop(&self, run: RunId) -> ForgetWaiters {
        ForgetWaiters {
            wakeup: self.clone(),
            run,
        }
    }

    /// Forgets the waiters of `run` who stopped waiting.
    fn stop_waiting(&self, run: RunId) {
        let mut waiters = self.released.lock().expect("not poisoned");
        if let Some(list) = waiters.get_mut(&run) {
            list.retain(|tell| !tell.is_closed());
            if list.is_empty() {
                waiters.remove(&run);
            }
        }
    }

    /// Wakes the ingestion worker of this process.
    pub(crate) fn notify_documents(&self) {
        self.documents.notify_one();
    }

    /// Resolves when the ingestion worker is woken, or after `at_most`.
    pub(crate) async fn documents_uploaded(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.documents.notified()).await;
    }

    /// Wakes the batch driver of this process.
    pub(crate) fn notify_batches(&self) {
        self.batches.notify_one();
    }

    /// Resolves when the batch driver is woken, or after `at_most`.
    pub(crate) async fn batches_changed(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.batches.notified()).await;
    }

    /// Tells the waiters of each run released here how it was left, and the batch driver when
    /// a batch's row was among them.
    fn tell_released<'a>(&self, releases: impl Iterator<Item = &'a Release>) {
        let mut waiters = self.released.lock().expect("not poisoned");
        let mut batch_rows = false;
        for release in releases {
            batch_rows |= release.batch_row;
            for tell in waiters.remove(&release.run).into_iter().flatten() {
                let _ = tell.send(Released {
                    status: release.status,
                    outputs: release.outputs.clone(),
                    finished_at: release.status.is_final().then_some(release.at),
                });
            }
        }
        drop(waiters);
        if batch_rows {
            self.notify_batches();
        }
    }

    /// Runs were queued: wakes a worker here and announces them to every other process. An
    /// announcement that fails is logged; the others find the runs at their next look.
    pub async fn queued(&self, store: &Store) {
        self.notify();
        if let Err(error) = store.announce_runs().await {
            tracing::warn!(error = %paddock_core::report::error_chain(&error), "queued runs could not be announced to other processes");
        }
    }

    async fn wait(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.queued.notified()).await;
    }
}

/// Claims runs and runs them. A worker of `paddock serve` or `paddock worker` runs many at once
/// ([`spawn_workers`]); [`Worker::work_once`] runs one.
pub struct Worker {
    store: Store,
    models: ModelGateway,
    connections: ConnectionGateway,
    knowledge: KnowledgeGateway,
    id: String,
    wakeup: Wakeup,
    lease: Duration,
    /// How long the documents its runs write are kept.
    artifact_retention: Duration,
    releases: Releases,
    /// Numbers this worker's claims: each claimed run is held under a name no other claim uses.
    claims: AtomicU64,
    /// Its last claim took fewer runs than it had room for, so the queue held no more: runs
    /// queued here may be queued claimed by it without overtaking any ([`handover`]).
    queue_emptied: AtomicBool,
}

impl Worker {
    /// A worker named `id` (unique among the workers sharing the database).
    pub fn new(store: Store, models: ModelGateway, id: String, wakeup: Wakeup) -> Self {
        Worker {
            releases: Releases::new(store.clone(), wakeup.clone()),
            connections: ConnectionGateway::new(store.clone(), models.keyring().clone()),
            knowledge: KnowledgeGateway::new(store.clone(), KnowledgeIndex::in_memory()),
            store,
            models,
            id,
            wakeup,
            lease: LEASE,
            artifact_retention: DEFAULT_ARTIFACT_RETENTION,
            claims: AtomicU64::new(0),
            queue_emptied: AtomicBool::new(false),
        }
    }

    /// Retrieves with `index` (this node's), instead of an index of its own.
    pub fn with_knowledge(mut self, index: KnowledgeIndex) -> Self {
        self.knowledge = KnowledgeGateway::new(self.store.clone(), index);
        self
    }

    /// Claims last `lease` without renewal (at least a second).
    #[must_use]
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(1));
        self
    }

    /// Keeps the documents its runs write for `retention` (at least an hour).
    #[must_use]
    pub fn with_artifact_retention(mut self, retention: Duration) -> Self {
        self.artifact_retention = retention.max(Duration::from_secs(3600));
        self
    }

    /// Runs up to `at_once` runs at a time until `stop` resolves, claiming as many as there is
    /// room for in one statement; runs queued in this process while there is room come claimed
    /// already ([`handover`]). Runs in hand when it stops are left as they are: their leases run
    /// out and workers resume them from their recorded steps.
    async fn run(self: Arc<Self>, at_once: usize, stop: watch::Receiver<()>) {
        let room = Arc::new(Semaphore::new(at_once.max(1)));
        self.wakeup.offer_room(LocalWorker {
            worker: Arc::downgrade(&self),
            room: room.clone(),
            stop: stop.clone(),
        });
        // Closed when the worker stops, so no run is queued claimed by it any more.
        let _closed = CloseOnDrop(room.clone());
        let mut stopped = stop.clone();
        loop {
            let first = tokio::select! {
                biased;
                _ = stopped.changed() => return,
                permit = room.clone().acquire_owned() => permit.expect("never closed while looping"),
            };
            let mut permits = vec![first];
            while let Ok(more) = room.clone().try_acquire_owned() {
                permits.push(more);
            }
            let claimed = match self.claim(permits.len()).await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(worker = %self.id, error = %paddock_core::report::error_chain(&error), "the worker could not reach the database");
                    drop(permits);
                    tokio::select! {
                        _ = stopped.changed() => return,
                        () = tokio::time::sleep(IDLE_CHECK) => continue,
                    }
                }
            };
            // A claim that took fewer runs than there was room for emptied the queue: the next
            // waits to be woken (a wakeup given meanwhile is kept) rather than find nothing.
            let drained = claimed.len() < permits.len();
            self.queue_emptied.store(drained, Ordering::SeqCst);
            // Room not used goes back at once; each run gives its own back when it stops.
            permits.truncate(claimed.len());
            for (claimed, permit) in claimed.into_iter().zip(permits) {
                self.clone().spawn_run(claimed, permit, stop.clone());
            }
            if drained {
                tokio::select! {
                    _ = stopped.changed() => return,
                    () = self.wakeup.wait(IDLE_CHECK) => {}
                }
            }
        }
    }

    /// Runs a claimed run in a task of its own, which gives `room` back when the run stops, or
    /// leaves the run as it is when `stop` changes.
    fn spawn_run(
        self: Arc<Self>,
        claimed: Claimed,
        room: OwnedSemaphorePermit,
        mut stop: watch::Receiver<()>,
    ) {
        tokio::spawn(async move {
            tokio::select! {
                biased;
                _ = stop.changed() => {}
                result = self.run_claimed(claimed) => if let Err(error) = result {
                    tracing::warn!(worker = %self.id, error = %paddock_core::report::error_chain(&error), "the worker could not reach the database");
                },
            }
            drop(room);
        });
    }

    /// Claims up to `limit` runs, each under a name of its own.
    async fn claim(&self, limit: usize) -> Result<Vec<Claimed>, StoreError> {
        let now = Timestamp::now();
        let claim = self.claims.fetch_add(1, Ordering::Relaxed);
        runs::claim(
            &mut *self.store.writer().await?,
            self.store.backend(),
            &format!("{}#{claim}", self.id),
            now,
            now.plus(self.lease),
            i64::try_from(limit).unwrap_or(i64::MAX),
        )
        .await
    }

    /// Claims one run and runs it (until it ends, pauses, or is taken over); false when the
    /// queue had nothing.
    pub async fn work_once(&self) -> Result<bool, StoreError> {
        let Some(claimed) = self.claim(1).await?.pop() else {
            return Ok(false);
        };
        self.run_claimed(claimed).await?;
        Ok(true)
    }

    async fn run_claimed(&self, Claimed { run, owner, fresh }: Claimed) -> Result<(), StoreError> {
        let journal = StoreJournal {
            store: self.store.clone(),
            run: run.id,
            worker: owner,
            lease: self.lease,
            fresh,
            batch_row: run
                .served
                .as_ref()
                .is_some_and(|served| served.batch.is_some()),
            cancelled: AtomicBool::new(run.cancel_requested),
            held_back: std::sync::Mutex::default(),
        };
        let checked = match workflows::check_stored(&run.definition) {
            Ok(checked) => checked,
            Err(problem) => {
                // Checked when queued; a release that reads definitions differently lands here.
                let error = format!("the workflow no longer validates: {problem}");
                return self
                    .release(&journal, RunStatus::Failed, None, Some(error), None)
                    .await;
            }
        };
        let inputs: Map<String, Value> = run.inputs.as_object().cloned().unwrap_or_default();
        let labels = crate::policy::sink_labels(
            &self.store,
            run.workspace,
            run.environment,
            &checked.workflow,
            run.served.is_some(),
        );
        let labels = match labels.await {
            Ok(labels) => labels,
            Err(error) => {
                // Nothing ran yet: the run waits for the database like any claimed run.
                tracing::warn!(run = %run.id, %error, "the labels the run sends to its sinks could not be read");
                return Ok(());
            }
        };
        let place = RunPlace {
            run: run.id,
            workflow: run.workflow_name.clone(),
            workspace: run.workspace,
            environment: run.environment,
            started_by: run.started_by,
            sent: labels.sent,
            retrieved: labels.retrieved,
            deployment: run.deployment,
        };
        let models = self.models.for_run(&place);
        let connections = self.connections.for_run(&place);
        let knowledge = self.knowledge.for_run(&place);
        let files = RunFiles::new(
            &self.store,
            run.id,
            run.workspace,
            &checked.workflow.definition.inputs,
            &inputs,
        )
        .keeping_documents_for(self.artifact_retention);
        let runtime = Runtime {
            journal: &journal,
            models: &models,
            connectors: &connections,
            knowledge: &knowledge,
            files: &files,
            expressions: workflows::expressions(),
        };
        let execution = execute(&checked.workflow, &inputs, &runtime);
        tokio::pin!(execution);
        let mut renewal = tokio::time::interval(self.lease / 3);
        renewal.tick().await;
        let outcome = loop {
            tokio::select! {
                outcome = &mut execution => break outcome,
                _ = renewal.tick() => {
                    if !journal.renew().await? {
                        tracing::warn!(run = %run.id, worker = %self.id, "another worker took the run over");
                        return Ok(());
                    }
                }
            }
        };
        match outcome {
            Ok(RunOutcome::Succeeded { outputs }) => {
                let outputs = Value::Object(outputs);
                // When the store cannot tell, the run is left to be resumed once its lease runs
                // out, as for any failure to write.
                if let Some(served) = &run.served
                    && let Err(refusal) = place
                        .outputs_cleared(&self.store, served, labels.outputs, &outputs)
                        .await?
                {
                    return self
                        .release(
                            &journal,
                            RunStatus::Failed,
                            None,
                            Some(refusal),
                            Some("outputs".to_owned()),
                        )
                        .await;
                }
                self.release(&journal, RunStatus::Succeeded, Some(outputs), None, None)
                    .await
            }
            Ok(RunOutcome::Failed { step, error }) => {
                self.release(&journal, RunStatus::Failed, None, Some(error), Some(step))
                    .await
            }
            Ok(RunOutcome::Waiting { .. }) => {
                self.release(&journal, RunStatus::Waiting, None, None, None)
                    .await
            }
            Ok(RunOutcome::Cancelled) => {
                self.release(&journal, RunStatus::Cancelled, None, None, None)
                    .await
            }
            Err(error) => {
                // The lease was lost or the database failed: whoever holds the run next
                // resumes it from its recorded steps.
                tracing::warn!(run = %run.id, worker = %self.id, %error, "the run stopped");
                Ok(())
            }
        }
    }

    /// Ends the run's claim with its outcome, with the results the journal held back, in one
    /// transaction; nothing is written if another worker has taken the run over.
    async fn release(
        &self,
        journal: &StoreJournal,
        status: RunStatus,
        outputs: Option<Value>,
        error: Option<String>,
        failed_step: Option<String>,
    ) -> Result<(), StoreError> {
        let release = Release {
            run: journal.run,
            worker: journal.worker.clone(),
            status,
            at: Timestamp::now(),
            outputs,
            error,
            failed_step,
            held_back: journal.take_held_back(),
            batch_row: journal.batch_row,
        };
        match self.releases.release(release).await {
            Some(released) => released.map(|_| ()),
            None => {
                tracing::error!(run = %journal.run, worker = %self.id, "releasing the run failed unexpectedly; it is resumed when its lease runs out");
                Ok(())
            }
        }
    }
}

/// Closes a worker's room when the worker stops.
struct CloseOnDrop(Arc<Semaphore>);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// The journal of one claimed run, in the store, written only while this worker holds it.
struct StoreJournal {
    store: Store,
    run: RunId,
    worker: String,
    lease: Duration,
    /// Claimed for the first time: there is nothing recorded to read.
    fresh: bool,
    /// A row of a batch: its release is told to the batch driver.
    batch_row: bool,
    cancelled: AtomicBool,
    /// Recomputable results not yet written: they go with the next durable write.
    held_back: std::sync::Mutex<Vec<StepResult>>,
}

fn journal_error(error: StoreError) -> JournalError {
    JournalError(paddock_core::report::error_chain(&error))
}

fn lost() -> JournalError {
    JournalError("another worker took the run over".to_owned())
}

impl StoreJournal {
    /// Renews the lease and reads whether the run was asked to stop; false when it was lost.
    async fn renew(&self) -> Result<bool, StoreError> {
        let mut conn = self.store.writer().await?;
        let until = Timestamp::now().plus(self.lease);
        if !runs::renew_lease(&mut conn, self.run, &self.worker, until).await? {
            return Ok(false);
        }
        let cancel = runs::cancel_requested(&mut conn, self.run).await?;
        self.cancelled.store(cancel, Ordering::Relaxed);
        Ok(true)
    }
}

impl StoreJournal {
    /// This worker, with its lease extended from now: each step started or recorded renews it.
    fn holder(&self) -> Holder<'_> {
        Holder {
            worker: &self.worker,
            lease_until: Timestamp::now().plus(self.lease),
        }
    }

    fn take_held_back(&self) -> Vec<StepResult> {
        std::mem::take(&mut *self.held_back.lock().expect("not poisoned"))
    }

    /// In one transaction under the lease: the held-back results, then `own` results and the
    /// start of `starting` (key, step id, attempt). If that fails, the held-back results stay
    /// held back for the next write.
    async fn write_durably(
        &self,
        own: Option<StepResult>,
        starting: Option<(&str, &str, u32)>,
    ) -> Result<(), JournalError> {
        let held_back = self.take_held_back();
        let written = self.write(&held_back, own, starting).await;
        if written.is_err() {
            let mut kept = self.held_back.lock().expect("not poisoned");
            kept.splice(0..0, held_back);
        }
        written
    }

    async fn write(
        &self,
        held_back: &[StepResult],
        own: Option<StepResult>,
        starting: Option<(&str, &str, u32)>,
    ) -> Result<(), JournalError> {
        let mut tx = self.store.begin().await.map_err(journal_error)?;
        let lease = runs::hold(&mut tx, self.run, self.holder())
            .await
            .map_err(journal_error)?;
        self.note(lease)?;
        let results: Vec<StepResult> = held_back.iter().cloned().chain(own).collect();
        runs::record_steps(&mut tx, &results)
            .await
            .map_err(journal_error)?;
        if let Some((key, step_id, attempt)) = starting {
            runs::step_started(&mut tx, self.run, key, step_id, attempt)
                .await
                .map_err(journal_error)?;
        }
        tx.commit().await.map_err(journal_error)
    }

    fn note(&self, lease: Lease) -> Result<(), JournalError> {
        match lease {
            Lease::Lost => Err(lost()),
            Lease::Held { cancel_requested } => {
                self.cancelled.store(cancel_requested, Ordering::Relaxed);
                Ok(())
            }
        }
    }
}

impl Journal for StoreJournal {
    async fn recorded(&self) -> Result<BTreeMap<String, StepRecord>, JournalError> {
        if self.fresh {
            return Ok(BTreeMap::new());
        }
        let mut conn = self.store.acquire().await.map_err(journal_error)?;
        runs::recorded(&mut conn, self.run)
            .await
            .map_err(journal_error)
    }

    async fn started(&self, key: &str, step_id: &str, attempt: u32) -> Result<(), JournalError> {
        self.write_durably(None, Some((key, step_id, attempt)))
            .await
    }

    async fn record(
        &self,
        key: &str,
        record: &StepRecord,
        recomputable: bool,
    ) -> Result<(), JournalError> {
        let result = StepResult {
            run: self.run,
            key: key.to_owned(),
            record: record.clone(),
        };
        if recomputable {
            self.held_back.lock().expect("not poisoned").push(result);
            return Ok(());
        }
        self.write_durably(Some(result), None).await
    }

    fn cancel_requested(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// How a process's worker runs: how many runs at once, how long its claims last, and how long
/// the documents its runs write are kept.
#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    pub count: usize,
    pub lease: Duration,
    pub artifact_retention: Duration,
}

impl WorkerSettings {
    /// `count` runs at once, with the default lease and retention.
    pub fn running(count: usize) -> Self {
        WorkerSettings {
            count,
            lease: LEASE,
            artifact_retention: DEFAULT_ARTIFACT_RETENTION,
        }
    }
}

/// Starts a worker running up to `settings.count` runs at once, woken by `wakeup`, and the
/// clock that settles overdue approvals; they stop when `stop` changes (or its sender is
/// dropped). Worker names are unique across processes.
pub fn spawn_workers(
    store: &Store,
    models: &ModelGateway,
    knowledge: &KnowledgeIndex,
    wakeup: &Wakeup,
    settings: WorkerSettings,
    stop: tokio::sync::watch::Receiver<()>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let process = format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let mut listener_stop = stop.clone();
    let listener = tokio::spawn(relay_announcements(
        store.clone(),
        wakeup.clone(),
        async move {
            let _ = listener_stop.changed().await;
        },
    ));
    let mut clock_stop = stop.clone();
    let clock = tokio::spawn(crate::approvals::run_clock(
        store.clone(),
        wakeup.clone(),
        async move {
            let _ = clock_stop.changed().await;
        },
    ));
    let mut ingestion_stop = stop.clone();
    let ingestion = tokio::spawn(crate::knowledge::ingest::run(
        store.clone(),
        wakeup.clone(),
        async move {
            let _ = ingestion_stop.changed().await;
        },
    ));
    let worker = Worker::new(store.clone(), models.clone(), process, wakeup.clone())
        .with_lease(settings.lease)
        .with_artifact_retention(settings.artifact_retention)
        .with_knowledge(knowledge.clone());
    let worker = tokio::spawn(Arc::new(worker).run(settings.count, stop));
    vec![worker, clock, listener, ingestion]
}

/// Wakes this process's workers when another process announces runs (PostgreSQL), until `stop`
/// resolves. A lost subscription is retried every few seconds; meanwhile the workers' periodic
/// look at the queue still finds every run.
async fn relay_announcements(
    store: Store,
    wakeup: Wakeup,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        let subscription = tokio::select! {
            () = &mut stop => return,
            subscription = store.listen_for_runs() => subscription,
        };
        let mut announcements = match subscription {
            Ok(Some(announcements)) => announcements,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(error = %paddock_core::report::error_chain(&error), "cannot listen for runs queued elsewhere");
                tokio::select! {
                    () = &mut stop => return,
                    () = tokio::time::sleep(Duration::from_secs(5)) => continue,
                }
            }
        };
        loop {
            tokio::select! {
                () = &mut stop => return,
                next = announcements.next() => match next {
                    Ok(()) => wakeup.notify(),
                    Err(error) => {
                        tracing::warn!(error = %paddock_core::report::error_chain(&error), "lost the subscription to runs queued elsewhere");
                        break;
                    }
                },
            }
        }
    }
}
