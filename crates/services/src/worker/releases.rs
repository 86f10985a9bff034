//! Releasing runs: a run's outcome and the results its journal held back are written together,
//! under the lease, and runs that end at the same moment share a transaction
//! ([`crate::batches`]).

use std::sync::Arc;

use paddock_core::ids::RunId;
use paddock_core::run::RunStatus;
use paddock_core::time::Timestamp;
use paddock_store::runs::{self, Ending, StepResult};
use paddock_store::{Store, StoreError};
use serde_json::Value;

use super::Wakeup;
use crate::batches::Batches;

/// How many runs one transaction releases at most.
/// At most 16: each row count makes a statement text of its own, which a connection prepares
/// once and keeps among its last 100; the multi-row statements of batches of up to 64 took more
/// shapes than that, and PostgreSQL then prepared them again for almost every batch.
const BATCH: usize = 16;

/// How a worker leaves a run it holds, with the results not yet written.
pub(super) struct Release {
    pub run: RunId,
    pub worker: String,
    pub status: RunStatus,
    /// When it ended (or paused).
    pub at: Timestamp,
    pub outputs: Option<Value>,
    pub error: Option<String>,
    pub failed_step: Option<String>,
    pub held_back: Vec<StepResult>,
    /// Whether the run is a row of a batch, whose driver is told.
    pub batch_row: bool,
}

#[derive(Clone)]
pub(super) struct Releases(Arc<Batches<Release, bool, StoreError>>);

impl Releases {
    pub(super) fn new(store: Store, wakeup: Wakeup) -> Self {
        Releases(Arc::new(Batches::new(
            "releasing runs",
            BATCH,
            move |batch, range| {
                let (store, wakeup) = (store.clone(), wakeup.clone());
                async move {
                    let batch = &batch[range];
                    let released = write(&store, batch).await?;
                    let runs = batch.iter().zip(&released);
                    wakeup.tell_released(runs.filter(|(_, held)| **held).map(|(r, _)| r));
                    Ok(released)
                }
            },
        )))
    }

    /// Releases the run; false when another worker had taken it over (nothing is written),
    /// `None` if releasing failed unexpectedly: the lease then runs out and the run is resumed.
    pub(super) async fn release(&self, release: Release) -> Option<Result<bool, StoreError>> {
        self.0.submit(release).await
    }
}

/// Releases each run of `batch` still held by its worker, with its held-back results, in one
/// transaction; tells which were.
async fn write(store: &Store, batch: &[Release]) -> Result<Vec<bool>, StoreError> {
    let mut tx = store.begin().await?;
    let mut released = Vec::with_capacity(batch.len());
    let mut results = Vec::new();
    for release in batch {
        let ending = Ending {
            status: release.status,
            at: release.at,
            outputs: release.outputs.as_ref(),
            error: release.error.as_deref(),
            failed_step: release.failed_step.as_deref(),
        };
        // Releasing checks the lease: held back results are written only under it.
        let held = runs::release(&mut tx, release.run, &release.worker, ending).await?;
        if held {
            results.extend(release.held_back.iter().cloned());
        }
        released.push(held);
    }
    runs::record_steps(&mut tx, &results).await?;
    tx.commit().await?;
    Ok(released)
}
