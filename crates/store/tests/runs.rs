//! Runs and the queue on both backends: a run is claimed by one worker at a time, a worker that
//! lost its lease can record nothing, and a run whose worker died is claimed again.

use std::time::Duration;

use paddock_core::run::{RunStatus, StepRecord, StepStatus};
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, Slug};
use paddock_store::runs::{self, Ending, Holder, Lease, NewRun, StepResult};
use paddock_store::testing::test_databases;
use paddock_store::{Store, workspaces};
use serde_json::json;

async fn queue_run(store: &Store) -> paddock_core::ids::RunId {
    queue_run_claimed(store, None).await
}

/// Queues a run, claimed already by `claimed_by` if given.
async fn queue_run_claimed(
    store: &Store,
    claimed_by: Option<Holder<'_>>,
) -> paddock_core::ids::RunId {
    let mut conn = store.acquire().await.unwrap();
    let workspace = workspaces::ensure_workspace(
        &mut conn,
        &Slug::parse("claims").unwrap(),
        &DisplayName::parse("Claims").unwrap(),
    )
    .await
    .unwrap();
    workspaces::ensure_environment(
        &mut conn,
        &Slug::parse("dev").unwrap(),
        &DisplayName::parse("Development").unwrap(),
        0,
        &paddock_core::promotion::PublishingRule::open(),
    )
    .await
    .unwrap();
    let dev = workspaces::list_environments(&mut conn).await.unwrap()[0].id;
    runs::insert(
        &mut conn,
        NewRun {
            id: paddock_core::ids::RunId::generate(),
            workspace: workspace.id,
            environment: dev,
            workflow_name: "triage",
            definition: &json!({ "name": "triage" }),
            inputs: &json!({ "subject": "VPN" }),
            started_by: None,
            version: None,
            deployment: None,
            served: None,
            claimed_by,
        },
    )
    .await
    .unwrap()
    .id
}

fn holder(worker: &str) -> Holder<'_> {
    Holder {
        worker,
        lease_until: Timestamp::now().plus(Duration::from_secs(30)),
    }
}

fn record(output: serde_json::Value) -> StepRecord {
    StepRecord {
        step_id: "urgency".into(),
        status: StepStatus::Succeeded,
        input: json!({ "value": "x" }),
        output,
        error: None,
        attempts: 1,
        usage: None,
        model: None,
        started_at: 1,
        finished_at: 2,
        due_at: None,
    }
}

#[tokio::test]
async fn one_worker_at_a_time_and_the_loser_records_nothing() {
    for db in test_databases().await {
        let store = db.store().await;
        let id = queue_run(&store).await;
        let now = Timestamp::now();
        let lease = now.plus(Duration::from_secs(30));
        let mut conn = store.acquire().await.unwrap();

        let claimed = runs::claim(&mut conn, store.backend(), "worker-a", now, lease, 5)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1, "the one queued run is claimed");
        let (first, a) = (&claimed[0].run, claimed[0].owner.as_str());
        assert_eq!(first.id, id);
        assert_eq!(first.status, RunStatus::Running);
        assert!(claimed[0].fresh, "claimed for the first time");
        assert_eq!(a, format!("worker-a:{id}"));
        assert!(
            runs::claim(&mut conn, store.backend(), "worker-b", now, lease, 5)
                .await
                .unwrap()
                .is_empty(),
            "a leased run is not claimed twice ({:?})",
            store.backend()
        );
        let held = Lease::Held {
            cancel_requested: false,
        };
        assert_eq!(runs::hold(&mut conn, id, holder(a)).await.unwrap(), held);
        runs::step_started(&mut conn, id, "urgency", "urgency", 1)
            .await
            .unwrap();
        let stale = runs::hold(&mut conn, id, holder("worker-b")).await;
        assert_eq!(
            stale.unwrap(),
            Lease::Lost,
            "a worker without the lease may not write"
        );
        assert_eq!(runs::hold(&mut conn, id, holder(a)).await.unwrap(), held);
        let high = StepResult {
            run: id,
            key: "urgency".to_owned(),
            record: record(json!("high")),
        };
        runs::record_steps(&mut conn, &[high]).await.unwrap();
        let recorded = runs::recorded(&mut conn, id).await.unwrap();
        assert_eq!(recorded["urgency"].output, json!("high"));
        assert_eq!(recorded["urgency"].attempts, 1);

        // Many results in one statement, and a result written again replaces the first.
        let result = |key: String, output| StepResult {
            run: id,
            key,
            record: record(output),
        };
        let many: Vec<_> = (0..450)
            .map(|n| result(format!("each[{n}]"), json!(n)))
            .chain([result("urgency".to_owned(), json!("low"))])
            .collect();
        runs::record_steps(&mut conn, &many).await.unwrap();
        let recorded = runs::recorded(&mut conn, id).await.unwrap();
        assert_eq!(recorded.len(), 451);
        assert_eq!(recorded["each[449]"].output, json!(449));
        assert_eq!(recorded["urgency"].output, json!("low"));

        // Worker A dies; once its lease has run out, worker B takes the run over.
        // (Recording extended the lease; it runs out well before two minutes from now.)
        let later = Timestamp::now().plus(Duration::from_secs(120));
        let taken = runs::claim(
            &mut conn,
            store.backend(),
            "worker-b",
            later,
            later.plus(Duration::from_secs(30)),
            5,
        )
        .await
        .unwrap();
        assert_eq!(taken.len(), 1, "an expired lease is claimed again");
        assert!(!taken[0].fresh, "taken over: its recorded steps are read");
        let b = taken[0].owner.as_str();
        assert_eq!(taken[0].run.id, id);
        assert!(!runs::renew_lease(&mut conn, id, a, later).await.unwrap());
        let ending = Ending {
            status: RunStatus::Succeeded,
            at: Timestamp::now(),
            outputs: Some(&json!({ "ok": true })),
            error: None,
            failed_step: None,
        };
        assert!(!runs::release(&mut conn, id, a, ending).await.unwrap());
        let ending = Ending {
            status: RunStatus::Succeeded,
            at: Timestamp::now(),
            outputs: Some(&json!({ "ok": true })),
            error: None,
            failed_step: None,
        };
        assert!(runs::release(&mut conn, id, b, ending).await.unwrap());
        let done = runs::find(&mut conn, id).await.unwrap().unwrap();
        assert_eq!(done.status, RunStatus::Succeeded);
        assert_eq!(done.outputs, Some(json!({ "ok": true })));
        assert!(done.finished_at.is_some());
    }
}

