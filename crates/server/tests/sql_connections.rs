//! The SQL connector against real databases — PostgreSQL and MariaDB on this machine, and a
//! SQLite file: parameterized statements only, read actions that cannot write, row limits.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use sqlx::Connection;
use support::{Session, TestApp, spawn_app};

/// A sample policies database on one engine, and how to reach it.
struct Sample {
    engine: &'static str,
    settings: Value,
    /// Placeholders in this engine's syntax.
    first: &'static str,
    second: &'static str,
    /// What to run when the test ends.
    cleanup: Option<(String, String)>,
    _file: Option<tempfile::TempDir>,
}

const SCHEMA: [&str; 2] = [
    "CREATE TABLE policies (number VARCHAR(20) PRIMARY KEY, holder VARCHAR(100) NOT NULL, covered INTEGER NOT NULL)",
    "CREATE TABLE notes (policy VARCHAR(20) NOT NULL, note VARCHAR(200) NOT NULL)",
];
const ROWS: &str = "INSERT INTO policies VALUES ('PN-1', 'Ada Byron', 1), ('PN-2', 'Alan Turing', 0), ('PN-3', 'Grace Hopper', 1)";

async fn postgres() -> Sample {
    let server = std::env::var("PADDOCK_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let name = format!("sqlconn_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let base = server.rsplit_once('/').unwrap().0;
    let mut conn = sqlx::PgConnection::connect(&format!("{base}/{name}"))
        .await
        .unwrap();
    for statement in SCHEMA.iter().chain([&ROWS]) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    Sample {
        engine: "postgres",
        settings: json!({
            "engine": "postgres", "host": "127.0.0.1", "port": 5432, "database": name,
            "username": "postgres", "tls": "disable"
        }),
        first: "$1",
        second: "$2",
        cleanup: Some((server, format!("DROP DATABASE {name} WITH (FORCE)"))),
        _file: None,
    }
}

async fn mariadb() -> Sample {
    let server = "mysql://root@127.0.0.1:3306/test";
    let name = format!("sqlconn_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::MySqlConnection::connect(server).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("USE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    for statement in SCHEMA.iter().chain([&ROWS]) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    Sample {
        engine: "mysql",
        settings: json!({
            "engine": "mysql", "host": "127.0.0.1", "port": 3306, "database": name,
            "username": "root", "tls": "disable"
        }),
        first: "?",
        second: "?",
        cleanup: Some((server.to_owned(), format!("DROP DATABASE {name}"))),
        _file: None,
    }
}

async fn sqlite() -> Sample {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policies.sqlite3");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    for statement in SCHEMA.iter().chain([&ROWS]) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
    Sample {
        engine: "sqlite",
        settings: json!({ "engine": "sqlite", "path": path.to_str().unwrap() }),
        first: "?",
        second: "?",
        cleanup: None,
        _file: Some(dir),
    }
}

impl Sample {
    async fn drop_database(&self) {
        if let Some((server, statement)) = &self.cleanup {
            let result = if self.engine == "postgres" {
                let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
            } else {
                let mut conn = sqlx::MySqlConnection::connect(server).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
            };
            result.unwrap();
        }
    }

    fn connection(&self) -> Value {
        let mut settings = self.settings.clone();
        settings["row_limit"] = json!(2);
        settings["actions"] = json!([
            {
                "name": "find_policy", "access": "read",
                "statement": format!("SELECT number, holder, covered FROM policies WHERE number = {}", self.first),
                "parameters": ["{{ input.number }}"],
                "input_schema": { "type": "object", "required": ["number"], "properties": { "number": { "type": "string" } } }
            },
            { "name": "all_policies", "access": "read", "statement": "SELECT number FROM policies ORDER BY number" },
            // Declared a read: it runs read-only, so it cannot delete anything.
            { "name": "sneaky", "access": "read", "statement": "DELETE FROM policies" },
            // DDL commits on its own in MySQL: the session is read-only too.
            { "name": "sneaky_ddl", "access": "read", "statement": "DROP TABLE notes" },
            {
                "name": "add_note", "access": "write",
                "statement": format!("INSERT INTO notes (policy, note) VALUES ({}, {})", self.first, self.second),
                "parameters": ["{{ input.number }}", "{{ input.note }}"]
            }
        ]);
        json!({
            "name": "policies-db",
            "kind": "sql",
            "settings": settings,
            "allowed_ranges": ["127.0.0.1/32"],
            "read_label": "confidential",
            "write_clearance": "confidential",
            "workspaces": ["it-service-desk"]
        })
    }
}

fn workflow(action: &str, input: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: policy-lookup
inputs:
  number: {{ type: string }}
  note: {{ type: string }}
steps:
  - id: query
    uses: connector
    with: {{ connection: policies, action: {action}, input: {input} }}
outputs:
  answer: \"{{{{ steps.query.output }}}}\"
"
    )
}

async fn run(
    builder: &Session,
    app: &TestApp,
    definition: &str,
    inputs: Value,
    status: &str,
) -> Value {
    let id = builder
        .start_test_run(app, "it-service-desk", definition, inputs)
        .await;
    builder.wait_for_run(app, &id, status).await
}

#[tokio::test]
async fn statements_are_parameterized_reads_cannot_write_and_answers_are_capped() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        for sample in [postgres().await, mariadb().await, sqlite().await] {
            let engine = sample.engine;
            let _ = admin.delete(&app, "/api/v1/connections/policies-db").await;
            admin.create_connection(&app, sample.connection()).await;
            admin.bind_in_dev(&app, "policies", "policies-db").await;
            let tested: Value = admin
                .post(&app, "/api/v1/connections/policies-db/test", json!({}))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(tested["ok"], true, "{engine}: {tested}");

            let find = workflow("find_policy", "{ number: \"{{ inputs.number }}\" }");
            let found = run(
                &builder,
                &app,
                &find,
                json!({ "number": "PN-1" }),
                "succeeded",
            )
            .await;
            assert_eq!(
                found["outputs"]["answer"],
                json!({ "rows": [{ "number": "PN-1", "holder": "Ada Byron", "covered": 1 }], "truncated": false }),
                "{engine}"
            );
            // A value is a value, never SQL.
            let injected = run(
                &builder,
                &app,
                &find,
                json!({ "number": "x' OR '1'='1" }),
                "succeeded",
            )
            .await;
            assert_eq!(injected["outputs"]["answer"]["rows"], json!([]), "{engine}");

            let all = run(
                &builder,
                &app,
                &workflow("all_policies", "{}"),
                json!({}),
                "succeeded",
            )
            .await;
            assert_eq!(
                all["outputs"]["answer"]["rows"].as_array().unwrap().len(),
                2,
                "{engine}"
            );
            assert_eq!(all["outputs"]["answer"]["truncated"], true, "{engine}");

            let sneaky = run(
                &builder,
                &app,
                &workflow("sneaky", "{}"),
                json!({}),
                "failed",
            )
            .await;
            assert!(
                sneaky["error"].as_str().unwrap().contains("database"),
                "{engine}: {sneaky}"
            );
            let ddl = run(
                &builder,
                &app,
                &workflow("sneaky_ddl", "{}"),
                json!({}),
                "failed",
            )
            .await;
            assert!(
                ddl["error"].as_str().unwrap().contains("database"),
                "{engine}: {ddl}"
            );
            let still = run(
                &builder,
                &app,
                &find,
                json!({ "number": "PN-3" }),
                "succeeded",
            )
            .await;
            assert_eq!(
                still["outputs"]["answer"]["rows"][0]["holder"], "Grace Hopper",
                "{engine}: nothing deleted"
            );

            let write = workflow(
                "add_note",
                "{ number: \"{{ inputs.number }}\", note: \"{{ inputs.note }}\" }",
            );
            let noted = run(
                &builder,
                &app,
                &write,
                json!({ "number": "PN-2", "note": "renewal due'); DROP TABLE policies; --" }),
                "succeeded",
            )
            .await;
            assert_eq!(noted["outputs"]["answer"]["rows_affected"], 1, "{engine}");
            let after = run(
                &builder,
                &app,
                &find,
                json!({ "number": "PN-2" }),
                "succeeded",
            )
            .await;
            assert_eq!(
                after["outputs"]["answer"]["rows"][0]["holder"], "Alan Turing",
                "{engine}"
            );
            sample.drop_database().await;
        }
    }
}

