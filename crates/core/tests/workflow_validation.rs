//! Workflow definitions: what is accepted, and for what is not, the exact path and words.

use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::{Problems, Workflow, load};

/// The example of DESIGN.md's workflow-format contract.
const TICKET_TRIAGE: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: ticket-triage
description: Route incoming IT tickets
inputs:
  subject: { type: string, required: true }
  body:    { type: string, label: internal }
steps:
  - id: urgency
    uses: template
    with:
      value: "{{ 'high' if 'outage' in inputs.body else 'normal' }}"
  - id: route
    uses: branch
    with:
      cases:
        - when: "{{ steps.urgency.output == 'high' }}"
          then: [page_oncall]
      default: [queue_ticket]
  - id: page_oncall
    uses: template
    with: { value: { queue: on-call, subject: "{{ inputs.subject }}" } }
  - id: queue_ticket
    uses: template
    with: { value: { queue: service-desk, subject: "{{ inputs.subject }}" } }
outputs:
  result: "{{ steps.page_oncall.output or steps.queue_ticket.output }}"
"#;

fn check(text: &str) -> Result<Workflow, Problems> {
    load(text, &Catalog::builtin(), &Expressions::new())
}

/// The problems of an invalid definition, one per line.
fn problems(text: &str) -> String {
    match check(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(problems) => problems.to_string(),
    }
}

/// TICKET_TRIAGE with `from` replaced by `to` (which must be there).
fn triage_with(from: &str, to: &str) -> String {
    assert!(TICKET_TRIAGE.contains(from), "{from}");
    TICKET_TRIAGE.replacen(from, to, 1)
}

#[test]
fn the_design_example_is_valid_and_ordered_by_its_dependencies() {
    let workflow = check(TICKET_TRIAGE).unwrap();
    let order: Vec<&str> = workflow.graph.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(order, ["urgency", "route", "page_oncall", "queue_ticket"]);
    let page = workflow.graph.get("page_oncall").unwrap();
    assert_eq!(page.gated_by.as_deref(), Some("route"));
    let route = workflow.graph.get("route").unwrap();
    assert!(route.after.contains("urgency"));
}

#[test]
fn json_reads_the_same_as_yaml() {
    let json = r#"{"apiVersion":"paddock/v1","kind":"Workflow","name":"echo",
        "inputs":{"text":{"type":"string"}},
        "steps":[{"id":"copy","uses":"template","with":{"value":"{{ inputs.text }}"}}],
        "outputs":{"text":"{{ steps.copy.output }}"}}"#;
    let workflow = check(json).unwrap();
    assert_eq!(workflow.definition.name, "echo");
}

#[test]
fn a_misspelt_reference_names_the_path_and_suggests_the_step() {
    let text = triage_with("steps.urgency.output ==", "steps.urgncy.output ==");
    assert_eq!(
        problems(&text),
        "steps[1].with.cases[0].when: unknown reference steps.urgncy — did you mean steps.urgency?"
    );
    let text = triage_with(
        "subject: \"{{ inputs.subject }}\" } }\n  - id: queue",
        "subject: \"{{ inputs.subjet }}\" } }\n  - id: queue",
    );
    assert_eq!(
        problems(&text),
        "steps[2].with.value.subject: unknown reference inputs.subjet — did you mean inputs.subject?"
    );
}

#[test]
fn a_cycle_is_named_by_its_steps() {
    let text = r#"
apiVersion: paddock/v1
kind: Workflow
name: circular
steps:
  - id: first
    uses: template
    with: { value: "{{ steps.second.output }}" }
  - id: second
    uses: template
    with: { value: "{{ steps.first.output }}" }
"#;
    assert_eq!(
        problems(text),
        "steps[0]: these steps wait for each other in a circle: first → second → first (each waits for the next); a step can only use steps that finish before it"
    );
}

#[test]
fn a_downstream_reference_through_needs_is_a_cycle_too() {
    let text = triage_with(
        "      value: \"{{ 'high' if 'outage' in inputs.body else 'normal' }}\"",
        "      value: \"{{ steps.queue_ticket.output }}\"",
    );
    let found = problems(&text);
    assert!(found.contains("wait for each other in a circle"), "{found}");
    assert!(found.contains("urgency"), "{found}");
}

#[test]
fn a_step_cannot_use_itself_or_what_does_not_exist() {
    let text = triage_with(
        "'high' if 'outage' in inputs.body else 'normal'",
        "steps.urgency.output",
    );
    assert_eq!(
        problems(&text),
        "steps[0].with.value: steps.urgency is this step itself; a step cannot use its own result"
    );
    let text = triage_with("then: [page_oncall]", "then: [page_on_call]");
    assert_eq!(
        problems(&text),
        "steps[1].with.cases[0].then[0]: unknown reference steps.page_on_call — did you mean steps.page_oncall?"
    );
    let text = triage_with(
        "{{ steps.page_oncall.output or",
        "{{ steps.page_oncall.result or",
    );
    assert_eq!(
        problems(&text),
        "outputs.result: steps.page_oncall.result does not exist; a step's result is steps.page_oncall.output"
    );
}

#[test]
fn an_unknown_step_kind_suggests_the_near_one() {
    let text = triage_with(
        "uses: template\n    with:\n      value",
        "uses: tempalte\n    with:\n      value",
    );
    assert_eq!(
        problems(&text),
        "steps[0].uses: unknown step kind 'tempalte' — did you mean template?"
    );
}

