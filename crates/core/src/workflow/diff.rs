//! What changed between two definitions of a workflow, in the terms a reviewer thinks in: steps
//! added, removed and changed down to the field (long text compared word by word), inputs and
//! outputs (labels included), and the models and connection actions newly used or no longer
//! used. Steps inside maps count as steps.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::definition::{Definition, StepSpec};

/// A step, as a diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StepRef {
    pub id: String,
    pub uses: String,
}

/// A step found in both, with what differs.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StepChange {
    pub id: String,
    pub uses: String,
    pub fields: Vec<FieldChange>,
}

/// One value that differs, at its path (`with.prompt`, `inputs.claim.label`).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    pub path: String,
    /// Absent when the field was added.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// Absent when the field was removed.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
    /// For text that changed in place: the words kept, removed and added, in order.
    pub words: Option<Vec<TextRun>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Same,
    Removed,
    Added,
}

/// A run of words (or lines) kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TextRun {
    pub op: Op,
    pub text: String,
}

/// Everything that differs from `before` to `after`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SemanticDiff {
    pub steps_added: Vec<StepRef>,
    pub steps_removed: Vec<StepRef>,
    pub steps_changed: Vec<StepChange>,
    pub inputs_added: Vec<String>,
    pub inputs_removed: Vec<String>,
    pub inputs_changed: Vec<FieldChange>,
    pub outputs_added: Vec<String>,
    pub outputs_removed: Vec<String>,
    pub outputs_changed: Vec<FieldChange>,
    /// Models and connection actions used now and not before (`model hosted-general`,
    /// `connection tickets: create_ticket`).
    pub uses_added: Vec<String>,
    pub uses_removed: Vec<String>,
    /// Whether anything at all differs (the description counts).
    pub changed: bool,
}

/// Compares two definitions of a workflow; `before` is none for a first version.
pub fn semantic(before: Option<&Definition>, after: &Definition) -> SemanticDiff {
    let empty = Definition {
        api_version: after.api_version.clone(),
        kind: after.kind.clone(),
        name: after.name.clone(),
        description: None,
        inputs: IndexMap::new(),
        steps: Vec::new(),
        outputs: IndexMap::new(),
    };
    let before = before.unwrap_or(&empty);
    let mut diff = SemanticDiff::default();

    let (old_steps, new_steps) = (all_steps(&before.steps), all_steps(&after.steps));
    for step in &new_steps {
        match old_steps.iter().find(|old| old.id == step.id) {
            None => diff.steps_added.push(step_ref(step)),
            Some(old) => {
                let mut fields = Vec::new();
                compare("", &step_fields(old), &step_fields(step), &mut fields);
                if !fields.is_empty() {
                    diff.steps_changed.push(StepChange {
                        id: step.id.clone(),
                        uses: step.uses.clone(),
                        fields,
                    });
                }
            }
        }
    }
    diff.steps_removed = old_steps
        .iter()
        .filter(|old| !new_steps.iter().any(|step| step.id == old.id))
        .map(step_ref)
        .collect();

    (diff.inputs_added, diff.inputs_removed, diff.inputs_changed) = compare_named(
        "inputs",
        &as_values(&before.inputs),
        &as_values(&after.inputs),
    );
    (
        diff.outputs_added,
        diff.outputs_removed,
        diff.outputs_changed,
    ) = compare_named("outputs", &before.outputs, &after.outputs);

    let (old_uses, new_uses) = (uses(&old_steps), uses(&new_steps));
    diff.uses_added = new_uses.difference(&old_uses).cloned().collect();
    diff.uses_removed = old_uses.difference(&new_uses).cloned().collect();

    diff.changed = before.description != after.description
        || !diff.steps_added.is_empty()
        || !diff.steps_removed.is_empty()
        || !diff.steps_changed.is_empty()
        || !diff.inputs_added.is_empty()
        || !diff.inputs_removed.is_empty()
        || !diff.inputs_changed.is_empty()
        || !diff.outputs_added.is_empty()
        || !diff.outputs_removed.is_empty()
        || !diff.outputs_changed.is_empty();
    diff
}

fn as_values<T: Serialize>(map: &IndexMap<String, T>) -> IndexMap<String, Value> {
    map.iter()
        .map(|(name, spec)| (name.clone(), serde_json::to_value(spec).unwrap_or_default()))
        .collect()
}

fn step_ref(step: &StepSpec) -> StepRef {
    StepRef {
        id: step.id.clone(),
        uses: step.uses.clone(),
    }
}

/// Every step, those inside maps (`with.steps`) included, in order.
fn all_steps(steps: &[StepSpec]) -> Vec<StepSpec> {
    let mut found = Vec::new();
    for step in steps {
        found.push(step.clone());
        let inner: Vec<StepSpec> = step
            .with
            .get("steps")
            .and_then(|inner| serde_json::from_value(inner.clone()).ok())
            .unwrap_or_default();
        found.extend(all_steps(&inner));
    }
    found
}