#[tokio::test]
async fn a_sql_connection_with_more_than_one_statement_or_no_server_is_refused() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        for (settings, why) in [
            (
                json!({ "engine": "postgres", "host": "127.0.0.1", "database": "x",
                        "actions": [{ "name": "two", "access": "read", "statement": "SELECT 1; DROP TABLE x" }] }),
                "one statement",
            ),
            (json!({ "engine": "postgres", "database": "x" }), "host"),
            (
                json!({ "engine": "sqlite", "path": "relative.db" }),
                "absolute path",
            ),
            (
                json!({ "engine": "mysql", "host": "db", "database": "x", "row_limit": 0 }),
                "row_limit",
            ),
        ] {
            let response = admin
                .post(
                    &app,
                    "/api/v1/connections",
                    json!({ "name": "bad-db", "kind": "sql", "settings": settings }),
                )
                .await;
            assert_eq!(response.status(), 422, "{why}");
            let body: Value = response.json().await.unwrap();
            assert!(
                body["error"]["message"].as_str().unwrap().contains(why),
                "{body}"
            );
        }

        // The server's address is checked like any connection's: loopback is refused unless
        // allowed on the connection.
        admin
            .create_connection(
                &app,
                json!({
                    "name": "local-pg", "kind": "sql",
                    "settings": { "engine": "postgres", "host": "localhost", "database": "postgres", "username": "postgres", "tls": "disable" },
                    "all_workspaces": true
                }),
            )
            .await;
        let tested: Value = admin
            .post(&app, "/api/v1/connections/local-pg/test", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(tested["ok"], false);
        assert!(
            tested["message"].as_str().unwrap().contains("blocked"),
            "{tested}"
        );
    }
}
