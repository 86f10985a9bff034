//! The one trait every model implements for the engine: the built-in offline model here, the
//! registry's providers in `paddock-services`. The request and answer types are the domain's.

use std::future::Future;

pub use paddock_core::model::{ModelError, ModelRequest, ModelResponse, Usage};

/// Every model the engine can call, by registry name.
pub trait Models: Send + Sync {
    fn complete(
        &self,
        request: ModelRequest,
    ) -> impl Future<Output = Result<ModelResponse, ModelError>> + Send;
}
