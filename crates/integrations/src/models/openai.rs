//! OpenAI-compatible chat completions (`POST {endpoint}/chat/completions`): OpenAI, Azure
//! OpenAI (an `*.openai.azure.com` endpoint is sent its key as `api-key`), vLLM, Ollama,
//! llama.cpp and LM Studio.

use paddock_core::model::{ModelError, ModelRequest, ModelResponse, StructuredOutput, Usage};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};

use super::{Call, ProviderModel, join, malformed, token_count};

const NAME: &str = "openai";

pub(super) fn call(model: &ProviderModel, request: &ModelRequest) -> Call {
    let mut messages = Vec::new();
    if let Some(system) = &request.system {
        messages.push(json!({ "role": "system", "content": system }));
    }
    messages.push(json!({ "role": "user", "content": request.prompt }));
    let mut body = json!({ "model": model.model_id, "messages": messages });
    if let Some(max_tokens) = request.max_tokens {
        body["max_tokens"] = json!(max_tokens);
    }
    if let Some(temperature) = request.temperature {
        body["temperature"] = json!(temperature);
    }
    if let Some(schema) = &request.response_schema {
        match model.structured_output {
            StructuredOutput::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": { "name": "answer", "schema": schema },
                });
            }
            StructuredOutput::JsonObject => {
                body["response_format"] = json!({ "type": "json_object" });
            }
            StructuredOutput::Prompt => {}
        }
    }
    let mut headers = HeaderMap::new();
    if let Some(key) = &model.api_key {
        let azure = model
            .endpoint
            .host_str()
            .is_some_and(|host| host.ends_with(".openai.azure.com"));
        let (name, value) = if azure {
            ("api-key", HeaderValue::from_str(key))
        } else {
            (
                AUTHORIZATION.as_str(),
                HeaderValue::from_str(&format!("Bearer {key}")),
            )
        };
        if let Ok(mut value) = value {
            value.set_sensitive(true);
            headers.insert(name, value);
        }
    }
    Call {
        url: join(&model.endpoint, "chat/completions"),
        headers,
        body,
        parse,
    }
}

fn parse(body: &Value) -> Result<ModelResponse, ModelError> {
    let message = body
        .pointer("/choices/0/message")
        .ok_or_else(|| malformed(NAME, "it has no choices[0].message"))?;
    let text = match message.get("content") {
        Some(Value::String(text)) => text.clone(),
        _ => {
            let refusal = message.get("refusal").and_then(Value::as_str);
            return Err(match refusal {
                Some(refusal) => ModelError::fatal(format!("the model refused: {refusal}")),
                None => malformed(NAME, "choices[0].message.content is not text"),
            });
        }
    };
    Ok(ModelResponse {
        text,
        usage: Usage::tokens(
            token_count(body, "/usage/prompt_tokens"),
            token_count(body, "/usage/completion_tokens"),
        ),
    })
}
