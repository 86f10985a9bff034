//! The static policy check: which labelled data reaches which model, and whether each step is
//! permitted where it would run.

use paddock_core::connection::Access;
use paddock_core::label::{Clearance, Label};
use paddock_core::policy::{Analysis, ConnectionSink, Context, Violation, analyse, check};
use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::load;

/// The demo's models: `private-secure` cleared for everything, `hosted-general` for internal
/// data without categories.
fn demo_models() -> Context {
    let mut context = Context::default();
    for (name, clearance) in [
        ("builtin", "restricted/*"),
        ("private-secure", "restricted/*"),
        ("hosted-general", "internal"),
    ] {
        context
            .models
            .insert(name.to_owned(), Clearance::parse(clearance).unwrap());
    }
    context
}

fn violations(text: &str) -> Vec<Violation> {
    let workflow = load(text, &Catalog::builtin(), &Expressions::new()).unwrap();
    check(&workflow, &Catalog::builtin(), &demo_models())
}

fn claim_summary(model: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: claim-summary
inputs:
  claim: {{ type: string, required: true, label: confidential/pii }}
  channel: {{ type: string }}
steps:
  - id: clean
    uses: template
    with: {{ value: \"{{{{ inputs.claim | trim }}}}\" }}
  - id: summary
    uses: llm
    with: {{ model: {model}, prompt: \"Summarise for {{{{ inputs.channel }}}}: {{{{ steps.clean.output }}}}\" }}
outputs:
  summary: \"{{{{ steps.summary.output }}}}\"
"
    )
}

#[test]
fn confidential_pii_input_sent_to_a_model_cleared_for_internal_is_named_with_its_path() {
    let found = violations(&claim_summary("hosted-general"));
    assert_eq!(found.len(), 1, "{found:#?}");
    let violation = &found[0];
    assert_eq!(violation.path, "steps[1]");
    assert_eq!(violation.step, "summary");
    assert_eq!(violation.source.as_deref(), Some("inputs.claim"));
    assert_eq!(violation.label.as_deref(), Some("confidential/pii"));
    assert_eq!(violation.through, ["clean"]);
    assert_eq!(violation.sink, "the model hosted-general");
    assert_eq!(violation.clearance.as_deref(), Some("internal"));
    assert_eq!(
        violation.message,
        "inputs.claim is confidential/pii and reaches the model hosted-general through clean at step summary, but hosted-general is cleared only for internal"
    );
    assert!(
        violation.fix.contains("builtin, private-secure"),
        "{}",
        violation.fix
    );
}

#[test]
fn the_same_workflow_passes_with_a_model_cleared_for_it() {
    assert_eq!(violations(&claim_summary("private-secure")), []);
}

#[test]
fn unlabelled_inputs_are_internal_and_data_not_read_by_the_sink_does_not_count() {
    let text = "apiVersion: paddock/v1
kind: Workflow
name: greeting
inputs:
  name: { type: string }
  secret: { type: string, label: restricted }
steps:
  - id: hidden
    uses: template
    with: { value: \"{{ inputs.secret }}\" }
  - id: greet
    uses: llm
    with: { model: hosted-general, prompt: \"Greet {{ inputs.name }}\" }
";
    assert_eq!(violations(text), []);
}

#[test]
fn a_model_the_workspace_may_not_use_is_a_violation_with_the_models_it_may() {
    let found = violations(&claim_summary("gpt-unvetted"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].source, None);
    assert_eq!(
        found[0].message,
        "step summary uses the model gpt-unvetted, which is not available to this workspace"
    );
    assert_eq!(
        found[0].fix,
        "use one of the models available here: builtin, hosted-general, private-secure"
    );
}

#[test]
fn data_is_followed_into_a_map_through_its_items_and_out_through_its_results() {
    let text = "apiVersion: paddock/v1
kind: Workflow
name: per-claim
inputs:
  claims: { type: list, items: string, label: confidential/pii }
steps:
  - id: each
    uses: map
    with:
      items: \"{{ inputs.claims }}\"
      steps:
        - id: shout
          uses: template
          with: { value: \"{{ item | upper }}\" }
        - id: look
          uses: llm
          with: { model: hosted-general, prompt: \"{{ steps.shout.output }}\" }
  - id: overall
    uses: llm
    with: { model: hosted-general, prompt: \"{{ steps.each.output }}\" }
";
    let found = violations(text);
    let at: Vec<(&str, &str, Vec<String>)> = found
        .iter()
        .map(|v| (v.path.as_str(), v.step.as_str(), v.through.clone()))
        .collect();
    assert_eq!(
        at,
        [
            ("steps[0].with.steps[1]", "look", vec!["shout".to_owned()]),
            ("steps[1]", "overall", vec!["each".to_owned()]),
        ],
        "{found:#?}"
    );
}

#[test]
fn data_is_followed_through_branches_and_the_whole_inputs_object() {
    let text = "apiVersion: paddock/v1
kind: Workflow
name: routed
inputs:
  card: { type: string, label: confidential/pci }
steps:
  - id: everything
    uses: template
    with: { value: \"{{ inputs | tojson }}\" }
  - id: route
    uses: branch
    with:
      cases:
        - when: \"{{ steps.everything.output != '' }}\"
          then: [ask]
  - id: ask
    uses: llm
    with: { model: hosted-general, prompt: \"{{ steps.route.output }}\" }
";
    let found = violations(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].source.as_deref(), Some("inputs.card"));
    assert_eq!(found[0].through, ["everything", "route"]);
}

#[test]
fn masking_does_not_lower_a_label_and_every_way_a_value_arrives_counts() {
    let text = "apiVersion: paddock/v1
kind: Workflow
name: masked
inputs:
  note: { type: string, label: internal/pii }
steps:
  - id: mask
    uses: redact
    with: { text: \"{{ inputs.note }}\" }
  - id: plain
    uses: template
    with: { value: \"{{ inputs.note }}\" }
  - id: ask
    uses: llm
    with: { model: hosted-general, prompt: \"{{ steps.mask.output.text }} {{ steps.plain.output }}\" }
";
    let found = violations(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].source.as_deref(), Some("inputs.note"));
    assert_eq!(found[0].label.as_deref(), Some("internal/pii"));
    assert_eq!(found[0].through.len(), 1, "{found:#?}");
}

/// The demo's ticketing connection bound as `tickets`: it answers internal data and is cleared
/// for internal data; creating a ticket writes, fetching one reads.
fn with_tickets(actions: Option<&[(&str, Access)]>) -> Context {
    let mut context = demo_models();
    context.connections.insert(
        "tickets".to_owned(),
        ConnectionSink {
            name: "tickets-sandbox".to_owned(),
            actions: actions.map(|list| {
                list.iter()
                    .map(|(name, access)| ((*name).to_owned(), *access))
                    .collect()
            }),
            members_only: None,
            read_label: Label::parse("confidential").unwrap(),
            write_clearance: Clearance::parse("internal").unwrap(),
        },
    );
    context
}

fn ticket_workflow(action: &str, alias: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: file-ticket
inputs:
  claim: {{ type: string, required: true, label: confidential/pii }}
  title: {{ type: string }}
steps:
  - id: file
    uses: connector
    with:
      connection: {alias}
      action: {action}
      input: {{ title: \"{{{{ inputs.title }}}}\", body: \"{{{{ inputs.claim }}}}\" }}
  - id: tell
    uses: llm
    with: {{ model: hosted-general, prompt: \"{{{{ steps.file.output }}}}\" }}
"
    )
}

fn analyse_with(text: &str, context: &Context) -> Analysis {
    let workflow = load(text, &Catalog::builtin(), &Expressions::new()).unwrap();
    analyse(&workflow, &Catalog::builtin(), context)
}

#[test]
fn a_connection_receives_only_what_it_is_cleared_for_and_its_answers_carry_the_read_label() {
    let context = with_tickets(Some(&[("create", Access::Write), ("fetch", Access::Read)]));
    let found = analyse_with(&ticket_workflow("create", "tickets"), &context);
    let sinks: Vec<(&str, Option<&str>, &str)> = found
        .violations
        .iter()
        .map(|v| (v.step.as_str(), v.source.as_deref(), v.sink.as_str()))
        .collect();
    assert_eq!(
        sinks,
        [
            ("file", Some("inputs.claim"), "the connection tickets"),
            // The ticket system answers confidential data, which the hosted model may not see.
            (
                "tell",
                Some("connections.tickets"),
                "the model hosted-general"
            ),
            ("tell", Some("inputs.claim"), "the model hosted-general"),
        ]
    );
    assert!(found.violations[0].message.contains("tickets-sandbox"));
    assert_eq!(found.sent["file"].to_string(), "confidential/pii");

    // A read sends its input too (in its address or parameters): the same check holds.
    let read = analyse_with(&ticket_workflow("fetch", "tickets"), &context);
    assert_eq!(read.violations[0].step, "file", "{:#?}", read.violations);
    assert_eq!(read.violations[0].source.as_deref(), Some("inputs.claim"));
}

#[test]
fn an_unbound_alias_a_closed_connection_and_an_action_not_allowed_are_violations() {
    let context = with_tickets(Some(&[("fetch", Access::Read)]));
    let unbound = analyse_with(&ticket_workflow("fetch", "crm"), &context).violations;
    assert!(unbound[0].message.contains("not bound"), "{unbound:#?}");
    assert!(unbound[0].fix.contains("tickets"));

    let action = analyse_with(&ticket_workflow("create", "tickets"), &context).violations;
    assert!(action[0].message.contains("action create"), "{action:#?}");
    assert_eq!(action[0].fix, "use one of its actions: fetch");

    let closed = analyse_with(&ticket_workflow("fetch", "tickets"), &with_tickets(None)).violations;
    assert!(closed[0].message.contains("may not use"), "{closed:#?}");

    let mut context = with_tickets(Some(&[("fetch", Access::Read)]));
    let sink = context.connections.get_mut("tickets").unwrap();
    sink.members_only = Some(vec!["Claims seniors".to_owned()]);
    let members = analyse_with(&ticket_workflow("fetch", "tickets"), &context).violations;
    assert_eq!(members[0].step, "file", "{members:#?}");
    assert!(
        members[0]
            .message
            .contains("only members of Claims seniors may use"),
        "{members:#?}"
    );
}

#[test]
fn what_each_model_step_sends_is_recorded_for_the_check_at_the_sink() {
    let found = analyse_with(&claim_summary("private-secure"), &demo_models());
    assert!(found.violations.is_empty(), "{:#?}", found.violations);
    // The cleaned claim and the channel both reach the prompt: the join of their labels.
    assert_eq!(found.sent["summary"].to_string(), "confidential/pii");
    // Steps that send nothing out of the run are not sinks.
    assert!(!found.sent.contains_key("clean"));
}

#[test]
fn an_output_above_an_audiences_clearance_is_named_with_its_path() {
    use paddock_core::publishing::InterfaceKind;
    let workflow = load(
        &claim_summary("private-secure"),
        &Catalog::builtin(),
        &Expressions::new(),
    )
    .unwrap();
    let mut context = demo_models();
    context.audiences = vec![
        (
            InterfaceKind::Form,
            Clearance::parse("confidential/pii").unwrap(),
        ),
        (InterfaceKind::Api, Clearance::parse("internal").unwrap()),
    ];
    let found = analyse(&workflow, &Catalog::builtin(), &context);
    assert_eq!(found.outputs.to_string(), "confidential/pii");
    let [violation] = found.violations.as_slice() else {
        panic!("one violation expected: {:#?}", found.violations);
    };
    assert_eq!(violation.sink, "the API's audience");
    assert_eq!(violation.source.as_deref(), Some("inputs.claim"));
    assert_eq!(violation.through, ["clean", "summary"]);
    assert_eq!(violation.clearance.as_deref(), Some("internal"));
    assert!(
        violation
            .fix
            .contains("publish the API to an audience cleared for confidential/pii"),
        "{}",
        violation.fix
    );
}

#[test]
fn what_output_steps_carry_reaches_the_outputs_too() {
    let workflow = load(
        "apiVersion: paddock/v1
kind: Workflow
name: echo
inputs:
  secret: { type: string, label: restricted }
steps:
  - id: out
    uses: output
    with: { values: { echoed: \"{{ inputs.secret }}\" } }
",
        &Catalog::builtin(),
        &Expressions::new(),
    )
    .unwrap();
    let found = analyse(&workflow, &Catalog::builtin(), &Context::default());
    assert_eq!(found.outputs, Label::parse("restricted").unwrap());
}

fn outputs_of(definition: &str) -> Label {
    let workflow = load(definition, &Catalog::builtin(), &Expressions::new()).unwrap();
    analyse(&workflow, &Catalog::builtin(), &Context::default()).outputs
}

#[test]
fn outputs_computed_only_from_public_inputs_are_public() {
    let greeting = "apiVersion: paddock/v1
kind: Workflow
name: greeting
inputs:
  name: { type: string, label: public }
steps:
  - id: hello
    uses: template
    with: { value: \"Hello, {{ inputs.name }}!\" }
outputs:
  greeting: \"{{ steps.hello.output }}\"
";
    assert_eq!(outputs_of(greeting), Label::public());
}

#[test]
fn which_branch_ran_is_not_public_even_when_the_steps_read_nothing() {
    // The answer tells whether the salary is above the line: it carries the salary's label
    // without reading it, so the outputs are at least internal.
    let yes_or_no = "apiVersion: paddock/v1
kind: Workflow
name: above-the-line
inputs:
  salary: { type: number, label: confidential }
steps:
  - id: decide
    uses: branch
    with:
      cases:
        - when: \"{{ inputs.salary > 100000 }}\"
          then: [yes]
      default: [no]
  - id: yes
    uses: template
    with: { value: \"yes\" }
  - id: no
    uses: template
    with: { value: \"no\" }
outputs:
  answer: \"{{ steps.yes.output }}\"
";
    assert_ne!(outputs_of(yes_or_no), Label::public());
}

fn retrieval(model: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: cover-check
inputs:
  question: {{ type: string }}
steps:
  - id: find
    uses: retrieve
    with: {{ knowledge_base: claims-policies, query: \"{{{{ inputs.question }}}}\" }}
  - id: answer
    uses: llm
    with: {{ model: {model}, prompt: \"{{{{ steps.find.output.text }}}}\" }}
"
    )
}

fn with_knowledge(admitted: bool) -> Context {
    let mut context = demo_models();
    context.knowledge_bases.insert(
        "claims-policies".to_owned(),
        paddock_core::policy::KnowledgeSource {
            label: Label::parse("confidential").unwrap(),
            admitted,
            owner: "Claims".to_owned(),
        },
    );
    context
}

fn retrieval_violations(model: &str, context: &Context) -> Vec<Violation> {
    let workflow = load(&retrieval(model), &Catalog::builtin(), &Expressions::new()).unwrap();
    check(&workflow, &Catalog::builtin(), context)
}

#[test]
fn a_knowledge_base_is_a_labelled_source_its_workspace_must_be_admitted_to() {
    assert_eq!(
        retrieval_violations("private-secure", &with_knowledge(true)),
        []
    );

    let leaked = retrieval_violations("hosted-general", &with_knowledge(true));
    assert_eq!(leaked.len(), 1, "{leaked:?}");
    assert_eq!(
        leaked[0].source.as_deref(),
        Some("knowledge.claims-policies")
    );
    assert_eq!(leaked[0].label.as_deref(), Some("confidential"));
    assert_eq!(leaked[0].through, ["find"]);

    let not_shared = retrieval_violations("private-secure", &with_knowledge(false));
    assert_eq!(not_shared.len(), 1, "{not_shared:?}");
    assert_eq!(not_shared[0].step, "find");
    assert!(
        not_shared[0].fix.contains("ask the stewards of Claims"),
        "{not_shared:?}"
    );

    let unknown = retrieval_violations("private-secure", &demo_models());
    assert!(unknown[0].message.contains("does not exist"), "{unknown:?}");
}

fn decision_letter(connection: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: decision-letter
inputs:
  claim: {{ type: string, required: true, label: confidential/pii }}
steps:
  - id: letter
    uses: document
    with:
      format: pdf
      name: decision
      content: \"# Decision\\n\\n{{{{ inputs.claim }}}}\"{connection}
  - id: tell
    uses: llm
    with: {{ model: hosted-general, prompt: \"Sent {{{{ steps.letter.output.name }}}}\" }}
"
    )
}

#[test]
fn a_document_written_to_a_file_store_is_held_to_its_clearance_and_carries_what_it_was_made_of() {
    // Kept with the run only, the document goes to no sink; its output still carries the claim.
    let kept = analyse_with(&decision_letter(""), &with_tickets(None));
    let sinks: Vec<(&str, Option<&str>)> = kept
        .violations
        .iter()
        .map(|v| (v.step.as_str(), v.source.as_deref()))
        .collect();
    assert_eq!(
        sinks,
        [("tell", Some("inputs.claim"))],
        "{:#?}",
        kept.violations
    );

    // Put in a file store, it is a write there: cleared for internal, not for the claim.
    let stored = "\n      connection: tickets\n      path: letters/decision.pdf";
    let context = with_tickets(Some(&[("write", Access::Write)]));
    let found = analyse_with(&decision_letter(stored), &context);
    assert_eq!(
        found.violations[0].step, "letter",
        "{:#?}",
        found.violations
    );
    assert_eq!(found.violations[0].sink, "the connection tickets");
    assert_eq!(found.violations[0].source.as_deref(), Some("inputs.claim"));
    assert_eq!(found.sent["letter"].to_string(), "confidential/pii");
    // What the store answers does not flow on: only the document's description does.
    assert!(
        found
            .violations
            .iter()
            .all(|v| v.source.as_deref() != Some("connections.tickets")),
        "{:#?}",
        found.violations
    );

    // A store workflows may only read from refuses the write.
    let read_only = with_tickets(Some(&[("read", Access::Read)]));
    let refused = analyse_with(&decision_letter(stored), &read_only).violations;
    assert!(refused[0].message.contains("action write"), "{refused:#?}");
}
