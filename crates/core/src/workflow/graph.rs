//! The step graph: each step after every step it refers to, needs, or is chosen by; ordered so
//! that a step comes after all of those, with cycles reported by the steps that form them.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use super::definition::StepSpec;
use super::problems::Report;

/// One step, where it is, and what it waits for.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Where the step is written, e.g. `steps[3]` or `steps[1].with.steps[0]`.
    pub path: String,
    pub step: StepSpec,
    /// Steps of the same list that must finish first.
    pub after: BTreeSet<String>,
    /// Steps of enclosing lists this step (or its map's steps) refers to.
    pub outer: BTreeSet<String>,
    /// The branch that decides whether this step runs.
    pub gated_by: Option<String>,
    /// What the step's expressions read: the data that flows into it.
    pub reads: BTreeSet<Read>,
    /// A map's own steps.
    pub body: Option<Graph>,
    pub timeout: Option<Duration>,
    /// The first retry's wait, when the step is retried.
    pub backoff: Option<Duration>,
}

impl Node {
    pub(crate) fn new(step: &StepSpec, path: &str) -> Self {
        Node {
            id: step.id.clone(),
            path: path.to_owned(),
            step: step.clone(),
            after: BTreeSet::new(),
            outer: BTreeSet::new(),
            gated_by: None,
            reads: BTreeSet::new(),
            body: None,
            timeout: None,
            backoff: None,
        }
    }

    /// A stand-in for checks of what belongs to no step (the workflow's outputs).
    pub(crate) fn detached() -> Self {
        Node::new(
            &StepSpec {
                id: String::new(),
                uses: String::new(),
                with: serde_json::Value::Null,
                needs: Vec::new(),
                retry: None,
                timeout: None,
            },
            "",
        )
    }
}

/// Data an expression reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Read {
    /// `inputs.<name>`.
    Input(String),
    /// `inputs` as a whole.
    AllInputs,
    /// `steps.<id>.output`.
    Step(String),
    /// The current item of a map (inside its steps).
    Item,
}

/// A list of steps in an order that runs each after everything it waits for.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
}

impl Graph {
    /// Orders `nodes` (stable: written order where the graph allows), reporting cycles.
    pub(crate) fn order(nodes: Vec<Node>, report: &mut Report) -> Graph {
        let ids: BTreeSet<String> = nodes.iter().map(|node| node.id.clone()).collect();
        let mut waiting: BTreeMap<&str, BTreeSet<&str>> = nodes
            .iter()
            .map(|node| {
                let after = node
                    .after
                    .iter()
                    .filter(|id| ids.contains(*id))
                    .map(String::as_str)
                    .collect();
                (node.id.as_str(), after)
            })
            .collect();
        let mut order: Vec<usize> = Vec::with_capacity(nodes.len());
        let mut placed = vec![false; nodes.len()];
        loop {
            let ready = nodes
                .iter()
                .enumerate()
                .find(|(index, node)| !placed[*index] && waiting[node.id.as_str()].is_empty());
            let Some((index, node)) = ready else { break };
            placed[index] = true;
            order.push(index);
            for others in waiting.values_mut() {
                others.remove(node.id.as_str());
            }
        }
        if order.len() < nodes.len() {
            let stuck: Vec<&Node> = nodes
                .iter()
                .enumerate()
                .filter(|(index, _)| !placed[*index])
                .map(|(_, node)| node)
                .collect();
            let cycle = find_cycle(&stuck);
            let first = stuck
                .iter()
                .find(|node| cycle.first() == Some(&node.id))
                .unwrap_or(&stuck[0]);
            report.add(
                &first.path,
                format!(
                    "these steps wait for each other in a circle: {} (each waits for the next); a step can only use steps that finish before it",
                    cycle.join(" → ")
                ),
            );
            return Graph { nodes };
        }
        let mut nodes: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
        Graph {
            nodes: order
                .into_iter()
                .map(|index| nodes[index].take().expect("each placed once"))
                .collect(),
        }
    }

    /// Every step of enclosing lists that some step here refers to.
    pub(crate) fn outer_dependencies(&self) -> BTreeSet<String> {
        self.nodes
            .iter()
            .flat_map(|node| node.outer.iter().cloned())
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id == id)
    }
}

/// One cycle among steps that could not be ordered: each id waits for the next, and the last
/// is the first again.
fn find_cycle(stuck: &[&Node]) -> Vec<String> {
    let by_id: BTreeMap<&str, &Node> = stuck.iter().map(|node| (node.id.as_str(), *node)).collect();
    let mut path: Vec<&str> = vec![stuck[0].id.as_str()];
    loop {
        let current = by_id[path.last().expect("never empty")];
        let next = current
            .after
            .iter()
            .map(String::as_str)
            .find(|id| by_id.contains_key(id))
            .expect("a stuck step waits for another stuck step");
        if let Some(start) = path.iter().position(|id| *id == next) {
            let mut cycle: Vec<String> = path[start..].iter().map(|id| (*id).to_owned()).collect();
            cycle.push(cycle[0].clone());
            return cycle;
        }
        path.push(next);
    }
}
