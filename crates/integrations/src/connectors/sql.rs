//! SQL databases — PostgreSQL, MySQL/MariaDB and SQLite. Each action is one parameterized
//! statement an administrator wrote; workflows give only its parameters. A read action runs in a
//! read-only transaction (a read-only connection for SQLite), so it cannot change anything
//! whatever its statement says. Answers are capped at a row limit, calls at a timeout.

use std::time::Duration;

use futures_util::TryStreamExt;
use paddock_core::connection::{Access, HostRule};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sqlx::types::Json;
use sqlx::{Column, ConnectOptions, Connection, Row, TypeInfo};

use super::guard::first_allowed_address;
use super::{ActionSpec, Call, CallError, Connectors, Target, render, validate_input};

const DEFAULT_ROW_LIMIT: u64 = 1000;
const MAX_ROW_LIMIT: u64 = 10_000;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlEngine {
    Postgres,
    Mysql,
    Sqlite,
}

/// How the connection to a database server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SqlTls {
    Disable,
    #[default]
    Prefer,
    Require,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SqlConfig {
    pub engine: SqlEngine,
    /// Where the server is (PostgreSQL, MySQL): host and port.
    pub server: Option<(String, u16)>,
    pub database: Option<String>,
    pub username: Option<String>,
    pub tls: SqlTls,
    /// The database file (SQLite), an absolute path.
    pub path: Option<String>,
    pub row_limit: u64,
    pub timeout: Duration,
    pub actions: Vec<SqlAction>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlAction {
    pub name: String,
    pub access: Access,
    #[serde(default)]
    pub description: String,
    /// One statement, with the engine's placeholders (`$1` for PostgreSQL, `?` otherwise).
    pub statement: String,
    /// The value of each placeholder, in order: templates over the input.
    #[serde(default)]
    pub parameters: Vec<Value>,
    #[serde(default = "any_object")]
    pub input_schema: Value,
}

fn any_object() -> Value {
    json!({ "type": "object" })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    engine: SqlEngine,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    database: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    tls: SqlTls,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    row_limit: Option<u64>,
    #[serde(default)]
    timeout_seconds: Option<u64>,
    #[serde(default)]
    actions: Vec<SqlAction>,
}

impl SqlConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        let raw: RawConfig = serde_path_to_error::deserialize(settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
        let server = match raw.engine {
            SqlEngine::Sqlite => {
                let path = raw.path.as_deref().unwrap_or_default();
                if !path.starts_with('/') {
                    return Err(
                        "settings.path: the absolute path of the SQLite database file".into(),
                    );
                }
                if raw.host.is_some() {
                    return Err("settings.host: a SQLite database is a file; give its path".into());
                }
                None
            }
            SqlEngine::Postgres | SqlEngine::Mysql => {
                let host = raw
                    .host
                    .clone()
                    .ok_or("settings.host: the database server's host")?;
                HostRule::parse(&host).map_err(|e| format!("settings.host: {e}"))?;
                let default_port = if raw.engine == SqlEngine::Postgres {
                    5432
                } else {
                    3306
                };
                if raw.database.as_deref().is_none_or(str::is_empty) {
                    return Err("settings.database: the database to connect to".into());
                }
                Some((host.to_ascii_lowercase(), raw.port.unwrap_or(default_port)))
            }
        };
        let row_limit = raw.row_limit.unwrap_or(DEFAULT_ROW_LIMIT);
        if !(1..=MAX_ROW_LIMIT).contains(&row_limit) {
            return Err(format!("settings.row_limit: between 1 and {MAX_ROW_LIMIT}"));
        }
        let timeout = match raw.timeout_seconds {
            None => DEFAULT_TIMEOUT,
            Some(seconds @ 1..=300) => Duration::from_secs(seconds),
            Some(_) => return Err("settings.timeout_seconds: between 1 and 300".into()),
        };
        let mut names = std::collections::BTreeSet::new();
        for (index, action) in raw.actions.iter().enumerate() {
            let at = format!("settings.actions[{index}]");
            super::check_action_name(&action.name).map_err(|e| format!("{at}.name: {e}"))?;
            if !names.insert(action.name.as_str()) {
                return Err(format!("{at}.name: '{}' is declared twice", action.name));
            }
            let statement = action.statement.trim().trim_end_matches(';');
            if statement.is_empty() {
                return Err(format!("{at}.statement: write the statement"));
            }
            if statement.contains(';') {
                return Err(format!(
                    "{at}.statement: one statement only, without ';' (pass values as parameters)"
                ));
            }
            if jsonschema::meta::validate(&action.input_schema).is_err() {
                return Err(format!("{at}.input_schema: not a valid JSON Schema"));
            }
        }
        Ok(SqlConfig {
            engine: raw.engine,
            server,
            database: raw.database,
            username: raw.username.filter(|u| !u.is_empty()),
            tls: raw.tls,
            path: raw.path,
            row_limit,
            timeout,
            actions: raw.actions,
        })
    }

    pub fn actions(&self) -> Vec<ActionSpec> {
        self.actions
            .iter()
            .map(|action| ActionSpec {
                name: action.name.clone(),
                access: action.access,
                description: action.description.clone(),
                input_schema: action.input_schema.clone(),
            })
            .collect()
    }

    pub fn home(&self) -> Option<HostRule> {
        let (host, port) = self.server.as_ref()?;
        HostRule::parse(&format!("{host}:{port}")).ok()
    }
}

