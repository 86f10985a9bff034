//! Anthropic Messages (`POST {endpoint}/v1/messages`). A structured answer is asked for as a
//! forced call of one tool whose input schema is the answer's schema.

use paddock_core::model::{ModelError, ModelRequest, ModelResponse, Usage};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

use super::{Call, ProviderModel, join, malformed, token_count};

const NAME: &str = "anthropic";
const API_VERSION: &str = "2023-06-01";
/// Anthropic requires a limit; this one when the step sets none.
const DEFAULT_MAX_TOKENS: u32 = 4096;
const ANSWER_TOOL: &str = "answer";

pub(super) fn call(model: &ProviderModel, request: &ModelRequest) -> Call {
    let mut body = json!({
        "model": model.model_id,
        "max_tokens": request.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS),
        "messages": [{ "role": "user", "content": request.prompt }],
    });
    if let Some(system) = &request.system {
        body["system"] = json!(system);
    }
    if let Some(temperature) = request.temperature {
        body["temperature"] = json!(temperature);
    }
    if let Some(schema) = &request.response_schema {
        body["tools"] = json!([{
            "name": ANSWER_TOOL,
            "description": "Give the answer.",
            "input_schema": schema,
        }]);
        body["tool_choice"] = json!({ "type": "tool", "name": ANSWER_TOOL });
    }
    let mut headers = HeaderMap::new();
    headers.insert("anthropic-version", HeaderValue::from_static(API_VERSION));
    if let Some(Ok(mut key)) = model.api_key.as_deref().map(HeaderValue::from_str) {
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
    }
    Call {
        url: join(&model.endpoint, "v1/messages"),
        headers,
        body,
        parse,
    }
}

fn parse(body: &Value) -> Result<ModelResponse, ModelError> {
    let content = body
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(NAME, "it has no content list"))?;
    let answer = content
        .iter()
        .find(|block| block.get("type").and_then(Value::as_str) == Some("tool_use"))
        .and_then(|block| block.get("input"));
    let text = match answer {
        Some(input) => input.to_string(),
        None => {
            let texts: Vec<&str> = content
                .iter()
                .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|block| block.get("text").and_then(Value::as_str))
                .collect();
            if texts.is_empty() {
                return Err(malformed(
                    NAME,
                    "its content has neither text nor an answer",
                ));
            }
            texts.concat()
        }
    };
    Ok(ModelResponse {
        text,
        usage: Usage::tokens(
            token_count(body, "/usage/input_tokens"),
            token_count(body, "/usage/output_tokens"),
        ),
    })
}
