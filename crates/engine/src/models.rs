//! What the engine asks of a model, and the one trait every provider implements: the built-in
//! offline model here, HTTP providers in `paddock-integrations`.

use std::future::Future;
use std::time::Duration;

use serde_json::Value;

/// One request to a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRequest {
    /// The registry name of the model (`builtin`, `hosted-general`).
    pub model: String,
    pub system: Option<String>,
    pub prompt: String,
    /// When the answer must be JSON matching this schema (extraction, classification).
    pub response_schema: Option<Value>,
    /// The text being read, when the task is about one (extraction, classification): providers
    /// send the prompt, which contains it; the built-in model works on it directly.
    pub source_text: Option<String>,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f64>,
}

pub use paddock_core::run::Usage;

#[derive(Debug, Clone, PartialEq)]
pub struct ModelResponse {
    pub text: String,
    pub usage: Usage,
}

/// Why a model call failed; `retryable` failures (rate limits, 5xx, timeouts) are tried again.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ModelError {
    pub message: String,
    pub retryable: bool,
    /// How long the provider asked to wait (Retry-After).
    pub retry_after: Option<Duration>,
}

impl ModelError {
    pub fn fatal(message: impl Into<String>) -> Self {
        ModelError {
            message: message.into(),
            retryable: false,
            retry_after: None,
        }
    }
}

/// Every model the engine can call, by registry name.
pub trait Models: Send + Sync {
    fn complete(
        &self,
        request: ModelRequest,
    ) -> impl Future<Output = Result<ModelResponse, ModelError>> + Send;
}
