//! Reading documents into passages, in the background. Documents waiting to be read are a
//! queue in the database: a worker claims one under a lease (renewed while it reads), reads it
//! off the async runtime, and writes all its passages in one transaction while it still holds
//! the lease. A worker that dies leaves its lease to run out, and any node's worker takes the
//! document up again; a document that stops its readers too often is failed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use paddock_core::knowledge::chunk::{Chunk, Limits};
use paddock_core::report::error_chain;
use paddock_core::time::Timestamp;
use paddock_integrations::documents::{self, ReadError};
use paddock_store::Store;
use paddock_store::knowledge::{self, ClaimedDocument, Document, Read};
use paddock_store::runs::Holder;

use crate::ServiceError;
use crate::worker::Wakeup;

/// How long a worker holds a document it reads before another may take it up; renewed every
/// third of it while reading goes on.
pub const LEASE: Duration = Duration::from_secs(60);
/// How often the progress of a long reading is written down.
const PROGRESS_EVERY: Duration = Duration::from_secs(2);
/// How often an idle worker looks for documents uploaded through another node.
const POLL: Duration = Duration::from_secs(2);
/// How many times a document may be taken up before it is failed: a reader that keeps
/// stopping (the process ran out of memory, say) must not stop every node for ever.
const MAX_ATTEMPTS: u32 = 3;

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
    // Claiming writes: through the writer, which queues SQLite's writes fairly.
    let claimed = {
        let mut writer = store.writer().await?;
        knowledge::claim_documents(
            &mut writer,
            store.backend(),
            claimer,
            now,
            now.plus(LEASE),
            1,
        )
        .await?
    };
    let Some(ClaimedDocument { document, owner }) = claimed.into_iter().next() else {
        return Ok(false);
    };
    let read = if document.attempts > MAX_ATTEMPTS {
        Err(ReadError::Unreadable(format!(
            "reading the document stopped {MAX_ATTEMPTS} times before it was done; it may be too large or malformed"
        )))
    } else {
        // An error leaves the document to a later attempt, once its lease runs out.
        match read_holding_the_lease(store, &document, &owner).await? {
            Some(read) => read,
            None => return Ok(true),
        }
    };
    if let Err(error) = record(store, &document, &owner, &read).await {
        tracing::warn!(document = %document.id, error = %error_chain(&error), "a reading could not be recorded; the document will be read again");
    }
    Ok(true)
}

/// Reads the document on the blocking pool, renewing its lease meanwhile; none when the lease
/// was lost (the document was removed, replaced or taken over), so the reading is dropped.
async fn read_holding_the_lease(
    store: &Store,
    document: &Document,
    owner: &str,
) -> Result<Option<Result<Passages, ReadError>>, ServiceError> {
    let content = knowledge::content(&mut *store.acquire().await?, document.id).await?;
    let media_type = document.media_type.clone();
    // Pages done and pages in all, packed in one word the reading thread writes.
    let progress = Arc::new(AtomicU64::new(0));
    let told = Arc::clone(&progress);
    let reading = tokio::task::spawn_blocking(move || {
        read_passages(&media_type, &content, &mut |done, total| {
            told.store(u64::from(done) << 32 | u64::from(total), Ordering::Relaxed);
        })
    });
    tokio::pin!(reading);
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    tick.tick().await;
    let (mut written, mut renewed) = (0, Instant::now());
    let joined = loop {
        tokio::select! {
            joined = &mut reading => break joined,
            _ = tick.tick() => {
                let now = progress.load(Ordering::Relaxed);
                let holder = Holder { worker: owner, lease_until: Timestamp::now().plus(LEASE) };
                let mut writer = store.writer().await?;
                let held = if now != written {
                    written = now;
                    let (done, total) = ((now >> 32) as u32, now as u32);
                    knowledge::progress(&mut writer, document.id, holder, done, total).await?
                } else if renewed.elapsed() >= LEASE / 3 {
                    knowledge::renew(&mut writer, document.id, holder).await?
                } else {
                    continue;
                };
                renewed = Instant::now();
                if !held {
                    return Ok(None);
                }
            }
        }
    };
    Ok(Some(joined.unwrap_or_else(|panic| {
        tracing::error!(document = %document.id, error = %panic, "reading a document panicked");
        Err(ReadError::Unreadable(
            "reading the document failed unexpectedly; it is logged for your administrator"
                .to_owned(),
        ))
    })))
}

/// Writes what reading gave under the lease: the passages, or why there are none.
async fn record(
    store: &Store,
    document: &Document,
    owner: &str,
    read: &Result<Passages, ReadError>,
) -> Result<(), ServiceError> {
    let holder = Holder {
        worker: owner,
        lease_until: Timestamp::now().plus(LEASE),
    };
    let mut tx = store.begin().await?;
    let kept = match read {
        Ok(passages) => {
            let read = Read {
                pages: passages.pages,
                ocr_pages: passages.ocr_pages,
                chunks: &passages.chunks,
            };
            knowledge::finish_document(&mut tx, document.id, holder, read).await?
        }
        Err(reason) => {
            tracing::info!(document = %document.id, %reason, "a document could not be read");
            knowledge::fail_document(&mut tx, document.id, holder, &reason.to_string()).await?
        }
    };
    if kept {
        tx.commit().await?;
    } else {
        tracing::info!(document = %document.id, "a document was read after its lease was lost; the reading is dropped");
    }
    Ok(())
}

/// What reading a document gave: its passages, and how many pages it has and OCR read.
struct Passages {
    pages: u32,
    ocr_pages: u32,
    chunks: Vec<Chunk>,
}

/// Reads a document and cuts it into passages.
fn read_passages(
    media_type: &str,
    content: &[u8],
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Passages, ReadError> {
    let reading = documents::read(media_type, content, progress)?;
    if reading.extracted.is_empty() {
        let why = if reading.ocr_pages > 0 {
            "no text could be read in the document, not even by OCR"
        } else {
            "the document holds no text to search"
        };
        return Err(ReadError::Unreadable(why.to_owned()));
    }
    Ok(Passages {
        pages: u32::try_from(reading.extracted.pages.len()).unwrap_or(u32::MAX),
        ocr_pages: reading.ocr_pages,
        chunks: reading.extracted.chunks(Limits::default()),
    })
}
