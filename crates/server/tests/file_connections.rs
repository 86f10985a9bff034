//! File store connections: a folder on the server, read and written by workflows, never left.

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
