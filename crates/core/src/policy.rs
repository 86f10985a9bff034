//! The static policy check: before a workflow runs, decide whether every step is permitted
//! where it would run, and whether any labelled value can reach a sink not cleared for it —
//! following the data through templates, branches, maps and step outputs. Each violation names
//! the source, the steps it passes through and the sink, and what would fix it.
//!
//! Data flows along what expressions read (`inputs.x`, `steps.y.output`, a map's `item`); a
//! step's output carries the join of the labels of everything it read. An input without a
//! label is `internal`: the organisation's own data. Which branch ran is not followed as data.
//! Masking (`redact`) does not lower a label: its detectors find patterns, not every piece of
//! personal data (names and addresses pass), so masked text keeps the label of its source.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::connection::Access;
use crate::label::{Clearance, Label, Level};
use crate::publishing::InterfaceKind;
use crate::workflow::catalog::{Catalog, Structure};
use crate::workflow::{Graph, Read, Workflow};

/// What the workflow may use where it is checked: the workspace and environment's sinks.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The models the workspace may use, by name, with their clearances.
    pub models: BTreeMap<String, Clearance>,
    /// The connections bound in the environment, by the alias workflows use.
    pub connections: BTreeMap<String, ConnectionSink>,
    /// The audiences the outputs are published to, with their clearances.
    pub audiences: Vec<(InterfaceKind, Clearance)>,
    /// The knowledge bases, by slug, as the workspace and environment see them.
    pub knowledge_bases: BTreeMap<String, KnowledgeSource>,
}

/// A knowledge base as a source of data for a workspace in an environment.
#[derive(Debug, Clone)]
pub struct KnowledgeSource {
    /// The label of everything retrieved from it.
    pub label: Label,
    /// Whether its access list admits the workspace's workflows in the environment.
    pub admitted: bool,
    /// The workspace whose stewards manage it, who can share it.
    pub owner: String,
}

/// A connection as bound for a workspace and environment.
#[derive(Debug, Clone)]
pub struct ConnectionSink {
    /// The connection's own name.
    pub name: String,
    /// The actions workflows may call, and whether each reads or writes. None when the
    /// workspace may not use the connection at all.
    pub actions: Option<BTreeMap<String, Access>>,
    /// Set when the connection is limited to groups the person it is checked for is not a
    /// member of: those groups' names.
    pub members_only: Option<Vec<String>>,
    /// The label of what it answers.
    pub read_label: Label,
    /// What may be sent to it.
    pub write_clearance: Clearance,
}

/// What the check found: its violations, and the label of the data each sink step (a model or
/// connector step) sends, which the run checks again with what it actually sends.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub violations: Vec<Violation>,
    /// By step id: the join of the labels of everything the sink step reads.
    pub sent: BTreeMap<String, Label>,
    /// The join of the labels of everything that reaches the outputs.
    pub outputs: Label,
    /// By knowledge base (slug): the label the check took for what is retrieved from it. A run
    /// refuses to retrieve more than that, since its sinks were cleared for no more.
    pub retrieved: BTreeMap<String, Label>,
}

/// One problem, with what a builder needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Violation {
    /// Where in the definition, e.g. `steps[2]` or `steps[1].with.steps[0]`.
    #[schema(example = "steps[1]")]
    pub path: String,
    /// The step that is the sink, or that is not permitted.
    pub step: String,
    /// The labelled value that flows where it may not (`inputs.claim`); none when the step
    /// itself is not permitted.
    pub source: Option<String>,
    /// The source's label.
    pub label: Option<String>,
    /// The steps the value passes through on its way to the sink, in order.
    pub through: Vec<String>,
    /// What receives it, e.g. `the model hosted-general`.
    pub sink: String,
    /// The sink's clearance, when it has one.
    pub clearance: Option<String>,
    /// What is wrong, in words.
    pub message: String,
    /// What would fix it.
    pub fix: String,
}

