//! Knowledge bases on both backends: access lists round-trip, a document is read by one worker
//! at a time and becomes searchable with all its passages at once, a lost lease writes nothing,
//! and every change is logged in order for the indexes.

use std::time::Duration;

use paddock_core::ids::{EnvironmentId, GroupId, WorkspaceId};
use paddock_core::knowledge::chunk::{Block, Extracted, Limits, Page};
use paddock_core::knowledge::{AccessEntry, AccessList, Grantee};
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, Slug};
use paddock_store::knowledge::{
    self, Change, Details, DocumentStatus, KnowledgeBase, NewDocument, Read,
};
use paddock_store::runs::Holder;
use paddock_store::testing::test_databases;
use paddock_store::{Store, StoreError, workspaces};

async fn workspace(store: &Store) -> WorkspaceId {
    let mut conn = store.acquire().await.unwrap();
    workspaces::ensure_workspace(
        &mut conn,
        &Slug::parse("claims").unwrap(),
        &DisplayName::parse("Claims").unwrap(),
    )
    .await
    .unwrap()
    .id
}

fn details(label: &str) -> Details<'_> {
    Details {
        name: "Claims policies",
        description: "What the claims team decides by.",
        label,
    }
}

async fn create(store: &Store) -> KnowledgeBase {
    let owner = workspace(store).await;
    let mut conn = store.acquire().await.unwrap();
    knowledge::create(
        &mut conn,
        "claims-policies",
        owner,
        details("confidential"),
        None,
    )
    .await
    .unwrap()
}

fn passages(text: &str) -> Vec<paddock_core::knowledge::chunk::Chunk> {
    Extracted {
        pages: vec![Page {
            number: 1,
            blocks: vec![Block::Paragraph(text.to_owned())],
        }],
    }
    .chunks(Limits::default())
}

async fn add(
    conn: &mut paddock_store::Connection,
    base: &KnowledgeBase,
    name: &str,
    content: &[u8],
) -> knowledge::Document {
    knowledge::add_document(
        conn,
        NewDocument {
            knowledge_base: base.id,
            name,
            media_type: "text/plain",
            sha256: "not checked here",
            content,
            by: None,
        },
    )
    .await
    .unwrap()
}

/// Claims the one document waiting; the name its lease is held under.
async fn claim_one(
    store: &Store,
    conn: &mut paddock_store::Connection,
    lease_until: Timestamp,
) -> String {
    let now = Timestamp::now();
    let mut claimed = knowledge::claim_documents(conn, store.backend(), "a#1", now, lease_until, 1)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1, "one document waits");
    claimed.remove(0).owner
}

#[tokio::test]
async fn a_knowledge_base_and_its_access_list_round_trip() {
    for db in test_databases().await {
        let store = db.store().await;
        let base = create(&store).await;
        let mut conn = store.acquire().await.unwrap();
        assert_eq!(
            knowledge::find(&mut conn, "claims-policies").await.unwrap(),
            Some(base.clone())
        );
        let again = knowledge::create(
            &mut conn,
            "claims-policies",
            base.workspace,
            details("internal"),
            None,
        )
        .await;
        assert!(
            matches!(again, Err(StoreError::UniqueViolation(_))),
            "{again:?}"
        );

        assert!(
            knowledge::update(&mut conn, base.id, details("internal"))
                .await
                .unwrap()
        );
        let updated = knowledge::find(&mut conn, "claims-policies")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(updated.label, "internal");
        assert_eq!(knowledge::list(&mut conn).await.unwrap(), [updated]);

        // Environments are real rows the entries refer to.
        workspaces::ensure_environment(
            &mut conn,
            &Slug::parse("prod").unwrap(),
            &DisplayName::parse("Production").unwrap(),
            0,
            &paddock_core::promotion::PublishingRule::open(),
        )
        .await
        .unwrap();
        let prod: EnvironmentId = workspaces::list_environments(&mut conn).await.unwrap()[0].id;
        let group = GroupId::generate();
        let list = AccessList::new([
            AccessEntry {
                grantee: Grantee::Workspace(base.workspace),
                environment: Some(prod),
            },
            AccessEntry {
                grantee: Grantee::Group(group),
                environment: None,
            },
        ]);
        knowledge::set_access(&mut conn, base.id, &list)
            .await
            .unwrap();
        assert_eq!(knowledge::access(&mut conn, base.id).await.unwrap(), list);
        let narrower = AccessList::new([list.entries()[0]]);
        knowledge::set_access(&mut conn, base.id, &narrower)
            .await
            .unwrap();
        assert_eq!(
            knowledge::access(&mut conn, base.id).await.unwrap(),
            narrower
        );

        assert!(knowledge::delete(&mut conn, base.id).await.unwrap());
        assert_eq!(
            knowledge::find(&mut conn, "claims-policies").await.unwrap(),
            None
        );
        assert_eq!(
            knowledge::access(&mut conn, base.id).await.unwrap(),
            AccessList::default()
        );
    }
}