fn failed(error: sqlx::Error) -> CallError {
    let retryable = matches!(error, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut);
    CallError::Failed {
        message: format!(
            "the database refused or failed: {}",
            paddock_core::report::error_chain(&error)
        ),
        retryable,
    }
}

pub async fn call(
    connectors: &Connectors,
    target: &Target,
    config: &SqlConfig,
    call: Call<'_>,
) -> Result<Value, CallError> {
    let action = config
        .actions
        .iter()
        .find(|a| a.name == call.action)
        .ok_or_else(|| {
            CallError::Invalid(format!("{} has no action {}", target.name, call.action))
        })?;
    validate_input(&action.name, &action.input_schema, call.input)?;
    let context = json!({ "input": call.input, "idempotency_key": call.idempotency_key });
    let parameters = action
        .parameters
        .iter()
        .map(|template| render(&connectors.expressions, template, &context))
        .collect::<Result<Vec<_>, _>>()?;
    let statement = action.statement.trim().trim_end_matches(';').to_owned();
    let run = execute(target, config, action.access, &statement, &parameters);
    match tokio::time::timeout(config.timeout, run).await {
        Ok(result) => result,
        Err(_) => Err(CallError::Failed {
            message: format!(
                "the statement took longer than {}s",
                config.timeout.as_secs()
            ),
            retryable: true,
        }),
    }
}

pub async fn test(target: &Target, config: &SqlConfig) -> Result<String, CallError> {
    let run = execute(target, config, Access::Read, "SELECT 1", &[]);
    match tokio::time::timeout(config.timeout, run).await {
        Ok(Ok(_)) => Ok(format!("the {:?} database answered", config.engine).to_lowercase()),
        Ok(Err(error)) => Err(error),
        Err(_) => Err(CallError::Failed {
            message: "the database did not answer in time".into(),
            retryable: true,
        }),
    }
}

/// Binds JSON values to a query: text, numbers, booleans, null; lists and objects as JSON.
macro_rules! bind_all {
    ($query:expr, $parameters:expr) => {{
        let mut query = $query;
        for value in $parameters {
            query = match value {
                Value::Null => query.bind(None::<String>),
                Value::Bool(b) => query.bind(*b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => query.bind(i),
                    None => query.bind(n.as_f64().unwrap_or_default()),
                },
                Value::String(s) => query.bind(s.clone()),
                other => query.bind(Json(other.clone())),
            };
        }
        query
    }};
}

/// A row as a JSON object: each column read as the first of these types it is.
macro_rules! row_json {
    ($row:expr) => {{
        let row = $row;
        let mut object = Map::new();
        for (index, column) in row.columns().iter().enumerate() {
            let value = if let Ok(v) = row.try_get::<Option<i64>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<i32>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<i16>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<f32>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<bool>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<String>, _>(index) {
                json!(v)
            } else if let Ok(v) = row.try_get::<Option<Json<Value>>, _>(index) {
                v.map(|j| j.0).unwrap_or(Value::Null)
            } else {
                return Err(CallError::Invalid(format!(
                    "the column {} is of type {}, which the SQL connector does not read: cast it in the statement (to text or a number)",
                    column.name(),
                    column.type_info().name()
                )));
            };
            object.insert(column.name().to_owned(), value);
        }
        Value::Object(object)
    }};
}

