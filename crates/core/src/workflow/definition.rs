//! The workflow format as written (YAML or JSON, one model): what a builder types, before any
//! check beyond its shape. [`super::validate`] turns it into a [`super::Workflow`].

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The only `apiVersion` this release reads.
pub const API_VERSION: &str = "paddock/v1";
/// The only `kind` of document this release reads.
pub const KIND: &str = "Workflow";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub inputs: IndexMap<String, InputSpec>,
    pub steps: Vec<StepSpec>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub outputs: IndexMap<String, Value>,
}

/// The type of a workflow input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputType {
    String,
    Number,
    Integer,
    Boolean,
    /// One of `values`.
    Enum,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An uploaded file, referred to by its id.
    File,
    Object,
    /// A list whose items are of type `items` (any JSON value when omitted).
    List,
}

impl InputType {
    pub fn as_str(self) -> &'static str {
        match self {
            InputType::String => "string",
            InputType::Number => "number",
            InputType::Integer => "integer",
            InputType::Boolean => "boolean",
            InputType::Enum => "enum",
            InputType::Date => "date",
            InputType::File => "file",
            InputType::Object => "object",
            InputType::List => "list",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    #[serde(rename = "type")]
    pub kind: InputType,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// What a person filling the form sees under the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How sensitive the value is (`internal`, `confidential/pii`, …); `internal` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The choices of an `enum` input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The type of a `list` input's items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<InputType>,
    /// The kinds of file a `file` input accepts: media types (`application/pdf`), families
    /// (`image/*`) or extensions (`.pdf`); any kind when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<Vec<String>>,
    /// The largest file a `file` input accepts, like `5MB`; 10MB when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_size: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub id: String,
    pub uses: String,
    #[serde(default, rename = "with", skip_serializing_if = "Value::is_null")]
    pub with: Value,
    /// Steps that must finish first, besides those this step's expressions refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<RetrySpec>,
    /// How long one attempt may take, e.g. `30s`, `5m`, `72h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetrySpec {
    /// Attempts in all, the first included (1 to 10).
    pub max_attempts: u32,
    /// The wait before the second attempt, doubled after each (with jitter); `1s` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<String>,
}