#[tokio::test]
async fn a_document_is_read_under_a_lease_and_searchable_all_at_once() {
    for db in test_databases().await {
        let store = db.store().await;
        let base = create(&store).await;
        let mut conn = store.acquire().await.unwrap();
        let document = add(
            &mut conn,
            &base,
            "water.md",
            b"# Water damage\n\nPhotos are required.",
        )
        .await;
        assert_eq!(document.status, DocumentStatus::Queued);
        assert_eq!(
            knowledge::content(&mut conn, document.id).await.unwrap(),
            b"# Water damage\n\nPhotos are required."
        );

        let now = Timestamp::now();
        let short = now.plus(Duration::from_secs(1));
        let claimed = knowledge::claim_documents(&mut conn, store.backend(), "a#0", now, short, 5)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].document.status, DocumentStatus::Ingesting);
        let first = claimed[0].owner.clone();
        let long = now.plus(Duration::from_secs(30));
        assert!(
            knowledge::claim_documents(&mut conn, store.backend(), "b#0", now, long, 5)
                .await
                .unwrap()
                .is_empty(),
            "one reader at a time ({:?})",
            store.backend()
        );
        let holder = Holder {
            worker: &first,
            lease_until: short,
        };
        assert!(
            knowledge::progress(&mut conn, document.id, holder, 1, 2)
                .await
                .unwrap()
        );

        // The lease ran out: another worker reads it, and the first may write nothing.
        let later = short.plus(Duration::from_millis(1));
        let taken = knowledge::claim_documents(&mut conn, store.backend(), "b#0", later, long, 5)
            .await
            .unwrap();
        assert_eq!(taken.len(), 1);
        let chunks = passages("Photos are required.");
        let read = || Read {
            pages: 1,
            ocr_pages: 0,
            chunks: &chunks,
        };
        assert!(
            !knowledge::finish_document(&mut conn, document.id, holder, read())
                .await
                .unwrap()
        );
        assert!(
            knowledge::chunks(&mut conn, document.id)
                .await
                .unwrap()
                .is_empty()
        );
        drop(conn);

        let second = Holder {
            worker: &taken[0].owner,
            lease_until: long,
        };
        let mut tx = store.begin().await.unwrap();
        assert!(
            knowledge::finish_document(&mut tx, document.id, second, read())
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let mut conn = store.acquire().await.unwrap();
        let ready = knowledge::find_document(&mut conn, document.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ready.status, DocumentStatus::Ready);
        assert_eq!((ready.pages, ready.chunks), (Some(1), 1));
        assert_eq!(
            knowledge::chunks(&mut conn, document.id).await.unwrap(),
            chunks
        );
        let log = knowledge::log_since(&mut conn, base.id, 0).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (log[0].seq, log[0].document, log[0].change),
            (1, document.id, Change::Indexed)
        );
        assert_eq!(
            knowledge::find(&mut conn, "claims-policies")
                .await
                .unwrap()
                .unwrap()
                .index_seq,
            1
        );
    }
}

#[tokio::test]
async fn a_failed_rereading_keeps_the_passages_and_removal_takes_everything() {
    for db in test_databases().await {
        let store = db.store().await;
        let base = create(&store).await;
        let mut conn = store.acquire().await.unwrap();
        let document = add(
            &mut conn,
            &base,
            "theft.txt",
            b"A police report is required.",
        )
        .await;
        let lease = Timestamp::now().plus(Duration::from_secs(30));
        let owner = claim_one(&store, &mut conn, lease).await;
        let holder = Holder {
            worker: &owner,
            lease_until: lease,
        };
        let chunks = passages("A police report is required.");
        let read = Read {
            pages: 1,
            ocr_pages: 0,
            chunks: &chunks,
        };
        assert!(
            knowledge::finish_document(&mut conn, document.id, holder, read)
                .await
                .unwrap()
        );

        assert!(
            knowledge::requeue_document(&mut conn, document.id)
                .await
                .unwrap()
        );
        let owner = claim_one(&store, &mut conn, lease).await;
        let holder = Holder {
            worker: &owner,
            lease_until: lease,
        };
        assert!(
            knowledge::fail_document(&mut conn, document.id, holder, "page 2 could not be read")
                .await
                .unwrap()
        );
        let failed = knowledge::find_document(&mut conn, document.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(failed.status, DocumentStatus::Failed);
        assert_eq!(failed.error.as_deref(), Some("page 2 could not be read"));
        assert_eq!(
            knowledge::chunks(&mut conn, document.id).await.unwrap(),
            chunks
        );

        assert!(
            knowledge::delete_document(&mut conn, document.id)
                .await
                .unwrap()
        );
        assert!(
            !knowledge::delete_document(&mut conn, document.id)
                .await
                .unwrap()
        );
        assert_eq!(
            knowledge::find_document(&mut conn, document.id)
                .await
                .unwrap(),
            None
        );
        assert!(
            knowledge::chunks(&mut conn, document.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(knowledge::content(&mut conn, document.id).await.is_err());
        let log = knowledge::log_since(&mut conn, base.id, 1).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].seq, log[0].change), (2, Change::Removed));
    }
}
