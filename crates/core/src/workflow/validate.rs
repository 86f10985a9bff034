//! Validation: turns a [`Definition`] into a [`Workflow`] whose every step kind, `with`,
//! reference, dependency and input is known to be sound — or names every problem at its path.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::catalog::{Catalog, Structure};
use super::definition::{API_VERSION, Definition, InputSpec, InputType, KIND, StepSpec};
use super::expression::{ExpressionError, Expressions, FUNCTIONS, Text, classify};
use super::graph::{Graph, Node, Read};
use super::inputs::{sample, type_problem};
use super::problems::{Problems, Report, did_you_mean};
use super::{duration, references};
use crate::label::Label;
use crate::upload;
use crate::values::Slug;

/// The most steps a workflow may have, map bodies included.
pub const MAX_STEPS: usize = 500;
const MAX_DESCRIPTION_CHARS: usize = 2_000;
const MAX_RETRY_ATTEMPTS: u32 = 10;

/// A definition that passed validation, with its step graph.
#[derive(Debug, Clone)]
pub struct Workflow {
    pub definition: Definition,
    pub graph: Graph,
    /// What the workflow's own outputs read (output steps read what their node says).
    pub outputs: BTreeSet<Read>,
}

/// Whether `name` can be written after a dot in an expression (`inputs.name`, `steps.name`).
pub(crate) fn is_identifier(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub fn validate(
    definition: Definition,
    catalog: &Catalog,
    expressions: &Expressions,
) -> Result<Workflow, Problems> {
    let mut report = Report::default();
    check_header(&definition, &mut report);
    check_inputs(&definition.inputs, &mut report);

    let ids = references::collect_ids(&definition.steps, &mut report);
    if ids.len() > MAX_STEPS {
        report.add(
            "steps",
            format!("at most {MAX_STEPS} steps, maps' steps included"),
        );
    }
    if definition.steps.is_empty() {
        report.add("steps", "a workflow needs at least one step");
    }
    let checker = Checker {
        catalog,
        expressions,
        inputs: &definition.inputs,
        ids: &ids,
        sample: sample_context(&definition.inputs, &ids),
    };
    let graph = checker.check_steps(&definition.steps, "steps", None, &mut report);
    let outputs = checker.check_outputs(&definition, &mut report);
    let graph = report.finish(graph)?;
    Ok(Workflow {
        definition,
        graph,
        outputs,
    })
}

fn check_header(definition: &Definition, report: &mut Report) {
    if definition.api_version != API_VERSION {
        report.add(
            "apiVersion",
            format!(
                "'{}' is not supported; use {API_VERSION}",
                definition.api_version
            ),
        );
    }
    if definition.kind != KIND {
        report.add(
            "kind",
            format!("'{}' is not supported; use {KIND}", definition.kind),
        );
    }
    if let Err(e) = Slug::parse(&definition.name) {
        report.add("name", e.to_string());
    }
    if definition
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS)
    {
        report.add(
            "description",
            format!("at most {MAX_DESCRIPTION_CHARS} characters"),
        );
    }
}

fn check_inputs(inputs: &IndexMap<String, InputSpec>, report: &mut Report) {
    for (name, spec) in inputs {
        let path = format!("inputs.{name}");
        if !is_identifier(name) {
            report.add(
                &path,
                "an input's name uses lower-case letters, digits and _ (starting with a letter), at most 64",
            );
        }
        match (spec.kind, &spec.values) {
            (InputType::Enum, None) => report.add(
                format!("{path}.values"),
                "an enum input lists its choices in values",
            ),
            (InputType::Enum, Some(values)) => {
                let unique: BTreeSet<&String> = values.iter().collect();
                if values.is_empty() || unique.len() != values.len() {
                    report.add(
                        format!("{path}.values"),
                        "list at least one choice, each once",
                    );
                }
            }
            (_, Some(_)) => report.add(format!("{path}.values"), "only an enum input has values"),
            (_, None) => {}
        }
        if spec.items.is_some() && spec.kind != InputType::List {
            report.add(format!("{path}.items"), "only a list input has items");
        }
        if matches!(spec.items, Some(InputType::List | InputType::Enum)) {
            report.add(
                format!("{path}.items"),
                "a list's items are text, numbers, whole numbers, true/false, dates, files or objects",
            );
        }
        if let Some(label) = &spec.label
            && let Err(e) = Label::parse(label)
        {
            report.add(format!("{path}.label"), e.to_string());
        }
        check_file_limits(spec, &path, report);
        if let Some(default) = &spec.default
            && let Some(problem) = type_problem(spec, default)
        {
            report.add(format!("{path}.default"), problem);
        }
        if spec
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS)
        {
            report.add(
                format!("{path}.description"),
                format!("at most {MAX_DESCRIPTION_CHARS} characters"),
            );
        }
    }
}

