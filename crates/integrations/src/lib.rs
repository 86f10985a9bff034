//! Everything that talks to the outside world: connectors, model providers, secrets, documents
//! and retrieval (later issues), and outbound webhooks.

pub mod oidc;
pub mod webhook;
