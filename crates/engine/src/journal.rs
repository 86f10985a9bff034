//! Where a run's progress is kept. The executor records each step's start and result there,
//! and reads back what finished before a crash or a pause: a step whose result is recorded never
//! runs again. The store implements it over the database; [`MemoryJournal`] keeps it in memory.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;

pub use paddock_core::run::{StepRecord, StepStatus};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the run's journal failed: {0}")]
pub struct JournalError(pub String);

pub trait Journal: Send + Sync {
    /// Results recorded earlier for this run, by step key.
    fn recorded(
        &self,
    ) -> impl Future<Output = Result<BTreeMap<String, StepRecord>, JournalError>> + Send;

    /// A step is about to run (once per attempt).
    fn started(
        &self,
        key: &str,
        step_id: &str,
        attempt: u32,
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// A step's result. Must be durable when this returns — dependants start right after —
    /// unless it is `recomputable`: a pure step's result (see [`crate::kinds::is_pure`]), which
    /// running the step again reproduces. Such a result may be held back and made durable with
    /// the journal's next durable write, or with the run's release.
    fn record(
        &self,
        key: &str,
        record: &StepRecord,
        recomputable: bool,
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Whether the run was asked to stop; checked before each step starts.
    fn cancel_requested(&self) -> bool {
        false
    }
}

/// A journal in memory: for runs nobody needs to resume, tests and benchmarks.
#[derive(Debug, Default)]
pub struct MemoryJournal {
    records: Mutex<BTreeMap<String, StepRecord>>,
    starts: Mutex<Vec<String>>,
    written: Mutex<Vec<String>>,
}

impl MemoryJournal {
    /// A journal that already holds `records`, as after a restart.
    pub fn with(records: BTreeMap<String, StepRecord>) -> Self {
        MemoryJournal {
            records: Mutex::new(records),
            starts: Mutex::default(),
            written: Mutex::default(),
        }
    }

    pub fn records(&self) -> BTreeMap<String, StepRecord> {
        self.records.lock().expect("not poisoned").clone()
    }

    /// The keys of every step whose start was recorded, in order, once per attempt (steps
    /// with side effects only: see [`crate::kinds::is_pure`]).
    pub fn starts(&self) -> Vec<String> {
        self.starts.lock().expect("not poisoned").clone()
    }

    /// The keys of every result recorded by this journal's runs, in order: what they ran (or
    /// skipped), as opposed to what was recorded before.
    pub fn written(&self) -> Vec<String> {
        self.written.lock().expect("not poisoned").clone()
    }
}

impl Journal for MemoryJournal {
    async fn recorded(&self) -> Result<BTreeMap<String, StepRecord>, JournalError> {
        Ok(self.records())
    }

    async fn started(&self, key: &str, _: &str, _: u32) -> Result<(), JournalError> {
        self.starts
            .lock()
            .expect("not poisoned")
            .push(key.to_owned());
        Ok(())
    }

    async fn record(&self, key: &str, record: &StepRecord, _: bool) -> Result<(), JournalError> {
        self.written
            .lock()
            .expect("not poisoned")
            .push(key.to_owned());
        self.records
            .lock()
            .expect("not poisoned")
            .insert(key.to_owned(), record.clone());
        Ok(())
    }
}
