//! Workers: each claims a run from the queue, runs it with the engine — every step recorded in
//! the store before its dependants start — renews its lease while it works, and releases the
//! run with its outcome. A worker that dies loses its lease, and another resumes the run from
//! its recorded steps. Workers run inside `paddock serve`, or alone with `paddock worker`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use paddock_core::ids::RunId;
use paddock_core::run::{RunStatus, StepRecord};
use paddock_core::time::Timestamp;
use paddock_core::workflow::definition::Definition;
use paddock_core::workflow::validate;
use paddock_engine::journal::{Journal, JournalError};
use paddock_engine::{RunOutcome, Runtime, execute};
use paddock_store::runs::{self, Ending, Holder, Lease, Run};
use paddock_store::{Store, StoreError};
use serde_json::{Map, Value};
use tokio::sync::Notify;

use crate::models::gateway::ModelGateway;
use crate::workflows;

/// How long a claim lasts without renewal by default; a worker renews it three times as often.
/// A run whose worker died waits this long before another worker resumes it.
pub const LEASE: Duration = Duration::from_secs(30);
/// How often an idle worker looks for runs it was not woken for: queued by another process,
/// or left by a worker whose lease ran out.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// Wakes an idle worker when a run is queued in this process, so it starts without delay.
#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    /// Wakes a worker of this process.
    pub fn notify(&self) {
        self.0.notify_one();
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
        let _ = tokio::time::timeout(at_most, self.0.notified()).await;
    }
}

pub struct Worker {
    store: Store,
    models: ModelGateway,
    id: String,
    wakeup: Wakeup,
    lease: Duration,
}

impl Worker {
    /// A worker named `id` (unique among the workers sharing the database).
    pub fn new(store: Store, models: ModelGateway, id: String, wakeup: Wakeup) -> Self {
        Worker {
            store,
            models,
            id,
            wakeup,
            lease: LEASE,
        }
    }

    /// Claims last `lease` without renewal (at least a second).
    #[must_use]
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(1));
        self
    }

    /// Works until `stop` resolves. A run in hand then is left as it is: its lease runs out and
    /// a worker resumes it from its recorded steps.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => return,
                worked = self.work_once() => match worked {
                    Ok(true) => {}
                    Ok(false) => {
                        tokio::select! {
                            () = &mut stop => return,
                            () = self.wakeup.wait(IDLE_CHECK) => {}
                        }
                    }
                    Err(error) => {
                        tracing::warn!(worker = %self.id, error = %paddock_core::report::error_chain(&error), "the worker could not reach the database");
                        tokio::time::sleep(IDLE_CHECK).await;
                    }
                },
            }
        }
    }

    /// Claims one run and runs it (until it ends, pauses, or is taken over); false when the
    /// queue had nothing.
    pub async fn work_once(&self) -> Result<bool, StoreError> {
        let now = Timestamp::now();
        let claimed = {
            let mut tx = self.store.begin().await?;
            let claimed = runs::claim(
                &mut tx,
                self.store.backend(),
                &self.id,
                now,
                now.plus(self.lease),
            )
            .await?;
            tx.commit().await?;
            claimed
        };
        let Some(run) = claimed else {
            return Ok(false);
        };
        self.run_claimed(run).await?;
        Ok(true)
    }

    async fn run_claimed(&self, run: Run) -> Result<(), StoreError> {
        let journal = StoreJournal {
            store: self.store.clone(),
            run: run.id,
            worker: self.id.clone(),
            lease: self.lease,
            cancelled: AtomicBool::new(run.cancel_requested),
            held_back: std::sync::Mutex::default(),
        };
        let workflow = serde_json::from_value::<Definition>(run.definition.clone())
            .map_err(|e| e.to_string())
            .and_then(|definition| {
                validate(definition, workflows::catalog(), workflows::expressions())
                    .map_err(|problems| problems.to_string())
            });
        let workflow = match workflow {
            Ok(workflow) => workflow,
            Err(problem) => {
                // Checked when queued; a release that reads definitions differently lands here.
                let error = format!("the workflow no longer validates: {problem}");
                return self
                    .release(&journal, RunStatus::Failed, None, Some(&error), None)
                    .await;
            }
        };
        let inputs: Map<String, Value> = run.inputs.as_object().cloned().unwrap_or_default();
        let runtime = Runtime {
            journal: &journal,
            models: &self.models.for_workspace(run.workspace),
            expressions: workflows::expressions(),
        };
        let execution = execute(&workflow, &inputs, &runtime);
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
                self.release(&journal, RunStatus::Succeeded, Some(&outputs), None, None)
                    .await
            }
            Ok(RunOutcome::Failed { step, error }) => {
                self.release(&journal, RunStatus::Failed, None, Some(&error), Some(&step))
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
        outputs: Option<&Value>,
        error: Option<&str>,
        failed_step: Option<&str>,
    ) -> Result<(), StoreError> {
        let run = journal.run;
        let mut tx = self.store.begin().await?;
        if journal.write_held_back(&mut tx).await? == Lease::Lost {
            return Ok(());
        }
        let ending = Ending {
            status,
            outputs,
            error,
            failed_step,
        };
        runs::release(&mut tx, run, &self.id, ending).await?;
        tx.commit().await
    }
}

