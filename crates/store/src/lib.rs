//! The only crate that speaks SQL.
//!
//! Every query is written once against sqlx's `Any` driver and runs on both backends; what
//! differs per backend — connection settings and migrations — lives in [`backend`]. Queries
//! take a [`Connection`] so that callers can run several of them in one [`Transaction`].

pub mod api_keys;
pub mod artifacts;
pub mod audit;
mod backend;
pub mod batches;
pub mod callbacks;
pub mod connections;
pub mod deployments;
pub mod environments;
pub mod error;
pub mod grants;
pub mod groups;
pub mod idempotency;
pub mod knowledge;
pub mod labels;
mod live_apps;
pub mod models;
pub mod oidc;
pub mod organization;
pub mod reviews;
pub mod runs;
pub mod scim;
pub mod secrets;
pub mod sessions;
pub mod signing_keys;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod uploads;
pub mod users;
pub mod versions;
pub mod workflows;
pub mod workspaces;

pub use backend::{Backend, DatabaseUrl, RunAnnouncements, Store, Transaction};
pub use error::StoreError;

/// A database connection: from the pool, or the inside of a [`Transaction`].
pub type Connection = sqlx::AnyConnection;

/// Appends `rows` groups of `columns` placeholders — `($1, $2), ($3, $4)` — to a multi-row
/// `INSERT … VALUES`, whose values are then bound in order. SQLite gets anonymous `?`s: it
/// finds a numbered parameter by a linear search of the statement's names, which makes binding
/// hundreds of them take quadratic time.
pub(crate) fn push_placeholders(
    conn: &Connection,
    statement: &mut String,
    rows: usize,
    columns: usize,
) {
    use std::fmt::Write;
    let numbered = conn.backend_name() != <sqlx::Sqlite as sqlx::Database>::NAME;
    for row in 0..rows {
        statement.push_str(if row == 0 { "(" } else { ", (" });
        for column in 1..=columns {
            let separator = if column == 1 { "" } else { ", " };
            if numbered {
                write!(statement, "{separator}${}", row * columns + column)
            } else {
                write!(statement, "{separator}?")
            }
            .expect("writing to a String");
        }
        statement.push(')');
    }
}