/// Where a labelled value came from and how it got here.
#[derive(Debug, Clone)]
struct Flow {
    label: Label,
    through: Vec<String>,
}

/// The labelled values in a step's data, by source (`inputs.<name>`).
type Flows = BTreeMap<String, Flow>;

/// Checks `workflow` against `context`; no violations means it may run there.
pub fn check(workflow: &Workflow, catalog: &Catalog, context: &Context) -> Vec<Violation> {
    analyse(workflow, catalog, context).violations
}

/// Checks `workflow` against `context`, and says what each connector step sends.
pub fn analyse(workflow: &Workflow, catalog: &Catalog, context: &Context) -> Analysis {
    let inputs: Flows = workflow
        .definition
        .inputs
        .iter()
        .map(|(name, spec)| {
            let label = spec
                .label
                .as_deref()
                .and_then(|raw| Label::parse(raw).ok())
                .unwrap_or_else(internal);
            let flow = Flow {
                label,
                through: Vec::new(),
            };
            (format!("inputs.{name}"), flow)
        })
        .collect();
    let mut checker = Checker {
        catalog,
        context,
        inputs,
        steps: BTreeMap::new(),
        analysis: Analysis::default(),
    };
    checker.walk(&workflow.graph, None);
    checker.check_outputs(workflow);
    checker.analysis
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            violations: Vec::new(),
            sent: BTreeMap::new(),
            retrieved: BTreeMap::new(),
            outputs: internal(),
        }
    }
}

fn internal() -> Label {
    Label {
        level: Level::Internal,
        categories: Default::default(),
    }
}

/// The label of everything that flows into a step.
/// Whether every step of `graph`, and of the maps inside it, computes only from what it reads:
/// a template, an output, or a map of such steps.
fn only_computes(graph: &Graph) -> bool {
    graph.nodes.iter().all(|node| {
        matches!(node.step.uses.as_str(), "template" | "output" | "map")
            && node.body.as_ref().is_none_or(only_computes)
    })
}

/// The join of what `flows` carry, at least `internal`: what a step sends out of the
/// organisation is taken to be its own data.
fn joined(flows: &Flows) -> Label {
    joined_from(internal(), flows)
}

fn joined_from(bottom: Label, flows: &Flows) -> Label {
    flows
        .values()
        .fold(bottom, |label, flow| label.join(&flow.label))
}

struct Checker<'a> {
    catalog: &'a Catalog,
    context: &'a Context,
    inputs: Flows,
    /// What each step's output carries, for the steps seen so far.
    steps: BTreeMap<String, Flows>,
    analysis: Analysis,
}