/// The journal of one claimed run, in the store, written only while this worker holds it.
struct StoreJournal {
    store: Store,
    run: RunId,
    worker: String,
    lease: Duration,
    cancelled: AtomicBool,
    /// Recomputable results not yet written: they go with the next durable write.
    held_back: std::sync::Mutex<Vec<(String, StepRecord)>>,
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
        let mut conn = self.store.acquire().await?;
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

    /// Writes the held-back results in `tx`, checking the lease with each.
    async fn write_held_back(
        &self,
        tx: &mut paddock_store::Transaction,
    ) -> Result<Lease, StoreError> {
        let held_back = std::mem::take(&mut *self.held_back.lock().expect("not poisoned"));
        let mut lease = Lease::Held {
            cancel_requested: self.cancelled.load(Ordering::Relaxed),
        };
        for (key, record) in &held_back {
            lease = runs::record_step(tx, self.run, Some(self.holder()), key, record).await?;
            if lease == Lease::Lost {
                break;
            }
        }
        Ok(lease)
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
        let mut conn = self.store.acquire().await.map_err(journal_error)?;
        runs::recorded(&mut conn, self.run)
            .await
            .map_err(journal_error)
    }

    async fn started(&self, key: &str, step_id: &str, attempt: u32) -> Result<(), JournalError> {
        let mut tx = self.store.begin().await.map_err(journal_error)?;
        self.note(self.write_held_back(&mut tx).await.map_err(journal_error)?)?;
        let lease = runs::step_started(&mut tx, self.run, self.holder(), key, step_id, attempt)
            .await
            .map_err(journal_error)?;
        self.note(lease)?;
        tx.commit().await.map_err(journal_error)
    }

    async fn record(
        &self,
        key: &str,
        record: &StepRecord,
        recomputable: bool,
    ) -> Result<(), JournalError> {
        if recomputable {
            self.held_back
                .lock()
                .expect("not poisoned")
                .push((key.to_owned(), record.clone()));
            return Ok(());
        }
        let mut tx = self.store.begin().await.map_err(journal_error)?;
        self.note(self.write_held_back(&mut tx).await.map_err(journal_error)?)?;
        let lease = runs::record_step(&mut tx, self.run, Some(self.holder()), key, record)
            .await
            .map_err(journal_error)?;
        self.note(lease)?;
        tx.commit().await.map_err(journal_error)
    }

    fn cancel_requested(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Starts `count` workers sharing `wakeup`, and the clock that settles overdue approvals; they
/// stop when `stop` changes (or its sender is dropped). Worker names are unique across processes.
pub fn spawn_workers(
    store: &Store,
    models: &ModelGateway,
    wakeup: &Wakeup,
    count: usize,
    lease: Duration,
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
    (0..count)
        .map(|n| {
            let worker = Worker::new(
                store.clone(),
                models.clone(),
                format!("{process}-{n}"),
                wakeup.clone(),
            )
            .with_lease(lease);
            let mut stop = stop.clone();
            tokio::spawn(worker.run(async move {
                let _ = stop.changed().await;
            }))
        })
        .chain([clock, listener])
        .collect()
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
