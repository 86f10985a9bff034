//! Runs a validated workflow: each step once its dependencies are settled, independent steps
//! at the same time, each result recorded in the journal before any dependant starts. A run
//! resumed after a crash or a pause skips every step whose result is recorded.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_util::stream::{self, FuturesUnordered, StreamExt};
use paddock_core::time::Timestamp;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::{Graph, Node, Workflow};
use rand::Rng;
use serde_json::{Map, Value, json};

use crate::connectors::Connectors;
use crate::files::Files;
use crate::journal::{Journal, JournalError, StepRecord, StepStatus};
use crate::kinds::{self, Produced, StepFailure};
use crate::knowledge::Knowledge;
use crate::models::Models;

/// How a run ended (for now: it may be resumed when waiting).
#[derive(Debug, Clone, PartialEq)]
pub enum RunOutcome {
    Succeeded {
        outputs: Map<String, Value>,
    },
    Failed {
        step: String,
        error: String,
    },
    /// Paused at these steps (approvals) until someone decides.
    Waiting {
        steps: Vec<String>,
    },
    Cancelled,
}

/// What a run needs besides its workflow and inputs.
pub struct Runtime<'a, J, M> {
    pub journal: &'a J,
    pub models: &'a M,
    pub connectors: &'a dyn Connectors,
    pub knowledge: &'a dyn Knowledge,
    pub files: &'a dyn Files,
    pub expressions: &'a Expressions,
}

/// How one list of steps ended.
enum Ended {
    Done(BTreeMap<String, StepRecord>),
    Failed { step: String, error: String },
    Waiting(Vec<String>),
    Cancelled,
}

/// Where a list of steps runs: the keys its results are recorded under, and what its
/// expressions see besides its own steps.
#[derive(Clone)]
struct Scope {
    /// `""` for the workflow's own steps, `review[2].` for a map's steps on its third item.
    prefix: String,
    inputs: Value,
    /// Outputs of steps of enclosing lists, by id.
    outer: Map<String, Value>,
    /// `item` and `index` inside a map.
    item: Option<(Value, usize)>,
}

impl Scope {
    fn context(&self, local: &BTreeMap<String, StepRecord>) -> Value {
        let mut steps = self.outer.clone();
        for (id, record) in local {
            steps.insert(id.clone(), json!({ "output": record.output }));
        }
        let mut context = json!({ "inputs": self.inputs, "steps": steps });
        if let Some((item, index)) = &self.item {
            context["item"] = item.clone();
            context["index"] = json!(index);
        }
        context
    }
}

