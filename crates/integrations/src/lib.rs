//! Everything that talks to the outside world: connectors, model providers, secrets at rest,
//! outbound webhooks and single sign-on; documents and retrieval in later issues.

pub mod callback;
pub mod connectors;
pub mod models;
pub mod oidc;
pub mod secrets;
pub mod webhook;
