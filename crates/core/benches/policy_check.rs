//! The static policy check of a 200-step workflow (budget: at most 1 ms).
//! `cargo bench -p paddock-core --bench policy_check`
//!
//! The workflow: three labelled inputs; 200 steps in five chains of templates, each step reading
//! the one before it and, every fourth, an input; every tenth step asks a model (two of the
//! five chains end at a model not cleared for what they carry, so violations are found and
//! explained); every tenth step, five steps later, writes to a connection cleared only for
//! internal data, whose answers are confidential; one chain runs through a map.

use criterion::{Criterion, criterion_group, criterion_main};
use paddock_core::connection::Access;
use paddock_core::label::{Clearance, Label};
use paddock_core::policy::{ConnectionSink, Context, check};
use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::load;
use std::hint::black_box;

const STEPS: usize = 200;

fn workflow() -> String {
    let mut text = String::from(
        "apiVersion: paddock/v1\nkind: Workflow\nname: two-hundred\ninputs:\n  claim: { type: string, label: confidential/pii }\n  card: { type: string, label: restricted/pci }\n  note: { type: string }\n  items: { type: list, items: string, label: internal }\nsteps:\n",
    );
    let inputs = ["claim", "card", "note"];
    for n in 0..STEPS - 2 {
        let chain = n % 5;
        let previous = (n >= 5).then(|| format!("{{{{ steps.s{}.output }}}} ", n - 5));
        let input = if n % 4 == 0 {
            format!("{{{{ inputs.{} }}}}", inputs[chain % 3])
        } else {
            String::new()
        };
        let body = format!("{}{input}", previous.unwrap_or_default());
        let body = if body.is_empty() {
            "x".to_owned()
        } else {
            body
        };
        if n % 10 == 9 {
            let model = if chain < 2 {
                "hosted-general"
            } else {
                "private-secure"
            };
            text.push_str(&format!(
                "  - id: s{n}\n    uses: llm\n    with: {{ model: {model}, prompt: \"{body}\" }}\n"
            ));
        } else if n % 10 == 4 {
            text.push_str(&format!(
                "  - id: s{n}\n    uses: connector\n    with: {{ connection: tickets, action: create, input: {{ title: \"{body}\" }} }}\n"
            ));
        } else {
            text.push_str(&format!(
                "  - id: s{n}\n    uses: template\n    with: {{ value: \"{body}\" }}\n"
            ));
        }
    }
    text.push_str("  - id: each\n    uses: map\n    with:\n      items: \"{{ inputs.items }}\"\n      steps:\n        - id: look\n          uses: llm\n          with: { model: hosted-general, prompt: \"{{ item }} {{ steps.s190.output }}\" }\n");
    text
}

fn context() -> Context {
    let mut context = Context::default();
    for (name, clearance) in [
        ("private-secure", "restricted/*"),
        ("hosted-general", "internal"),
    ] {
        context
            .models
            .insert(name.to_owned(), Clearance::parse(clearance).unwrap());
    }
    context.connections.insert(
        "tickets".to_owned(),
        ConnectionSink {
            name: "tickets-prod".to_owned(),
            actions: Some([("create".to_owned(), Access::Write)].into()),
            members_only: None,
            read_label: Label::parse("confidential").unwrap(),
            write_clearance: Clearance::parse("internal").unwrap(),
        },
    );
    context
}

fn policy_check(c: &mut Criterion) {
    let (catalog, expressions) = (Catalog::builtin(), Expressions::new());
    let text = workflow();
    let workflow = load(&text, &catalog, &expressions).expect("the generated workflow is valid");
    assert_eq!(
        workflow.graph.nodes.len(),
        STEPS - 1,
        "199 steps and a map of one"
    );
    let context = context();
    let found = check(&workflow, &catalog, &context);
    assert!(!found.is_empty(), "the bench finds and explains violations");
    let mut group = c.benchmark_group("policy_check");
    group.bench_function("check_200_steps", |b| {
        b.iter(|| check(black_box(&workflow), &catalog, &context))
    });
    group.sample_size(20);
    group.bench_function("load_validate_and_check_200_steps", |b| {
        b.iter(|| {
            let workflow = load(black_box(&text), &catalog, &expressions).unwrap();
            check(&workflow, &catalog, &context)
        })
    });
    group.finish();
}

criterion_group!(benches, policy_check);
criterion_main!(benches);
