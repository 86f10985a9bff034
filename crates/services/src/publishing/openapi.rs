//! Each app's own OpenAPI document, made from its inputs and outputs: what a developer needs
//! to call it, and nothing about the rest of Paddock.

use paddock_core::workflow::definition::{InputSpec, InputType};
use serde_json::{Map, Value, json};

use super::App;
use super::catalog::AppDetail;

fn input_schema(spec: &InputSpec) -> Value {
    let mut schema = match spec.kind {
        InputType::String => json!({ "type": "string" }),
        InputType::Number => json!({ "type": "number" }),
        InputType::Integer => json!({ "type": "integer" }),
        InputType::Boolean => json!({ "type": "boolean" }),
        InputType::Enum => {
            json!({ "type": "string", "enum": spec.values.clone().unwrap_or_default() })
        }
        InputType::Date => json!({ "type": "string", "format": "date" }),
        InputType::File => json!({
            "type": "string",
            "description": "The id of a file uploaded to this app (POST …/files), or, in a multipart request, the file itself under this input's name."
        }),
        InputType::Object => json!({ "type": "object" }),
        InputType::List => match spec.items {
            Some(items) => json!({ "type": "array", "items": input_schema(&InputSpec {
                kind: items, required: false, default: None, description: None, label: None,
                values: None, items: None, accept: None, max_size: None,
            }) }),
            None => json!({ "type": "array" }),
        },
    };
    if let Some(description) = &spec.description
        && spec.kind != InputType::File
    {
        schema["description"] = json!(description);
    }
    if let Some(default) = &spec.default {
        schema["default"] = default.clone();
    }
    schema
}

/// The app's OpenAPI 3.1 document; `detail` says which outputs it answers with.
pub fn document(app: &App, detail: &AppDetail) -> Value {
    let definition = &app.checked.workflow.definition;
    let base = format!("/api/v1/apps/{}/{}", app.workspace.slug, app.name);
    let properties: Map<String, Value> = definition
        .inputs
        .iter()
        .map(|(name, spec)| (name.clone(), input_schema(spec)))
        .collect();
    let required: Vec<&String> = definition
        .inputs
        .iter()
        .filter(|(_, spec)| spec.required && spec.default.is_none())
        .map(|(name, _)| name)
        .collect();
    let outputs: Map<String, Value> = detail
        .outputs
        .iter()
        .map(|name| (name.clone(), json!({})))
        .collect();
    let run = json!({
        "type": "object",
        "required": ["id", "status", "url"],
        "properties": {
            "id": { "type": "string" },
            "status": { "type": "string", "enum": ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] },
            "outputs": { "type": ["object", "null"], "properties": outputs },
            "error": { "type": ["string", "null"] },
            "steps_done": { "type": "integer" },
            "steps_total": { "type": "integer" },
            "waiting_for_approval": { "type": ["string", "null"] },
            "url": { "type": "string" },
            "created_at": { "type": "string", "format": "date-time" },
            "finished_at": { "type": ["string", "null"], "format": "date-time" },
        },
    });
    let error = json!({ "$ref": "#/components/schemas/Error" });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{} ({})", app.name, app.workspace.name),
            "version": app.version.number.to_string(),
            "description": app.description(),
        },
        "paths": {
            format!("{base}/runs"): {
                "post": {
                    "operationId": "start_run",
                    "summary": format!("Run {}", app.name),
                    "parameters": [
                        { "name": "wait", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 60 },
                          "description": "Seconds to wait for the run to end: 200 with its outputs if it does, else 202." },
                        { "name": "Idempotency-Key", "in": "header", "schema": { "type": "string", "maxLength": 255 },
                          "description": "Sent again with the same request, answers with the run the first one started." },
                    ],
                    "requestBody": { "required": true, "content": {
                        "application/json": { "schema": {
                            "type": "object", "required": ["inputs"], "additionalProperties": false,
                            "properties": {
                                "inputs": { "type": "object", "additionalProperties": false, "properties": properties, "required": required },
                                "callback_url": { "type": "string", "format": "uri",
                                    "description": "POSTed the run's outcome when it ends, signed in the Paddock-Signature header." },
                            },
                        } },
                    } },
                    "responses": {
                        "200": { "description": "The run ended within `wait`.", "content": { "application/json": { "schema": run.clone() } } },
                        "202": { "description": "The run is queued or running; follow its `url`.", "content": { "application/json": { "schema": run.clone() } } },
                        "403": { "description": "`not_in_audience` or `forbidden`.", "content": { "application/json": { "schema": error.clone() } } },
                        "409": { "description": "`frozen` or `idempotency_conflict`.", "content": { "application/json": { "schema": error.clone() } } },
                        "422": { "description": "`invalid_input`: inputs that do not fit, by name.", "content": { "application/json": { "schema": error.clone() } } },
                        "429": { "description": "`rate_limited` or `quota_exceeded`.", "content": { "application/json": { "schema": error.clone() } } },
                    },
                },
            },
            format!("{base}/runs/{{id}}"): {
                "get": {
                    "operationId": "get_run",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": {
                        "200": { "description": "The run.", "content": { "application/json": { "schema": run } } },
                        "404": { "description": "`not_found`.", "content": { "application/json": { "schema": error } } },
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": { "error": { "type": "object", "properties": {
                        "code": { "type": "string" }, "message": { "type": "string" }, "details": {},
                    } } },
                },
            },
            "securitySchemes": { "api_key": { "type": "http", "scheme": "bearer" } },
        },
        "security": [{ "api_key": [] }],
    })
}
