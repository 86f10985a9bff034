//! Batches over HTTP, on every backend: a table's rows each run once, a row that cannot run
//! says why in the results and none is dropped; a batch can be cancelled, resumed and its
//! failed rows retried; only the batch interface's audience may start one.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, answer, error_code, spawn_app};

/// Fails a run when its subject says so: the retry test's failing rows.
const SORT: &str = "apiVersion: paddock/v1
kind: Workflow
name: sort
inputs:
  subject: { type: string, required: true, label: internal }
  priority: { type: integer, default: 3 }
steps:
  - id: checked
    uses: template
    with: { value: \"{{ 1 / 0 if inputs.subject == 'explode' else inputs.subject }}\" }
  - id: queue
    uses: template
    with: { value: \"{{ 'urgent' if inputs.priority < 2 else 'normal' }}\" }
outputs:
  queue: \"{{ steps.queue.output }}\"
  subject: \"{{ steps.checked.output }}\"
";

/// Publishes `sort` in dev as a batch to the named group.
async fn publish_batch(app: &TestApp, group: &str) {
    let admin = app.session("admin@demo.local").await;
    let builder = app.session("builder@demo.local").await;
    let groups = admin.get_json(app, "/api/v1/groups").await;
    let group = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|found| found["name"] == group)
        .unwrap()["id"]
        .clone();
    let workflow = "/api/v1/workspaces/it-service-desk/workflows/sort";
    let saved = builder
        .put(
            app,
            workflow,
            json!({ "definition": SORT, "base_revision": null }),
        )
        .await;
    assert!(saved.status().is_success());
    let (_, version) = answer(
        builder
            .post(
                app,
                &format!("{workflow}/versions"),
                json!({ "message": "v1" }),
            )
            .await,
    )
    .await;
    let (status, review) = answer(
        builder
            .post(
                app,
                &format!("{workflow}/reviews"),
                json!({
                    "version": version["number"], "environment": "dev", "message": "batch it",
                    "interfaces": { "batch": { "audience": [group], "clearance": "internal" } },
                }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 201, "{review}");
}

fn table(name: &str, content: &str, concurrency: Option<u32>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(content.as_bytes().to_vec()).file_name(name.to_owned()),
    );
    if let Some(concurrency) = concurrency {
        form = form.text("concurrency", concurrency.to_string());
    }
    form
}

async fn send_table(
    person: &Session,
    app: &TestApp,
    path: &str,
    form: reqwest::multipart::Form,
) -> (u16, Value) {
    answer(
        person
            .client
            .post(app.url(path))
            .header("X-CSRF-Token", &person.csrf)
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn wait_until(
    person: &Session,
    app: &TestApp,
    id: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut batch = Value::Null;
    for _ in 0..600 {
        batch = person.get_json(app, &format!("/api/v1/batches/{id}")).await;
        if done(&batch) {
            return batch;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the batch never got there on {}: {batch}", app.backend);
}

const BATCHES: &str = "/api/v1/apps/it-service-desk/sort/batches";

#[tokio::test]
async fn every_row_gets_one_result_and_rows_that_cannot_run_say_why() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        publish_batch(&app, "All staff").await;
        let consumer = app.session("consumer@demo.local").await;
        let mut csv = String::from("Subject,priority\n");
        for n in 0..40 {
            csv.push_str(&format!("ticket {n},{}\n", n % 4));
        }
        csv.push_str("too,many,fields\n");
        csv.push_str(",1\n");
        csv.push_str("not a number,high\n");

        let (status, preview) = send_table(
            &consumer,
            &app,
            &format!("{BATCHES}/preview"),
            table("tickets.csv", &csv, None),
        )
        .await;
        assert_eq!(status, 200, "{preview}");
        assert_eq!(
            preview["mapping"],
            json!({ "subject": "Subject", "priority": "priority" })
        );
        assert_eq!(
            (preview["total"].as_u64(), preview["invalid"].as_u64()),
            (Some(43), Some(3)),
            "{preview}"
        );
        let problems: Vec<u64> = preview["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["row"].as_u64().unwrap())
            .collect();
        assert_eq!(problems, [41, 42, 43]);

        let (status, batch) = send_table(
            &consumer,
            &app,
            BATCHES,
            table("tickets.csv", &csv, Some(4)),
        )
        .await;
        assert_eq!(status, 201, "{batch}");
        let id = batch["id"].as_str().unwrap().to_owned();
        let finished = wait_until(&consumer, &app, &id, |b| b["status"] == "finished").await;
        assert_eq!(finished["succeeded"], 40, "{finished}");
        assert_eq!(finished["failed"], 3);
        assert_eq!(finished["invalid"], 3);
        assert_eq!(finished["runs_started"], 40, "each valid row ran once");
        assert_eq!(finished["remaining"], 0);

        let results = consumer
            .get(&app, &format!("/api/v1/batches/{id}/results?format=csv"))
            .await;
        assert_eq!(results.status(), 200);
        let text = results.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            header,
            [
                "row",
                "Subject",
                "priority",
                "status",
                "output.queue",
                "output.subject",
                "error",
                "run"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 43, "one result per input row");
        let second: Vec<&str> = rows[1].iter().take(6).collect();
        assert_eq!(
            second,
            ["2", "ticket 1", "1", "succeeded", "urgent", "ticket 1"]
        );
        assert_eq!(&rows[40][3], "invalid");
        assert!(rows[40][6].contains("values"), "{:?}", &rows[40]);
        assert!(
            rows[41][6].contains("inputs.subject: required"),
            "{:?}",
            &rows[41]
        );
        assert!(
            rows[42][6].contains("'high' is not a whole number"),
            "{:?}",
            &rows[42]
        );

        let jsonl = consumer
            .get(&app, &format!("/api/v1/batches/{id}/results?format=jsonl"))
            .await
            .text()
            .await
            .unwrap();
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 43);
        assert_eq!(lines[0]["outputs"]["queue"], "urgent");

        // The table as a whole must read.
        let (status, refused) = send_table(
            &consumer,
            &app,
            BATCHES,
            table("empty.csv", "Subject\n", None),
        )
        .await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (422, Some("invalid_input")),
            "{refused}"
        );
        let listed = consumer.get_json(&app, BATCHES).await;
        assert_eq!(listed["batches"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_batch_is_cancelled_resumed_and_its_failed_rows_retried() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        publish_batch(&app, "All staff").await;
        let consumer = app.session("consumer@demo.local").await;
        let mut jsonl = String::new();
        for n in 0..30 {
            let subject = if n % 10 == 0 {
                "explode".to_owned()
            } else {
                format!("ticket {n}")
            };
            jsonl.push_str(&json!({ "subject": subject }).to_string());
            jsonl.push('\n');
        }
        let (status, batch) = send_table(
            &consumer,
            &app,
            BATCHES,
            table("tickets.jsonl", &jsonl, Some(1)),
        )
        .await;
        assert_eq!(status, 201, "{batch}");
        let id = batch["id"].as_str().unwrap().to_owned();
        let (status, cancelled) = answer(
            consumer
                .post(&app, &format!("/api/v1/batches/{id}/cancel"), json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, cancelled["status"].as_str()),
            (200, Some("cancelled")),
            "{cancelled}"
        );
        let held = wait_until(&consumer, &app, &id, |b| b["in_progress"] == 0).await;
        assert!(
            held["remaining"].as_u64().unwrap() > 0,
            "cancelled before the end: {held}"
        );
        let started = held["runs_started"].as_u64().unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let still = consumer
            .get_json(&app, &format!("/api/v1/batches/{id}"))
            .await;
        assert_eq!(
            still["runs_started"].as_u64(),
            Some(started),
            "nothing starts while cancelled"
        );

        let (status, _) = answer(
            consumer
                .post(&app, &format!("/api/v1/batches/{id}/resume"), json!({}))
                .await,
        )
        .await;
        assert_eq!(status, 200);
        let finished = wait_until(&consumer, &app, &id, |b| b["status"] == "finished").await;
        let failed = finished["failed"].as_u64().unwrap();
        assert!(failed >= 3, "the exploding rows failed: {finished}");
        assert_eq!(finished["succeeded"].as_u64().unwrap() + failed, 30);

        let (status, retried) = answer(
            consumer
                .post(&app, &format!("/api/v1/batches/{id}/retry"), json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, retried["status"].as_str()),
            (200, Some("running")),
            "{retried}"
        );
        let again = wait_until(&consumer, &app, &id, |b| b["status"] == "finished").await;
        assert_eq!(again["failed"], 3, "the exploding rows fail again: {again}");
        assert_eq!(
            again["runs_started"].as_u64(),
            Some(30 + failed),
            "only failed rows ran again"
        );
        let nothing = consumer
            .post(&app, &format!("/api/v1/batches/{id}/resume"), json!({}))
            .await;
        assert_eq!(error_code(nothing).await, "invalid_input");

        // Someone else's batch does not exist for them, and only the audience may start one.
        let steward = app.session("steward@demo.local").await;
        assert_eq!(
            steward
                .get(&app, &format!("/api/v1/batches/{id}"))
                .await
                .status(),
            404
        );
    }
}

#[tokio::test]
async fn only_the_batch_audience_may_start_one() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        publish_batch(&app, "IT approvers").await;
        let consumer = app.session("consumer@demo.local").await;
        let (status, refused) = send_table(
            &consumer,
            &app,
            BATCHES,
            table("t.csv", "subject\nA\n", None),
        )
        .await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (403, Some("not_in_audience")),
            "{refused}"
        );
        let approver = app.session("approver@demo.local").await;
        let (status, batch) = send_table(
            &approver,
            &app,
            BATCHES,
            table("t.csv", "subject\nA\n", None),
        )
        .await;
        assert_eq!(status, 201, "{batch}");
    }
}

#[tokio::test]
async fn a_paused_app_holds_its_batch_and_a_replaced_version_stops_it() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        publish_batch(&app, "All staff").await;
        let consumer = app.session("consumer@demo.local").await;
        let operator = app.session("operator@demo.local").await;
        let deployment = "/api/v1/workspaces/it-service-desk/workflows/sort/deployments/dev";
        let frozen = operator
            .post(
                &app,
                &format!("{deployment}/freeze"),
                json!({ "reason": "Checking the queues" }),
            )
            .await;
        assert_eq!(frozen.status(), 200);
        let mut csv = String::from("subject\n");
        for n in 0..200 {
            csv.push_str(&format!("ticket {n}\n"));
        }
        let (status, batch) =
            send_table(&consumer, &app, BATCHES, table("t.csv", &csv, Some(1))).await;
        assert_eq!(status, 409, "a paused app takes no new batch: {batch}");

        let unfrozen = operator
            .post(&app, &format!("{deployment}/unfreeze"), json!({}))
            .await;
        assert_eq!(unfrozen.status(), 200);
        let (status, batch) =
            send_table(&consumer, &app, BATCHES, table("t.csv", &csv, Some(1))).await;
        assert_eq!(status, 201, "{batch}");
        let id = batch["id"].as_str().unwrap().to_owned();
        wait_until(&consumer, &app, &id, |b| b["succeeded"].as_u64() > Some(0)).await;
        operator
            .post(
                &app,
                &format!("{deployment}/freeze"),
                json!({ "reason": "Checking the queues" }),
            )
            .await;
        let held = wait_until(&consumer, &app, &id, |b| {
            b["in_progress"] == 0 && b["held"].is_string()
        })
        .await;
        assert!(held["held"].as_str().unwrap().contains("paused"), "{held}");
        let started = held["runs_started"].clone();
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(
            consumer
                .get_json(&app, &format!("/api/v1/batches/{id}"))
                .await["runs_started"],
            started
        );

        // A new version replaces the one the batch runs: the batch stops, and says why.
        let builder = app.session("builder@demo.local").await;
        let workflow = "/api/v1/workspaces/it-service-desk/workflows/sort";
        let draft = builder.get_json(&app, workflow).await;
        let changed = SORT.replace("'normal'", "'standard'");
        builder
            .put(
                &app,
                workflow,
                json!({ "definition": changed, "base_revision": draft["revision"] }),
            )
            .await;
        let (_, version) = answer(
            builder
                .post(
                    &app,
                    &format!("{workflow}/versions"),
                    json!({ "message": "v2" }),
                )
                .await,
        )
        .await;
        let interfaces = consumer
            .get_json(&app, "/api/v1/apps/it-service-desk/sort")
            .await;
        assert_eq!(interfaces["version"], 1);
        let (status, review) = answer(
            builder
                .post(
                    &app,
                    &format!("{workflow}/reviews"),
                    json!({ "version": version["number"], "environment": "dev", "message": "v2" }),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, review["status"].as_str()),
            (201, Some("deployed")),
            "{review}"
        );
        let stopped = wait_until(&consumer, &app, &id, |b| b["status"] == "cancelled").await;
        assert!(stopped["remaining"].as_u64().unwrap() > 0, "{stopped}");
        let auditor = app.session("auditor@demo.local").await;
        let events = auditor
            .get_json(&app, "/api/v1/audit/events?action=batch.cancelled")
            .await;
        let reason = events["events"][0]["summary"]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(reason.contains("was replaced"), "{events}");
        let resumed = consumer
            .post(&app, &format!("/api/v1/batches/{id}/resume"), json!({}))
            .await;
        assert_eq!(
            error_code(resumed).await,
            "invalid_input",
            "a stopped batch does not run again"
        );
    }
}

