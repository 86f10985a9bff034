//! Reading documents into passages, in the background. Documents waiting to be read are a
//! queue in the database: a worker claims one under a lease, reads it off the async runtime,
//! and writes all its passages in one transaction while it still holds the lease. A worker that
//! dies leaves its lease to run out, and any node's worker takes the document up again.

use std::time::Duration;

use paddock_core::knowledge::chunk::{Chunk, Limits};
use paddock_core::report::error_chain;
use paddock_core::time::Timestamp;
use paddock_integrations::documents::{self, ReadError};
use paddock_store::Store;
use paddock_store::knowledge::{self, ClaimedDocument, Read};
use paddock_store::runs::Holder;

use crate::ServiceError;
use crate::worker::Wakeup;

/// How long a worker holds a document it reads before another may take it up.
pub const LEASE: Duration = Duration::from_secs(120);
/// How often an idle worker looks for documents uploaded through another node.
const POLL: Duration = Duration::from_secs(2);

/// Reads waiting documents, one at a time, until `stop` resolves.
pub async fn run(store: Store, wakeup: Wakeup, stop: impl std::future::Future<Output = ()>) {
    tokio::pin!(stop);
    let claimer = format!(
        "ingest-{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    loop {
        let read_one = tokio::select! {
            () = &mut stop => return,
            read = ingest_next(&store, &claimer) => read,
        };
        match read_one {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(error = %error_chain(&error), "documents could not be read");
            }
        }
        tokio::select! {
            () = &mut stop => return,
            () = wakeup.documents_uploaded(POLL) => {}
        }
    }
}

/// Claims the oldest waiting document and reads it; false when none waits.
pub async fn ingest_next(store: &Store, claimer: &str) -> Result<bool, ServiceError> {
    let now = Timestamp::now();
    let lease_until = now.plus(LEASE);
    let mut conn = store.acquire().await?;
    let claimed =
        knowledge::claim_documents(&mut conn, store.backend(), claimer, now, lease_until, 1)
            .await?;
    let Some(ClaimedDocument { document, owner }) = claimed.into_iter().next() else {
        return Ok(false);
    };
    let content = knowledge::content(&mut conn, document.id).await?;
    drop(conn);
    let (name, media_type) = (document.name.clone(), document.media_type.clone());
    let read = tokio::task::spawn_blocking(move || read_passages(&name, &media_type, &content))
        .await
        .unwrap_or_else(|_| {
            Err(ReadError::Unreadable(
                "reading the document failed unexpectedly; it is logged for your administrator"
                    .to_owned(),
            ))
        });
    if read.is_err() {
        tracing::warn!(document = %document.id, "a document could not be read");
    }
    let holder = Holder {
        worker: &owner,
        lease_until,
    };
    let mut tx = store.begin().await?;
    let kept = match &read {
        Ok((pages, chunks)) => {
            let read = Read {
                pages: *pages,
                ocr_pages: 0,
                chunks,
            };
            knowledge::finish_document(&mut tx, document.id, holder, read).await?
        }
        Err(reason) => {
            knowledge::fail_document(&mut tx, document.id, holder, &reason.to_string()).await?
        }
    };
    if kept {
        tx.commit().await?;
    } else {
        tracing::info!(document = %document.id, "a document was read after its lease ran out, or it was removed; the reading is dropped");
    }
    Ok(true)
}

/// Reads a document and cuts it into passages: its page count and the passages.
fn read_passages(
    name: &str,
    media_type: &str,
    content: &[u8],
) -> Result<(u32, Vec<Chunk>), ReadError> {
    let extracted = documents::read(name, media_type, content)?;
    if extracted.is_empty() {
        return Err(ReadError::Unreadable(
            "the document holds no text to search".to_owned(),
        ));
    }
    let pages = u32::try_from(extracted.pages.len()).unwrap_or(u32::MAX);
    Ok((pages, extracted.chunks(Limits::default())))
}
