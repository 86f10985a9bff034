//! The one trait every model implements for the engine: the built-in offline model here, the
//! registry's providers in `paddock-services`. The request and answer types are the domain's.

use std::future::Future;

pub use paddock_core::model::{ModelError, ModelRequest, ModelResponse, Usage};

/// Every model the engine can call, by registry name.
pub trait Models: Send + Sync {
    /// `step` is the id of the step asking, so the answer to "may this data go to that model"
    /// can be given at the sink, where the data is finally known.
    fn complete(
        &self,
        step: &str,
        request: ModelRequest,
    ) -> impl Future<Output = Result<ModelResponse, ModelError>> + Send;
}
