//! Complete workflows a builder can start from: each runs as it is in the demo, on the built-in
//! model and the demo's connections, with the sample inputs it comes with.

use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// A workflow to start from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkflowTemplate {
    /// The workflow's name in its definition, which a draft made from it starts with.
    #[schema(example = "claim-intake-triage")]
    pub name: String,
    pub title: &'static str,
    /// Its definition's description.
    pub description: String,
    /// The team it is written for, e.g. `Claims`.
    pub category: &'static str,
    /// The definition, YAML, as a draft made from it starts.
    pub definition: &'static str,
    /// Inputs it can be tried with straight away.
    #[schema(value_type = Object)]
    pub sample_inputs: Value,
    /// How many steps it has (those inside a map not counted).
    pub steps: usize,
}

/// (title, category, definition, sample inputs)
fn sources() -> [(&'static str, &'static str, &'static str, Value); 5] {
    [
        (
            "Claim intake triage",
            "Claims",
            include_str!("claim-intake-triage.yaml"),
            json!({
                "claimant": "Maria Jensen",
                "claim_type": "motor",
                "description": "Another car hit mine at a junction and the driver was taken to hospital with an injury.\nEstimated amount: 4200\nInjuries: yes",
            }),
        ),
        (
            "IT ticket routing",
            "IT service desk",
            include_str!("it-ticket-routing.yaml"),
            json!({
                "subject": "VPN is down for the whole office",
                "body": "Nobody on the third floor can reach the VPN or the network drives since 9:00.",
            }),
        ),
        (
            "Due-diligence document review",
            "Legal",
            include_str!("due-diligence-review.yaml"),
            json!({
                "deal": "Project Heron",
                "contract": "Supply agreement\nParties: Heron Logistics BV; Nordwind Freight GmbH\nTerm: three years, renewing automatically\nContract value: 1250000\nChange of control: yes\nEither party may end the agreement on a change of control of the other, and exclusivity applies in the Benelux.",
            }),
        ),
        (
            "RFP first draft",
            "Sales",
            include_str!("rfp-first-draft.yaml"),
            json!({
                "rfp": "Request for proposal: document management for the City of Arden.\nClient: City of Arden\nRequirements: hosting in the EU; support in Dutch and English; training for 40 staff",
                "company_facts": "We host every customer in our own data centres in Amsterdam and Frankfurt. Our support desk answers in Dutch, English and German from 8:00 to 18:00. Training is given on site or online by certified trainers.",
                "due_date": "2026-12-15",
            }),
        ),
        (
            "Support reply draft",
            "Customer service",
            include_str!("support-reply-draft.yaml"),
            json!({
                "customer_name": "Sam",
                "message": "Hello, I was charged twice for my last invoice. Please refund the second payment to my card 4111 1111 1111 1111 or call me on +31 6 1234 5678. Thanks, sam@example.com",
            }),
        ),
    ]
}

static TEMPLATES: LazyLock<Vec<WorkflowTemplate>> = LazyLock::new(|| {
    sources()
        .into_iter()
        .map(|(title, category, definition, sample_inputs)| {
            let workflow =
                crate::workflows::check(definition).expect("every template is a valid workflow");
            WorkflowTemplate {
                name: workflow.definition.name,
                title,
                description: workflow.definition.description.unwrap_or_default(),
                category,
                definition,
                sample_inputs,
                steps: workflow.definition.steps.len(),
            }
        })
        .collect()
});

/// The templates, in the order the gallery shows them.
pub fn all() -> &'static [WorkflowTemplate] {
    &TEMPLATES
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_is_valid_and_its_sample_inputs_fit() {
        let templates = super::all();
        assert_eq!(templates.len(), 5);
        for template in templates {
            let workflow = crate::workflows::check(template.definition).unwrap();
            let inputs = template.sample_inputs.as_object().unwrap();
            paddock_core::workflow::inputs::resolve(&workflow.definition.inputs, inputs)
                .unwrap_or_else(|problems| panic!("{}: {problems:?}", template.name));
        }
    }
}
