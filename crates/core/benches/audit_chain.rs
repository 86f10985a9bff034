//! Audit chain verification speed (budget: at least 1M events/s). `cargo bench -p paddock-core`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use paddock_core::audit::{
    ActorKind, AuditRecord, ChainHead, ChainVerifier, ChainedRecord, GENESIS_HASH, Outcome,
};
use paddock_core::time::Timestamp;
use std::hint::black_box;

const EVENTS: i64 = 100_000;

/// A chain of realistic sign-in events, as the store would hold it.
fn chain() -> (Vec<ChainedRecord>, ChainHead) {
    let mut prev = GENESIS_HASH.to_owned();
    let records = (1..=EVENTS)
        .map(|seq| {
            let record = AuditRecord {
                seq,
                occurred_at: Timestamp::from_millis(1_795_739_400_000 + seq * 37),
                actor_kind: ActorKind::User,
                actor_id: Some("0194f3b2-7c1e-7a21-9b1d-3c5e8f0a1b2c".into()),
                actor_label: Some(format!("user{}@claims.example.com", seq % 500)),
                action: "auth.sign_in".into(),
                target_kind: None,
                target_id: None,
                target_label: None,
                workspace: Some("claims".into()),
                outcome: Outcome::Success,
                client_address: Some("10.20.30.40".into()),
                user_agent: Some(
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0".into(),
                ),
                request_id: Some("4f8c2a8e-0d4b-4a57-a5c2-9c8f7e6d5b4a".into()),
                summary: "{\"method\":\"password\"}".into(),
            };
            let hash = record.chain_hash(&prev);
            let chained = ChainedRecord {
                record,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            };
            prev = hash;
            chained
        })
        .collect();
    (
        records,
        ChainHead {
            last_seq: EVENTS,
            last_hash: prev,
        },
    )
}

fn verification(c: &mut Criterion) {
    let (records, head) = chain();
    let mut group = c.benchmark_group("audit_chain");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.sample_size(20);
    group.bench_function("verify_100k_events", |b| {
        b.iter(|| {
            let mut verifier = ChainVerifier::new();
            for record in &records {
                verifier.check(black_box(record)).unwrap();
            }
            verifier.finish(&head).unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, verification);
criterion_main!(benches);
