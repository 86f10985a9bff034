//! Everything that talks to the outside world: connectors, model providers, secrets at rest,
//! outbound webhooks and single sign-on; reading documents; searching knowledge.

pub mod callback;
pub mod connectors;
pub mod documents;
pub mod embeddings;
pub mod generate;
pub mod models;
pub mod oidc;
pub mod search;
pub mod secrets;
pub mod webhook;
