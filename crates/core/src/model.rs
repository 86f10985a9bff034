//! Language models as the domain sees them: what a step asks of a model, what comes back, why
//! a call failed, and the providers and prices administrators register models with.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::run::Usage;

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

impl ModelRequest {
    /// A cautious estimate of the tokens this request sends, before any provider counts them:
    /// a token is rarely shorter than three bytes of English text.
    pub fn estimated_input_tokens(&self) -> u64 {
        let bytes = self.system.as_deref().map_or(0, str::len)
            + self.prompt.len()
            + self
                .response_schema
                .as_ref()
                .map_or(0, |s| s.to_string().len());
        bytes.div_ceil(3) as u64
    }
}

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

    pub fn transient(message: impl Into<String>, retry_after: Option<Duration>) -> Self {
        ModelError {
            message: message.into(),
            retryable: true,
            retry_after,
        }
    }
}

/// The wire protocol a registered model speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// The built-in offline model: deterministic, no network, not a language model.
    Builtin,
    /// OpenAI-compatible chat completions: OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp,
    /// LM Studio.
    Openai,
    /// Anthropic Messages.
    Anthropic,
}

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::Builtin, Provider::Openai, Provider::Anthropic];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Builtin => "builtin",
            Provider::Openai => "openai",
            Provider::Anthropic => "anthropic",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Provider::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    /// Whether the provider is reached over the network (and needs an endpoint).
    pub fn is_remote(self) -> bool {
        !matches!(self, Provider::Builtin)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an OpenAI-compatible server is asked for JSON: servers differ in what they offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StructuredOutput {
    /// `response_format: {type: json_schema}` — the server constrains the answer to the schema.
    #[default]
    JsonSchema,
    /// `response_format: {type: json_object}` — any JSON; the schema goes in the prompt.
    JsonObject,
    /// Nothing asked of the server; the schema goes in the prompt.
    Prompt,
}

impl StructuredOutput {
    pub const ALL: [StructuredOutput; 3] = [
        StructuredOutput::JsonSchema,
        StructuredOutput::JsonObject,
        StructuredOutput::Prompt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StructuredOutput::JsonSchema => "json_schema",
            StructuredOutput::JsonObject => "json_object",
            StructuredOutput::Prompt => "prompt",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        StructuredOutput::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// Prices in millionths of a US dollar per million tokens, so that money is counted exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prices {
    pub input_micros_per_million: u64,
    pub output_micros_per_million: u64,
}

impl Prices {
    /// What `usage` costs, in millionths of a dollar, rounded up: a call is never free when
    /// its model is not.
    pub fn cost_micros(self, usage: Usage) -> u64 {
        let micro_tokens = u128::from(usage.input_tokens)
            * u128::from(self.input_micros_per_million)
            + u128::from(usage.output_tokens) * u128::from(self.output_micros_per_million);
        u64::try_from(micro_tokens.div_ceil(1_000_000)).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_exact_and_rounds_up() {
        // $2.50 and $10 per million tokens.
        let prices = Prices {
            input_micros_per_million: 2_500_000,
            output_micros_per_million: 10_000_000,
        };
        let usage = Usage {
            input_tokens: 1_000,
            output_tokens: 200,
            cost_micros: None,
        };
        assert_eq!(prices.cost_micros(usage), 2_500 + 2_000);
        let one_token = Usage {
            input_tokens: 1,
            output_tokens: 0,
            cost_micros: None,
        };
        assert_eq!(prices.cost_micros(one_token), 3);
        assert_eq!(Prices::default().cost_micros(usage), 0);
    }

    #[test]
    fn names_round_trip() {
        for provider in Provider::ALL {
            assert_eq!(Provider::parse(provider.as_str()), Some(provider));
        }
        for mode in StructuredOutput::ALL {
            assert_eq!(StructuredOutput::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(Provider::parse("azure"), None);
    }
}
