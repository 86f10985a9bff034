//! The JSON Schema of the workflow format, generated from the definition's shape and the
//! catalog's step kinds, so editors can check and complete definitions as they are typed.
//! Served at `/api/v1/workflow-schema` and kept in docs/workflow.schema.json.

use serde_json::{Value, json};

use super::catalog::Catalog;
use super::definition::{API_VERSION, KIND};

pub fn document(catalog: &Catalog) -> Value {
    let input_types = [
        "string", "number", "integer", "boolean", "enum", "date", "file", "object", "list",
    ];
    let by_kind: Vec<Value> = catalog
        .kinds()
        .iter()
        .map(|kind| {
            json!({
                "if": { "properties": { "uses": { "const": kind.name } }, "required": ["uses"] },
                "then": { "properties": { "with": kind.with_schema } },
            })
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://paddock.dev/schemas/workflow/v1.json",
        "title": "Paddock workflow",
        "description": "A workflow definition: typed inputs, a graph of steps, outputs. Strings that are exactly one {{ expression }} yield its typed value; other strings with {{ }} render to text.",
        "type": "object",
        "additionalProperties": false,
        "required": ["apiVersion", "kind", "name", "steps"],
        "properties": {
            "apiVersion": { "const": API_VERSION },
            "kind": { "const": KIND },
            "name": { "type": "string", "pattern": "^[a-z][a-z0-9-]*$", "maxLength": 63 },
            "description": { "type": "string", "maxLength": 2000 },
            "inputs": {
                "type": "object",
                "propertyNames": { "pattern": "^[a-z_][a-z0-9_]*$", "maxLength": 64 },
                "additionalProperties": { "$ref": "#/$defs/input" },
            },
            "steps": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/step" } },
            "outputs": {
                "type": "object",
                "propertyNames": { "pattern": "^[a-z_][a-z0-9_]*$" },
            },
        },
        "$defs": {
            "input": {
                "type": "object",
                "additionalProperties": false,
                "required": ["type"],
                "properties": {
                    "type": { "enum": input_types },
                    "required": { "type": "boolean" },
                    "default": {},
                    "description": { "type": "string", "maxLength": 2000 },
                    "label": {
                        "type": "string",
                        "pattern": "^(public|internal|confidential|restricted)(/[a-z][a-z0-9-]*(,\\s*[a-z][a-z0-9-]*)*)?$",
                        "description": "How sensitive the value is: a level, optionally with categories (confidential/pii)",
                    },
                    "values": { "type": "array", "items": { "type": "string" }, "minItems": 1, "uniqueItems": true },
                    "items": { "enum": input_types },
                },
            },
            "step": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "uses"],
                "properties": {
                    "id": { "type": "string", "pattern": "^[a-z_][a-z0-9_]*$", "maxLength": 64 },
                    "uses": { "enum": catalog.names().collect::<Vec<_>>() },
                    "with": { "type": "object" },
                    "needs": { "type": "array", "items": { "type": "string" }, "uniqueItems": true },
                    "retry": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["max_attempts"],
                        "properties": {
                            "max_attempts": { "type": "integer", "minimum": 1, "maximum": 10 },
                            "backoff": { "$ref": "#/$defs/duration" },
                        },
                    },
                    "timeout": { "$ref": "#/$defs/duration" },
                },
                "allOf": by_kind,
            },
            "duration": { "type": "string", "pattern": "^\\s*[0-9]+(ms|s|m|h|d)\\s*$" },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_valid_and_accepts_the_design_example() {
        let schema = document(&Catalog::builtin());
        jsonschema::meta::validate(&schema).unwrap();
        let example: Value = serde_norway::from_str(
            r#"
apiVersion: paddock/v1
kind: Workflow
name: ticket-triage
inputs:
  subject: { type: string, required: true }
  body: { type: string, label: internal }
steps:
  - id: urgency
    uses: template
    with: { value: "{{ 'high' if 'outage' in inputs.body else 'normal' }}" }
  - id: route
    uses: branch
    with:
      cases: [{ when: "{{ steps.urgency.output == 'high' }}", then: [urgency] }]
outputs:
  result: "{{ steps.urgency.output }}"
"#,
        )
        .unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&example)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let mut wrong = example.clone();
        wrong["steps"][0]["with"] = json!({ "valeu": 1 });
        assert!(!validator.is_valid(&wrong), "with is checked per kind");
    }
}
