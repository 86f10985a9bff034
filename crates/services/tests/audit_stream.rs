//! Streaming the audit trail to a webhook: in order, retried until accepted, nothing lost or
//! repeated once accepted — against a real HTTP receiver, on every backend.

use axum::extract::State;
use axum::http::StatusCode;
use paddock_services::audit::RequestContext;
use paddock_services::audit_stream::AuditStream;
use paddock_services::{auth, demo};
use paddock_store::testing::test_databases;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Receiver {
    /// Answers to give, in order, before accepting everything.
    refusals: Arc<Mutex<Vec<StatusCode>>>,
    accepted: Arc<Mutex<Vec<serde_json::Value>>>,
}

async fn collect(State(receiver): State<Receiver>, body: String) -> StatusCode {
    if let Some(refusal) = receiver.refusals.lock().unwrap().pop() {
        return refusal;
    }
    let mut accepted = receiver.accepted.lock().unwrap();
    for line in body.lines() {
        accepted.push(serde_json::from_str(line).unwrap());
    }
    StatusCode::ACCEPTED
}

async fn start_receiver(receiver: Receiver) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/collect", axum::routing::post(collect))
        .with_state(receiver);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/collect")
}

#[tokio::test]
async fn every_event_arrives_once_in_order_after_the_receiver_recovers() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
            .await
            .unwrap();
        let receiver = Receiver::default();
        *receiver.refusals.lock().unwrap() = vec![
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::SERVICE_UNAVAILABLE,
        ];
        let stream =
            AuditStream::new(store.clone(), &start_receiver(receiver.clone()).await).unwrap();

        assert!(
            stream.deliver_next_batch().await.is_err(),
            "503 is a failure"
        );
        assert!(
            stream.deliver_next_batch().await.is_err(),
            "500 is a failure"
        );
        assert_eq!(
            stream.deliver_next_batch().await.unwrap(),
            10,
            "{:?}",
            db.backend()
        );
        assert_eq!(stream.deliver_next_batch().await.unwrap(), 0, "up to date");

        auth::sign_in(
            &store,
            &RequestContext::default(),
            "admin@demo.local",
            demo::DEFAULT_PASSWORD,
        )
        .await
        .unwrap();
        assert_eq!(stream.deliver_next_batch().await.unwrap(), 1);

        let accepted = receiver.accepted.lock().unwrap().clone();
        let seqs: Vec<i64> = accepted
            .iter()
            .map(|event| event["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(seqs, (1..=11).collect::<Vec<_>>());
        assert_eq!(accepted[10]["action"], "auth.sign_in");
        assert_eq!(
            accepted[10]["prev_hash"], accepted[9]["hash"],
            "the receiver can check the chain itself"
        );
    }
}

#[tokio::test]
async fn an_unreachable_receiver_is_a_failure_and_progress_is_kept() {
    let db = paddock_store::testing::sqlite();
    let store = db.store().await;
    demo::seed(&store, demo::password(demo::DEFAULT_PASSWORD).unwrap())
        .await
        .unwrap();
    // Nothing listens on this port of the loopback address.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let stream = AuditStream::new(store.clone(), &format!("http://{closed}/collect")).unwrap();
    assert!(stream.deliver_next_batch().await.is_err());
    assert!(AuditStream::new(store, "gopher://siem").is_err());
}
