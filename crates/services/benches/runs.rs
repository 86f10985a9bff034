//! The engine against DESIGN.md's budget, on SQLite and (with PADDOCK_TEST_DATABASE_URL)
//! PostgreSQL:
//!
//! - engine overhead per step: a 40-step sequential workflow on the in-memory journal;
//! - the same 40 steps end to end, durable: queued, claimed, every step recorded in the store;
//! - throughput: runs of a 5-step workflow (no model) started by 16 tasks at once and run by a
//!   worker with room for 16 runs, from the first start to the last finish. (DESIGN.md's figure
//!   is the same over HTTP: `bench/http-runs.sh`.)
//!
//! `cargo bench -p paddock-services --bench runs` — prints one table row per case (medians).

use std::time::{Duration, Instant};

use paddock_core::run::RunStatus;
use paddock_engine::journal::MemoryJournal;
use paddock_engine::{Runtime, execute};
use paddock_integrations::models::ProviderClient;
use paddock_integrations::secrets::Keyring;
use paddock_services::models::gateway::ModelGateway;
use paddock_services::runs;
use paddock_services::worker::{Wakeup, Worker, WorkerSettings, spawn_workers};
use paddock_services::workflows;
use paddock_store::Store;
use paddock_store::testing::test_databases;
use serde_json::{Map, Value, json};

fn sequential(steps: usize) -> String {
    let mut text = String::from(
        "apiVersion: paddock/v1\nkind: Workflow\nname: sequential\ninputs:\n  n: { type: integer, required: true }\nsteps:\n  - id: s0\n    uses: template\n    with: { value: \"{{ inputs.n }}\" }\n",
    );
    for i in 1..steps {
        text.push_str(&format!(
            "  - id: s{i}\n    uses: template\n    with: {{ value: \"{{{{ steps.s{}.output + 1 }}}}\" }}\n",
            i - 1
        ));
    }
    text.push_str(&format!(
        "outputs:\n  last: \"{{{{ steps.s{}.output }}}}\"\n",
        steps - 1
    ));
    text
}

fn gateway(store: &Store) -> ModelGateway {
    ModelGateway::new(
        store.clone(),
        Keyring::ephemeral(),
        ProviderClient::default(),
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn inputs(n: i64) -> Map<String, Value> {
    json!({ "n": n }).as_object().unwrap().clone()
}

async fn engine_overhead() -> Duration {
    let workflow = workflows::check(&sequential(40)).unwrap();
    let given = inputs(1);
    let mut samples = Vec::new();
    for _ in 0..300 {
        let journal = MemoryJournal::default();
        let runtime = Runtime {
            journal: &journal,
            models: &paddock_engine::builtin::BuiltinModel,
            connectors: &paddock_engine::connectors::NoConnectors,
            knowledge: &paddock_engine::knowledge::NoKnowledge,
            files: &paddock_engine::files::NoFiles,
            expressions: workflows::expressions(),
        };
        let started = Instant::now();
        execute(&workflow, &given, &runtime).await.unwrap();
        samples.push(started.elapsed());
    }
    median(samples) / 40
}

async fn durable_forty(store: &Store) -> Duration {
    let text = sequential(40);
    let worker = Worker::new(
        store.clone(),
        gateway(store),
        "bench".into(),
        Wakeup::default(),
    );
    let intake = runs::Intake::new(store.clone(), Wakeup::default());
    let mut samples = Vec::new();
    for n in 0..30 {
        let started = Instant::now();
        let id = runs::start_from_command_line(store, &intake, None, &text, &inputs(n))
            .await
            .unwrap();
        while worker.work_once().await.unwrap() {}
        samples.push(started.elapsed());
        assert_eq!(
            runs::load(store, id).await.unwrap().status,
            RunStatus::Succeeded
        );
    }
    median(samples)
}

async fn throughput(store: &Store, total: usize) -> f64 {
    let text = sequential(5);
    let wakeup = Wakeup::default();
    let intake = runs::Intake::new(store.clone(), wakeup.clone());
    let (stop, stopped) = tokio::sync::watch::channel(());
    spawn_workers(
        store,
        &gateway(store),
        &paddock_services::knowledge::search::KnowledgeIndex::in_memory(),
        &wakeup,
        WorkerSettings::running(16),
        stopped,
    );
    // The scratch workspace exists (the 40-step case made it): starting a run only reads it.
    let workspace = Some(runs::SCRATCH_WORKSPACE);
    let started = Instant::now();
    let clients: Vec<_> = (0..16)
        .map(|client| {
            let (store, text, intake) = (store.clone(), text.clone(), intake.clone());
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for n in (client..total).step_by(16) {
                    let given = inputs(n as i64);
                    let id =
                        runs::start_from_command_line(&store, &intake, workspace, &text, &given);
                    ids.push(id.await.unwrap());
                }
                ids
            })
        })
        .collect();
    let mut ids = Vec::new();
    for client in clients {
        ids.extend(client.await.unwrap());
    }
    for id in ids {
        while !runs::load(store, id).await.unwrap().status.is_final() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    let elapsed = started.elapsed();
    drop(stop);
    total as f64 / elapsed.as_secs_f64()
}

#[tokio::main]
async fn main() {
    println!("| case | backend | result |");
    println!("|---|---|---|");
    println!(
        "| engine overhead per step (40 sequential steps, in-memory journal) | — | {:.1} µs |",
        engine_overhead().await.as_secs_f64() * 1e6
    );
    for database in test_databases().await {
        let store = database.store().await;
        let backend = store.backend().name();
        println!(
            "| 40-step sequential run, end to end (queued, claimed, every result committed) | {backend} | {:.1} ms |",
            durable_forty(&store).await.as_secs_f64() * 1e3
        );
        println!(
            "| runs/s, 5-step workflow without a model, 16 starters, room for 16 runs | {backend} | {:.0} runs/s |",
            throughput(&store, 2_000).await
        );
    }
}
