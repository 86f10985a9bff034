//! The semantic diff a reviewer reads: steps, fields, words, inputs, outputs and what is used.

use paddock_core::workflow::diff::{Op, SemanticDiff, lines, semantic, words};
use paddock_core::workflow::parse::{Format, parse};

const BEFORE: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-triage
inputs:
  claim: { type: string, required: true, label: internal }
  channel: { type: string }
steps:
  - id: summary
    uses: llm
    with: { model: builtin, prompt: "Summarise the claim for the adjuster: {{ inputs.claim }}" }
  - id: each
    uses: map
    with:
      items: "{{ [1, 2] }}"
      steps:
        - id: note
          uses: template
          with: { value: "{{ item }}" }
  - id: old_step
    uses: template
    with: { value: old }
outputs:
  summary: "{{ steps.summary.output }}"
  legacy: "{{ steps.old_step.output }}"
"#;

const AFTER: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-triage
inputs:
  claim: { type: string, required: true, label: confidential/pii }
  policy: { type: string }
steps:
  - id: summary
    uses: llm
    with: { model: hosted-general, prompt: "Summarise the claim briefly for the claims adjuster: {{ inputs.claim }}" }
  - id: each
    uses: map
    with:
      items: "{{ [1, 2] }}"
      steps:
        - id: note
          uses: template
          with: { value: "{{ item * 2 }}" }
  - id: file
    uses: connector
    with: { connection: tickets, action: create_ticket, input: { title: "{{ inputs.policy }}" } }
outputs:
  summary: "{{ steps.summary.output }}"
  ticket: "{{ steps.file.output }}"
"#;

fn diff() -> SemanticDiff {
    let before = parse(BEFORE, Format::Yaml).unwrap();
    let after = parse(AFTER, Format::Yaml).unwrap();
    semantic(Some(&before), &after)
}

#[test]
fn steps_added_removed_and_changed_down_to_the_field() {
    let found = diff();
    assert!(found.changed);
    let ids = |steps: &[paddock_core::workflow::diff::StepRef]| {
        steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&found.steps_added), ["file"]);
    assert_eq!(ids(&found.steps_removed), ["old_step"]);
    let changed: Vec<(&str, Vec<&str>)> = found
        .steps_changed
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.fields.iter().map(|f| f.path.as_str()).collect(),
            )
        })
        .collect();
    // The map itself is unchanged: its inner step changed, and is named as a step.
    assert_eq!(
        changed,
        [
            ("summary", vec!["with.model", "with.prompt"]),
            ("note", vec!["with.value"]),
        ]
    );
}

#[test]
fn prompt_text_is_compared_word_by_word() {
    let found = diff();
    let prompt = &found.steps_changed[0].fields[1];
    let runs: Vec<(Op, &str)> = prompt
        .words
        .as_ref()
        .unwrap()
        .iter()
        .map(|w| (w.op, w.text.as_str()))
        .collect();
    assert_eq!(
        runs,
        [
            (Op::Same, "Summarise the claim"),
            (Op::Added, "briefly"),
            (Op::Same, "for the"),
            (Op::Added, "claims"),
            (Op::Same, "adjuster: {{ inputs.claim }}"),
        ]
    );
    assert!(words("a b", "a b").iter().all(|w| w.op == Op::Same));
    let yaml = lines("a: 1\nb: 2\nc: 3", "a: 1\nb: 20\nc: 3");
    let yaml: Vec<(Op, &str)> = yaml.iter().map(|r| (r.op, r.text.as_str())).collect();
    assert_eq!(
        yaml,
        [
            (Op::Same, "a: 1"),
            (Op::Removed, "b: 2"),
            (Op::Added, "b: 20"),
            (Op::Same, "c: 3"),
        ]
    );
}

#[test]
fn inputs_outputs_labels_and_what_is_used() {
    let found = diff();
    assert_eq!(found.inputs_added, ["policy"]);
    assert_eq!(found.inputs_removed, ["channel"]);
    assert_eq!(found.inputs_changed.len(), 1);
    assert_eq!(found.inputs_changed[0].path, "inputs.claim.label");
    assert_eq!(
        found.inputs_changed[0].after,
        Some("confidential/pii".into())
    );
    assert_eq!(found.outputs_added, ["ticket"]);
    assert_eq!(found.outputs_removed, ["legacy"]);
    assert_eq!(
        found.uses_added,
        ["connection tickets: create_ticket", "model hosted-general"]
    );
    assert_eq!(found.uses_removed, ["model builtin"]);
}

#[test]
fn the_same_definition_has_no_changes_and_a_first_version_adds_everything() {
    let after = parse(AFTER, Format::Yaml).unwrap();
    let same = semantic(Some(&after), &after);
    assert!(!same.changed);
    assert_eq!(same, SemanticDiff::default());
    let first = semantic(None, &after);
    assert_eq!(first.steps_added.len(), 4);
    assert_eq!(first.inputs_added, ["claim", "policy"]);
    assert!(first.changed);
}
