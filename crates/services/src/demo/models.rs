//! Two example models beside the built-in one (which every installation has): left switched
//! off and without credentials, they show what IT fills in for a hosted and a private model.

use std::time::Duration;

use paddock_core::label::Clearance;
use paddock_core::model::{Prices, Provider, StructuredOutput};
use paddock_core::values::Slug;
use paddock_store::Connection;
use paddock_store::models::{self, ModelSettings};

use crate::ServiceError;

struct Example {
    name: &'static str,
    description: &'static str,
    endpoint: &'static str,
    model_id: &'static str,
    /// US dollars per million tokens, in millionths.
    prices: Prices,
    monthly_token_budget: Option<u64>,
    /// What data it may receive: a hosted model only the organisation's everyday data, a
    /// private one everything.
    clearance: &'static str,
}

const EXAMPLES: [Example; 2] = [
    Example {
        name: "hosted-general",
        description: "Example: a hosted general-purpose model. Add the API key and switch it on.",
        endpoint: "https://api.openai.com/v1",
        model_id: "gpt-4o-mini",
        prices: Prices {
            input_micros_per_million: 150_000,
            output_micros_per_million: 600_000,
        },
        monthly_token_budget: Some(2_000_000),
        clearance: "internal",
    },
    Example {
        name: "private-secure",
        description: "Example: a model served inside the company network (vLLM, Ollama). Point it at the server and switch it on.",
        endpoint: "http://llm.internal:8000/v1",
        model_id: "meta-llama/Llama-3.1-8B-Instruct",
        prices: Prices {
            input_micros_per_million: 0,
            output_micros_per_million: 0,
        },
        monthly_token_budget: None,
        clearance: "restricted/*",
    },
];

pub(super) async fn seed(conn: &mut Connection) -> Result<(), ServiceError> {
    for example in EXAMPLES {
        if models::find(conn, example.name).await?.is_some() {
            continue;
        }
        let settings = ModelSettings {
            name: Slug::parse(example.name).expect("demo model names are valid"),
            provider: Provider::Openai,
            description: example.description.to_owned(),
            endpoint: Some(example.endpoint.to_owned()),
            model_id: Some(example.model_id.to_owned()),
            sealed_credential: None,
            structured_output: StructuredOutput::JsonSchema,
            context_limit: Some(128_000),
            timeout: Duration::from_secs(120),
            prices: example.prices,
            all_workspaces: true,
            monthly_token_budget: example.monthly_token_budget,
            workspaces: Vec::new(),
            enabled: false,
            clearance: Clearance::parse(example.clearance).expect("demo clearances are valid"),
        };
        models::insert(conn, &settings).await?;
    }
    Ok(())
}
