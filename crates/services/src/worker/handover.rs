//! Runs queued already claimed. When the worker of the process that queues runs waits for runs
//! with room to spare, the runs are written claimed by it and handed to it as their transaction
//! commits: no claim and no wake-up between queueing a run and running it, so a run costs the
//! one SQLite writer a transaction fewer. A run handed over is held under a lease like any
//! claimed run: if this process dies (or its worker stops) before the run ends, another worker
//! resumes it from its recorded steps once the lease runs out.
//!
//! Room is offered only while the worker's last claim emptied the queue: under a backlog, runs
//! queued here wait their turn in the queue like any other. (Runs queued without room since
//! that claim may be overtaken by the few queued claimed before the worker's next claim.)

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};

use paddock_core::ids::RunId;
use paddock_core::time::Timestamp;
use paddock_store::runs::{self, Claimed, Holder, Run};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use super::{Wakeup, Worker};

/// The worker of this process, as runs being queued see it.
pub(super) struct LocalWorker {
    pub worker: Weak<Worker>,
    pub room: Arc<Semaphore>,
    pub stop: watch::Receiver<()>,
}

/// Room taken in this process's worker for runs about to be queued: the first runs of the
/// batch, as many as there are permits, are queued claimed by it under one claim number.
pub(crate) struct Room {
    worker: Arc<Worker>,
    permits: Vec<OwnedSemaphorePermit>,
    /// What each run's lease name starts with ([`runs::lease_name`]).
    claimer: String,
    stop: watch::Receiver<()>,
}

/// The leases the first runs of a batch are queued with ([`Room::leases`]).
pub(crate) struct Leases {
    names: Vec<String>,
    until: Timestamp,
}

impl Leases {
    /// The holder the `index`-th run queued is written with; none past the room taken.
    pub(crate) fn holder(&self, index: usize) -> Option<Holder<'_>> {
        self.names.get(index).map(|name| Holder {
            worker: name,
            lease_until: self.until,
        })
    }
}

impl Wakeup {
    /// Offers the room of this process's worker to the runs queued here.
    pub(super) fn offer_room(&self, local: LocalWorker) {
        *self.local.lock().expect("not poisoned") = Some(local);
    }

    /// Takes room for up to `runs` runs in this process's worker; none when there is no worker
    /// here (a `paddock worker` elsewhere runs them), when it is stopping, when it has no room,
    /// or when the queue may hold older runs (its last claim filled its room).
    pub(crate) fn room_for(&self, runs: usize) -> Option<Room> {
        let local = self.local.lock().expect("not poisoned");
        let local = local.as_ref()?;
        if local.stop.has_changed().unwrap_or(true) {
            return None;
        }
        let worker = local.worker.upgrade()?;
        if !worker.queue_emptied.load(Ordering::SeqCst) {
            return None;
        }
        let permits: Vec<OwnedSemaphorePermit> =
            std::iter::from_fn(|| local.room.clone().try_acquire_owned().ok())
                .take(runs)
                .collect();
        if permits.is_empty() {
            return None;
        }
        let claim = worker.claims.fetch_add(1, Ordering::Relaxed);
        Some(Room {
            claimer: format!("{}#{claim}", worker.id),
            permits,
            stop: local.stop.clone(),
            worker,
        })
    }
}

impl Room {
    /// The leases of `runs` (the runs of a batch that are queued, in order): the first ones, as
    /// many as there is room for, are claimed, from now (the lease is taken as they are written).
    pub(crate) fn leases(&self, runs: &[RunId]) -> Leases {
        Leases {
            names: runs
                .iter()
                .take(self.permits.len())
                .map(|run| runs::lease_name(&self.claimer, *run))
                .collect(),
            until: Timestamp::now().plus(self.worker.lease),
        }
    }