pub async fn execute<J: Journal, M: Models>(
    workflow: &Workflow,
    inputs: &Map<String, Value>,
    runtime: &Runtime<'_, J, M>,
) -> Result<RunOutcome, JournalError> {
    let recorded = runtime.journal.recorded().await?;
    let scope = Scope {
        prefix: String::new(),
        inputs: Value::Object(inputs.clone()),
        outer: Map::new(),
        item: None,
    };
    let outcome = match run_graph(&workflow.graph, scope.clone(), &recorded, runtime).await? {
        Ended::Done(results) => {
            let context = scope.context(&results);
            let mut outputs = Map::new();
            // Output steps first, in the order written; then the workflow's own outputs.
            for node in &workflow.graph.nodes {
                if node.step.uses == "output"
                    && let Some(Value::Object(values)) = results.get(&node.id).map(|r| &r.output)
                {
                    outputs.extend(values.clone());
                }
            }
            for (name, expression) in &workflow.definition.outputs {
                match runtime.expressions.evaluate(expression, &context) {
                    Ok(value) => {
                        outputs.insert(name.clone(), value);
                    }
                    Err(e) => {
                        return Ok(RunOutcome::Failed {
                            step: format!("outputs.{name}"),
                            error: e.to_string(),
                        });
                    }
                }
            }
            RunOutcome::Succeeded { outputs }
        }
        Ended::Failed { step, error } => RunOutcome::Failed { step, error },
        Ended::Waiting(steps) => RunOutcome::Waiting { steps },
        Ended::Cancelled => RunOutcome::Cancelled,
    };
    Ok(outcome)
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs one list of steps to its end.
fn run_graph<'a, J: Journal, M: Models>(
    graph: &'a Graph,
    scope: Scope,
    recorded: &'a BTreeMap<String, StepRecord>,
    runtime: &'a Runtime<'a, J, M>,
) -> Boxed<'a, Result<Ended, JournalError>> {
    Box::pin(async move {
        let mut results: BTreeMap<String, StepRecord> = BTreeMap::new();
        for node in &graph.nodes {
            if let Some(record) = recorded.get(&format!("{}{}", scope.prefix, node.id)) {
                // A map that waited runs again: its finished items are recorded one by one.
                let map_waited = node.step.uses == "map" && record.status == StepStatus::Waiting;
                if !map_waited {
                    results.insert(node.id.clone(), record.clone());
                }
            }
        }
        let mut running: FuturesUnordered<Boxed<'a, Result<(String, StepRecord), JournalError>>> =
            FuturesUnordered::new();
        let mut started: Vec<String> = Vec::new();
        let mut stop: Option<Ended> = None;
        let mut waiting: Vec<String> = Vec::new();
        loop {
            if stop.is_none() {
                if runtime.journal.cancel_requested() {
                    stop = Some(Ended::Cancelled);
                } else {
                    // In dependency order, so a step skipped here frees the steps after it
                    // in this same pass.
                    for node in &graph.nodes {
                        if results.contains_key(&node.id) || started.contains(&node.id) {
                            continue;
                        }
                        match readiness(node, &results) {
                            Readiness::Blocked => {}
                            Readiness::Skip => {
                                // Skipping follows from results already recorded.
                                let record = skipped(node);
                                runtime
                                    .journal
                                    .record(&format!("{}{}", scope.prefix, node.id), &record, true)
                                    .await?;
                                results.insert(node.id.clone(), record);
                            }
                            Readiness::Ready => {
                                started.push(node.id.clone());
                                let context = scope.context(&results);
                                let scope = scope.clone();
                                running.push(Box::pin(async move {
                                    let record =
                                        run_step(node, scope, context, recorded, runtime).await?;
                                    Ok((node.id.clone(), record))
                                }));
                            }
                        }
                    }
                }
            }
            let Some(finished) = running.next().await else {
                break;
            };
            let (id, record) = finished?;
            started.retain(|started_id| started_id != &id);
            match record.status {
                StepStatus::Failed if stop.is_none() => {
                    stop = Some(Ended::Failed {
                        step: format!("{}{id}", scope.prefix),
                        error: record.error.clone().unwrap_or_default(),
                    });
                }
                StepStatus::Waiting => waiting.push(format!("{}{id}", scope.prefix)),
                _ => {}
            }
            results.insert(id, record);
        }
        if let Some(ended) = stop {
            return Ok(ended);
        }
        // A step recorded as waiting in an earlier attempt still waits.
        for node in &graph.nodes {
            if results.get(&node.id).map(|r| r.status) == Some(StepStatus::Waiting) {
                let key = format!("{}{}", scope.prefix, node.id);
                if !waiting.contains(&key) {
                    waiting.push(key);
                }
            }
        }
        if !waiting.is_empty() {
            return Ok(Ended::Waiting(waiting));
        }
        if let Some(failed) = graph
            .nodes
            .iter()
            .find(|node| results.get(&node.id).map(|r| r.status) == Some(StepStatus::Failed))
        {
            let record = &results[&failed.id];
            return Ok(Ended::Failed {
                step: format!("{}{}", scope.prefix, failed.id),
                error: record.error.clone().unwrap_or_default(),
            });
        }
        Ok(Ended::Done(results))
    })
}

enum Readiness {
    Blocked,
    Ready,
    Skip,
}

fn readiness(node: &Node, results: &BTreeMap<String, StepRecord>) -> Readiness {
    let settled = |id: &String| results.get(id).is_some_and(|r| r.status.is_settled());
    if let Some(branch) = &node.gated_by {
        match results.get(branch) {
            Some(record) if record.status == StepStatus::Skipped => return Readiness::Skip,
            Some(record) if record.status == StepStatus::Succeeded => {
                let chosen = record.output["chosen"]
                    .as_array()
                    .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(&node.id)));
                if !chosen {
                    return Readiness::Skip;
                }
            }
            _ => return Readiness::Blocked,
        }
    }
    if node.after.iter().all(settled) {
        Readiness::Ready
    } else {
        Readiness::Blocked
    }
}