#[test]
fn a_default_of_the_wrong_type_is_refused() {
    let text = triage_with(
        "body:    { type: string, label: internal }",
        "body:    { type: integer, default: lots }",
    );
    let found = problems(&text);
    assert!(
        found.contains("inputs.body.default: expected a whole number"),
        "{found}"
    );
    let text = triage_with("label: internal", "label: secret");
    assert!(problems(&text).contains("inputs.body.label: 'secret' is not a label"));
}

#[test]
fn a_template_that_would_run_forever_is_refused_before_anything_runs() {
    let text = triage_with(
        "{{ 'high' if 'outage' in inputs.body else 'normal' }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
    );
    assert_eq!(
        problems(&text),
        "steps[0].with.value: this needs too much work to compute (more than 1000000 steps); simplify it"
    );
}

#[test]
fn with_is_checked_against_the_kind_schema() {
    let text = r#"
apiVersion: paddock/v1
kind: Workflow
name: classify
inputs:
  text: { type: string }
steps:
  - id: kind
    uses: llm.classify
    with:
      model: builtin
      text: "{{ inputs.text }}"
      categories: [only-one]
      colour: blue
"#;
    let found = problems(text);
    assert!(found.contains("steps[0].with.categories: "), "{found}");
    assert!(found.contains("steps[0].with: "), "{found}");
    assert!(found.contains("colour"), "{found}");
}

#[test]
fn shapes_are_checked_with_their_path() {
    let text = triage_with(
        "  - id: route\n    uses: branch",
        "  - id: route\n    retyr: 3\n    uses: branch",
    );
    let found = problems(&text);
    assert!(
        found.starts_with("steps[1].retyr: unknown field `retyr`"),
        "{found}"
    );
    assert_eq!(
        problems("apiVersion: paddock/v2\nkind: Workflow\nname: x\nsteps: []"),
        "apiVersion: 'paddock/v2' is not supported; use paddock/v1\nsteps: a workflow needs at least one step"
    );
    assert_eq!(
        problems("steps: [unclosed"),
        "not valid YAML: did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 8"
    );
    assert!(problems("[1, 2]").contains("is an object"));
}

#[test]
fn the_model_is_named_not_computed() {
    let text = r#"
apiVersion: paddock/v1
kind: Workflow
name: ask
inputs:
  model: { type: string }
steps:
  - id: answer
    uses: llm
    with: { model: "{{ inputs.model }}", prompt: "Hello" }
"#;
    assert!(problems(text).starts_with("steps[0].with.model: name the model itself"));
}

const CLAIMS: &str = r#"
apiVersion: paddock/v1
kind: Workflow
name: claim-review
inputs:
  claims: { type: list, items: object, required: true }
steps:
  - id: review
    uses: map
    with:
      items: "{{ inputs.claims }}"
      concurrency: 2
      steps:
        - id: summary
          uses: template
          with: { value: "Claim {{ index }}: {{ item.description }}" }
        - id: verdict
          uses: template
          with: { value: "{{ steps.summary.output | length > 10 }}" }
  - id: sign_off
    uses: approval
    with:
      title: "Approve {{ steps.review.output | length }} claims"
      approvers: { groups: [Claims approvers] }
      timeout: 72h
outputs:
  verdicts: "{{ steps.review.output }}"
"#;

#[test]
fn a_map_has_its_own_steps_which_see_item_and_index() {
    let workflow = check(CLAIMS).unwrap();
    let review = workflow.graph.get("review").unwrap();
    let body = review.body.as_ref().unwrap();
    let order: Vec<&str> = body.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(order, ["summary", "verdict"]);
    assert!(
        workflow
            .graph
            .get("sign_off")
            .unwrap()
            .after
            .contains("review")
    );
}

#[test]
fn a_maps_steps_are_not_visible_outside_it() {
    let text = CLAIMS.replacen(
        "verdicts: \"{{ steps.review.output }}\"",
        "verdicts: \"{{ steps.verdict.output }}\"",
        1,
    );
    assert_eq!(
        problems(&text),
        "outputs.verdicts: steps.verdict runs inside the map 'review', once per item; use steps.review.output for all its results"
    );
    let text = CLAIMS.replacen("Approve {{ steps", "Approve {{ item }} {{ steps", 1);
    assert_eq!(
        problems(&text),
        "steps[1].with.title: 'item' exists only inside the steps of a map"
    );
}

#[test]
fn duplicate_ids_and_unknown_names_are_refused() {
    let text = CLAIMS.replacen("- id: verdict", "- id: review", 1);
    assert!(problems(&text).contains(
        "steps[0].with.steps[1].id: 'review' is already the id of steps[0]; every step needs its own"
    ));
    let text = CLAIMS.replacen("{{ index }}", "{{ secrets.db_password }}", 1);
    assert!(problems(&text).contains("unknown name 'secrets'"));
}

#[test]
fn an_approval_timeout_must_be_a_duration() {
    let approval = |timeout: &str| {
        format!(
            r#"
apiVersion: paddock/v1
kind: Workflow
name: sign-off
steps:
  - id: decide
    uses: approval
    with:
      title: Sign off
      approvers: {{ users: [approver@demo.local] }}
      timeout: "{timeout}"
      on_timeout: approve
"#
        )
    };
    check(&approval("72h")).unwrap();
    assert_eq!(
        problems(&approval("3 days")),
        "steps[0].with.timeout: '3 days' is not a duration: write e.g. 30s, 5m, 72h or 7d"
    );
}