/// Runs the statement; a read in a read-only transaction, rolled back. Reads answer
/// `{rows, truncated}`, writes `{rows_affected}` (and `rows` when the statement returns some).
macro_rules! run_on {
    ($conn:expr, $access:expr, $statement:expr, $parameters:expr, $limit:expr, $begin_read_only:expr) => {{
        let conn = &mut $conn;
        match $access {
            Access::Read => {
                if let Some(begin) = $begin_read_only {
                    sqlx::query(begin).execute(&mut *conn).await.map_err(failed)?;
                }
                let mut rows = Vec::new();
                let mut truncated = false;
                {
                    let query = bind_all!(sqlx::query(sqlx::AssertSqlSafe($statement.to_owned())), $parameters);
                    let mut stream = query.fetch(&mut *conn);
                    while let Some(row) = stream.try_next().await.map_err(failed)? {
                        if rows.len() as u64 == $limit {
                            truncated = true;
                            break;
                        }
                        rows.push(row_json!(&row));
                    }
                }
                if $begin_read_only.is_some() {
                    sqlx::query("ROLLBACK").execute(&mut *conn).await.map_err(failed)?;
                }
                Ok(json!({ "rows": rows, "truncated": truncated }))
            }
            Access::Write => {
                let query = bind_all!(sqlx::query(sqlx::AssertSqlSafe($statement.to_owned())), $parameters);
                let done = query.execute(&mut *conn).await.map_err(failed)?;
                Ok(json!({ "rows_affected": done.rows_affected() }))
            }
        }
    }};
}

async fn execute(
    target: &Target,
    config: &SqlConfig,
    access: Access,
    statement: &str,
    parameters: &[Value],
) -> Result<Value, CallError> {
    let limit = config.row_limit;
    match config.engine {
        SqlEngine::Postgres => {
            let (host, port) = config.server.clone().expect("checked when configured");
            let address = first_allowed_address(&host, port, &target.allowed_ranges).await?;
            let mut options = sqlx::postgres::PgConnectOptions::new()
                .host(&address.ip().to_string())
                .port(address.port())
                .database(config.database.as_deref().unwrap_or_default())
                .ssl_mode(match config.tls {
                    SqlTls::Disable => sqlx::postgres::PgSslMode::Disable,
                    SqlTls::Prefer => sqlx::postgres::PgSslMode::Prefer,
                    SqlTls::Require => sqlx::postgres::PgSslMode::Require,
                })
                .disable_statement_logging();
            if let Some(username) = &config.username {
                options = options.username(username);
            }
            if let Some(password) = &target.secret {
                options = options.password(password);
            }
            let mut conn = options.connect().await.map_err(failed)?;
            let result = run_on!(
                conn,
                access,
                statement,
                parameters,
                limit,
                Some("BEGIN READ ONLY")
            );
            let _ = conn.close().await;
            result
        }
        SqlEngine::Mysql => {
            let (host, port) = config.server.clone().expect("checked when configured");
            let address = first_allowed_address(&host, port, &target.allowed_ranges).await?;
            let mut options = sqlx::mysql::MySqlConnectOptions::new()
                .host(&address.ip().to_string())
                .port(address.port())
                .database(config.database.as_deref().unwrap_or_default())
                .ssl_mode(match config.tls {
                    SqlTls::Disable => sqlx::mysql::MySqlSslMode::Disabled,
                    SqlTls::Prefer => sqlx::mysql::MySqlSslMode::Preferred,
                    SqlTls::Require => sqlx::mysql::MySqlSslMode::Required,
                })
                .disable_statement_logging();
            if let Some(username) = &config.username {
                options = options.username(username);
            }
            if let Some(password) = &target.secret {
                options = options.password(password);
            }
            let mut conn = options.connect().await.map_err(failed)?;
            if access == Access::Read {
                // The session too: a DDL statement commits the transaction implicitly, and
                // what comes after must still be read-only.
                sqlx::query("SET SESSION TRANSACTION READ ONLY")
                    .execute(&mut conn)
                    .await
                    .map_err(failed)?;
            }
            let result = run_on!(
                conn,
                access,
                statement,
                parameters,
                limit,
                Some("START TRANSACTION READ ONLY")
            );
            let _ = conn.close().await;
            result
        }
        SqlEngine::Sqlite => {
            let path = config.path.clone().expect("checked when configured");
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .read_only(access == Access::Read)
                .create_if_missing(false)
                .disable_statement_logging();
            let mut conn = options.connect().await.map_err(failed)?;
            let result = run_on!(
                conn,
                access,
                statement,
                parameters,
                limit,
                None::<&'static str>
            );
            let _ = conn.close().await;
            result
        }
    }
}
