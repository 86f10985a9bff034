//! How the engine retrieves passages from a knowledge base: through [`Knowledge`], which the
//! services implement with the knowledge base's access list and this node's search index —
//! neither of which the engine sees.

use crate::connectors::Calling;
use crate::kinds::StepFailure;

/// One call of a `retrieve` step.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrieveCall {
    pub step_id: String,
    /// The knowledge base's slug, as the workflow names it.
    pub knowledge_base: String,
    pub query: String,
    pub limit: usize,
}

/// Every knowledge base a run may retrieve from.
pub trait Knowledge: Send + Sync {
    fn retrieve(&self, call: RetrieveCall) -> Calling<'_>;
}

/// Where no knowledge base can be reached: a run on the command line without a server.
pub struct NoKnowledge;

impl Knowledge for NoKnowledge {
    fn retrieve(&self, call: RetrieveCall) -> Calling<'_> {
        Box::pin(async move {
            Err(StepFailure::fatal(format!(
                "step {} retrieves from the knowledge base {}, but no knowledge bases are reachable where this run runs: run it in a workspace on the server",
                call.step_id, call.knowledge_base
            )))
        })
    }
}
