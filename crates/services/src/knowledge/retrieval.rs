//! Retrieval for runs: a `retrieve` step reads a knowledge base only when its access list
//! admits the run's workspace in the run's environment, whatever the static check said when
//! the workflow was saved (access lists change). A refusal is audited. What it finds is
//! recorded with the step: which documents (and pages) reached which step of which run.

use std::sync::Arc;

use paddock_core::audit::Action;
use paddock_core::label::Label;
use paddock_engine::connectors::Calling;
use paddock_engine::kinds::StepFailure;
use paddock_engine::knowledge::{Knowledge, RetrieveCall};
use paddock_integrations::search::Hit;
use paddock_store::{Store, knowledge};
use serde_json::{Value, json};

use super::search::KnowledgeIndex;
use crate::ServiceError;
use crate::audit::Target;
use crate::policy::RunPlace;

/// The knowledge bases one run may retrieve from.
pub struct RunKnowledge<'a> {
    pub(crate) store: &'a Store,
    pub(crate) index: &'a KnowledgeIndex,
    pub(crate) place: &'a RunPlace,
}

impl Knowledge for RunKnowledge<'_> {
    fn retrieve(&self, call: RetrieveCall) -> Calling<'_> {
        Box::pin(self.perform(call))
    }
}

/// The database or the index could not answer: worth another attempt.
fn unavailable(error: &ServiceError) -> StepFailure {
    StepFailure {
        message: format!(
            "the knowledge base could not be searched: {}",
            paddock_core::report::error_chain(error)
        ),
        retryable: true,
        retry_after: None,
    }
}

impl RunKnowledge<'_> {
    async fn perform(&self, call: RetrieveCall) -> Result<Value, StepFailure> {
        let slug = call.knowledge_base.as_str();
        let (base, access) = {
            let mut conn = self
                .store
                .acquire()
                .await
                .map_err(|e| unavailable(&e.into()))?;
            let base = knowledge::find(&mut conn, slug)
                .await
                .map_err(|e| unavailable(&e.into()))?
                .ok_or_else(|| {
                    StepFailure::fatal(format!(
                        "step {} retrieves from the knowledge base {slug}, which does not exist",
                        call.step_id
                    ))
                })?;
            let access = knowledge::access(&mut conn, base.id)
                .await
                .map_err(|e| unavailable(&e.into()))?;
            (base, access)
        };
        // The run's sinks were cleared for the label the knowledge base had when it started:
        // a knowledge base made since, or labelled higher since, could carry more than that.
        let current = Label::parse(&base.label).map_err(|e| {
            StepFailure::fatal(format!(
                "the knowledge base {slug} has a label that does not read: {e}"
            ))
        })?;
        let within_checked = self
            .place
            .retrieved
            .get(slug)
            .is_some_and(|checked| checked.join(&current) == *checked);
        if !within_checked {
            return Err(StepFailure::fatal(format!(
                "the knowledge base {slug} was made or labelled {current} after this run started, so what step {} would read was not checked against where it goes; run it again",
                call.step_id
            )));
        }
        if !access.admits_workflows(self.place.workspace, self.place.environment) {
            self.place
                .record_refusal(
                    self.store,
                    Action::RetrievalRefused,
                    Target::knowledge_base(base.id, &base.slug),
                    &call.step_id,
                    &[("knowledge_base", slug)],
                )
                .await;
            return Err(StepFailure::fatal(format!(
                "step {} may not retrieve from the knowledge base {slug}: it is not shared with this workspace in this environment",
                call.step_id
            )));
        }
        self.index
            .catch_up_to_search(self.store)
            .await
            .map_err(|e| unavailable(&e))?;
        let hits = self
            .index
            .search_within(vec![base.id.to_string()], call.query, call.limit)
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(output(slug, &hits))
    }
}

/// The step's output: the passages with their citations, and the same numbered as text for a
/// prompt (`[1] policy.pdf, p. 2 — Water damage`).
fn output(slug: &str, hits: &[Hit]) -> Value {
    let passages: Vec<Value> = hits
        .iter()
        .map(|hit| {
            json!({
                "text": hit.passage.text,
                "context": hit.passage.context,
                "document": hit.passage.document_name,
                "document_id": hit.document,
                "page": hit.passage.first_page,
                "last_page": hit.passage.last_page,
                "start": hit.passage.start,
                "end": hit.passage.end,
                "score": hit.score,
            })
        })
        .collect();
    let text = hits
        .iter()
        .zip(1..)
        .map(|(hit, number)| {
            let heading = if hit.passage.context.is_empty() {
                String::new()
            } else {
                format!(" — {}", hit.passage.context)
            };
            format!(
                "[{number}] {}, p. {}{heading}\n{}",
                hit.passage.document_name, hit.passage.first_page, hit.passage.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    json!({ "knowledge_base": slug, "passages": passages, "text": text })
}

/// Retrieval for the runs of a worker.
#[derive(Clone)]
pub struct KnowledgeGateway {
    store: Store,
    index: KnowledgeIndex,
}

impl KnowledgeGateway {
    pub fn new(store: Store, index: KnowledgeIndex) -> Self {
        KnowledgeGateway { store, index }
    }

    pub fn for_run<'a>(&'a self, place: &'a RunPlace) -> RunKnowledge<'a> {
        RunKnowledge {
            store: &self.store,
            index: &self.index,
            place,
        }
    }
}

impl KnowledgeIndex {
    /// The best `limit` passages for `query` among the knowledge bases `within` (by id).
    pub(crate) async fn search_within(
        &self,
        within: Vec<String>,
        query: String,
        limit: usize,
    ) -> Result<Vec<Hit>, ServiceError> {
        let index = Arc::clone(&self.index);
        super::search::blocking(move || index.search(&within, &query, limit)).await
    }
}
