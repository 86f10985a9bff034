//! File store connections: a folder on the server, and a bucket of S3-compatible storage (a real
//! S3 server, moto's, started by the test), read and written by workflows, never left.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, spawn_app};

fn workflow(action: &str, input: &str) -> String {
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: file-flow
inputs:
  path: {{ type: string }}
steps:
  - id: call
    uses: connector
    with: {{ connection: docs, action: {action}, input: {input} }}
outputs:
  answer: \"{{{{ steps.call.output }}}}\"
"
    )
}

async fn run(
    builder: &Session,
    app: &TestApp,
    definition: &str,
    path: &str,
    status: &str,
) -> Value {
    let id = builder
        .start_test_run(app, "it-service-desk", definition, json!({ "path": path }))
        .await;
    builder.wait_for_run(app, &id, status).await
}

#[tokio::test]
async fn workflows_read_and_write_files_inside_the_folder_only() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().join("docs");
        std::fs::create_dir_all(root.join("runbooks")).unwrap();
        std::fs::write(root.join("runbooks/vpn.md"), "# VPN\nRestart the gateway.").unwrap();
        std::fs::write(scratch.path().join("outside.txt"), "not yours").unwrap();
        std::os::unix::fs::symlink(scratch.path().join("outside.txt"), root.join("sneaky.txt"))
            .unwrap();

        let made = admin
            .create_connection(
                &app,
                json!({
                    "name": "runbooks", "kind": "files",
                    "settings": { "root": root.to_str().unwrap(), "writable": true },
                    "workspaces": ["it-service-desk"]
                }),
            )
            .await;
        let actions: Vec<&str> = made["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["list", "read", "write"]);
        admin.bind_in_dev(&app, "docs", "runbooks").await;

        let read = workflow("read", "{ path: \"{{ inputs.path }}\" }");
        let found = run(&builder, &app, &read, "runbooks/vpn.md", "succeeded").await;
        assert_eq!(
            found["outputs"]["answer"]["text"],
            "# VPN\nRestart the gateway."
        );
        let listed = run(
            &builder,
            &app,
            &workflow("list", "{ folder: runbooks }"),
            "",
            "succeeded",
        )
        .await;
        assert_eq!(listed["outputs"]["answer"]["files"][0]["name"], "vpn.md");

        for escape in ["../outside.txt", "/etc/passwd", "sneaky.txt"] {
            let refused = run(&builder, &app, &read, escape, "failed").await;
            let error = refused["error"].as_str().unwrap();
            assert!(error.contains("blocked by policy"), "{escape}: {error}");
            assert!(!refused.to_string().contains("not yours"));
        }

        let write = workflow("write", "{ path: \"{{ inputs.path }}\", text: Generated }");
        run(&builder, &app, &write, "reports/today.txt", "failed").await;
        std::fs::create_dir(root.join("reports")).unwrap();
        let written = run(&builder, &app, &write, "reports/today.txt", "succeeded").await;
        assert_eq!(written["outputs"]["answer"]["size"], 9);
        assert_eq!(
            std::fs::read_to_string(root.join("reports/today.txt")).unwrap(),
            "Generated"
        );
        run(&builder, &app, &write, "../escaped.txt", "failed").await;
        assert!(!scratch.path().join("escaped.txt").exists());
    }
}

