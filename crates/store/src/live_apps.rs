//! The live deployments of each app, kept in memory: every run of a published app asks which
//! deployment serves it, and they change only when a transaction that deploys, freezes,
//! unfreezes or opens one to anonymous use, or changes the environments, commits
//! ([`Transaction::changes_deployments`]). Such a commit here is seen at once. One by another process sharing a PostgreSQL database is
//! announced with it (`NOTIFY`, delivered on commit) and seen when the announcement arrives —
//! at the latest after [`FRESH_FOR`], should an announcement be lost.
//!
//! [`Transaction::changes_deployments`]: crate::Transaction::changes_deployments

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::deployments::{self, Placed};
use crate::{Store, StoreError};

/// The longest a read is kept without a change being announced.
const FRESH_FOR: Duration = Duration::from_secs(1);
/// How many apps are kept (only published ones are); beyond, the memory starts over.
const KEPT: usize = 4096;

/// What was read, and when: kept while no change was committed or announced since.
#[derive(Default)]
pub(crate) struct LiveApps {
    /// Counts the changes committed here or announced by other processes.
    changes: AtomicU64,
    read: Mutex<HashMap<(String, String), Read>>,
}

struct Read {
    /// [`LiveApps::changes`] before the read began: a change committed during the read makes
    /// it stale.
    changes: u64,
    at: Instant,
    placed: Arc<Vec<Placed>>,
}

impl LiveApps {
    /// A change was committed here, or announced by another process.
    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
    }

    fn kept(&self, key: &(String, String)) -> Option<Arc<Vec<Placed>>> {
        let changes = self.changes.load(Ordering::SeqCst);
        let read = self.read.lock().expect("not poisoned");
        read.get(key)
            .filter(|read| read.changes == changes && read.at.elapsed() < FRESH_FOR)
            .map(|read| read.placed.clone())
    }

    fn keep(&self, key: (String, String), read: Read) {
        let mut kept = self.read.lock().expect("not poisoned");
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, read);
    }
}

impl Store {
    /// The deployments live now of the workflow `name` of the workspace `workspace`, the last
    /// environment of the chain first ([`deployments::live_named`]): read once, then kept
    /// until a deployment changes.
    pub async fn live_named(
        &self,
        workspace: &str,
        name: &str,
    ) -> Result<Arc<Vec<Placed>>, StoreError> {
        let key = (workspace.to_owned(), name.to_owned());
        if let Some(kept) = self.live_apps.kept(&key) {
            return Ok(kept);
        }
        let changes = self.live_apps.changes.load(Ordering::SeqCst);
        let at = Instant::now();
        let mut conn = self.acquire().await?;
        let placed = Arc::new(deployments::live_named(&mut conn, workspace, name).await?);
        // Only apps that exist are kept: anyone can ask for names that do not, and a first
        // deployment marks its transaction anyway.
        if !placed.is_empty() {
            let read = Read {
                changes,
                at,
                placed: placed.clone(),
            };
            self.live_apps.keep(key, read);
        }
        Ok(placed)
    }
}