fn stored(connection: &str, path: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("connection", connection.to_owned())
        .text("path", path.to_owned())
}

#[tokio::test]
async fn a_table_can_come_from_a_file_store_the_person_and_the_app_may_use() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        publish_batch(&app, "All staff").await;
        let admin = app.session("admin@demo.local").await;
        let consumer = app.session("consumer@demo.local").await;
        let scratch = tempfile::tempdir().unwrap();
        let (exports, vault) = (scratch.path().join("exports"), scratch.path().join("vault"));
        std::fs::create_dir_all(exports.join("tickets")).unwrap();
        std::fs::create_dir_all(&vault).unwrap();
        let mut csv = String::from("subject,priority\n");
        for n in 0..12 {
            csv.push_str(&format!("stored {n},{}\n", n % 3));
        }
        std::fs::write(exports.join("tickets/november.csv"), &csv).unwrap();
        std::fs::write(vault.join("salaries.csv"), "subject\nsecret\n").unwrap();
        std::fs::write(scratch.path().join("outside.csv"), "subject\nnot yours\n").unwrap();
        for (name, root, label) in [
            ("exports", &exports, "internal"),
            ("vault", &vault, "confidential"),
        ] {
            admin
                .create_connection(
                    &app,
                    json!({
                        "name": name, "kind": "files",
                        "settings": { "root": root.to_str().unwrap() },
                        "read_label": label,
                        "workspaces": ["it-service-desk"]
                    }),
                )
                .await;
            admin.bind_in_dev(&app, name, name).await;
        }
        let sources_url = "/api/v1/apps/it-service-desk/sort/table-sources";

        // Only the store whose data the app's inputs (internal) may take is offered.
        let sources = consumer.get_json(&app, sources_url).await;
        let offered: Vec<&str> = sources["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|source| source["alias"].as_str().unwrap())
            .collect();
        assert_eq!(offered, ["exports"], "{sources}");
        let root = consumer
            .get_json(&app, &format!("{sources_url}/exports/files"))
            .await;
        assert_eq!(root["files"][0]["path"], "tickets");
        assert_eq!(root["files"][0]["folder"], true);
        let folder = consumer
            .get_json(&app, &format!("{sources_url}/exports/files?folder=tickets"))
            .await;
        assert_eq!(
            folder["files"][0]["path"], "tickets/november.csv",
            "{folder}"
        );

        // Previewed and run from the store, named after where it came from.
        let (status, preview) = send_table(
            &consumer,
            &app,
            &format!("{BATCHES}/preview"),
            stored("exports", "tickets/november.csv"),
        )
        .await;
        assert_eq!(status, 200, "{preview}");
        assert_eq!(preview["total"], 12);
        let (status, batch) = send_table(
            &consumer,
            &app,
            BATCHES,
            stored("exports", "tickets/november.csv"),
        )
        .await;
        assert_eq!(status, 201, "{batch}");
        assert_eq!(batch["source_name"], "exports:tickets/november.csv");
        let id = batch["id"].as_str().unwrap().to_owned();
        let finished = wait_until(&consumer, &app, &id, |b| b["status"] == "finished").await;
        assert_eq!(finished["succeeded"], 12, "{finished}");

        // Refused: a store more sensitive than the inputs, a path out of the store, a file and a
        // store at once, a store not bound.
        let (status, refused) = send_table(
            &consumer,
            &app,
            &format!("{BATCHES}/preview"),
            stored("vault", "salaries.csv"),
        )
        .await;
        assert_eq!(status, 403, "{refused}");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(message.contains("confidential"), "{message}");
        let (status, refused) = send_table(
            &consumer,
            &app,
            &format!("{BATCHES}/preview"),
            stored("exports", "../outside.csv"),
        )
        .await;
        assert_eq!(status, 403, "{refused}");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("leaves the connection's folder"),
            "{message}"
        );
        let both = table("tickets.csv", "subject\na\n", None)
            .text("connection", "exports")
            .text("path", "tickets/november.csv");
        let (status, refused) =
            send_table(&consumer, &app, &format!("{BATCHES}/preview"), both).await;
        assert_eq!(status, 422, "{refused}");
        let (status, refused) = send_table(
            &consumer,
            &app,
            &format!("{BATCHES}/preview"),
            stored("nowhere", "a.csv"),
        )
        .await;
        assert_eq!(status, 404, "{refused}");
        let listed = consumer
            .get(&app, &format!("{BATCHES}?limit=10"))
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(
            listed["batches"].as_array().unwrap().len(),
            1,
            "no refused request left a batch"
        );
    }
}