/// The accepted kinds and the size limit of a file input: only file inputs have them, and
/// each is one the upload check understands.
fn check_file_limits(spec: &InputSpec, path: &str, report: &mut Report) {
    let is_file = spec.kind == InputType::File;
    if let Some(accept) = &spec.accept {
        if !is_file {
            report.add(format!("{path}.accept"), "only a file input has accept");
        } else if accept.is_empty() {
            report.add(
                format!("{path}.accept"),
                "list at least one kind of file, or leave accept out",
            );
        }
        for (index, entry) in accept.iter().enumerate().filter(|_| is_file) {
            if !upload::valid_accept_entry(entry) {
                report.add(
                    format!("{path}.accept[{index}]"),
                    format!("'{entry}' is neither a media type (application/pdf, image/*) nor a known extension (.pdf)"),
                );
            }
        }
    }
    if let Some(size) = &spec.max_size {
        if !is_file {
            report.add(format!("{path}.max_size"), "only a file input has max_size");
        } else if let Err(e) = upload::parse_size(size) {
            report.add(format!("{path}.max_size"), e.to_string());
        }
    }
}

/// A map's steps, when each has the shape of a step (each that has not is reported).
fn parse_body(step: &StepSpec, path: &str, report: &mut Report) -> Option<Vec<StepSpec>> {
    let raw = step.with.get("steps").and_then(Value::as_array)?;
    let mut body = Vec::with_capacity(raw.len());
    for (index, item) in raw.iter().enumerate() {
        match serde_json::from_value::<StepSpec>(item.clone()) {
            Ok(parsed) => body.push(parsed),
            Err(e) => report.add(format!("{path}.with.steps[{index}]"), e.to_string()),
        }
    }
    (body.len() == raw.len()).then_some(body)
}

/// Values for trying every expression out once before anything runs: catches templates that
/// would never finish.
fn sample_context(inputs: &IndexMap<String, InputSpec>, ids: &references::Ids) -> Value {
    let inputs: Map<String, Value> = inputs
        .iter()
        .map(|(name, spec)| (name.clone(), sample(spec)))
        .collect();
    let steps: Map<String, Value> = ids
        .names()
        .map(|id| (id.to_owned(), json!({ "output": null })))
        .collect();
    json!({ "inputs": inputs, "steps": steps, "item": null, "index": 0 })
}

struct Checker<'a> {
    catalog: &'a Catalog,
    expressions: &'a Expressions,
    inputs: &'a IndexMap<String, InputSpec>,
    ids: &'a references::Ids,
    sample: Value,
}

