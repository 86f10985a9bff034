//! The two backends. Connection settings and migrations differ per backend; queries do not.

mod postgres;
mod sqlite;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::fmt;
use std::time::Duration;

use crate::StoreError;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &sqlite::MIGRATOR,
            Backend::Postgres => &postgres::MIGRATOR,
        }
    }
}

/// A database URL whose scheme names a supported backend: `sqlite:PATH` or `postgres://…`.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::InvalidUrl(format!(
                "'{}' is neither sqlite:PATH nor postgres://…",
                redact(url)
            )));
        };
        Ok(Self {
            url: url.to_owned(),
            backend,
        })
    }

    /// The SQLite database file at `path`.
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        Self {
            url: format!("sqlite://{}", path.display()),
            backend: Backend::Sqlite,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn as_str(&self) -> &str {
        &self.url
    }
}

/// Shows the URL with any password replaced, so it can be logged and printed.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            if credentials.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

/// A pool of connections to one database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// A transaction; dereferences to a [`crate::Connection`]. Dropped without `commit`, it rolls
/// back, so nothing half-written remains.
pub struct Transaction(sqlx::Transaction<'static, sqlx::Any>);

impl Transaction {
    pub async fn commit(self) -> Result<(), StoreError> {
        self.0.commit().await.map_err(StoreError::from)
    }
}

impl std::ops::Deref for Transaction {
    type Target = crate::Connection;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Transaction {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Store {
    /// Connects. For SQLite the database file is created if missing (and switched to WAL), but
    /// never its directory; an unreachable PostgreSQL server is reported and nothing is changed.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self, StoreError> {
        install_default_drivers();
        let unreachable = |source| StoreError::Unreachable {
            url: url.to_string(),
            source,
        };
        if url.backend == Backend::Sqlite {
            sqlite::prepare_file(url.as_str())
                .await
                .map_err(unreachable)?;
        }
        let backend = url.backend;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => sqlite::MAX_CONNECTIONS,
                Backend::Postgres => postgres::MAX_CONNECTIONS,
            })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    let settings = match backend {
                        Backend::Sqlite => sqlite::CONNECTION_SETTINGS,
                        Backend::Postgres => postgres::CONNECTION_SETTINGS,
                    };
                    connection.execute(settings).await?;
                    Ok(())
                })
            })
            .connect(url.as_str())
            .await
            .map_err(unreachable)?;
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Ready means: the database answers and every migration this binary knows is applied.
    pub async fn check_ready(&self) -> Result<(), StoreError> {
        let latest = self
            .backend
            .migrator()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(_) => StoreError::MigrationsPending,
                    _ => StoreError::from(error),
                })?;
        if applied.unwrap_or(0) < latest {
            return Err(StoreError::MigrationsPending);
        }
        Ok(())
    }

    pub async fn begin(&self) -> Result<Transaction, StoreError> {
        Ok(Transaction(self.pool.begin().await?))
    }

    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Waits for connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
