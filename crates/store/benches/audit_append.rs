//! Audit append throughput under concurrent writers, and verification speed reading the chain
//! back from the database, on SQLite and (with PADDOCK_TEST_DATABASE_URL) PostgreSQL.
//!
//! `cargo bench -p paddock-store --bench audit_append` — prints one table row per case. Each
//! append is its own transaction (the way a change and its event commit together).

use paddock_core::audit::{ActorKind, AuditRecord, ChainVerifier, Outcome};
use paddock_core::time::Timestamp;
use paddock_store::Store;
use paddock_store::audit::{append, head, page};
use paddock_store::testing::test_databases;
use std::time::Instant;

const EVENTS_PER_CASE: usize = 4_000;

fn event(writer: usize, n: usize) -> AuditRecord {
    AuditRecord {
        seq: 0,
        occurred_at: Timestamp::now(),
        actor_kind: ActorKind::User,
        actor_id: Some(format!("writer-{writer}")),
        actor_label: Some(format!("writer{writer}@example.com")),
        action: "auth.sign_in".into(),
        target_kind: None,
        target_id: None,
        target_label: None,
        workspace: Some("claims".into()),
        outcome: Outcome::Success,
        client_address: Some("127.0.0.1".into()),
        user_agent: Some("bench".into()),
        request_id: Some(format!("{writer}-{n}")),
        summary: "{\"method\":\"password\"}".into(),
    }
}

async fn appends(store: &Store, writers: usize) -> f64 {
    let per_writer = EVENTS_PER_CASE / writers;
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..per_writer {
                    let mut tx = store.begin().await.unwrap();
                    append(&mut tx, event(writer, n)).await.unwrap();
                    tx.commit().await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (per_writer * writers) as f64 / started.elapsed().as_secs_f64()
}

async fn verification(store: &Store) -> (i64, f64) {
    let started = Instant::now();
    let mut conn = store.acquire().await.unwrap();
    let chain_head = head(&mut conn).await.unwrap();
    let mut verifier = ChainVerifier::new();
    let mut after = 0;
    loop {
        let records = page(&mut conn, after, 10_000).await.unwrap();
        let Some(last) = records.last() else { break };
        after = last.record.seq;
        for record in &records {
            verifier.check(record).unwrap();
        }
    }
    let events = verifier.finish(&chain_head).unwrap();
    (events, events as f64 / started.elapsed().as_secs_f64())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        println!("| backend | concurrent writers | appends/s |");
        println!("|---|---|---|");
        let mut verified = Vec::new();
        for db in test_databases().await {
            let store = db.store().await;
            for writers in [1, 4, 16] {
                let rate = appends(&store, writers).await;
                println!("| {:?} | {writers} | {rate:.0} |", db.backend());
            }
            verified.push((db.backend(), verification(&store).await));
            store.close().await;
        }
        println!();
        println!("| backend | events read back and verified | events/s |");
        println!("|---|---|---|");
        for (backend, (events, rate)) in verified {
            println!("| {backend:?} | {events} | {rate:.0} |");
        }
    });
}