#[tokio::test]
async fn a_run_queued_claimed_is_held_by_its_worker_until_its_lease_runs_out() {
    for db in test_databases().await {
        let store = db.store().await;
        let now = Timestamp::now();
        let short = Holder {
            worker: "worker-a#0:run",
            lease_until: now.plus(Duration::from_secs(1)),
        };
        let id = queue_run_claimed(&store, Some(short)).await;
        let mut conn = store.acquire().await.unwrap();
        let run = runs::find(&mut conn, id).await.unwrap().unwrap();
        assert_eq!(run.status, RunStatus::Running);
        assert!(run.started_at.is_some(), "it started as it was queued");
        let lease = now.plus(Duration::from_secs(30));
        assert!(
            runs::claim(&mut conn, store.backend(), "worker-b", now, lease, 5)
                .await
                .unwrap()
                .is_empty(),
            "no other worker claims it while its lease lasts ({:?})",
            store.backend()
        );
        let held = Lease::Held {
            cancel_requested: false,
        };
        assert_eq!(
            runs::hold(&mut conn, id, short).await.unwrap(),
            held,
            "its worker writes under the lease it was queued with"
        );

        // The worker died: once the lease ran out, another worker takes the run over.
        let later = short.lease_until.plus(Duration::from_millis(1));
        let taken = runs::claim(&mut conn, store.backend(), "worker-b", later, lease, 5)
            .await
            .unwrap();
        assert_eq!(taken.len(), 1, "{:?}", store.backend());
        assert_eq!(taken[0].run.id, id);
        assert_eq!(taken[0].owner, format!("worker-b:{id}"));
        assert_eq!(
            runs::hold(&mut conn, id, short).await.unwrap(),
            Lease::Lost,
            "the first worker may write no more"
        );
    }
}

#[tokio::test]
async fn several_runs_are_claimed_at_once_oldest_first_each_under_its_own_name() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut queued = Vec::new();
        for _ in 0..3 {
            queued.push(queue_run(&store).await);
            // Distinct creation times, so "oldest first" is observable.
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        let now = Timestamp::now();
        let lease = now.plus(Duration::from_secs(30));
        let mut conn = store.acquire().await.unwrap();
        let claimed = runs::claim(&mut conn, store.backend(), "p#1", now, lease, 2)
            .await
            .unwrap();
        let ids: Vec<_> = claimed.iter().map(|claimed| claimed.run.id).collect();
        assert_eq!(ids, queued[..2]);
        assert_ne!(claimed[0].owner, claimed[1].owner);
        let rest = runs::claim(&mut conn, store.backend(), "p#2", now, lease, 2)
            .await
            .unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].run.id, queued[2]);
        assert_eq!(rest[0].owner, format!("p#2:{}", queued[2]));
    }
}

#[tokio::test]
async fn cancelling_a_queued_run_ends_it_and_a_running_one_is_flagged() {
    for db in test_databases().await {
        let store = db.store().await;
        let queued = queue_run(&store).await;
        let mut conn = store.acquire().await.unwrap();
        assert_eq!(
            runs::request_cancel(&mut conn, queued).await.unwrap(),
            Some(RunStatus::Cancelled)
        );
        let running = queue_run(&store).await;
        let now = Timestamp::now();
        let claimed = runs::claim(
            &mut conn,
            store.backend(),
            "w",
            now,
            now.plus(Duration::from_secs(30)),
            1,
        );
        assert_eq!(claimed.await.unwrap().len(), 1);
        assert_eq!(
            runs::request_cancel(&mut conn, running).await.unwrap(),
            Some(RunStatus::Running)
        );
        assert!(runs::cancel_requested(&mut conn, running).await.unwrap());
        assert_eq!(
            runs::request_cancel(&mut conn, paddock_core::ids::RunId::generate())
                .await
                .unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn queued_runs_are_announced_to_every_process_on_postgres() {
    for db in test_databases().await {
        // Two stores on one database stand for two processes.
        let listening = db.store().await;
        let announcing = db.store().await;
        let subscription = listening.listen_for_runs().await.unwrap();
        match (db.backend(), subscription) {
            (paddock_store::Backend::Sqlite, None) => {
                announcing.announce_runs().await.unwrap();
            }
            (paddock_store::Backend::Postgres, Some(mut announcements)) => {
                announcing.announce_runs().await.unwrap();
                tokio::time::timeout(Duration::from_secs(10), announcements.next())
                    .await
                    .expect("the announcement arrives")
                    .unwrap();
            }
            (backend, _) => panic!("unexpected subscription on {backend:?}"),
        }
    }
}