    /// Hands the runs queued claimed, the first of `queued` as in [`Room::leases`], to the
    /// worker once their transaction committed; returns how many. Room not used goes back.
    /// Should the worker have stopped meanwhile, they are left to their leases as the runs in
    /// its hands are.
    pub(crate) fn hand_over<'a>(self, queued: impl Iterator<Item = &'a Run>) -> usize {
        let Room {
            worker,
            permits,
            claimer,
            stop,
        } = self;
        let mut handed = 0;
        for (run, permit) in queued.zip(permits) {
            let claimed = Claimed {
                owner: runs::lease_name(&claimer, run.id),
                run: run.clone(),
                // Nothing is recorded of a run queued claimed: a re-run that takes results
                // over is queued for any worker (`Intake::queue_taking_over`).
                fresh: true,
            };
            worker.clone().spawn_run(claimed, permit, stop.clone());
            handed += 1;
        }
        handed
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use paddock_core::run::RunStatus;
    use paddock_integrations::models::ProviderClient;
    use paddock_integrations::secrets::Keyring;
    use paddock_store::testing::test_databases;
    use paddock_store::{Store, runs};
    use serde_json::{Map, json};

    use super::*;
    use crate::models::gateway::ModelGateway;
    use crate::runs::{Intake, start_from_command_line};

    const THREE_STEPS: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: three-steps
inputs:
  n: { type: integer, required: true }
steps:
  - { id: a, uses: template, with: { value: "{{ inputs.n + 1 }}" } }
  - { id: b, uses: template, with: { value: "{{ steps.a.output + 1 }}" } }
  - { id: c, uses: template, with: { value: "{{ steps.b.output + 1 }}" } }
outputs:
  last: "{{ steps.c.output }}"
"#;

    /// A worker of this process with `room`, offered to the runs queued here, and without a
    /// claim loop (as if its last claim had emptied the queue): only a hand-over starts a run.
    fn offer(
        store: &Store,
        wakeup: &Wakeup,
        room: usize,
    ) -> (Arc<Worker>, Arc<Semaphore>, watch::Sender<()>) {
        let models = ModelGateway::new(
            store.clone(),
            Keyring::ephemeral(),
            ProviderClient::default(),
        );
        let worker = Arc::new(Worker::new(
            store.clone(),
            models,
            "here".to_owned(),
            wakeup.clone(),
        ));
        worker.queue_emptied.store(true, Ordering::SeqCst);
        let (stop, stopped) = watch::channel(());
        let room = Arc::new(Semaphore::new(room));
        wakeup.offer_room(LocalWorker {
            worker: Arc::downgrade(&worker),
            room: room.clone(),
            stop: stopped,
        });
        (worker, room, stop)
    }

    async fn queue(store: &Store, wakeup: &Wakeup, n: i64) -> runs::Run {
        let intake = Intake::new(store.clone(), wakeup.clone());
        let inputs: Map<String, serde_json::Value> = json!({ "n": n }).as_object().unwrap().clone();
        let id = start_from_command_line(store, &intake, None, THREE_STEPS, &inputs)
            .await
            .unwrap();
        let mut conn = store.acquire().await.unwrap();
        runs::find(&mut conn, id).await.unwrap().unwrap()
    }

    /// The run once it ended and the worker has its room back.
    async fn finished(store: &Store, room: &Semaphore, id: RunId) -> runs::Run {
        for _ in 0..3_000 {
            let mut conn = store.acquire().await.unwrap();
            let run = runs::find(&mut conn, id).await.unwrap().unwrap();
            if run.status.is_final() && room.available_permits() > 0 {
                return run;
            }
            drop(conn);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("run {id} did not finish");
    }

    #[tokio::test]
    async fn a_run_queued_while_the_worker_has_room_is_queued_claimed_and_run_by_it() {
        for db in test_databases().await {
            let store = db.store().await;
            let wakeup = Wakeup::default();
            let (worker, room, _stop) = offer(&store, &wakeup, 1);

            let run = queue(&store, &wakeup, 1).await;
            assert_eq!(run.status, RunStatus::Running, "{:?}", store.backend());
            assert_eq!(
                run.started_at,
                Some(run.created_at),
                "started as it was queued"
            );
            let run = finished(&store, &room, run.id).await;
            assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
            assert_eq!(run.outputs, Some(json!({ "last": 4 })));

            // Its room came back when it ended: the next run is handed over too.
            let next = queue(&store, &wakeup, 10).await;
            assert_eq!(next.status, RunStatus::Running);
            let next = finished(&store, &room, next.id).await;
            assert_eq!(next.outputs, Some(json!({ "last": 13 })));

            // A worker whose last claim filled its room may have older runs to claim first.
            worker.queue_emptied.store(false, Ordering::SeqCst);
            let busy = queue(&store, &wakeup, 20).await;
            assert_eq!(busy.status, RunStatus::Queued, "{:?}", store.backend());
        }
    }

    #[tokio::test]
    async fn without_room_or_once_the_worker_stops_runs_wait_in_the_queue_for_any_worker() {
        for db in test_databases().await {
            let store = db.store().await;
            let wakeup = Wakeup::default();
            let (_worker, _room, _stop) = offer(&store, &wakeup, 0);
            let full = queue(&store, &wakeup, 1).await;
            assert_eq!(full.status, RunStatus::Queued, "{:?}", store.backend());
            assert_eq!(full.started_at, None);

            let (_worker, _room, stop) = offer(&store, &wakeup, 4);
            drop(stop);
            let stopped = queue(&store, &wakeup, 2).await;
            assert_eq!(stopped.status, RunStatus::Queued, "{:?}", store.backend());

            // No worker of this process at all (a `paddock worker` elsewhere runs them).
            let elsewhere = queue(&store, &Wakeup::default(), 3).await;
            assert_eq!(elsewhere.status, RunStatus::Queued);
        }
    }
}
