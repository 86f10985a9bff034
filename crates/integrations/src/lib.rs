//! Everything that talks to the outside world: model providers, secrets at rest, outbound
//! webhooks and single sign-on; connectors, documents and retrieval in later issues.

pub mod models;
pub mod oidc;
pub mod secrets;
pub mod webhook;