impl Checker<'_> {
    /// Follows the data through `graph` (in its order, so what a step reads is known), with
    /// `item` the flows of the current map item inside a map's steps.
    fn walk(&mut self, graph: &Graph, item: Option<&Flows>) {
        for node in &graph.nodes {
            let mut flows = self.flows_of(&node.reads, item);
            let kind = self.catalog.get(&node.step.uses);
            if kind.is_some_and(|kind| kind.uses_model) {
                self.analysis.sent.insert(node.id.clone(), joined(&flows));
                let model = node.step.with.get("model").and_then(Value::as_str);
                self.check_model(&node.path, &node.id, model.unwrap_or_default(), &flows);
            }
            // A document step with a connection writes the document there.
            if node.step.uses == "connector"
                || (node.step.uses == "document" && node.step.with.get("connection").is_some())
            {
                self.check_connector(node, &mut flows);
            }
            if node.step.uses == "retrieve" {
                self.check_retrieve(node, &mut flows);
            }
            if let (Some(body), Some(kind)) = (&node.body, kind)
                && kind.structure == Structure::Map
            {
                // Each item comes from what the map reads; its results carry what its steps
                // read too.
                let items = flows.clone();
                self.walk(body, Some(&items));
                for inner in &body.nodes {
                    for (source, flow) in self.steps.get(&inner.id).cloned().into_iter().flatten() {
                        let mut through = flow.through;
                        through.push(inner.id.clone());
                        merge(
                            &mut flows,
                            &source,
                            Flow {
                                label: flow.label,
                                through,
                            },
                        );
                    }
                }
            }
            self.steps.insert(node.id.clone(), flows);
        }
    }

    /// The labelled values that `reads` bring in, by source.
    fn flows_of(&self, reads: &BTreeSet<Read>, item: Option<&Flows>) -> Flows {
        let mut flows = Flows::new();
        for read in reads {
            match read {
                Read::Input(name) => {
                    let source = format!("inputs.{name}");
                    if let Some(flow) = self.inputs.get(&source) {
                        merge(&mut flows, &source, flow.clone());
                    }
                }
                Read::AllInputs => {
                    for (source, flow) in &self.inputs {
                        merge(&mut flows, source, flow.clone());
                    }
                }
                Read::Step(id) => {
                    for (source, flow) in self.steps.get(id).into_iter().flatten() {
                        let mut through = flow.through.clone();
                        through.push(id.clone());
                        merge(
                            &mut flows,
                            source,
                            Flow {
                                label: flow.label.clone(),
                                through,
                            },
                        );
                    }
                }
                Read::Item => {
                    for (source, flow) in item.into_iter().flatten() {
                        merge(&mut flows, source, flow.clone());
                    }
                }
            }
        }
        flows
    }

    /// What reaches the workflow's outputs: what its outputs read and what its output steps
    /// carry. Each audience must be cleared for all of it.
    fn check_outputs(&mut self, workflow: &Workflow) {
        let mut flows = self.flows_of(&workflow.outputs, None);
        for node in workflow
            .graph
            .nodes
            .iter()
            .filter(|node| node.step.uses == "output")
        {
            for (source, flow) in self.steps.get(&node.id).cloned().into_iter().flatten() {
                let mut through = flow.through;
                through.push(node.id.clone());
                merge(
                    &mut flows,
                    &source,
                    Flow {
                        label: flow.label,
                        through,
                    },
                );
            }
        }
        // What reaches the outputs counts, at least `internal`: which branch ran, what a
        // reviewer wrote, what a model or a system answered carry what they read without it
        // showing as data. A workflow of only steps that compute from what they read (templates
        // and outputs, in maps too) adds nothing of its own: its outputs may be public.
        let bottom = if only_computes(&workflow.graph) {
            Label::public()
        } else {
            internal()
        };
        self.analysis.outputs = joined_from(bottom, &flows);
        for (kind, clearance) in &self.context.audiences {
            let sink = kind.audience_name();
            for (source, flow) in &flows {
                if clearance.admits(&flow.label) {
                    continue;
                }
                let route = if flow.through.is_empty() {
                    String::new()
                } else {
                    format!(" through {}", flow.through.join(" → "))
                };
                self.analysis.violations.push(Violation {
                    path: "outputs".to_owned(),
                    step: "outputs".to_owned(),
                    source: Some(source.clone()),
                    label: Some(flow.label.to_string()),
                    through: flow.through.clone(),
                    sink: sink.to_owned(),
                    clearance: Some(clearance.to_string()),
                    message: format!(
                        "{source} is {} and reaches the outputs{route}, but {sink} is cleared only for {clearance}",
                        flow.label
                    ),
                    fix: format!(
                        "publish the {} to an audience cleared for {}, or do not output {source}",
                        kind.title(),
                        flow.label
                    ),
                });
            }
        }
    }

    fn check_model(&mut self, path: &str, step: &str, model: &str, flows: &Flows) {
        let sink = format!("the model {model}");
        let Some(clearance) = self.context.models.get(model) else {
            let available: Vec<&str> = self.context.models.keys().map(String::as_str).collect();
            self.analysis.violations.push(Violation {
                path: path.to_owned(),
                step: step.to_owned(),
                source: None,
                label: None,
                through: Vec::new(),
                sink,
                clearance: None,
                message: format!(
                    "step {step} uses the model {model}, which is not available to this workspace"
                ),
                fix: if available.is_empty() {
                    "ask IT to make a model available to this workspace".to_owned()
                } else {
                    format!(
                        "use one of the models available here: {}",
                        available.join(", ")
                    )
                },
            });
            return;
        };
        for (source, flow) in flows {
            if clearance.admits(&flow.label) {
                continue;
            }
            let route = if flow.through.is_empty() {
                String::new()
            } else {
                format!(" through {}", flow.through.join(" → "))
            };
            let cleared: Vec<&str> = self
                .context
                .models
                .iter()
                .filter(|(_, other)| other.admits(&flow.label))
                .map(|(name, _)| name.as_str())
                .collect();
            let instead = match cleared.as_slice() {
                [] => format!("no model available here is cleared for {}", flow.label),
                [one] => format!("use {one}, which is cleared for {}", flow.label),
                many => format!(
                    "use a model cleared for {} ({})",
                    flow.label,
                    many.join(", ")
                ),
            };
            self.analysis.violations.push(Violation {
                path: path.to_owned(),
                step: step.to_owned(),
                source: Some(source.clone()),
                label: Some(flow.label.to_string()),
                through: flow.through.clone(),
                sink: sink.clone(),
                clearance: Some(clearance.to_string()),
                message: format!(
                    "{source} is {} and reaches {sink}{route} at step {step}, but {model} is cleared only for {clearance}",
                    flow.label
                ),
                fix: format!("{instead}, or do not send {source} to step {step}"),
            });
        }
    }
}

