//! Step ids and where each is visible: a step's id can be referred to from its own list of
//! steps and from the steps of maps inside that list, never from outside the map it is in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::definition::StepSpec;
use super::problems::Report;
use super::validate::is_identifier;

/// Every step id of a workflow, with the map it runs inside (`None`: the workflow itself).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    owners: BTreeMap<String, Option<String>>,
}

impl Ids {
    pub fn contains(&self, id: &str) -> bool {
        self.owners.contains_key(id)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.owners.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.owners.len()
    }

    /// The map `id` runs inside, if any.
    pub fn map_of(&self, id: &str) -> Option<&str> {
        self.owners.get(id).and_then(Option::as_deref)
    }

    /// Whether `id` is in the same list as a step inside `map`.
    pub fn is_local(&self, id: &str, map: Option<&str>) -> bool {
        self.owners
            .get(id)
            .is_some_and(|owner| owner.as_deref() == map)
    }

    /// The ids visible from a step inside `map`: its list's and every enclosing list's.
    pub fn in_scope(&self, map: Option<&str>) -> BTreeSet<String> {
        let mut lists = vec![None];
        let mut current = map;
        while let Some(id) = current {
            lists.push(Some(id));
            current = self.map_of(id);
        }
        self.owners
            .iter()
            .filter(|(_, owner)| lists.contains(&owner.as_deref()))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// Collects every id, maps' steps included, reporting malformed and repeated ones.
pub(crate) fn collect_ids(steps: &[StepSpec], report: &mut Report) -> Ids {
    let mut ids = Ids::default();
    let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
    collect_into(
        steps
            .iter()
            .map(|step| (step.id.as_str(), step.uses.as_str(), &step.with))
            .collect(),
        "steps",
        None,
        &mut ids,
        &mut first_seen,
        report,
    );
    ids
}

/// Each step as (id, uses, with).
type Shapes<'a> = Vec<(&'a str, &'a str, &'a Value)>;

fn collect_into(
    steps: Shapes<'_>,
    prefix: &str,
    map: Option<&str>,
    ids: &mut Ids,
    first_seen: &mut BTreeMap<String, String>,
    report: &mut Report,
) {
    for (index, (id, uses, with)) in steps.into_iter().enumerate() {
        let path = format!("{prefix}[{index}]");
        if !is_identifier(id) {
            report.add(
                format!("{path}.id"),
                format!("'{id}' cannot be a step id: use lower-case letters, digits and _ (starting with a letter), at most 64"),
            );
        } else if let Some(earlier) = first_seen.get(id) {
            report.add(
                format!("{path}.id"),
                format!("'{id}' is already the id of {earlier}; every step needs its own"),
            );
        } else {
            first_seen.insert(id.to_owned(), path.clone());
            ids.owners.insert(id.to_owned(), map.map(str::to_owned));
        }
        if uses == "map"
            && let Some(body) = with.get("steps").and_then(Value::as_array)
        {
            let inner = body
                .iter()
                .map(|raw| {
                    let field =
                        |name: &str| raw.get(name).and_then(Value::as_str).unwrap_or_default();
                    (
                        field("id"),
                        field("uses"),
                        raw.get("with").unwrap_or(&Value::Null),
                    )
                })
                .collect();
            collect_into(
                inner,
                &format!("{path}.with.steps"),
                Some(id),
                ids,
                first_seen,
                report,
            );
        }
    }
}

/// A JSON pointer (`/cases/0/when`) as a path suffix (`.cases[0].when`).
pub(crate) fn pointer_to_path(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            if segment.chars().all(|c| c.is_ascii_digit()) && !segment.is_empty() {
                format!("[{segment}]")
            } else {
                format!(".{segment}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_paths() {
        assert_eq!(pointer_to_path(""), "");
        assert_eq!(pointer_to_path("/cases/0/when"), ".cases[0].when");
        assert_eq!(pointer_to_path("/a~1b"), ".a/b");
    }
}
