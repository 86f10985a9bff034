//! PostgreSQL: the scale-out backend, shared by many `paddock` nodes.

use sqlx::migrate::Migrator;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

pub(super) const MAX_CONNECTIONS: u32 = 16;

/// The channel runs are announced on (`LISTEN`/`NOTIFY`).
pub(super) const RUNS_CHANNEL: &str = "paddock_runs";

/// The channel changed deployments are announced on ([`crate::Store::live_named`]).
pub(super) const DEPLOYMENTS_CHANNEL: &str = "paddock_deployments";

/// Per-connection settings: a runaway query cannot hold a connection for ever.
pub(super) const CONNECTION_SETTINGS: &str = "SET statement_timeout = '30s'";