/// A step's fields as compared: its inner steps are compared as steps of their own.
fn step_fields(step: &StepSpec) -> Value {
    let mut value = serde_json::to_value(step).unwrap_or_default();
    if let Some(with) = value.get_mut("with").and_then(Value::as_object_mut)
        && with.get("steps").is_some_and(Value::is_array)
    {
        with.remove("steps");
    }
    value
}

/// Named entries (inputs, outputs) added, removed and changed.
fn compare_named(
    section: &str,
    before: &IndexMap<String, Value>,
    after: &IndexMap<String, Value>,
) -> (Vec<String>, Vec<String>, Vec<FieldChange>) {
    let added = after
        .keys()
        .filter(|name| !before.contains_key(*name))
        .cloned()
        .collect();
    let removed = before
        .keys()
        .filter(|name| !after.contains_key(*name))
        .cloned()
        .collect();
    let mut changed = Vec::new();
    for (name, value) in after {
        if let Some(old) = before.get(name) {
            compare(&format!("{section}.{name}"), old, value, &mut changed);
        }
    }
    (added, removed, changed)
}

/// The models and connection actions the steps use.
fn uses(steps: &[StepSpec]) -> BTreeSet<String> {
    let text = |step: &StepSpec, name: &str| {
        step.with
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut used = BTreeSet::new();
    for step in steps {
        if let Some(model) = text(step, "model") {
            used.insert(format!("model {model}"));
        }
        if step.uses == "connector"
            && let (Some(connection), Some(action)) =
                (text(step, "connection"), text(step, "action"))
        {
            used.insert(format!("connection {connection}: {action}"));
        }
    }
    used
}

/// Adds what differs between `before` and `after`, below `path`, to `changes`.
fn compare(path: &str, before: &Value, after: &Value, changes: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            for (key, value) in new {
                match old.get(key) {
                    Some(previous) => compare(&at(key), previous, value, changes),
                    None => changes.push(FieldChange {
                        path: at(key),
                        before: None,
                        after: Some(value.clone()),
                        words: None,
                    }),
                }
            }
            for (key, value) in old {
                if !new.contains_key(key) {
                    changes.push(FieldChange {
                        path: at(key),
                        before: Some(value.clone()),
                        after: None,
                        words: None,
                    });
                }
            }
        }
        (Value::String(old), Value::String(new)) => changes.push(FieldChange {
            path: path.to_owned(),
            before: Some(before.clone()),
            after: Some(after.clone()),
            words: Some(words(old, new)),
        }),
        _ => changes.push(FieldChange {
            path: path.to_owned(),
            before: Some(before.clone()),
            after: Some(after.clone()),
            words: None,
        }),
    }
}

/// The most pairs of words (or lines) compared one by one; longer texts are shown as replaced
/// whole.
const MAX_PAIRS: usize = 1_000_000;

/// `before` turned into `after`, word by word (the longest common subsequence kept).
pub fn words(before: &str, after: &str) -> Vec<TextRun> {
    let old: Vec<&str> = before.split_whitespace().collect();
    let new: Vec<&str> = after.split_whitespace().collect();
    runs(&old, &new, " ")
}

/// `before` turned into `after`, line by line: what a text diff of the YAML shows.
pub fn lines(before: &str, after: &str) -> Vec<TextRun> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    runs(&old, &new, "\n")
}

/// Runs of pieces kept, removed and added, joined by `joiner` within a run.
fn runs(old: &[&str], new: &[&str], joiner: &str) -> Vec<TextRun> {
    let mut ops: Vec<(Op, &str)> = Vec::new();
    if old.len().saturating_mul(new.len()) > MAX_PAIRS {
        ops.extend(old.iter().map(|piece| (Op::Removed, *piece)));
        ops.extend(new.iter().map(|piece| (Op::Added, *piece)));
    } else {
        // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
        let mut lengths = vec![vec![0u32; new.len() + 1]; old.len() + 1];
        for i in (0..old.len()).rev() {
            for j in (0..new.len()).rev() {
                lengths[i][j] = if old[i] == new[j] {
                    lengths[i + 1][j + 1] + 1
                } else {
                    lengths[i + 1][j].max(lengths[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            if i < old.len() && j < new.len() && old[i] == new[j] {
                ops.push((Op::Same, old[i]));
                (i, j) = (i + 1, j + 1);
            } else if i < old.len() && (j == new.len() || lengths[i + 1][j] >= lengths[i][j + 1]) {
                // What goes is shown before what replaces it.
                ops.push((Op::Removed, old[i]));
                i += 1;
            } else {
                ops.push((Op::Added, new[j]));
                j += 1;
            }
        }
    }
    let mut runs: Vec<TextRun> = Vec::new();
    for (op, piece) in ops {
        match runs.last_mut() {
            Some(run) if run.op == op => {
                run.text.push_str(joiner);
                run.text.push_str(piece);
            }
            _ => runs.push(TextRun {
                op,
                text: piece.to_owned(),
            }),
        }
    }
    runs
}
