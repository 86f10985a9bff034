//! The only crate that speaks SQL.
//!
//! Every query is written once against sqlx's `Any` driver and runs on both backends; what
//! differs per backend — connection settings and migrations — lives in [`backend`]. Queries
//! take a [`Connection`] so that callers can run several of them in one [`Transaction`].

pub mod api_keys;
pub mod audit;
mod backend;
pub mod error;
pub mod grants;
pub mod groups;
pub mod models;
pub mod oidc;
pub mod organization;
pub mod runs;
pub mod scim;
pub mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod users;
pub mod workflows;
pub mod workspaces;

pub use backend::{Backend, DatabaseUrl, RunAnnouncements, Store, Transaction};
pub use error::StoreError;

/// A database connection: from the pool, or the inside of a [`Transaction`].
pub type Connection = sqlx::AnyConnection;
