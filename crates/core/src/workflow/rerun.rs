//! Re-running a test from one step: which results of an earlier run the new run may take over
//! instead of running those steps again.

use std::collections::BTreeSet;

use super::definition::StepSpec;
use super::graph::Graph;

/// The steps of `graph` whose recorded results a re-run from `from` may take from an earlier
/// run of `earlier` (its steps as written): each step that is not `from`, waits for `from`
/// neither directly nor through others, is written exactly as it was, and waits only for
/// steps taken over too. Anything changed since the earlier run runs again, with all it feeds.
pub fn reusable(graph: &Graph, earlier: &[StepSpec], from: &str) -> BTreeSet<String> {
    let mut reused = BTreeSet::new();
    // In run order, so a step's dependencies are decided before the step.
    for node in &graph.nodes {
        let unchanged = earlier.contains(&node.step);
        if node.id != from && unchanged && node.after.iter().all(|id| reused.contains(id)) {
            reused.insert(node.id.clone());
        }
    }
    reused
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

    fn ids(set: &BTreeSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_rerun_keeps_what_does_not_wait_for_the_step() {
        let (graph, steps) = graph(TRIAGE);
        assert_eq!(ids(&reusable(&graph, &steps, "kind")), ["words"]);
        assert_eq!(ids(&reusable(&graph, &steps, "route")), ["kind", "words"]);
        assert_eq!(
            ids(&reusable(&graph, &steps, "page")),
            ["kind", "queue", "route", "words"]
        );
    }

    #[test]
    fn a_changed_step_runs_again_with_everything_it_feeds() {
        let (_, earlier) = graph(TRIAGE);
        let changed = TRIAGE.replace("inputs.text | length", "inputs.text | length * 2");
        let (graph, _) = graph(&changed);
        assert_eq!(ids(&reusable(&graph, &earlier, "page")), ["kind", "route"]);
    }
}
