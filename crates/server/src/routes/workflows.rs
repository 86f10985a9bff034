//! Workflow definitions: the format's JSON Schema, the step kinds, and checking a definition.

use axum::Json;
use paddock_core::workflow::Problem;
use paddock_core::workflow::catalog::StepKind;
use paddock_services::templates::{self, WorkflowTemplate};
use paddock_services::workflows;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated};

/// The JSON Schema of the workflow format (also in docs/workflow.schema.json).
#[utoipa::path(
    get,
    path = "/api/v1/workflow-schema",
    operation_id = "workflow_schema",
    tag = "workflows",
    responses((status = 200, description = "A JSON Schema (draft 2020-12)", body = Object))
)]
pub async fn schema() -> Json<Value> {
    Json(paddock_core::workflow::schema::document(
        workflows::catalog(),
    ))
}

/// A step kind a workflow can use.
#[derive(Serialize, ToSchema)]
pub struct StepKindView {
    #[schema(example = "llm.classify")]
    name: &'static str,
    title: &'static str,
    description: &'static str,
    /// Whether it calls a model, named in `with.model`.
    uses_model: bool,
    /// `plain`, `branch` (chooses which steps run) or `map` (runs its steps per item).
    structure: String,
    /// JSON Schema of the step's `with`.
    #[schema(value_type = Object)]
    with_schema: Value,
    /// JSON Schema of the step's output (`steps.<id>.output`).
    #[schema(value_type = Object)]
    output_schema: Value,
}

impl From<&StepKind> for StepKindView {
    fn from(kind: &StepKind) -> Self {
        StepKindView {
            name: kind.name,
            title: kind.title,
            description: kind.description,
            uses_model: kind.uses_model,
            structure: serde_json::to_value(kind.structure)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            with_schema: kind.with_schema.clone(),
            output_schema: kind.output_schema.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StepKindList {
    step_kinds: Vec<StepKindView>,
}

/// The step kinds, with the schemas a builder's forms are rendered from.
#[utoipa::path(
    get,
    path = "/api/v1/step-kinds",
    operation_id = "list_step_kinds",
    tag = "workflows",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = StepKindList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn step_kinds(_: Authenticated) -> Json<StepKindList> {
    Json(StepKindList {
        step_kinds: workflows::catalog()
            .kinds()
            .iter()
            .map(StepKindView::from)
            .collect(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct TemplateList {
    templates: Vec<WorkflowTemplate>,
}

/// Complete workflows to start from, each with sample inputs it runs with in the demo.
#[utoipa::path(
    get,
    path = "/api/v1/workflow-templates",
    operation_id = "list_workflow_templates",
    tag = "workflows",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = TemplateList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn templates(_: Authenticated) -> Json<TemplateList> {
    Json(TemplateList {
        templates: templates::all().to_vec(),
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// The definition as written, YAML or JSON.
    definition: String,
}

/// One problem, at its path in the definition.
#[derive(Serialize, ToSchema)]
pub struct ProblemView {
    #[schema(example = "steps[3].with.prompt")]
    path: String,
    #[schema(example = "unknown reference steps.sumary — did you mean steps.summary?")]
    message: String,
}

impl From<Problem> for ProblemView {
    fn from(problem: Problem) -> Self {
        ProblemView {
            path: problem.path,
            message: problem.message,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ValidationReport {
    valid: bool,
    /// The workflow's name, when valid.
    name: Option<String>,
    /// Steps in the order they can run (maps' own steps not counted), when valid.
    steps: Vec<String>,
    /// The inputs the workflow takes, as declared (type, required, default, description,
    /// label, values, items), in order, when valid: what a form for a run is built from.
    #[schema(value_type = Object)]
    inputs: Value,
    /// Every problem found; empty when valid.
    problems: Vec<ProblemView>,
}

/// Checks a definition completely — shape, step kinds, `with`, references, cycles, inputs —
/// without storing or running anything. A definition with problems is a 200 listing them.
#[utoipa::path(
    post,
    path = "/api/v1/workflows/validate",
    operation_id = "validate_workflow",
    tag = "workflows",
    request_body = ValidateRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ValidationReport),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 413, body = ErrorBody, description = "`payload_too_large`"),
    )
)]
pub async fn validate(
    _: Authenticated,
    ApiJson(request): ApiJson<ValidateRequest>,
) -> Result<Json<ValidationReport>, ApiError> {
    let report = match workflows::check(&request.definition) {
        Ok(workflow) => ValidationReport {
            valid: true,
            inputs: serde_json::to_value(&workflow.definition.inputs).unwrap_or(Value::Null),
            name: Some(workflow.definition.name),
            steps: workflow
                .graph
                .nodes
                .into_iter()
                .map(|node| node.id)
                .collect(),
            problems: Vec::new(),
        },
        Err(problems) => ValidationReport {
            valid: false,
            inputs: Value::Null,
            name: None,
            steps: Vec::new(),
            problems: problems.0.into_iter().map(ProblemView::from).collect(),
        },
    };
    Ok(Json(report))
}
