//! Durable runs with real processes: `kill -9` of a worker in the middle of runs loses no run
//! and repeats no finished step; runs handed to a worker as they were queued survive it
//! stopping; two worker processes on one database never run a step twice.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use paddock_core::run::RunStatus;
use paddock_core::values::Slug;
use paddock_integrations::models::ProviderClient;
use paddock_integrations::secrets::Keyring;
use paddock_services::models::gateway::ModelGateway;
use paddock_services::runs;
use paddock_services::worker::{Wakeup, spawn_workers};
use paddock_store::testing::{TestDatabase, test_databases};
use paddock_store::{Store, runs as stored_runs, workspaces};
use serde_json::{Map, Value, json};

/// Each run squares 40 numbers one at a time, asking the built-in model about each first: a
/// model call is an effect, so its start and result are committed as the run goes, and a
/// killed worker leaves runs with some steps finished and others not.
const SQUARES: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: squares
inputs:
  n: { type: integer, required: true }
steps:
  - id: numbers
    uses: template
    with: { value: "{{ range(40) | list }}" }
  - id: each
    uses: map
    with:
      items: "{{ steps.numbers.output }}"
      concurrency: 1
      steps:
        - id: note
          uses: llm
          with: { model: builtin, prompt: "The square of {{ item }}." }
        - id: square
          uses: template
          needs: [note]
          with: { value: "{{ item * item }}" }
  - id: total
    uses: template
    with: { value: "{{ (steps.each.output | sum) + inputs.n }}" }
outputs:
  total: "{{ steps.total.output }}"
"#;

/// The sum of the squares of 0 to 39.
const SUM_OF_SQUARES: i64 = 20_540;

/// A worker process with a short lease, so a killed worker's runs are taken over soon.
fn worker(database: &TestDatabase) -> Child {
    worker_with_lease(database, 5)
}

fn worker_with_lease(database: &TestDatabase, lease_seconds: u32) -> Child {
    Command::new(env!("CARGO_BIN_EXE_paddock"))
        .args(["worker", "--workers", "4", "--lease-seconds"])
        .arg(lease_seconds.to_string())
        .arg("--database-url")
        .arg(database.url_text())
        .env_remove("PADDOCK_CONFIG")
        .env_remove("PADDOCK_DATA_DIR")
        // Nodes of one deployment share the master key (the one of every test run, here).
        .env(
            "PADDOCK_MASTER_KEY",
            "cGFkZG9jay1kdXJhYmlsaXR5LXRlc3Qta2V5LTAwMDE=",
        )
        .env("PADDOCK_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the worker starts")
}

async fn queue(store: &Store, count: i64) {
    queue_here(store, &Wakeup::default(), count).await;
}

/// Queues runs in this process, whose worker (if `wakeup` has one) takes those it has room for.
async fn queue_here(store: &Store, wakeup: &Wakeup, count: i64) {
    let intake = runs::Intake::new(store.clone(), wakeup.clone());
    for n in 0..count {
        let inputs: Map<String, Value> = json!({ "n": n }).as_object().unwrap().clone();
        runs::start_from_command_line(store, &intake, None, SQUARES, &inputs)
            .await
            .unwrap();
    }
}

async fn all_runs(store: &Store) -> Vec<stored_runs::Run> {
    let mut conn = store.acquire().await.unwrap();
    let scratch =
        workspaces::find_workspace(&mut conn, &Slug::parse(runs::SCRATCH_WORKSPACE).unwrap())
            .await
            .unwrap()
            .unwrap();
    stored_runs::list(&mut conn, scratch.id, 200).await.unwrap()
}

async fn count(store: &Store, status: RunStatus) -> usize {
    all_runs(store)
        .await
        .iter()
        .filter(|run| run.status == status)
        .count()
}