/// An S3-compatible server (moto's, installed by `make test-deps`) on a free port.
struct S3Server {
    address: String,
    process: std::process::Child,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn s3_server() -> S3Server {
    let program = std::env::var("PADDOCK_MOTO_SERVER").unwrap_or_else(|_| {
        format!(
            "{}/.cache/paddock/venv/bin/moto_server",
            std::env::var("HOME").unwrap()
        )
    });
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let process = std::process::Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} (make test-deps installs it): {e}"));
    let server = S3Server {
        address: format!("http://127.0.0.1:{port}"),
        process,
    };
    for _ in 0..200 {
        if reqwest::get(&server.address).await.is_ok() {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the S3 server did not start");
}

#[tokio::test]
async fn workflows_read_and_write_objects_in_an_s3_bucket_under_its_prefix_only() {
    let s3 = s3_server().await;
    let http = reqwest::Client::new();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let bucket = format!("claims-{}", app.backend);
        assert!(
            http.put(format!("{}/{bucket}", s3.address))
                .send()
                .await
                .unwrap()
                .status()
                .is_success()
        );
        for (key, text) in [
            ("incoming/letter.txt", "Policy number: PN-1"),
            ("incoming/2026/scan.txt", "Scanned"),
            ("elsewhere/secret.txt", "not yours"),
        ] {
            let put = http
                .put(format!("{}/{bucket}/{key}", s3.address))
                .body(text)
                .send()
                .await
                .unwrap();
            assert!(put.status().is_success());
        }
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let mut form = json!({
            "name": "claims-bucket", "kind": "files",
            "settings": {
                "store": "s3", "endpoint": s3.address, "bucket": bucket, "region": "eu-west-1",
                "access_key_id": "AKIAPADDOCKTEST", "prefix": "incoming", "writable": true
            },
            "credential": "s3-secret-key-for-tests",
            "workspaces": ["it-service-desk"]
        });
        // The storage is on a private address: refused until IT allows that range.
        admin.create_connection(&app, form.clone()).await;
        let tried: Value = admin
            .post(&app, "/api/v1/connections/claims-bucket/test", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(tried["ok"], false, "{tried}");
        assert!(
            tried["message"].as_str().unwrap().contains("127.0.0.1"),
            "{tried}"
        );
        form["allowed_ranges"] = json!(["127.0.0.1/32"]);
        let changed = admin
            .put(&app, "/api/v1/connections/claims-bucket", form)
            .await;
        assert_eq!(changed.status(), 200);
        let tried: Value = admin
            .post(&app, "/api/v1/connections/claims-bucket/test", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(tried["ok"], true, "{tried}");
        admin.bind_in_dev(&app, "docs", "claims-bucket").await;

        let read = workflow("read", "{ path: \"{{ inputs.path }}\" }");
        let found = run(&builder, &app, &read, "letter.txt", "succeeded").await;
        assert_eq!(found["outputs"]["answer"]["text"], "Policy number: PN-1");
        let listed = run(&builder, &app, &workflow("list", "{}"), "", "succeeded").await;
        assert_eq!(
            listed["outputs"]["answer"]["files"],
            json!([
                { "name": "2026", "folder": true, "size": 0 },
                { "name": "letter.txt", "folder": false, "size": 19 },
            ])
        );

        let write = workflow("write", "{ path: \"{{ inputs.path }}\", text: Generated }");
        let written = run(&builder, &app, &write, "reports/today.txt", "succeeded").await;
        assert_eq!(written["outputs"]["answer"]["size"], 9);
        // Under the prefix in the bucket (its objects are private: listed, not read, from here).
        let keys = http
            .get(format!(
                "{}/{bucket}?list-type=2&prefix=incoming/reports/",
                s3.address
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            keys.contains("<Key>incoming/reports/today.txt</Key>"),
            "{keys}"
        );
        assert!(keys.contains("<Size>9</Size>"), "{keys}");
        let again = run(&builder, &app, &read, "reports/today.txt", "succeeded").await;
        assert_eq!(again["outputs"]["answer"]["text"], "Generated");

        // Nothing outside the prefix, and a missing file is said so.
        for escape in ["../elsewhere/secret.txt", "/elsewhere/secret.txt"] {
            let refused = run(&builder, &app, &read, escape, "failed").await;
            let error = refused["error"].as_str().unwrap();
            assert!(error.contains("blocked by policy"), "{escape}: {error}");
            assert!(!refused.to_string().contains("not yours"));
        }
        let missing = run(&builder, &app, &read, "nothing.txt", "failed").await;
        assert!(
            missing["error"].as_str().unwrap().contains("no such file"),
            "{missing}"
        );
        assert!(!missing.to_string().contains("s3-secret-key-for-tests"));
    }
}
