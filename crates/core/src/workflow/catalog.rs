//! The step kinds a workflow may use: for each, a JSON Schema of its `with` (so the builder can
//! render a form and validation can check it) and a description of its output (so references
//! into it can be offered and checked). The engine runs each kind by the same name; later
//! kinds (connectors, retrieval, OCR, documents) are registered here the same way.

use crate::pii;
use serde::Serialize;
use serde_json::{Value, json};

/// How a kind shapes the graph besides its references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// An ordinary step.
    Plain,
    /// Chooses which of the steps it names in `with.cases[].then` and `with.default` run;
    /// those not chosen are skipped.
    Branch,
    /// Runs the steps in `with.steps` once per item of `with.items`.
    Map,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepKind {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Whether it calls a model (and so names one in `with.model`).
    pub uses_model: bool,
    pub structure: Structure,
    /// JSON Schema of `with`.
    pub with_schema: Value,
    /// JSON Schema of `steps.<id>.output`.
    pub output_schema: Value,
}

/// The registered step kinds, in the order the builder's palette shows them.
pub struct Catalog {
    kinds: Vec<StepKind>,
}

/// A string that is exactly one `{{ expression }}`, accepted wherever a value may be computed.
fn expression() -> Value {
    json!({ "type": "string", "pattern": "^\\s*\\{\\{[\\s\\S]*\\}\\}\\s*$" })
}

fn step_ids() -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "minItems": 1, "uniqueItems": true })
}

fn model() -> Value {
    json!({ "type": "string", "minLength": 1, "description": "A model from the registry, e.g. builtin" })
}