async fn wait_until(store: &Store, what: &str, done: impl AsyncFn(&Store) -> bool) {
    let started = Instant::now();
    while !done(store).await {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{what} did not happen in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every finished step of every run: key → (finished at, starts).
async fn finished_steps(store: &Store) -> BTreeMap<(String, String), (i64, u32)> {
    let mut conn = store.acquire().await.unwrap();
    let mut finished = BTreeMap::new();
    for run in all_runs(store).await {
        for step in stored_runs::steps(&mut conn, run.id).await.unwrap() {
            if let Some(record) = step.record {
                finished.insert(
                    (run.id.to_string(), step.key),
                    (record.finished_at, step.starts),
                );
            }
        }
    }
    finished
}

async fn assert_all_correct(store: &Store, runs_queued: i64) {
    let all = all_runs(store).await;
    assert_eq!(all.len() as i64, runs_queued);
    for run in all {
        assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
        let n = run.inputs["n"].as_i64().unwrap();
        assert_eq!(run.outputs, Some(json!({ "total": SUM_OF_SQUARES + n })));
    }
}

fn kill_hard(child: &mut Child) {
    let status = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap();
}

/// A worker process finishes the `runs` runs; each is right, and each step that had finished
/// (`before`) kept its record and ran once.
async fn finish_elsewhere(
    database: &TestDatabase,
    store: &Store,
    runs: i64,
    before: &BTreeMap<(String, String), (i64, u32)>,
) {
    let mut other = worker(database);
    wait_until(store, "every run finishing", async |store| {
        count(store, RunStatus::Succeeded).await == runs as usize
    })
    .await;
    kill_hard(&mut other);

    assert_all_correct(store, runs).await;
    let after = finished_steps(store).await;
    for (key, (finished_at, starts)) in before {
        assert_eq!(
            after.get(key),
            Some(&(*finished_at, *starts)),
            "{key:?} finished before the interruption and must not run again"
        );
        assert!(*starts <= 1, "{key:?}");
    }
}

#[tokio::test]
async fn kill_9_in_the_middle_loses_no_run_and_repeats_no_finished_step() {
    for database in test_databases().await {
        let store = database.store().await;
        const RUNS: i64 = 120;
        queue(&store, RUNS).await;

        let mut first = worker(&database);
        wait_until(&store, "some runs finishing", async |store| {
            count(store, RunStatus::Succeeded).await >= 10
        })
        .await;
        kill_hard(&mut first);

        let interrupted = count(&store, RunStatus::Running).await;
        assert!(
            interrupted > 0,
            "the kill came in the middle of runs ({:?})",
            store.backend()
        );
        let before = finished_steps(&store).await;
        let running: Vec<String> = all_runs(&store)
            .await
            .into_iter()
            .filter(|run| run.status == RunStatus::Running)
            .map(|run| run.id.to_string())
            .collect();
        assert!(
            before.keys().any(|(run, _)| running.contains(run)),
            "some interrupted run had finished steps to keep ({:?})",
            store.backend()
        );

        finish_elsewhere(&database, &store, RUNS, &before).await;
    }
}

#[tokio::test]
async fn runs_handed_to_a_worker_that_stops_are_finished_by_another_and_no_step_repeats() {
    for database in test_databases().await {
        let store = database.store().await;
        const RUNS: i64 = 40;
        // A server's own worker, in this process, with room for 8 runs and a short lease: the
        // first runs queued here are handed to it as they are queued.
        let wakeup = Wakeup::default();
        let models = ModelGateway::new(
            store.clone(),
            Keyring::ephemeral(),
            ProviderClient::default(),
        );
        let (stop, stopped) = tokio::sync::watch::channel(());
        spawn_workers(
            &store,
            &models,
            &paddock_services::knowledge::search::KnowledgeIndex::in_memory(),
            &wakeup,
            paddock_services::worker::WorkerSettings {
                lease: Duration::from_secs(2),
                ..paddock_services::worker::WorkerSettings::running(8)
            },
            stopped,
        );
        queue_here(&store, &wakeup, RUNS).await;
        // Only a run queued claimed starts the moment it is queued (a claim starts it later).
        let handed_over = all_runs(&store)
            .await
            .into_iter()
            .filter(|run| run.started_at == Some(run.created_at))
            .count();
        assert!(
            handed_over > 0,
            "runs were handed over ({:?})",
            store.backend()
        );
        wait_until(&store, "some steps finishing", async |store| {
            !finished_steps(store).await.is_empty()
        })
        .await;
        // The server stops: the runs in hand are left as they are, under their leases.
        drop(stop);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            count(&store, RunStatus::Running).await > 0,
            "the worker stopped in the middle of runs ({:?})",
            store.backend()
        );
        let before = finished_steps(&store).await;

        finish_elsewhere(&database, &store, RUNS, &before).await;
    }
}

#[tokio::test]
async fn two_workers_on_one_database_never_run_a_step_twice() {
    for database in test_databases().await {
        let store = database.store().await;
        const RUNS: i64 = 150;
        queue(&store, RUNS).await;
        // No worker dies here: a lease that runs out while its holder is merely slow (this test
        // and the one above load a 2-core machine with eight runners) is a takeover, which may
        // start a step again by design. A long lease keeps the question to two live workers.
        let mut workers = [
            worker_with_lease(&database, 30),
            worker_with_lease(&database, 30),
        ];
        wait_until(&store, "every run finishing", async |store| {
            count(store, RunStatus::Succeeded).await == RUNS as usize
        })
        .await;
        for child in &mut workers {
            kill_hard(child);
        }
        assert_all_correct(&store, RUNS).await;
        for ((run, key), (_, starts)) in finished_steps(&store).await {
            // A skipped step never starts; every other step started exactly once.
            assert!(starts <= 1, "run {run} step {key} started {starts} times");
        }
    }
}
