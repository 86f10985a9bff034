//! `paddock audit verify` and `export` against a real database that an attacker then edits.

use paddock_store::testing::{TestDatabase, test_databases};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn paddock(database: &TestDatabase) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paddock"));
    command
        .env_remove("PADDOCK_CONFIG")
        .env("PADDOCK_DATABASE_URL", database.url_text());
    command
}

fn create_user(database: &TestDatabase, email: &str) {
    let mut child = paddock(database)
        .args([
            "admin",
            "create-user",
            "--role",
            "auditor",
            "--email",
            email,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "correct horse battery").unwrap();
    assert!(child.wait().unwrap().success());
}

fn verify(database: &TestDatabase) -> Output {
    paddock(database)
        .args(["audit", "verify"])
        .output()
        .unwrap()
}

/// A database whose audit trail holds `events` account creations.
async fn databases_with_events(events: usize) -> Vec<TestDatabase> {
    let databases = test_databases().await;
    for database in &databases {
        for n in 0..events {
            create_user(database, &format!("auditor{n}@example.com"));
        }
    }
    databases
}

#[tokio::test]
async fn an_intact_chain_verifies_and_exports() {
    for database in databases_with_events(3).await {
        let output = verify(&database);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("intact: 3 events"));

        let export = paddock(&database)
            .args(["audit", "export", "--format", "jsonl"])
            .output()
            .unwrap();
        assert!(export.status.success());
        let lines: Vec<serde_json::Value> = String::from_utf8(export.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "{:?}", database.backend());
        assert_eq!(lines[0]["action"], "user.created");
        assert_eq!(lines[0]["actor"]["label"], "paddock admin create-user");
        assert_eq!(lines[2]["target"]["label"], "auditor2@example.com");
        assert_eq!(lines[1]["prev_hash"], lines[0]["hash"]);

        let none = paddock(&database)
            .args(["audit", "export", "--until", "2000-01-01"])
            .output()
            .unwrap();
        assert!(none.status.success() && none.stdout.is_empty());
        let bad = paddock(&database)
            .args(["audit", "export", "--since", "last tuesday"])
            .output()
            .unwrap();
        assert_eq!(bad.status.code(), Some(2));
    }
}

#[tokio::test]
async fn an_edited_event_is_reported_with_exit_1() {
    for database in databases_with_events(4).await {
        database
            .tamper("UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2")
            .await;
        let output = verify(&database);
        assert_eq!(output.status.code(), Some(1), "{:?}", database.backend());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("broken at event 2") && stderr.contains("changed"),
            "{stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1);
    }
}

#[tokio::test]
async fn a_deleted_event_is_reported_with_exit_1() {
    for database in databases_with_events(4).await {
        database
            .tamper("DELETE FROM audit_events WHERE seq = 3")
            .await;
        let output = verify(&database);
        assert_eq!(output.status.code(), Some(1), "{:?}", database.backend());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("broken at event 4") && stderr.contains("missing"),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn removing_the_newest_event_is_reported_too() {
    for database in databases_with_events(3).await {
        database
            .tamper("DELETE FROM audit_events WHERE seq = 3")
            .await;
        let output = verify(&database);
        assert_eq!(output.status.code(), Some(1), "{:?}", database.backend());
        assert!(String::from_utf8_lossy(&output.stderr).contains("newest were removed"));
    }
}
