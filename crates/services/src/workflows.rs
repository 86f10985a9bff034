//! Workflow definitions: the step kinds this release knows and checking a definition against
//! them — for the CLI, the API, drafts and runs.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex};

use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::definition::Definition;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::{Problems, Workflow, load, validate};
use serde_json::Value;
use sha2::{Digest, Sha256};

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);
static EXPRESSIONS: LazyLock<Expressions> = LazyLock::new(Expressions::new);
static CHECKED: LazyLock<CheckedDefinitions> =
    LazyLock::new(|| CheckedDefinitions::keeping(KEPT_BYTES));

/// The registered step kinds.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// The one sandboxed expression evaluator.
pub fn expressions() -> &'static Expressions {
    &EXPRESSIONS
}

/// Reads a definition (YAML or JSON) and checks it completely.
pub fn check(text: &str) -> Result<Workflow, Problems> {
    load(text, catalog(), expressions())
}

/// A definition that passed every check, with the JSON a run stores it as.
pub struct Checked {
    pub workflow: Workflow,
    pub stored: Value,
}

/// [`check`], done once per distinct text: the same workflow started again is not parsed and
/// dry-run again. Only definitions that pass are kept.
pub fn check_once(text: &str) -> Result<Arc<Checked>, Problems> {
    if let Some(checked) = CHECKED.get(text) {
        return Ok(checked);
    }
    let workflow = check(text)?;
    let stored = serde_json::to_value(&workflow.definition).expect("a checked definition is JSON");
    let checked = Arc::new(Checked { workflow, stored });
    CHECKED.insert(text, checked.clone());
    // A worker finds it again by the text of the JSON its run stored.
    CHECKED.insert(&checked.stored.to_string(), checked.clone());
    Ok(checked)
}

/// Checks the definition a run stored when it was queued — found among those checked before
/// in this process, or checked again (queued by another process or an earlier release).
pub fn check_stored(definition: &Value) -> Result<Arc<Checked>, String> {
    let text = definition.to_string();
    if let Some(checked) = CHECKED.get(&text) {
        return Ok(checked);
    }
    let parsed =
        serde_json::from_value::<Definition>(definition.clone()).map_err(|e| e.to_string())?;
    let workflow =
        validate(parsed, catalog(), expressions()).map_err(|problems| problems.to_string())?;
    let checked = Arc::new(Checked {
        workflow,
        stored: definition.clone(),
    });
    CHECKED.insert(&text, checked.clone());
    Ok(checked)
}

/// How much a process keeps of checked definitions, counted by the length of the texts they
/// are found by (a checked definition takes a few times that); the oldest make way. A few KiB
/// each is typical, 1 MiB the most: a caller sending many large distinct definitions cannot
/// grow the process without bound.
const KEPT_BYTES: usize = 16 * 1024 * 1024;

/// Checked definitions by the SHA-256 of their text.
struct CheckedDefinitions {
    kept: Mutex<Kept>,
    /// At most this many bytes of text.
    limit: usize,
}

#[derive(Default)]
struct Kept {
    by_digest: HashMap<[u8; 32], Arc<Checked>>,
    /// Each key with the length of its text, oldest first.
    oldest_first: VecDeque<([u8; 32], usize)>,
    bytes: usize,
}

impl CheckedDefinitions {
    fn keeping(limit: usize) -> Self {
        CheckedDefinitions {
            kept: Mutex::default(),
            limit,
        }
    }

    fn get(&self, text: &str) -> Option<Arc<Checked>> {
        let digest = digest(text);
        let kept = self.kept.lock().expect("not poisoned");
        kept.by_digest.get(&digest).cloned()
    }

    fn insert(&self, text: &str, checked: Arc<Checked>) {
        let digest = digest(text);
        let mut kept = self.kept.lock().expect("not poisoned");
        if kept.by_digest.insert(digest, checked).is_none() {
            kept.oldest_first.push_back((digest, text.len()));
            kept.bytes += text.len();
        }
        while kept.bytes > self.limit {
            let Some((oldest, length)) = kept.oldest_first.pop_front() else {
                break;
            };
            kept.by_digest.remove(&oldest);
            kept.bytes -= length;
        }
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIAGE: &str = "apiVersion: paddock/v1\nkind: Workflow\nname: triage\ninputs:\n  n: { type: integer }\nsteps:\n  - { id: double, uses: template, with: { value: '{{ inputs.n * 2 }}' } }\n";

    #[test]
    fn a_definition_is_checked_once_and_found_again_by_the_json_its_runs_store() {
        let first = check_once(TRIAGE).unwrap();
        assert!(Arc::ptr_eq(&first, &check_once(TRIAGE).unwrap()));
        let stored: Value = serde_json::from_str(&first.stored.to_string()).unwrap();
        assert!(Arc::ptr_eq(&first, &check_stored(&stored).unwrap()));
        assert!(check_once("name: [unclosed").is_err());
        assert!(check_stored(&serde_json::json!({ "name": 3 })).is_err());
    }

    #[test]
    fn the_oldest_definitions_make_way_once_the_texts_kept_exceed_the_limit() {
        let texts: Vec<String> = (0..3).map(|n| format!("{TRIAGE}# {n}\n")).collect();
        let kept = CheckedDefinitions::keeping(2 * texts[0].len());
        let checked = Arc::new(Checked {
            workflow: check(TRIAGE).unwrap(),
            stored: Value::Null,
        });
        for text in &texts {
            kept.insert(text, checked.clone());
        }
        assert!(kept.get(&texts[0]).is_none(), "the oldest made way");
        assert!(kept.get(&texts[1]).is_some() && kept.get(&texts[2]).is_some());
        assert_eq!(kept.kept.lock().unwrap().bytes, 2 * texts[0].len());
    }
}