impl Checker<'_> {
    /// Checks one list of steps — the workflow's, or a map's (`map` names it) — and orders it.
    fn check_steps(
        &self,
        steps: &[StepSpec],
        prefix: &str,
        map: Option<&str>,
        report: &mut Report,
    ) -> Graph {
        let mut nodes = Vec::new();
        let mut gates: BTreeMap<String, String> = BTreeMap::new();
        for (index, step) in steps.iter().enumerate() {
            let path = format!("{prefix}[{index}]");
            nodes.push(self.check_step(step, &path, map, &mut gates, report));
        }
        for node in &mut nodes {
            if let Some(branch) = gates.get(&node.id) {
                node.gated_by = Some(branch.clone());
                node.after.insert(branch.clone());
            }
        }
        Graph::order(nodes, report)
    }

    fn check_step(
        &self,
        step: &StepSpec,
        path: &str,
        map: Option<&str>,
        gates: &mut BTreeMap<String, String>,
        report: &mut Report,
    ) -> Node {
        let mut node = Node::new(step, path);
        let Some(kind) = self.catalog.get(&step.uses) else {
            let hint = did_you_mean(&step.uses, self.catalog.names())
                .map(|name| format!(" — did you mean {name}?"))
                .unwrap_or_default();
            report.add(
                format!("{path}.uses"),
                format!("unknown step kind '{}'{hint}", step.uses),
            );
            return node;
        };
        self.check_with_schema(&kind.with_schema, &step.with, path, report);
        node.timeout = step.timeout.as_deref().and_then(|text| {
            duration::parse(text)
                .map_err(|e| report.add(format!("{path}.timeout"), e))
                .ok()
        });
        if let Some(retry) = &step.retry {
            if !(1..=MAX_RETRY_ATTEMPTS).contains(&retry.max_attempts) {
                report.add(
                    format!("{path}.retry.max_attempts"),
                    format!("use 1 to {MAX_RETRY_ATTEMPTS} attempts"),
                );
            }
            node.backoff = match retry.backoff.as_deref() {
                None => Some(Duration::from_secs(1)),
                Some(text) => duration::parse(text)
                    .map_err(|e| report.add(format!("{path}.retry.backoff"), e))
                    .ok(),
            };
        }
        for (position, needed) in step.needs.iter().enumerate() {
            let at = format!("{path}.needs[{position}]");
            if self.visible_step(needed, &step.id, map, &at, report) {
                node.after.insert(needed.clone());
            }
        }
        if kind.uses_model {
            self.check_model(&step.with, path, report);
        }
        if step.uses == "approval"
            && let Some(text) = step.with.get("timeout").and_then(Value::as_str)
            && !text.contains("{{")
            && let Err(e) = duration::parse(text)
        {
            report.add(format!("{path}.with.timeout"), e);
        }
        if step.uses == "llm.extract"
            && let Some(schema) = step.with.get("schema")
            && let Err(e) = jsonschema::meta::validate(schema)
        {
            report.add(
                format!("{path}.with.schema"),
                format!("not a valid JSON Schema: {e}"),
            );
        }
        let skipped: &[&str] = match kind.structure {
            Structure::Plain => &[],
            Structure::Branch => {
                self.check_branch(step, path, map, gates, report);
                &[]
            }
            Structure::Map => {
                if let Some(body) = parse_body(step, path, report) {
                    let inner = self.check_steps(
                        &body,
                        &format!("{path}.with.steps"),
                        Some(&step.id),
                        report,
                    );
                    for id in inner.outer_dependencies() {
                        if self.ids.is_local(&id, map) {
                            node.after.insert(id);
                        } else {
                            node.outer.insert(id);
                        }
                    }
                    node.body = Some(inner);
                }
                &["steps"]
            }
        };
        self.check_strings(
            &step.with,
            &format!("{path}.with"),
            skipped,
            step,
            map,
            &mut node,
            report,
        );
        node
    }

    fn check_with_schema(&self, schema: &Value, with: &Value, path: &str, report: &mut Report) {
        let with = if with.is_null() {
            &Value::Object(Map::new())
        } else {
            with
        };
        let Ok(validator) = jsonschema::validator_for(schema) else {
            return; // the catalog's own tests keep its schemas valid
        };
        for error in validator.iter_errors(with) {
            let at = references::pointer_to_path(error.instance_path().as_str());
            report.add(format!("{path}.with{at}"), error.to_string());
        }
    }

    fn check_model(&self, with: &Value, path: &str, report: &mut Report) {
        if let Some(model) = with.get("model").and_then(Value::as_str)
            && classify(model) != Text::Literal
        {
            report.add(
                format!("{path}.with.model"),
                "name the model itself (e.g. builtin); it cannot be computed, so IT can check which model sees which data",
            );
        }
    }

    fn check_branch(
        &self,
        step: &StepSpec,
        path: &str,
        map: Option<&str>,
        gates: &mut BTreeMap<String, String>,
        report: &mut Report,
    ) {
        let cases = step.with.get("cases").and_then(Value::as_array);
        let mut targets: Vec<(String, &Value)> = Vec::new();
        for (index, case) in cases.into_iter().flatten().enumerate() {
            if let Some(then) = case.get("then").and_then(Value::as_array) {
                targets.extend(
                    then.iter()
                        .enumerate()
                        .map(|(i, id)| (format!("{path}.with.cases[{index}].then[{i}]"), id)),
                );
            }
        }
        if let Some(default) = step.with.get("default").and_then(Value::as_array) {
            targets.extend(
                default
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (format!("{path}.with.default[{i}]"), id)),
            );
        }
        for (at, target) in targets {
            let Some(target) = target.as_str() else {
                continue; // the schema reported it
            };
            if !self.ids.is_local(target, map) {
                self.visible_step(target, &step.id, map, &at, report);
                if self.ids.contains(target) {
                    report.add(&at, format!("a branch chooses among the steps of its own list; '{target}' is not one"));
                }
                continue;
            }
            if target == step.id {
                report.add(&at, "a branch cannot choose itself");
                continue;
            }
            match gates.get(target) {
                Some(other) if other != &step.id => report.add(
                    &at,
                    format!("'{target}' is already chosen by the branch '{other}'; a step can belong to one branch"),
                ),
                _ => {
                    gates.insert(target.to_owned(), step.id.clone());
                }
            }
        }
    }

    /// Checks every string under `value`: its syntax, what it refers to, and that it finishes.
    #[allow(clippy::too_many_arguments)]
    fn check_strings(
        &self,
        value: &Value,
        path: &str,
        skipped: &[&str],
        step: &StepSpec,
        map: Option<&str>,
        node: &mut Node,
        report: &mut Report,
    ) {
        match value {
            Value::String(text) => {
                self.check_text(text, path, Some(step), map, node, report);
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.check_strings(
                        item,
                        &format!("{path}[{index}]"),
                        &[],
                        step,
                        map,
                        node,
                        report,
                    );
                }
            }
            Value::Object(fields) => {
                for (key, field) in fields
                    .iter()
                    .filter(|(key, _)| !skipped.contains(&key.as_str()))
                {
                    // A branch's `then`/`default` hold step ids, an extraction's `schema` holds
                    // a JSON Schema: neither is an expression.
                    let literal = (step.uses == "branch" && (key == "then" || key == "default"))
                        || (step.uses == "llm.extract"
                            && key == "schema"
                            && path.ends_with(".with"));
                    if !literal {
                        self.check_strings(
                            field,
                            &format!("{path}.{key}"),
                            &[],
                            step,
                            map,
                            node,
                            report,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn check_text(
        &self,
        text: &str,
        path: &str,
        step: Option<&StepSpec>,
        map: Option<&str>,
        node: &mut Node,
        report: &mut Report,
    ) {
        let found = match self.expressions.references(text) {
            Ok(found) => found,
            Err(e) => {
                report.add(path, e.to_string());
                return;
            }
        };
        let own_id = step.map_or("", |s| s.id.as_str());
        for reference in &found {
            let mut segments = reference.split('.');
            let root = segments.next().unwrap_or_default();
            let second = segments.next();
            match root {
                "inputs" => match second {
                    Some(name) if !self.inputs.contains_key(name) => {
                        let hint = did_you_mean(name, self.inputs.keys().map(String::as_str))
                            .map(|close| format!(" — did you mean inputs.{close}?"))
                            .unwrap_or_default();
                        report.add(path, format!("unknown reference inputs.{name}{hint}"));
                    }
                    Some(name) => {
                        node.reads.insert(Read::Input(name.to_owned()));
                    }
                    None => {
                        node.reads.insert(Read::AllInputs);
                    }
                },
                "steps" => {
                    let Some(id) = second else {
                        report.add(path, "name the step: steps.<id>.output");
                        continue;
                    };
                    if !self.visible_step(id, own_id, map, path, report) {
                        continue;
                    }
                    if let Some(field) = segments.next()
                        && field != "output"
                    {
                        report.add(
                            path,
                            format!("steps.{id}.{field} does not exist; a step's result is steps.{id}.output"),
                        );
                        continue;
                    }
                    node.reads.insert(Read::Step(id.to_owned()));
                    if self.ids.is_local(id, map) {
                        node.after.insert(id.to_owned());
                    } else {
                        node.outer.insert(id.to_owned());
                    }
                }
                "item" if map.is_some() => {
                    node.reads.insert(Read::Item);
                }
                "index" if map.is_some() => {}
                "item" | "index" => report.add(
                    path,
                    format!("'{root}' exists only inside the steps of a map"),
                ),
                name if FUNCTIONS.contains(&name) => {}
                name => report.add(
                    path,
                    format!(
                        "unknown name '{name}': expressions can use inputs, steps, item and index (inside a map), and the functions {}",
                        FUNCTIONS.join(", ")
                    ),
                ),
            }
        }
        // Other failures depend on real values (a none where text is expected), not on the
        // template: only runaway work and size are certain from sample values.
        if let Err(e @ (ExpressionError::TooMuchWork | ExpressionError::TooLarge)) = self
            .expressions
            .evaluate(&Value::String(text.to_owned()), &self.sample)
        {
            report.add(path, e.to_string());
        }
    }

    /// Whether step `id` can be referred to from a step (`own_id`) in `map`; says why not.
    fn visible_step(
        &self,
        id: &str,
        own_id: &str,
        map: Option<&str>,
        path: &str,
        report: &mut Report,
    ) -> bool {
        if id == own_id {
            report.add(
                path,
                format!("steps.{id} is this step itself; a step cannot use its own result"),
            );
            return false;
        }
        if !self.ids.contains(id) {
            let hint = did_you_mean(id, self.ids.names())
                .map(|close| format!(" — did you mean steps.{close}?"))
                .unwrap_or_default();
            report.add(path, format!("unknown reference steps.{id}{hint}"));
            return false;
        }
        if !self.ids.in_scope(map).contains(id) {
            let owner = self.ids.map_of(id).unwrap_or_default();
            report.add(
                path,
                format!("steps.{id} runs inside the map '{owner}', once per item; use steps.{owner}.output for all its results"),
            );
            return false;
        }
        true
    }

    /// Checks the workflow's outputs; returns what they read.
    fn check_outputs(&self, definition: &Definition, report: &mut Report) -> BTreeSet<Read> {
        let mut top = Node::detached();
        for (name, value) in &definition.outputs {
            let path = format!("outputs.{name}");
            if !is_identifier(name) {
                report.add(&path, "an output's name uses lower-case letters, digits and _ (starting with a letter)");
            }
            self.check_value(value, &path, &mut top, report);
        }
        for (index, step) in definition.steps.iter().enumerate() {
            if step.uses != "output" {
                continue;
            }
            let names = step.with.get("values").and_then(Value::as_object);
            for name in names.into_iter().flat_map(|values| values.keys()) {
                if definition.outputs.contains_key(name) {
                    report.add(
                        format!("steps[{index}].with.values.{name}"),
                        format!("the output '{name}' is already set in outputs"),
                    );
                }
            }
        }
        top.reads
    }

    fn check_value(&self, value: &Value, path: &str, node: &mut Node, report: &mut Report) {
        match value {
            Value::String(text) => self.check_text(text, path, None, None, node, report),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.check_value(item, &format!("{path}[{index}]"), node, report);
                }
            }
            Value::Object(fields) => {
                for (key, field) in fields {
                    self.check_value(field, &format!("{path}.{key}"), node, report);
                }
            }
            _ => {}
        }
    }
}
