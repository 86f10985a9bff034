use std::fmt;

/// Why a store operation failed. The cause chain is kept for the logs; callers decide from the
/// variant.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database URL is not valid: {0}")]
    InvalidUrl(String),
    #[error("cannot connect to the database at {url}")]
    Unreachable {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("applying database migrations failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("the database schema is not up to date (migrations pending)")]
    MigrationsPending,
    #[error("{0} already exists")]
    UniqueViolation(Conflict),
    #[error("a stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("database query failed")]
    Query(#[source] sqlx::Error),
}

/// What a unique constraint protected, for a precise error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    UserEmail,
    WorkspaceSlug,
    EnvironmentSlug,
    GroupName,
    Other,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Conflict::UserEmail => "a user with this e-mail address",
            Conflict::WorkspaceSlug => "a workspace with this name",
            Conflict::EnvironmentSlug => "an environment with this name",
            Conflict::GroupName => "a group with this name",
            Conflict::Other => "a record with these values",
        })
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db_error) = &error
            && db_error.is_unique_violation()
        {
            // PostgreSQL names the constraint; SQLite names the columns in its message.
            let constraint = db_error.constraint().unwrap_or_default();
            let message = db_error.message();
            let violated = |pg_constraint: &str, sqlite_columns: &str| {
                constraint == pg_constraint || message.ends_with(sqlite_columns)
            };
            let conflict = if violated("users_email_key", "users.email") {
                Conflict::UserEmail
            } else if violated("workspaces_slug_key", "workspaces.slug") {
                Conflict::WorkspaceSlug
            } else if violated("user_groups_name_key", "user_groups.name") {
                Conflict::GroupName
            } else if violated("environments_slug_key", "environments.slug") {
                Conflict::EnvironmentSlug
            } else {
                Conflict::Other
            };
            return StoreError::UniqueViolation(conflict);
        }
        StoreError::Query(error)
    }
}

impl StoreError {
    /// Whether the failure is the database being unreachable rather than a bad request.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Unreachable { .. } => true,
            StoreError::Query(sqlx::Error::Database(db_error)) => {
                // SQLite busy or locked past the busy timeout; PostgreSQL shutting down or out
                // of connections.
                let code = db_error.code().unwrap_or_default();
                matches!(
                    code.as_ref(),
                    "5" | "6" | "57P01" | "57P02" | "57P03" | "53300"
                )
            }
            StoreError::Query(error) => matches!(
                error,
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Tls(_)
            ),
            _ => false,
        }
    }
}

pub(crate) fn corrupt(what: impl fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// A text column parsed into its type (an id, mostly); what does not parse is corrupt.
pub(crate) fn parsed<T: std::str::FromStr>(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> Result<T, StoreError>
where
    T::Err: fmt::Display,
{
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    text.parse().map_err(corrupt)
}

/// A JSON text column read into its type; what does not read is corrupt.
pub(crate) fn json_parsed<T: serde::de::DeserializeOwned>(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> Result<T, StoreError> {
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).map_err(corrupt)
}
