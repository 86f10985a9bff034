//! What each plain step kind does with its evaluated `with`. Branches and maps shape the graph
//! and are run by the executor itself; the catalog in `paddock_core::workflow::catalog`
//! describes every kind, and a test keeps the two in step.

use std::time::Duration;

use serde_json::{Value, json};

use paddock_core::pii::{self, Kind};

use crate::connectors::{ConnectorCall, Connectors};
use crate::files::{Files, ReadCall, Reading, WriteCall};
use crate::knowledge::{Knowledge, RetrieveCall};
use crate::models::{ModelError, ModelRequest, Models, Usage};

/// Kinds this module runs; `branch` and `map` are the executor's.
pub const PLAIN_KINDS: [&str; 12] = [
    "llm",
    "llm.extract",
    "llm.classify",
    "template",
    "redact",
    "approval",
    "connector",
    "retrieve",
    "extract_text",
    "ocr",
    "document",
    "output",
];

/// Kinds whose work has no effect outside the run and costs nothing: running one again gives
/// the same result, so its start needs no durable record — only its result does.
pub fn is_pure(uses: &str) -> bool {
    matches!(uses, "template" | "redact" | "branch" | "output" | "map")
}

/// What a step produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Produced {
    Output {
        output: Value,
        usage: Option<Usage>,
        model: Option<String>,
    },
    /// The step waits for a person; it is finished later from outside the run, by a decision
    /// or, after `timeout`, by the clock.
    Waiting { timeout: Option<Duration> },
}

