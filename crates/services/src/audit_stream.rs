//! Streams every audit event, in order, to a webhook (a SIEM's collector). Delivery is
//! at-least-once: a batch is marked delivered only after the receiver accepted it, and a
//! failed batch is sent again, with growing pauses, until it is accepted.

use paddock_integrations::webhook::{Webhook, WebhookError};
use paddock_store::{Store, StoreError};
use std::future::Future;
use std::time::Duration;

use crate::audit::AuditEventView;

const BATCH: i64 = 500;
const IDLE_PAUSE: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("reading the audit trail failed")]
    Store(#[from] StoreError),
    #[error(transparent)]
    Webhook(#[from] WebhookError),
}

pub struct AuditStream {
    store: Store,
    webhook: Webhook,
    /// The name under which progress is kept: the URL without credentials or query.
    sink: String,
}

impl AuditStream {
    pub fn new(store: Store, url: &str) -> Result<Self, WebhookError> {
        let webhook = Webhook::new(url)?;
        let mut sink = sink_name(url);
        sink.insert_str(0, "webhook:");
        Ok(Self {
            store,
            webhook,
            sink,
        })
    }

    /// Sends the next batch of undelivered events; returns how many were delivered (0 when the
    /// receiver is up to date).
    pub async fn deliver_next_batch(&self) -> Result<usize, StreamError> {
        let mut conn = self.store.acquire().await?;
        let after = paddock_store::audit::delivered_up_to(&mut conn, &self.sink).await?;
        let batch = paddock_store::audit::page(&mut conn, after, BATCH).await?;
        drop(conn);
        let Some(last) = batch.last().map(|event| event.record.seq) else {
            return Ok(0);
        };
        let mut body = Vec::new();
        for event in &batch {
            serde_json::to_writer(&mut body, &AuditEventView::from(event))
                .expect("events serialise");
            body.push(b'\n');
        }
        self.webhook.post_json_lines(body).await?;
        let mut conn = self.store.writer().await?;
        paddock_store::audit::mark_delivered(&mut conn, &self.sink, last).await?;
        Ok(batch.len())
    }

    /// Delivers until `shutdown` resolves: batch after batch while there are events, a short
    /// pause when up to date, and pauses doubling up to a minute while the receiver fails.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut backoff = IDLE_PAUSE;
        loop {
            let pause = match self.deliver_next_batch().await {
                Ok(0) => {
                    backoff = IDLE_PAUSE;
                    IDLE_PAUSE
                }
                Ok(_) => {
                    backoff = IDLE_PAUSE;
                    Duration::ZERO
                }
                Err(error) => {
                    tracing::warn!(sink = %self.sink, error = %paddock_core::report::error_chain(&error), retry_in_s = backoff.as_secs(), "audit stream delivery failed");
                    let pause = backoff;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    pause
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }
}

/// `https://user:secret@siem.example.com/collect?token=x` → `https://siem.example.com/collect`.
fn sink_name(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    match without_query.split_once("://") {
        Some((scheme, rest)) => {
            let host_and_path = rest.rsplit_once('@').map_or(rest, |(_, after)| after);
            format!("{scheme}://{host_and_path}")
        }
        None => without_query.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::sink_name;

    #[test]
    fn sink_names_hold_no_credentials() {
        assert_eq!(
            sink_name("https://user:secret@siem.example.com/collect?token=x"),
            "https://siem.example.com/collect"
        );
        assert_eq!(
            sink_name("http://127.0.0.1:9000/"),
            "http://127.0.0.1:9000/"
        );
    }
}