impl Checker<'_> {
    fn check_connector(&mut self, node: &crate::workflow::Node, flows: &mut Flows) {
        let field = |name| {
            node.step
                .with
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        let writes_document = node.step.uses == "document";
        let alias = field("connection");
        let action = if writes_document {
            "write"
        } else {
            field("action")
        };
        self.analysis.sent.insert(node.id.clone(), joined(flows));
        let refuse = |message: String, fix: String| Violation {
            path: node.path.clone(),
            step: node.id.clone(),
            source: None,
            label: None,
            through: Vec::new(),
            sink: format!("the connection {alias}"),
            clearance: None,
            message,
            fix,
        };
        let Some(connection) = self.context.connections.get(alias) else {
            let bound: Vec<&str> = self
                .context
                .connections
                .keys()
                .map(String::as_str)
                .collect();
            let fix = if bound.is_empty() {
                "ask IT to bind a connection to this alias here".to_owned()
            } else {
                format!(
                    "use a connection bound here ({}), or ask IT to bind {alias}",
                    bound.join(", ")
                )
            };
            self.analysis.violations.push(refuse(
                format!(
                    "step {} uses the connection {alias}, which is not bound in this environment",
                    node.id
                ),
                fix,
            ));
            return;
        };
        let Some(actions) = &connection.actions else {
            self.analysis.violations.push(refuse(
                format!(
                    "step {} uses the connection {alias} ({}), which this workspace may not use",
                    node.id, connection.name
                ),
                "ask IT to open the connection to this workspace".to_owned(),
            ));
            return;
        };
        if let Some(groups) = &connection.members_only {
            self.analysis.violations.push(refuse(
                format!(
                    "step {} uses the connection {alias} ({}), which only members of {} may use",
                    node.id,
                    connection.name,
                    groups.join(", ")
                ),
                "ask IT to add you to one of those groups, or use another connection".to_owned(),
            ));
            return;
        }
        if !actions.contains_key(action) {
            let allowed: Vec<&str> = actions.keys().map(String::as_str).collect();
            self.analysis.violations.push(refuse(
                format!("step {} calls the action {action} of {alias}, which is not one workflows may use", node.id),
                if allowed.is_empty() {
                    "ask IT which actions of this connection workflows may use".to_owned()
                } else {
                    format!("use one of its actions: {}", allowed.join(", "))
                },
            ));
            return;
        }
        // Every action sends its input (a read in its address or parameters), so every one is
        // held to the connection's clearance; only writes change something there.
        let sink = format!("the connection {alias}");
        for (source, flow) in flows.iter() {
            if connection.write_clearance.admits(&flow.label) {
                continue;
            }
            let route = if flow.through.is_empty() {
                String::new()
            } else {
                format!(" through {}", flow.through.join(" → "))
            };
            self.analysis.violations.push(Violation {
                source: Some(source.clone()),
                label: Some(flow.label.to_string()),
                through: flow.through.clone(),
                sink: sink.clone(),
                clearance: Some(connection.write_clearance.to_string()),
                message: format!(
                    "{source} is {} and reaches {sink}{route} at step {}, but {alias} ({}) is cleared only for {}",
                    flow.label, node.id, connection.name, connection.write_clearance
                ),
                fix: format!(
                    "mask or leave out {source} before step {}, or ask IT to bind {alias} to a connection cleared for {}",
                    node.id, flow.label
                ),
                ..refuse(String::new(), String::new())
            });
        }
        // What a connector step answers comes from the connection; a document step's output
        // only describes the document it wrote.
        if !writes_document {
            merge(
                flows,
                &format!("connections.{alias}"),
                Flow {
                    label: connection.read_label.clone(),
                    through: Vec::new(),
                },
            );
        }
    }
}