impl Produced {
    fn value(output: Value) -> Self {
        Produced::Output {
            output,
            usage: None,
            model: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepFailure {
    pub message: String,
    pub retryable: bool,
    pub retry_after: Option<Duration>,
}

impl StepFailure {
    pub fn fatal(message: impl Into<String>) -> Self {
        StepFailure {
            message: message.into(),
            retryable: false,
            retry_after: None,
        }
    }
}

impl From<ModelError> for StepFailure {
    fn from(error: ModelError) -> Self {
        StepFailure {
            message: format!("the model failed: {}", error.message),
            retryable: error.retryable,
            retry_after: error.retry_after,
        }
    }
}

fn text_field<'a>(with: &'a Value, name: &str) -> &'a str {
    with.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn model_request(with: &Value, prompt: String) -> ModelRequest {
    ModelRequest {
        model: text_field(with, "model").to_owned(),
        system: with
            .get("system")
            .and_then(Value::as_str)
            .map(str::to_owned),
        prompt,
        response_schema: None,
        source_text: None,
        max_tokens: with
            .get("max_tokens")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        temperature: with.get("temperature").and_then(Value::as_f64),
    }
}

/// The text with the personal data of the kinds asked for (all when none are named) masked.
fn redact(with: &Value) -> Value {
    let kinds: Vec<Kind> = match with.get("kinds").and_then(Value::as_array) {
        Some(names) => names
            .iter()
            .filter_map(Value::as_str)
            .filter_map(Kind::parse)
            .collect(),
        None => Kind::ALL.to_vec(),
    };
    // Text as such; any other value as its JSON text, so nothing it holds goes unmasked.
    let text = match with.get("text") {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let (text, found) = pii::redact(&text, &kinds);
    let found: Vec<&str> = found.into_iter().map(Kind::as_str).collect();
    json!({ "text": text, "found": found })
}

/// Where a step runs and what it may call.
pub struct Place<'a, M> {
    /// The step's key in the journal.
    pub key: &'a str,
    pub step_id: &'a str,
    pub models: &'a M,
    pub connectors: &'a dyn Connectors,
    pub knowledge: &'a dyn Knowledge,
    pub files: &'a dyn Files,
}

pub async fn run<M: Models>(
    uses: &str,
    with: &Value,
    place: Place<'_, M>,
) -> Result<Produced, StepFailure> {
    let models = place.models;
    match uses {
        "template" => Ok(Produced::value(
            with.get("value").cloned().unwrap_or(Value::Null),
        )),
        "output" => Ok(Produced::value(
            with.get("values").cloned().unwrap_or(Value::Null),
        )),
        "redact" => Ok(Produced::value(redact(with))),
        "approval" => {
            let timeout = match with.get("timeout").and_then(Value::as_str) {
                None => None,
                Some(text) => Some(
                    paddock_core::workflow::duration::parse(text)
                        .map_err(|e| StepFailure::fatal(format!("with.timeout: {e}")))?,
                ),
            };
            Ok(Produced::Waiting { timeout })
        }
        "llm" => {
            let request = model_request(with, text_field(with, "prompt").to_owned());
            let model = request.model.clone();
            let response = models.complete(place.step_id, request).await?;
            Ok(Produced::Output {
                output: Value::String(response.text),
                usage: Some(response.usage),
                model: Some(model),
            })
        }
        "connector" => {
            let call = ConnectorCall {
                step_key: place.key.to_owned(),
                step_id: place.step_id.to_owned(),
                connection: text_field(with, "connection").to_owned(),
                action: text_field(with, "action").to_owned(),
                input: with.get("input").cloned().unwrap_or_else(|| json!({})),
                carried_text: None,
            };
            Ok(Produced::value(place.connectors.call(call).await?))
        }
        "retrieve" => {
            let call = RetrieveCall {
                step_id: place.step_id.to_owned(),
                knowledge_base: text_field(with, "knowledge_base").to_owned(),
                query: text_field(with, "query").to_owned(),
                limit: with
                    .get("limit")
                    .and_then(Value::as_u64)
                    .map_or(5, |limit| limit.clamp(1, 20) as usize),
            };
            Ok(Produced::value(place.knowledge.retrieve(call).await?))
        }
        "extract_text" | "ocr" => {
            let call = ReadCall {
                step_id: place.step_id.to_owned(),
                file: with.get("file").cloned().unwrap_or(Value::Null),
                reading: if uses == "ocr" {
                    Reading::Ocr
                } else {
                    Reading::Text
                },
            };
            Ok(Produced::value(place.files.read(call).await?))
        }
        "document" => document(with, &place).await,
        "llm.extract" => extract(with, place.step_id, models).await,
        "llm.classify" => classify(with, place.step_id, models).await,
        other => Err(StepFailure::fatal(format!(
            "no executor for step kind '{other}'"
        ))),
    }
}

/// Writes the document, kept with the run; with `with.connection`, puts it in that file store
/// too, through the connection like any write (its clearance and egress rules hold).
async fn document<M>(with: &Value, place: &Place<'_, M>) -> Result<Produced, StepFailure> {
    let markdown = text_field(with, "content").to_owned();
    let call = WriteCall {
        step_key: place.key.to_owned(),
        step_id: place.step_id.to_owned(),
        format: text_field(with, "format").to_owned(),
        name: text_field(with, "name").to_owned(),
        markdown: markdown.clone(),
    };
    let written = place.files.write(call).await?;
    let mut output = written.artifact;
    if let Some(connection) = with.get("connection").and_then(Value::as_str) {
        let path = match text_field(with, "path") {
            "" => output
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            path => path.to_owned(),
        };
        use base64::Engine as _;
        let call = ConnectorCall {
            step_key: place.key.to_owned(),
            step_id: place.step_id.to_owned(),
            connection: connection.to_owned(),
            action: "write".to_owned(),
            input: json!({
                "path": path,
                "base64": base64::engine::general_purpose::STANDARD.encode(&written.bytes),
            }),
            // The document is judged by what it says, not by its encoding.
            carried_text: Some(format!("{path}\n{markdown}")),
        };
        place.connectors.call(call).await?;
        output["written"] = json!({ "connection": connection, "path": path });
    }
    Ok(Produced::value(output))
}

/// Asks for JSON matching `with.schema`; an answer that does not match is sent back with what
/// is wrong, up to `with.max_attempts` times in all.
async fn extract<M: Models>(with: &Value, step: &str, models: &M) -> Result<Produced, StepFailure> {
    let schema = with.get("schema").cloned().unwrap_or_else(|| json!({}));
    let validator = jsonschema::validator_for(&schema)
        .map_err(|e| StepFailure::fatal(format!("with.schema is not a valid JSON Schema: {e}")))?;
    let text = text_field(with, "text");
    let attempts = with
        .get("max_attempts")
        .and_then(Value::as_u64)
        .unwrap_or(3)
        .clamp(1, 5);
    let instructions = with
        .get("instructions")
        .and_then(Value::as_str)
        .unwrap_or("Extract the fields described by the JSON Schema from the text.");
    let mut prompt = format!(
        "{instructions}\nAnswer with one JSON object matching this JSON Schema, and nothing else:\n{schema}\n\nText:\n{text}"
    );
    let mut usage = Usage::default();
    let mut problem = String::new();
    for _ in 0..attempts {
        let mut request = model_request(with, prompt.clone());
        request.response_schema = Some(schema.clone());
        request.source_text = Some(text.to_owned());
        let response = models.complete(step, request).await?;
        usage.add(response.usage);
        problem = match serde_json::from_str::<Value>(json_part(&response.text)) {
            Err(e) => format!("the answer is not JSON: {e}"),
            Ok(answer) => {
                let errors: Vec<String> = validator
                    .iter_errors(&answer)
                    .map(|e| e.to_string())
                    .collect();
                if errors.is_empty() {
                    return Ok(Produced::Output {
                        output: answer,
                        usage: Some(usage),
                        model: Some(text_field(with, "model").to_owned()),
                    });
                }
                errors.join("; ")
            }
        };
        prompt = format!(
            "{prompt}\n\nYour previous answer was:\n{}\nIt does not match the schema: {problem}. Answer again.",
            response.text
        );
    }
    Err(StepFailure::fatal(format!(
        "the model's answer did not match the schema after {attempts} attempts: {problem}"
    )))
}

/// The JSON in an answer that may wrap it in a Markdown code fence.
fn json_part(text: &str) -> &str {
    let trimmed = text.trim();
    let fenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.strip_suffix("```"));
    fenced.unwrap_or(trimmed).trim()
}

async fn classify<M: Models>(
    with: &Value,
    step: &str,
    models: &M,
) -> Result<Produced, StepFailure> {
    let categories: Vec<(String, String)> = with
        .get("categories")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|category| match category {
            Value::String(name) => Some((name.clone(), String::new())),
            other => Some((
                other.get("name")?.as_str()?.to_owned(),
                text_field(other, "description").to_owned(),
            )),
        })
        .collect();
    let options: Vec<Value> = categories
        .iter()
        .map(|(name, description)| json!({ "const": name, "description": description }))
        .collect();
    let schema = json!({
        "type": "object",
        "required": ["category", "confidence"],
        "properties": {
            "category": { "oneOf": options },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
        },
    });
    let listed: Vec<String> = categories
        .iter()
        .map(|(name, description)| {
            if description.is_empty() {
                format!("- {name}")
            } else {
                format!("- {name}: {description}")
            }
        })
        .collect();
    let text = text_field(with, "text");
    let mut request = model_request(
        with,
        format!(
            "Choose the category that fits the text best. Categories:\n{}\nAnswer with JSON: {{\"category\": <name>, \"confidence\": <0 to 1>}}.\n\nText:\n{text}",
            listed.join("\n")
        ),
    );
    request.response_schema = Some(schema);
    request.source_text = Some(text.to_owned());
    let response = models.complete(step, request).await?;
    let answer: Value = serde_json::from_str(json_part(&response.text))
        .map_err(|e| StepFailure::fatal(format!("the model's answer is not JSON: {e}")))?;
    let category = answer
        .get("category")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !categories.iter().any(|(name, _)| name == category) {
        return Err(StepFailure::fatal(format!(
            "the model chose '{category}', which is not one of the categories"
        )));
    }
    let confidence = answer
        .get("confidence")
        .and_then(Value::as_f64)
        .unwrap_or(0.0)
        .clamp(0.0, 1.0);
    Ok(Produced::Output {
        output: json!({ "category": category, "confidence": confidence }),
        usage: Some(response.usage),
        model: Some(text_field(with, "model").to_owned()),
    })
}
