//! Group commit: requests that arrive while one batch is being written wait together and are
//! written by the next one, in one transaction. SQLite has one writer, and on PostgreSQL the end
//! of the audit chain is one row: what limits throughput is how many transactions take turns,
//! not how much each writes. Under light load a batch holds one request and waits for nothing.

use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};

type Write<Request, Written, Error> = Arc<
    dyn Fn(
            Arc<[Request]>,
            Range<usize>,
        ) -> Pin<Box<dyn Future<Output = Result<Vec<Written>, Error>> + Send>>
        + Send
        + Sync,
>;
type Queue<Request, Written, Error> =
    mpsc::Sender<(Request, oneshot::Sender<Result<Written, Error>>)>;

/// How many batches' worth of requests may wait; more callers wait to hand theirs over.
const WAITING_BATCHES: usize = 16;

/// Hands requests to one task that writes whatever has gathered, up to `limit` at a time. The
/// task starts with the first request and ends when the last handle to it is dropped; a task
/// that died (a bug in `write`) is replaced by the next request.
pub(crate) struct Batches<Request, Written, Error> {
    /// What is written, for the log.
    what: &'static str,
    limit: usize,
    /// Writes `batch[range]` in one transaction, answering each request in order.
    write: Write<Request, Written, Error>,
    queue: Mutex<Option<Queue<Request, Written, Error>>>,
}

impl<Request, Written, Error> Batches<Request, Written, Error>
where
    Request: Send + Sync + 'static,
    Written: Send + 'static,
    Error: std::error::Error + Send + 'static,
{
    pub(crate) fn new<F, Fut>(what: &'static str, limit: usize, write: F) -> Self
    where
        F: Fn(Arc<[Request]>, Range<usize>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<Written>, Error>> + Send + 'static,
    {
        Batches {
            what,
            limit: limit.max(1),
            write: Arc::new(move |batch, range| Box::pin(write(batch, range))),
            queue: Mutex::new(None),
        }
    }

    /// Submits `request` and waits for its answer; `None` if writing panicked. The batch is
    /// written by its own task: a caller that gives up waiting (a client that disconnects)
    /// changes nothing for the others, and its request is dropped unless writing has begun.
    pub(crate) async fn submit(&self, request: Request) -> Option<Result<Written, Error>> {
        let (answer, answered) = oneshot::channel();
        let queue = self.queue();
        queue.send((request, answer)).await.ok()?;
        answered.await.ok()
    }

    fn queue(&self) -> Queue<Request, Written, Error> {
        let mut queue = self.queue.lock().expect("not poisoned");
        match &*queue {
            Some(running) if !running.is_closed() => running.clone(),
            _ => queue.insert(self.start()).clone(),
        }
    }

    fn start(&self) -> Queue<Request, Written, Error> {
        let (queue, mut requests) = mpsc::channel(self.limit * WAITING_BATCHES);
        let (what, limit, write) = (self.what, self.limit, self.write.clone());
        tokio::spawn(async move {
            let mut gathered = Vec::with_capacity(limit);
            while requests.recv_many(&mut gathered, limit).await > 0 {
                let (batch, answers): (Vec<Request>, Vec<oneshot::Sender<_>>) = gathered
                    .drain(..)
                    .filter(|(_, answer): &(Request, oneshot::Sender<_>)| !answer.is_closed())
                    .unzip();
                if batch.is_empty() {
                    continue;
                }
                let written = write_together_or_alone(what, &write, batch.into()).await;
                for (answer, written) in answers.into_iter().zip(written) {
                    // The caller may have stopped waiting; the work is done either way.
                    let _ = answer.send(written);
                }
            }
        });
        queue
    }
}

/// Writes the whole batch in one transaction; if that fails, each request on its own, so that
/// whatever failed fails only its own request.
async fn write_together_or_alone<Request, Written, Error: std::error::Error>(
    what: &str,
    write: &Write<Request, Written, Error>,
    batch: Arc<[Request]>,
) -> Vec<Result<Written, Error>> {
    let count = batch.len();
    match write(batch.clone(), 0..count).await {
        Ok(written) => written.into_iter().map(Ok).collect(),
        Err(error) if count == 1 => vec![Err(error)],
        Err(error) => {
            tracing::warn!(error = %paddock_core::report::error_chain(&error), count, "{what}: a batch could not be written together; writing each alone");
            let mut results = Vec::with_capacity(count);
            for one in 0..count {
                let alone = write(batch.clone(), one..one + 1).await;
                results.push(alone.map(|mut written| written.remove(0)));
            }
            results
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, thiserror::Error)]
    #[error("request {0} is refused")]
    struct Refused(u32);

    /// Doubles each number; refuses a whole batch that holds a 13. Counts its calls.
    fn doubling(calls: Arc<AtomicUsize>) -> Batches<u32, u32, Refused> {
        Batches::new(
            "doubling",
            8,
            move |batch: Arc<[u32]>, range: Range<usize>| {
                calls.fetch_add(1, Ordering::SeqCst);
                async move {
                    // Long enough for the other requests to gather behind the first.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    match batch[range.clone()].iter().find(|n| **n == 13) {
                        Some(bad) => Err(Refused(*bad)),
                        None => Ok(batch[range].iter().map(|n| n * 2).collect()),
                    }
                }
            },
        )
    }

    #[tokio::test]
    async fn requests_made_together_are_written_together_and_each_gets_its_own_answer() {
        let calls = Arc::new(AtomicUsize::new(0));
        let batches = Arc::new(doubling(calls.clone()));
        let submitted: Vec<_> = (20..40)
            .map(|n| {
                let batches = batches.clone();
                tokio::spawn(async move { batches.submit(n).await.unwrap().unwrap() })
            })
            .collect();
        let mut answers = Vec::new();
        for answer in submitted {
            answers.push(answer.await.unwrap());
        }
        assert_eq!(answers, (20..40).map(|n| n * 2).collect::<Vec<_>>());
        let calls = calls.load(Ordering::SeqCst);
        assert!(calls < 20, "20 requests took {calls} writes");
    }

    #[tokio::test]
    async fn a_failed_batch_is_written_again_one_by_one_and_only_the_bad_request_fails() {
        let batches = Arc::new(doubling(Arc::default()));
        let submitted = [11, 12, 13, 14].map(|n| {
            let batches = batches.clone();
            tokio::spawn(async move { batches.submit(n).await.unwrap().map_err(|e| e.to_string()) })
        });
        let mut answers = Vec::new();
        for answer in submitted {
            answers.push(answer.await.unwrap());
        }
        assert_eq!(
            answers,
            [
                Ok(22),
                Ok(24),
                Err("request 13 is refused".to_owned()),
                Ok(28)
            ]
        );
    }
}
