//! The two backends. Connection settings and migrations differ per backend; queries do not.

mod postgres;
mod sqlite;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::StoreError;
use crate::live_apps::LiveApps;

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

/// The URL with its password (in the user info or a `password=` parameter) masked. A URL that
/// cannot be parsed is not shown at all, since where its password is cannot be known.
fn redact(url: &str) -> String {
    if url.starts_with("sqlite:") {
        return url.to_owned();
    }
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "<unparseable URL>".to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    }
    if parsed
        .query_pairs()
        .any(|(key, _)| key.eq_ignore_ascii_case("password"))
    {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(key, value)| {
                let value = if key.eq_ignore_ascii_case("password") {
                    "***".to_owned()
                } else {
                    value.into_owned()
                };
                (key.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// "no such table" (SQLite) or undefined_table (PostgreSQL): the schema was never migrated.
fn is_missing_table(error: &dyn sqlx::error::DatabaseError) -> bool {
    error.code().as_deref() == Some("42P01") || error.message().contains("no such table")
}

/// A pool of connections to one database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where transactions write. On SQLite, one connection: SQLite takes one writer at a time,
    /// and its own wait for the write lock sleeps and retries (1, 2, 5, 10… ms), idling the
    /// database between writers; waiting for this connection instead hands it from one
    /// transaction straight to the next, in turn, with its page cache warm. On PostgreSQL, the
    /// one pool.
    writes: AnyPool,
    backend: Backend,
    url: DatabaseUrl,
    /// The live deployments of apps, as last read ([`Store::live_named`]).
    pub(crate) live_apps: Arc<LiveApps>,
}

/// A subscription to run announcements on PostgreSQL.
pub struct RunAnnouncements {
    listener: sqlx::postgres::PgListener,
    live_apps: Arc<LiveApps>,
}

impl RunAnnouncements {
    /// Waits for the next announcement of runs; announcements of changed deployments, which
    /// come on the same connection, are taken in passing. A lost connection is re-established
    /// at the next call; as announcements may have been missed meanwhile, losing it counts as
    /// both (the workers also look at the queue every so often).
    pub async fn next(&mut self) -> Result<(), StoreError> {
        loop {
            match self.listener.try_recv().await? {
                Some(announced) if announced.channel() == postgres::DEPLOYMENTS_CHANNEL => {
                    self.live_apps.changed();
                }
                Some(_) => return Ok(()),
                None => {
                    self.live_apps.changed();
                    return Ok(());
                }
            }
        }
    }
}

/// A transaction; dereferences to a [`crate::Connection`]. Dropped without `commit`, it rolls
/// back, so nothing half-written remains.
pub struct Transaction {
    inner: sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    live_apps: Arc<LiveApps>,
    changes_deployments: bool,
}

impl Transaction {
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if self.changes_deployments && self.backend == Backend::Postgres {
            // Delivered to the other processes when the transaction commits, and only then.
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(postgres::DEPLOYMENTS_CHANNEL)
                .execute(&mut *self.inner)
                .await?;
        }
        self.inner.commit().await?;
        if self.changes_deployments {
            self.live_apps.changed();
        }
        Ok(())
    }

    /// The transaction deploys, freezes, unfreezes or opens a deployment: once it commits,
    /// every process reads the live deployments again ([`Store::live_named`]).
    pub(crate) fn changes_deployments(&mut self) {
        self.changes_deployments = true;
    }
}

impl std::ops::Deref for Transaction {
    type Target = crate::Connection;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl std::ops::DerefMut for Transaction {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
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
        let pool = pool_options(
            backend,
            match backend {
                Backend::Sqlite => sqlite::MAX_CONNECTIONS,
                Backend::Postgres => postgres::MAX_CONNECTIONS,
            },
        )
        .connect(url.as_str())
        .await
        .map_err(unreachable)?;
        let writes = match backend {
            Backend::Sqlite => pool_options(backend, 1)
                .connect(url.as_str())
                .await
                .map_err(unreachable)?,
            Backend::Postgres => pool.clone(),
        };
        Ok(Self {
            pool,
            writes,
            backend,
            url: url.clone(),
            live_apps: Arc::default(),
        })
    }

    /// Tells every process sharing the database that runs wait to be claimed, so their idle
    /// workers start at once. PostgreSQL only: SQLite is one process's database, whose workers
    /// are woken in memory.
    pub async fn announce_runs(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(postgres::RUNS_CHANNEL)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Announcements of runs queued by any process ([`Store::announce_runs`]); `None` on SQLite.
    pub async fn listen_for_runs(&self) -> Result<Option<RunAnnouncements>, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let mut listener = sqlx::postgres::PgListener::connect(self.url.as_str()).await?;
        listener
            .listen_all([postgres::RUNS_CHANNEL, postgres::DEPLOYMENTS_CHANNEL])
            .await?;
        // Changes announced before this subscription (a resubscription's gap) were not heard.
        self.live_apps.changed();
        Ok(Some(RunAnnouncements {
            listener,
            live_apps: self.live_apps.clone(),
        }))
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
                    sqlx::Error::Database(db) if is_missing_table(db.as_ref()) => {
                        StoreError::MigrationsPending
                    }
                    _ => StoreError::from(error),
                })?;
        if applied.unwrap_or(0) < latest {
            return Err(StoreError::MigrationsPending);
        }
        Ok(())
    }

    /// Begins a transaction. On SQLite it waits its turn as the one writer, then takes the
    /// write lock at once (`BEGIN IMMEDIATE`), so a transaction that reads before it writes
    /// never fails when it later writes.
    pub async fn begin(&self) -> Result<Transaction, StoreError> {
        let transaction = match self.backend {
            Backend::Sqlite => self.writes.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writes.begin().await?,
        };
        Ok(Transaction {
            inner: transaction,
            backend: self.backend,
            live_apps: self.live_apps.clone(),
            changes_deployments: false,
        })
    }

    /// A connection for a write that needs no transaction (one statement), taken in turn with
    /// transactions as [`Store::begin`] does.
    pub async fn writer(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, StoreError> {
        Ok(self.writes.acquire().await?)
    }

    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Waits for connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        self.writes.close().await;
        self.pool.close().await;
    }
}

/// A pool of at most `connections`, each with the backend's settings. A caller that waits five
/// seconds for a connection gets an error (the database is busy) rather than waiting on. A
/// PostgreSQL connection is checked before it is handed out (the server may have dropped it); a
/// SQLite one, a file opened in this process, is not: the check would cost a round trip to the
/// connection's thread on every use.
fn pool_options(backend: Backend, connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .test_before_acquire(backend == Backend::Postgres)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_passwords() {
        for (url, shown) in [
            (
                "postgres://paddock:s3cret@db:5432/paddock",
                "postgres://paddock:***@db:5432/paddock",
            ),
            ("postgres://u:s3cret@ss@db/x", "postgres://u:***@db/x"),
            (
                "postgres://u@db/x?password=s3cret&sslmode=require",
                "postgres://u@db/x?password=***&sslmode=require",
            ),
            ("postgres://u@db/x", "postgres://u@db/x"),
            (
                "sqlite:///var/lib/paddock/paddock.sqlite3",
                "sqlite:///var/lib/paddock/paddock.sqlite3",
            ),
            ("postgres://u:s3cret@[bad", "<unparseable URL>"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:x.db").unwrap().backend(),
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://h/db").unwrap().backend(),
            Backend::Postgres
        );
        let refused = DatabaseUrl::parse("mysql://root:hunter2@h/db")
            .unwrap_err()
            .to_string();
        assert!(!refused.contains("hunter2"), "{refused}");
    }
}
