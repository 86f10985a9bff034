//! Throwaway databases for tests: always a SQLite file in a temporary directory, and a fresh
//! PostgreSQL database when `PADDOCK_TEST_DATABASE_URL` names a server. Each is removed when
//! dropped, so tests never see each other's data.

use std::path::PathBuf;

use crate::{Backend, DatabaseUrl, Store};

/// The variable naming the PostgreSQL server (and a database to connect to for administration).
pub const POSTGRES_ENV: &str = "PADDOCK_TEST_DATABASE_URL";

pub struct TestDatabase {
    url: DatabaseUrl,
    /// Keeps the SQLite file's directory alive; the path for tests that need files beside it.
    dir: tempfile::TempDir,
    postgres: Option<PostgresDatabase>,
}

impl TestDatabase {
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The URL as the `paddock` binary takes it (not redacted).
    pub fn url_text(&self) -> String {
        match &self.postgres {
            Some(database) => database.url.clone(),
            None => format!("sqlite://{}", self.sqlite_path().display()),
        }
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// A scratch directory that lives as long as the database.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    fn sqlite_path(&self) -> PathBuf {
        self.dir.path().join("test.sqlite3")
    }

    /// Runs `statement` directly, bypassing every rule of the store: for tests that play an
    /// attacker with database access.
    pub async fn tamper(&self, statement: &str) {
        let store = Store::connect(&self.url)
            .await
            .expect("the test database accepts connections");
        let mut conn = store.acquire().await.expect("a connection");
        sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(&mut *conn)
            .await
            .expect("the tampering statement runs");
        drop(conn);
        store.close().await;
    }

    /// A connected store with every migration applied.
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url)
            .await
            .expect("the test database accepts connections");
        store
            .migrate()
            .await
            .expect("migrations apply to an empty database");
        store
    }
}

/// One database per backend available to this test run: SQLite always, PostgreSQL when
/// `PADDOCK_TEST_DATABASE_URL` is set (and then it must work: an unreachable server fails the
/// test rather than skipping it).
pub async fn test_databases() -> Vec<TestDatabase> {
    let mut databases = vec![sqlite()];
    if let Ok(server) = std::env::var(POSTGRES_ENV) {
        databases.push(postgres(&server).await);
    }
    databases
}

pub fn sqlite() -> TestDatabase {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let url = DatabaseUrl::sqlite_file(&dir.path().join("test.sqlite3"));
    TestDatabase {
        url,
        dir,
        postgres: None,
    }
}

async fn postgres(server: &str) -> TestDatabase {
    use sqlx::Connection;
    let name = format!("paddock_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but the server is unreachable: {e}"));
    // Only names generated just above are interpolated.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("the test role may create databases");
    admin.close().await.ok();
    let url = with_database(server, &name);
    TestDatabase {
        url: DatabaseUrl::parse(&url).expect("a postgres URL"),
        dir: tempfile::tempdir().expect("a temporary directory can be created"),
        postgres: Some(PostgresDatabase {
            server: server.to_owned(),
            name,
            url,
        }),
    }
}

/// `server` with its database name replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

struct PostgresDatabase {
    server: String,
    name: String,
    url: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let server = self.server.clone();
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs outside any async context the test may have had, so use a runtime of our own
        // on a thread of our own.
        let dropped = std::thread::spawn(move || {
            use sqlx::Connection;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server).await.ok()?;
                sqlx::query(sqlx::AssertSqlSafe(statement))
                    .execute(&mut admin)
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("warning: could not drop test database {}", self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "t1"),
            "postgres://u@h:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "t1"),
            "postgres://u@h:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "t1"),
            "postgres://u@h/t1?sslmode=disable"
        );
    }
}
