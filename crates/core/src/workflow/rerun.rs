//! Re-running a test from one step: which results of an earlier run the new run may take over
//! instead of running those steps again.

use std::collections::BTreeSet;

use super::definition::StepSpec;
use super::graph::{Graph, Node, Read};

/// The steps of `graph` whose recorded results a re-run from `from` may take from an earlier
/// run of `earlier` (its steps as written): each step that is not `from`, waits for `from`
/// neither directly nor through others, is written exactly as it was, reads none of the
/// `changed_inputs` (inputs whose value differs from the earlier run's), and waits only for
/// steps taken over too. Anything changed since the earlier run runs again, with all it feeds.
///
/// An approval is never taken over: it is a person's decision about one run, and carrying it
/// to another would record an approval nobody gave.
pub fn reusable(
    graph: &Graph,
    earlier: &[StepSpec],
    from: &str,
    changed_inputs: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut reused = BTreeSet::new();
    // In run order, so a step's dependencies are decided before the step.
    for node in &graph.nodes {
        let unchanged = earlier.contains(&node.step) && !reads_any(node, changed_inputs);
        if node.id != from
            && !asks_approval(node)
            && unchanged
            && node.after.iter().all(|id| reused.contains(id))
        {
            reused.insert(node.id.clone());
        }
    }
    reused
}

/// Whether the step is an approval, or a map with one among its steps.
fn asks_approval(node: &Node) -> bool {
    node.step.uses == "approval"
        || node
            .body
            .iter()
            .flat_map(|body| &body.nodes)
            .any(asks_approval)
}

/// Whether the step, or any step of its map, reads one of `inputs`.
fn reads_any(node: &Node, inputs: &BTreeSet<String>) -> bool {
    let reads = |read: &Read| match read {
        Read::Input(name) => inputs.contains(name),
        Read::AllInputs => !inputs.is_empty(),
        Read::Step(_) | Read::Item => false,
    };
    node.reads.iter().any(reads)
        || node
            .body
            .iter()
            .flat_map(|body| &body.nodes)
            .any(|inner| reads_any(inner, inputs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::catalog::Catalog;
    use crate::workflow::expression::Expressions;
    use crate::workflow::load;

    const TRIAGE: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: triage
inputs:
  text: { type: string }
steps:
  - id: kind
    uses: template
    with: { value: "{{ 'outage' if 'down' in inputs.text else 'other' }}" }
  - id: words
    uses: template
    with: { value: "{{ inputs.text | length }}" }
  - id: route
    uses: branch
    with:
      cases:
        - when: "{{ steps.kind.output == 'outage' }}"
          then: [page]
      default: [queue]
  - id: page
    uses: template
    with: { value: on-call }
  - id: queue
    uses: template
    with: { value: "{{ steps.words.output }}" }
"#;

    fn graph(text: &str) -> (Graph, Vec<StepSpec>) {
        let workflow = load(text, &Catalog::builtin(), &Expressions::new()).unwrap();
        (workflow.graph, workflow.definition.steps)
    }

    fn none() -> BTreeSet<String> {
        BTreeSet::new()
    }

    fn ids(set: &BTreeSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_rerun_keeps_what_does_not_wait_for_the_step() {
        let (graph, steps) = graph(TRIAGE);
        assert_eq!(ids(&reusable(&graph, &steps, "kind", &none())), ["words"]);
        assert_eq!(
            ids(&reusable(&graph, &steps, "route", &none())),
            ["kind", "words"]
        );
        assert_eq!(
            ids(&reusable(&graph, &steps, "page", &none())),
            ["kind", "queue", "route", "words"]
        );
    }

    #[test]
    fn a_changed_step_runs_again_with_everything_it_feeds() {
        let (_, earlier) = graph(TRIAGE);
        let changed = TRIAGE.replace("inputs.text | length", "inputs.text | length * 2");
        let (graph, _) = graph(&changed);
        assert_eq!(
            ids(&reusable(&graph, &earlier, "page", &none())),
            ["kind", "route"]
        );
    }

    #[test]
    fn a_step_reading_a_changed_input_runs_again_with_what_it_feeds() {
        let (graph, steps) = graph(TRIAGE);
        let text: BTreeSet<String> = ["text".to_owned()].into();
        // `kind` and `words` read the text; `route` and both branches wait for them.
        assert!(reusable(&graph, &steps, "page", &text).is_empty());
        let other: BTreeSet<String> = ["tone".to_owned()].into();
        assert_eq!(
            ids(&reusable(&graph, &steps, "page", &other)),
            ["kind", "queue", "route", "words"]
        );
    }

    #[test]
    fn an_approval_and_a_map_reading_a_changed_input_run_again() {
        let text = r#"
apiVersion: paddock/v1
kind: Workflow
name: review
inputs:
  note: { type: string }
steps:
  - id: each
    uses: map
    with:
      items: "{{ [1, 2] }}"
      steps:
        - id: noted
          uses: template
          with: { value: "{{ inputs.note }} {{ item }}" }
  - id: check
    uses: approval
    with: { title: Send it?, approvers: { users: [approver@demo.local] } }
  - id: done
    uses: template
    with: { value: done }
    needs: [check]
"#;
        let (graph, steps) = graph(text);
        let note: BTreeSet<String> = ["note".to_owned()].into();
        assert!(reusable(&graph, &steps, "done", &note).is_empty());
        assert_eq!(ids(&reusable(&graph, &steps, "done", &none())), ["each"]);
    }

    #[test]
    fn a_map_asking_for_approval_runs_again() {
        let text = r#"
apiVersion: paddock/v1
kind: Workflow
name: review
steps:
  - id: each
    uses: map
    with:
      items: "{{ [1, 2] }}"
      steps:
        - id: check
          uses: approval
          with: { title: "Item {{ item }}", approvers: { users: [approver@demo.local] } }
  - id: count
    uses: template
    with: { value: "{{ 2 }}" }
  - id: done
    uses: template
    with: { value: done }
    needs: [each]
"#;
        let (graph, steps) = graph(text);
        assert_eq!(ids(&reusable(&graph, &steps, "done", &none())), ["count"]);
    }
}
