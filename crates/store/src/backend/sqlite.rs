//! SQLite: the embedded default. WAL so that readers never block the writer, a busy timeout so
//! that writers queue instead of failing, and foreign keys enforced.

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

pub(super) const MAX_CONNECTIONS: u32 = 8;

/// Per-connection settings (the journal mode is a property of the file, set in [`prepare_file`]).
pub(super) const CONNECTION_SETTINGS: &str =
    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

/// Creates the database file if needed (never its directory) and switches it to WAL.
pub(super) async fn prepare_file(url: &str) -> Result<(), sqlx::Error> {
    let connection = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .connect()
        .await?;
    connection.close().await
}