fn skipped(node: &Node) -> StepRecord {
    let now = Timestamp::now().as_millis();
    StepRecord {
        step_id: node.id.clone(),
        status: StepStatus::Skipped,
        input: Value::Null,
        output: Value::Null,
        error: None,
        attempts: 0,
        usage: None,
        model: None,
        started_at: now,
        finished_at: now,
        due_at: None,
    }
}

/// The longest a step waits before trying again, whatever a provider asks: the worker holds the
/// run meanwhile.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// Runs one step with its retries and timeout, and records its result.
async fn run_step<J: Journal, M: Models>(
    node: &Node,
    scope: Scope,
    context: Value,
    recorded: &BTreeMap<String, StepRecord>,
    runtime: &Runtime<'_, J, M>,
) -> Result<StepRecord, JournalError> {
    let key = format!("{}{}", scope.prefix, node.id);
    let started_at = Timestamp::now().as_millis();
    let mut record = StepRecord {
        step_id: node.id.clone(),
        status: StepStatus::Failed,
        input: Value::Null,
        output: Value::Null,
        error: None,
        attempts: 0,
        usage: None,
        model: None,
        started_at,
        finished_at: started_at,
        due_at: None,
    };
    // A map's items are evaluated here; its steps are evaluated per item, in their own scope.
    let with = if node.step.uses == "map" {
        let mut with = node.step.with.clone();
        if let Some(items) = with.get("items").cloned() {
            with["items"] = match runtime.expressions.evaluate(&items, &context) {
                Ok(items) => items,
                Err(e) => return fail(runtime, &key, record, format!("with.items: {e}")).await,
            };
        }
        with
    } else {
        // An extraction's JSON Schema is read as written, as validation reads it: what it
        // says goes to the model, so it holds no expression the policy check cannot follow.
        let mut evaluable = node.step.with.clone();
        let schema = match (node.step.uses.as_str(), evaluable.as_object_mut()) {
            ("llm.extract", Some(fields)) => fields.remove("schema"),
            _ => None,
        };
        match runtime.expressions.evaluate(&evaluable, &context) {
            Ok(mut with) => {
                if let Some(schema) = schema {
                    with["schema"] = schema;
                }
                with
            }
            Err(e) => return fail(runtime, &key, record, e.to_string()).await,
        }
    };
    record.input = with.clone();
    let attempts = node
        .step
        .retry
        .as_ref()
        .map_or(1, |retry| retry.max_attempts.max(1));
    let mut delay = node.backoff.unwrap_or(Duration::from_secs(1));
    for attempt in 1..=attempts {
        record.attempts = attempt;
        if !kinds::is_pure(&node.step.uses) {
            runtime.journal.started(&key, &node.id, attempt).await?;
        }
        let work = perform(node, &key, &with, &scope, &context, recorded, runtime);
        let result = match node.timeout {
            Some(limit) => match tokio::time::timeout(limit, work).await {
                Ok(result) => result?,
                Err(_) => Err(StepFailure {
                    message: format!("took longer than its timeout of {}s", limit.as_secs_f64()),
                    retryable: true,
                    retry_after: None,
                }),
            },
            None => work.await?,
        };
        match result {
            Ok(Produced::Output {
                output,
                usage,
                model,
            }) => {
                record.status = StepStatus::Succeeded;
                record.output = output;
                record.usage = usage;
                record.model = model;
                record.error = None;
                break;
            }
            Ok(Produced::Waiting { timeout }) => {
                record.status = StepStatus::Waiting;
                record.error = None;
                record.due_at = timeout.map(|timeout| Timestamp::now().plus(timeout).as_millis());
                break;
            }
            Err(failure) => {
                record.error = Some(failure.message.clone());
                if !failure.retryable || attempt == attempts {
                    break;
                }
                let jitter = rand::rng().random_range(0..=delay.as_millis() as u64 / 4);
                let wait = failure
                    .retry_after
                    .unwrap_or(delay + Duration::from_millis(jitter))
                    .min(MAX_RETRY_WAIT);
                tokio::time::sleep(wait).await;
                delay = delay.saturating_mul(2);
            }
        }
    }
    record.finished_at = Timestamp::now().as_millis();
    runtime
        .journal
        .record(&key, &record, kinds::is_pure(&node.step.uses))
        .await?;
    Ok(record)
}

