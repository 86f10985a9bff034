//! The audit chain in the store, on every backend: appends link up, also under concurrent
//! writers, and the chain reads back intact.

use paddock_core::audit::{self, ActorKind, AuditRecord, ChainedRecord, Outcome};
use paddock_core::time::Timestamp;
use paddock_store::audit::{AuditFilter, append, append_all, head, page, search};
use paddock_store::testing::test_databases;
use paddock_store::{Connection, Store};

fn event(label: &str, action: &str, outcome: Outcome) -> AuditRecord {
    AuditRecord {
        seq: 0,
        occurred_at: Timestamp::now(),
        actor_kind: ActorKind::User,
        actor_id: None,
        actor_label: Some(label.to_owned()),
        action: action.to_owned(),
        target_kind: None,
        target_id: None,
        target_label: None,
        workspace: None,
        outcome,
        client_address: Some("127.0.0.1".into()),
        user_agent: Some("test".into()),
        request_id: None,
        summary: "{}".into(),
    }
}

async fn whole_chain(conn: &mut Connection) -> Vec<ChainedRecord> {
    let mut records = Vec::new();
    loop {
        let after = records.last().map_or(0, |r: &ChainedRecord| r.record.seq);
        let next = page(conn, after, 50).await.unwrap();
        if next.is_empty() {
            return records;
        }
        records.extend(next);
    }
}

#[tokio::test]
async fn appended_events_form_a_verifiable_chain() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        for n in 0..7 {
            let appended = append(
                &mut conn,
                event(&format!("user{n}"), "auth.sign_in", Outcome::Success),
            )
            .await
            .unwrap();
            assert_eq!(appended.record.seq, n + 1);
        }
        // Many at once (as runs started together are recorded) continue the same chain, in
        // order, across statements.
        let many: Vec<_> = (0..250)
            .map(|n| event(&format!("batch{n}"), "run.started", Outcome::Success))
            .collect();
        let appended = append_all(&mut conn, many).await.unwrap();
        let positions: Vec<i64> = appended.iter().map(|event| event.record.seq).collect();
        assert_eq!(positions, (8..=257).collect::<Vec<_>>());
        assert_eq!(appended[0].record.actor_label.as_deref(), Some("batch0"));
        assert_eq!(appended[1].prev_hash, appended[0].hash);
        append(&mut conn, event("after", "auth.sign_in", Outcome::Success))
            .await
            .unwrap();
        let records = whole_chain(&mut conn).await;
        let chain_head = head(&mut conn).await.unwrap();
        assert_eq!(
            audit::verify(records, &chain_head),
            Ok(258),
            "{:?}",
            db.backend()
        );
    }
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_event_and_no_gap() {
    for db in test_databases().await {
        let store = db.store().await;
        {
            let mut tx = store.begin().await.unwrap();
            append(&mut tx, event("ghost", "user.created", Outcome::Success))
                .await
                .unwrap();
        }
        let mut tx = store.begin().await.unwrap();
        let kept = append(&mut tx, event("ada", "user.created", Outcome::Success))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(kept.record.seq, 1, "{:?}", db.backend());
        let mut conn = store.acquire().await.unwrap();
        let chain_head = head(&mut conn).await.unwrap();
        assert_eq!(
            audit::verify(whole_chain(&mut conn).await, &chain_head),
            Ok(1)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_keep_the_chain_intact() {
    for db in test_databases().await {
        let store = db.store().await;
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                let store: Store = store.clone();
                tokio::spawn(async move {
                    for n in 0..10 {
                        let mut tx = store.begin().await.unwrap();
                        let label = format!("writer{writer}-{n}");
                        append(&mut tx, event(&label, "auth.sign_in", Outcome::Success))
                            .await
                            .unwrap();
                        tx.commit().await.unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap();
        }
        let mut conn = store.acquire().await.unwrap();
        let chain_head = head(&mut conn).await.unwrap();
        assert_eq!(
            audit::verify(whole_chain(&mut conn).await, &chain_head),
            Ok(80),
            "{:?}",
            db.backend()
        );
    }
}

#[tokio::test]
async fn search_filters_and_pages_newest_first() {
    for db in test_databases().await {
        let store = db.store().await;
        let mut conn = store.acquire().await.unwrap();
        for (label, action, outcome) in [
            ("ada", "auth.sign_in", Outcome::Success),
            ("bob", "auth.sign_in", Outcome::Failure),
            ("ada", "user.created", Outcome::Success),
            ("ada", "auth.sign_in", Outcome::Failure),
        ] {
            append(&mut conn, event(label, action, outcome))
                .await
                .unwrap();
        }
        let seqs =
            |records: Vec<ChainedRecord>| records.iter().map(|r| r.record.seq).collect::<Vec<_>>();

        let all = search(&mut conn, &AuditFilter::default(), 10)
            .await
            .unwrap();
        assert_eq!(seqs(all), [4, 3, 2, 1]);
        let ada = AuditFilter {
            actor: Some("ada".into()),
            ..AuditFilter::default()
        };
        assert_eq!(seqs(search(&mut conn, &ada, 10).await.unwrap()), [4, 3, 1]);
        let failures = AuditFilter {
            outcome: Some(Outcome::Failure),
            action: Some("auth.sign_in".into()),
            ..AuditFilter::default()
        };
        assert_eq!(
            seqs(search(&mut conn, &failures, 10).await.unwrap()),
            [4, 2],
            "{:?}",
            db.backend()
        );
        let next_page = AuditFilter {
            before_seq: Some(3),
            ..ada
        };
        assert_eq!(seqs(search(&mut conn, &next_page, 1).await.unwrap()), [1]);
        let future = AuditFilter {
            since: Some(Timestamp::now().plus(std::time::Duration::from_secs(60))),
            ..AuditFilter::default()
        };
        assert!(search(&mut conn, &future, 10).await.unwrap().is_empty());
    }
}