impl Checker<'_> {
    /// Whether the workspace may retrieve from the knowledge base here; what the step finds then
    /// carries the knowledge base's label. The query goes nowhere outside: it is not a sink.
    fn check_retrieve(&mut self, node: &crate::workflow::Node, flows: &mut Flows) {
        let slug = node
            .step
            .with
            .get("knowledge_base")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let refuse = |message: String, fix: String| Violation {
            path: node.path.clone(),
            step: node.id.clone(),
            source: None,
            label: None,
            through: Vec::new(),
            sink: format!("the knowledge base {slug}"),
            clearance: None,
            message,
            fix,
        };
        let Some(source) = self.context.knowledge_bases.get(slug) else {
            self.analysis.violations.push(refuse(
                format!(
                    "step {} retrieves from the knowledge base {slug}, which does not exist",
                    node.id
                ),
                "name a knowledge base that exists (see Knowledge)".to_owned(),
            ));
            return;
        };
        if !source.admitted {
            self.analysis.violations.push(refuse(
                format!(
                    "step {} retrieves from the knowledge base {slug}, which is not shared with this workspace in this environment",
                    node.id
                ),
                format!(
                    "ask the stewards of {} to share {slug} with this workspace",
                    source.owner
                ),
            ));
        }
        // Its label flows on even when it is not shared yet: it may be by the time the run
        // reads it, and every later sink must be held to what it then carries.
        self.analysis
            .retrieved
            .insert(slug.to_owned(), source.label.clone());
        merge(
            flows,
            &format!("knowledge.{slug}"),
            Flow {
                label: source.label.clone(),
                through: Vec::new(),
            },
        );
    }
}

/// Adds `flow` from `source`. A source that arrives by several ways carries the join of their
/// labels; the way shown is that of the
/// strictest label, the shortest among equals.
fn merge(flows: &mut Flows, source: &str, flow: Flow) {
    let Some(known) = flows.get_mut(source) else {
        flows.insert(source.to_owned(), flow);
        return;
    };
    let joined = known.label.join(&flow.label);
    let stricter = joined == flow.label && joined != known.label;
    let as_strict_and_shorter =
        flow.label == known.label && flow.through.len() < known.through.len();
    if stricter || as_strict_and_shorter {
        known.through = flow.through;
    }
    known.label = joined;
}