async fn fail<J: Journal, M: Models>(
    runtime: &Runtime<'_, J, M>,
    key: &str,
    mut record: StepRecord,
    error: String,
) -> Result<StepRecord, JournalError> {
    record.error = Some(error);
    record.finished_at = Timestamp::now().as_millis();
    // A step that cannot even be evaluated fails the same way when run again.
    runtime.journal.record(key, &record, true).await?;
    Ok(record)
}

/// One attempt of a step's work.
async fn perform<J: Journal, M: Models>(
    node: &Node,
    key: &str,
    with: &Value,
    scope: &Scope,
    context: &Value,
    recorded: &BTreeMap<String, StepRecord>,
    runtime: &Runtime<'_, J, M>,
) -> Result<Result<Produced, StepFailure>, JournalError> {
    match node.step.uses.as_str() {
        "branch" => Ok(branch(with)),
        "map" => run_map(node, with, scope, context, recorded, runtime).await,
        uses => {
            let place = kinds::Place {
                key,
                step_id: &node.id,
                models: runtime.models,
                connectors: runtime.connectors,
                knowledge: runtime.knowledge,
                files: runtime.files,
            };
            Ok(kinds::run(uses, with, place).await)
        }
    }
}

/// The first case whose `when` holds chooses its steps; else the default ones.
fn branch(with: &Value) -> Result<Produced, StepFailure> {
    let cases = with
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let chosen = cases
        .iter()
        .find(|case| truthy(case.get("when").unwrap_or(&Value::Null)))
        .and_then(|case| case.get("then").cloned())
        .or_else(|| with.get("default").cloned())
        .unwrap_or_else(|| json!([]));
    Ok(Produced::Output {
        output: json!({ "chosen": chosen }),
        usage: None,
        model: None,
    })
}

/// Jinja's truth: none, false, 0, "" and empty lists and objects are false.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty() && s != "false" && s != "False",
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
    }
}

/// Runs a map's steps for every item, `with.concurrency` at a time; the result is the last
/// step's output for each item, in the items' order.
async fn run_map<J: Journal, M: Models>(
    node: &Node,
    with: &Value,
    scope: &Scope,
    context: &Value,
    recorded: &BTreeMap<String, StepRecord>,
    runtime: &Runtime<'_, J, M>,
) -> Result<Result<Produced, StepFailure>, JournalError> {
    let Some(items) = with.get("items").and_then(Value::as_array) else {
        return Ok(Err(StepFailure::fatal("with.items is not a list")));
    };
    let Some(body) = &node.body else {
        return Ok(Err(StepFailure::fatal("the map has no steps")));
    };
    let last = node.step.with["steps"]
        .as_array()
        .and_then(|steps| steps.last())
        .and_then(|step| step["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let concurrency = with
        .get("concurrency")
        .and_then(Value::as_u64)
        .map_or(4, |n| n.clamp(1, 64) as usize);
    let outer = context["steps"].as_object().cloned().unwrap_or_default();
    let mut per_item = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let inner = Scope {
            prefix: format!("{}{}[{index}].", scope.prefix, node.id),
            inputs: scope.inputs.clone(),
            outer: outer.clone(),
            item: Some((item.clone(), index)),
        };
        per_item.push(run_graph(body, inner, recorded, runtime));
    }
    let ended: Vec<Result<Ended, JournalError>> =
        stream::iter(per_item).buffered(concurrency).collect().await;
    let mut outputs = Vec::with_capacity(ended.len());
    let mut waiting = false;
    for item in ended {
        match item? {
            Ended::Done(results) => {
                outputs.push(results.get(&last).map_or(Value::Null, |r| r.output.clone()));
            }
            Ended::Failed { step, error } => {
                return Ok(Err(StepFailure::fatal(format!("{step}: {error}"))));
            }
            Ended::Waiting(_) => waiting = true,
            Ended::Cancelled => return Ok(Err(StepFailure::fatal("the run was cancelled"))),
        }
    }
    if waiting {
        return Ok(Ok(Produced::Waiting { timeout: None }));
    }
    Ok(Ok(Produced::Output {
        output: Value::Array(outputs),
        usage: None,
        model: None,
    }))
}