impl Catalog {
    /// The kinds built into this release.
    pub fn builtin() -> Self {
        let kinds = vec![
            StepKind {
                name: "llm",
                title: "Ask a model",
                description: "Sends a prompt to a model and returns its answer as text.",
                uses_model: true,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["model", "prompt"],
                    "properties": {
                        "model": model(),
                        "prompt": { "type": "string", "minLength": 1 },
                        "system": { "type": "string" },
                        "temperature": { "type": "number", "minimum": 0, "maximum": 2 },
                        "max_tokens": { "type": "integer", "minimum": 1, "maximum": 200000 },
                    },
                }),
                output_schema: json!({ "type": "string" }),
            },
            StepKind {
                name: "llm.extract",
                title: "Extract fields",
                description: "Reads text and returns the fields described by a JSON Schema; asks the model again when its answer does not match.",
                uses_model: true,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["model", "text", "schema"],
                    "properties": {
                        "model": model(),
                        "text": { "type": "string" },
                        "schema": { "type": "object", "description": "JSON Schema of the fields to extract" },
                        "instructions": { "type": "string" },
                        "max_attempts": { "type": "integer", "minimum": 1, "maximum": 5, "default": 3 },
                    },
                }),
                output_schema: json!({ "type": "object", "description": "The fields, matching with.schema" }),
            },
            StepKind {
                name: "llm.classify",
                title: "Classify",
                description: "Chooses the category that fits the text best, with a confidence between 0 and 1.",
                uses_model: true,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["model", "text", "categories"],
                    "properties": {
                        "model": model(),
                        "text": { "type": "string" },
                        "categories": {
                            "type": "array",
                            "minItems": 2,
                            "items": {
                                "anyOf": [
                                    { "type": "string", "minLength": 1 },
                                    {
                                        "type": "object",
                                        "additionalProperties": false,
                                        "required": ["name"],
                                        "properties": {
                                            "name": { "type": "string", "minLength": 1 },
                                            "description": { "type": "string" },
                                        },
                                    },
                                ],
                            },
                        },
                    },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": {
                        "category": { "type": "string" },
                        "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                    },
                }),
            },
            StepKind {
                name: "template",
                title: "Compute a value",
                description: "Builds a value — text, a number, a list or an object — from inputs and earlier steps.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["value"],
                    "properties": { "value": {} },
                }),
                output_schema: json!({ "description": "with.value, computed" }),
            },
            StepKind {
                name: "branch",
                title: "Branch",
                description: "Runs the steps of the first case whose condition holds (or the default ones); the steps of the other cases are skipped.",
                uses_model: false,
                structure: Structure::Branch,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["cases"],
                    "properties": {
                        "cases": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["when", "then"],
                                "properties": {
                                    "when": { "type": "string", "minLength": 1 },
                                    "then": step_ids(),
                                },
                            },
                        },
                        "default": step_ids(),
                    },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": { "chosen": { "type": "array", "items": { "type": "string" } } },
                }),
            },
            StepKind {
                name: "map",
                title: "For each item",
                description: "Runs its steps once for every item of a list, several at a time, and collects the last step's results in order. Inside, `item` is the item and `index` its position.",
                uses_model: false,
                structure: Structure::Map,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["items", "steps"],
                    "properties": {
                        "items": { "anyOf": [expression(), { "type": "array" }] },
                        "steps": { "type": "array", "minItems": 1, "items": { "type": "object" } },
                        "concurrency": { "type": "integer", "minimum": 1, "maximum": 64, "default": 4 },
                    },
                }),
                output_schema: json!({ "type": "array", "description": "The last step's output for each item" }),
            },
            StepKind {
                name: "approval",
                title: "Ask for approval",
                description: "Pauses the run until one of the named people or groups approves or rejects it in their inbox, or the time runs out.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["title", "approvers"],
                    "properties": {
                        "title": { "type": "string", "minLength": 1 },
                        "instructions": { "type": "string" },
                        "approvers": {
                            "type": "object",
                            "additionalProperties": false,
                            "minProperties": 1,
                            "properties": {
                                "users": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                                "groups": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                            },
                        },
                        "timeout": { "type": "string", "description": "e.g. 72h; none waits for ever" },
                        "on_timeout": { "enum": ["approve", "reject"], "default": "reject" },
                    },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": {
                        "decision": { "enum": ["approved", "rejected"] },
                        "comment": { "type": "string" },
                        "decided_by": { "type": "string" },
                    },
                }),
            },
            StepKind {
                name: "redact",
                title: "Mask personal data",
                description: "Masks e-mail addresses, phone numbers, payment card numbers, IBANs and US social security numbers in a text (j***@example.com, **** **** **** 4242). It finds patterns, not every piece of personal data, so its output keeps the label of its text.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text"],
                    "properties": {
                        "text": { "type": "string" },
                        "kinds": {
                            "type": "array",
                            "description": "Which kinds to mask; every kind when omitted.",
                            "uniqueItems": true,
                            "items": { "enum": pii::Kind::ALL.map(pii::Kind::as_str) },
                        },
                    },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": {
                        "text": { "type": "string", "description": "The text, masked" },
                        "found": {
                            "type": "array",
                            "description": "The kind of each detection masked, in order",
                            "items": { "type": "string" },
                        },
                    },
                }),
            },
            StepKind {
                name: "connector",
                title: "Call a connection",
                description: "Calls an action of a connection IT set up (create a ticket, send an e-mail, look up a customer). The workflow names the connection by alias; each environment binds the alias to a real system, and its policy decides what data may go there.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["connection", "action"],
                    "properties": {
                        "connection": {
                            "type": "string",
                            "description": "The alias the workflow knows the connection by; written as is, so the policy check can follow it.",
                            "pattern": "^[a-z0-9][a-z0-9-]{0,62}$",
                        },
                        "action": {
                            "type": "string",
                            "description": "The action of the connection to call; written as is.",
                            "pattern": "^[a-z0-9][a-z0-9_.-]{0,62}$",
                        },
                        "input": {
                            "type": "object",
                            "description": "The action's inputs, as its JSON Schema describes them.",
                        },
                    },
                }),
                output_schema: json!({
                    "description": "What the action returns, as it describes it (an HTTP action: status and body)",
                }),
            },
            StepKind {
                name: "retrieve",
                title: "Search knowledge",
                description: "Finds the passages of a knowledge base that best answer a query, each with its citation (document, page). What it finds carries the knowledge base's label, and only workflows of workspaces the knowledge base is shared with may use it.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["knowledge_base", "query"],
                    "properties": {
                        "knowledge_base": {
                            "type": "string",
                            "description": "The knowledge base's slug; written as is, so the policy check can follow it.",
                            "pattern": "^[a-z0-9][a-z0-9-]{0,62}$",
                        },
                        "query": { "type": "string", "minLength": 1, "description": "What to look for" },
                        "limit": { "type": "integer", "minimum": 1, "maximum": 20, "default": 5 },
                    },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": {
                        "passages": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "text": { "type": "string" },
                                    "context": { "type": "string", "description": "The headings it falls under" },
                                    "document": { "type": "string", "description": "The document's name" },
                                    "document_id": { "type": "string" },
                                    "page": { "type": "integer" },
                                    "last_page": { "type": "integer" },
                                    "start": { "type": "integer" },
                                    "end": { "type": "integer" },
                                    "score": { "type": "number" },
                                },
                            },
                        },
                        "text": { "type": "string", "description": "The passages numbered with their citations, ready for a prompt" },
                        "knowledge_base": { "type": "string" },
                    },
                }),
            },
            StepKind {
                name: "extract_text",
                title: "Extract text",
                description: "Reads the text of a file the run was given — PDF, Word, text, Markdown, CSV, or an image or scanned page by OCR — page by page. The text carries the file input's label.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: read_file_with(),
                output_schema: read_file_output(),
            },
            StepKind {
                name: "ocr",
                title: "Read a scan (OCR)",
                description: "Reads the text of an image (PNG, JPEG, TIFF) or a PDF the run was given by optical character recognition; pages of a PDF that carry text are read as they are. The text carries the file input's label.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: read_file_with(),
                output_schema: read_file_output(),
            },
            StepKind {
                name: "document",
                title: "Write a document",
                description: "Writes a Word (DOCX), PDF or Markdown document from a Markdown template, kept with the run for whoever may see the run to download until it expires; with a file-store connection, puts it there too. The document carries the label of what its template reads.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["format", "content"],
                    "properties": {
                        "format": { "enum": ["docx", "pdf", "markdown"], "description": "Word, PDF or Markdown" },
                        "name": {
                            "type": "string",
                            "maxLength": 200,
                            "description": "The file's name, e.g. claim-{{ inputs.claim_id }}; the extension follows the format",
                        },
                        "content": {
                            "type": "string",
                            "minLength": 1,
                            "description": "The document in Markdown (headings, lists, tables, bold), with {{ expressions }} and {% for %} loops",
                        },
                        "connection": {
                            "type": "string",
                            "description": "A file-store connection to put the document in too; written as is, so the policy check can follow it.",
                            "pattern": "^[a-z0-9][a-z0-9-]{0,62}$",
                        },
                        "path": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 1024,
                            "description": "Where in the file store, e.g. decisions/{{ inputs.claim_id }}.pdf; the file's name at its root when none is given",
                        },
                    },
                    "dependentRequired": { "path": ["connection"] },
                }),
                output_schema: json!({
                    "type": "object",
                    "properties": {
                        "artifact": { "type": "string", "description": "The document's id in the run" },
                        "name": { "type": "string", "description": "The file's name" },
                        "media_type": { "type": "string" },
                        "size": { "type": "integer", "description": "Bytes" },
                        "sha256": { "type": "string" },
                        "download": { "type": "string", "description": "Where whoever may see the run downloads it" },
                        "expires_at": { "type": "string", "description": "When it is deleted" },
                        "written": {
                            "type": "object",
                            "description": "Where in the file store it was put, when it was",
                            "properties": { "connection": { "type": "string" }, "path": { "type": "string" } },
                        },
                    },
                }),
            },
            StepKind {
                name: "output",
                title: "Set outputs",
                description: "Adds named values to the run's outputs.",
                uses_model: false,
                structure: Structure::Plain,
                with_schema: json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["values"],
                    "properties": { "values": { "type": "object", "minProperties": 1 } },
                }),
                output_schema: json!({ "type": "object", "description": "with.values, computed" }),
            },
        ];
        Catalog { kinds }
    }

    pub fn get(&self, name: &str) -> Option<&StepKind> {
        self.kinds.iter().find(|kind| kind.name == name)
    }

    pub fn kinds(&self) -> &[StepKind] {
        &self.kinds
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.kinds.iter().map(|kind| kind.name)
    }
}

/// `with` of the steps that read a file of the run.
fn read_file_with() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["file"],
        "properties": {
            "file": {
                "type": "string",
                "minLength": 1,
                "description": "The file input to read, as an expression: {{ inputs.document }}",
            },
        },
    })
}

fn read_file_output() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "description": "The file's name" },
            "media_type": { "type": "string" },
            "text": { "type": "string", "description": "The whole text, pages separated by blank lines" },
            "pages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "page": { "type": "integer" },
                        "text": { "type": "string" },
                    },
                },
            },
            "ocr_pages": { "type": "integer", "description": "How many pages were read by OCR" },
            "truncated": { "type": "boolean", "description": "Whether the text was cut at its limit" },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_a_valid_json_schema() {
        for kind in Catalog::builtin().kinds() {
            jsonschema::meta::validate(&kind.with_schema)
                .unwrap_or_else(|e| panic!("{}: with: {e}", kind.name));
            jsonschema::meta::validate(&kind.output_schema)
                .unwrap_or_else(|e| panic!("{}: output: {e}", kind.name));
        }
    }

    #[test]
    fn names_are_unique() {
        let catalog = Catalog::builtin();
        let mut names: Vec<_> = catalog.names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), catalog.kinds().len());
    }
}
