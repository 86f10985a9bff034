//! The OpenAPI document and docs/errors.md: complete, served, and in step with the code.
//! Run with `PADDOCK_UPDATE_DOCS=1` to rewrite the checked-in copies after an intended change.

mod support;

use paddock_core::Code;
use paddock_store::testing::sqlite;
use reqwest::Client;
use serde_json::Value;
use std::path::PathBuf;
use support::spawn_app;

fn repository_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// Fails when `actual` differs from the checked-in file, or rewrites it on request.
fn assert_checked_in(relative: &str, actual: &str) {
    let path = repository_file(relative);
    if std::env::var_os("PADDOCK_UPDATE_DOCS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == actual,
        "{relative} is out of date with the code; regenerate it with \
         `PADDOCK_UPDATE_DOCS=1 cargo test -p paddock-server --test documents` and commit it"
    );
}

#[tokio::test]
async fn the_served_document_is_openapi_3_1_and_matches_the_code() {
    let app = spawn_app(sqlite()).await;
    let served: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    let generated = serde_json::to_value(paddock_server::openapi_document()).unwrap();
    assert_eq!(served, generated);
}

#[test]
fn operation_ids_are_unique() {
    let document = serde_json::to_value(paddock_server::openapi_document()).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
                panic!(
                    "operationId {id} is used by {other} and {method} {path}: generated clients would clash"
                );
            }
        }
    }
}

#[test]
fn docs_openapi_json_is_up_to_date() {
    let document = paddock_server::openapi_document().to_pretty_json().unwrap() + "\n";
    assert_checked_in("docs/openapi.json", &document);
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = spawn_app(sqlite()).await;
    let document = serde_json::to_value(paddock_server::openapi_document()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 5);
    let mut operations = 0;
    for (path, item) in paths {
        let concrete = path.replace(['{', '}'], "");
        for method in item.as_object().unwrap().keys() {
            operations += 1;
            let response = Client::new()
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .send()
                .await
                .unwrap();
            assert_ne!(
                response.status(),
                405,
                "{method} {path} is documented but not routed"
            );
            if response.status() == 404 {
                let body: Value = response.json().await.unwrap();
                assert_ne!(
                    body["error"]["code"], "route_not_found",
                    "{method} {path} is documented but not routed"
                );
            }
        }
    }
    assert!(operations >= 5);
}

#[tokio::test]
async fn the_api_reference_is_served_without_outside_assets() {
    let app = spawn_app(sqlite()).await;
    let response = reqwest::get(app.url("/api/docs/")).await.unwrap();
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("swagger"),
        "the page is the interactive reference"
    );
    for outside in ["https://", "http://"] {
        assert!(
            !page.contains(&format!("src=\"{outside}")),
            "the reference loads scripts from the internet"
        );
        assert!(
            !page.contains(&format!("href=\"{outside}")),
            "the reference loads styles from the internet"
        );
    }
    let script = reqwest::get(app.url("/api/docs/swagger-ui-bundle.js"))
        .await
        .unwrap();
    assert_eq!(
        script.status(),
        200,
        "the reference's script is vendored into the binary"
    );
}

#[test]
fn docs_errors_md_lists_every_code() {
    let mut text = String::from(
        "# Error codes\n\n\
         Every error answer of the API has the shape\n\n\
         ```json\n{ \"error\": { \"code\": \"invalid_credentials\", \"message\": \"…\", \"details\": {} } }\n```\n\n\
         `code` is stable: clients may match on it. `message` is written for people and may change. \
         `details` carries structured context. Every response also has an `X-Request-Id` header that \
         identifies the request in the server's logs.\n\n\
         This file is generated from `crates/core/src/error_code.rs`; a test fails when they differ.\n\n\
         | code | HTTP status | meaning |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        text.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.name(),
            code.http_status(),
            code.meaning()
        ));
    }
    assert_checked_in("docs/errors.md", &text);
}

#[test]
fn docs_permissions_md_shows_the_table() {
    use paddock_core::access::roles_holding;
    use paddock_core::{Permission, Role, Section};
    let mut text = String::from(
        "# Permissions\n\n\
         Who may do what. Every authorization decision in Paddock is made by one function over this \
         table (`crates/core/src/access.rs`); anything not marked is denied. Roles are granted per \
         workspace, and admin and auditor also for the whole organisation. The navigation of the web \
         UI follows from the same table.\n\n\
         This file is generated from the table; a test fails when they differ.\n\n| permission |",
    );
    for role in Role::ALL {
        text.push_str(&format!(" {role} |"));
    }
    text.push_str("\n|---|");
    text.push_str(&"---|".repeat(Role::ALL.len()));
    text.push('\n');
    for permission in Permission::ALL {
        text.push_str(&format!("| {} |", permission.describe()));
        for role in Role::ALL {
            text.push_str(if roles_holding(permission).contains(&role) {
                " ✓ |"
            } else {
                "  |"
            });
        }
        text.push('\n');
    }
    text.push_str(
        "\n## Sections of the web UI\n\n| section | shown to those who may |\n|---|---|\n",
    );
    for section in Section::ALL {
        let name = serde_json::to_value(section).unwrap();
        text.push_str(&format!(
            "| {} | {} |\n",
            name.as_str().unwrap(),
            section.required_permission().describe()
        ));
    }
    assert_checked_in("docs/permissions.md", &text);
}

#[tokio::test]
async fn the_workflow_schema_is_served_and_checked_in() {
    let document = paddock_core::workflow::schema::document(paddock_services::workflows::catalog());
    let text = serde_json::to_string_pretty(&document).unwrap() + "\n";
    assert_checked_in("docs/workflow.schema.json", &text);

    let app = spawn_app(paddock_store::testing::sqlite()).await;
    let served: serde_json::Value = reqwest::get(app.url("/api/v1/workflow-schema"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served, document, "served without signing in, as checked in");
}

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &std::path::Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// utoipa names a schema after its type and keeps one of two types with the same name, so the
/// document would describe one with the other's shape (it happened: two `Decision`s). Every
/// type that derives `ToSchema` must have a name of its own, or one given with `schema(as = …)`.
#[test]
fn every_schema_has_a_name_of_its_own() {
    let mut files = Vec::new();
    rust_files(&repository_file("crates"), &mut files);
    let mut seen: std::collections::BTreeMap<String, PathBuf> = Default::default();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let mut renamed = None;
            for following in &lines[at + 1..] {
                let following = following.trim_start();
                if let Some(rest) = following.strip_prefix("#[schema(as = ") {
                    renamed = Some(rest.trim_end_matches(")]").to_owned());
                }
                let declared = [
                    "pub struct ",
                    "pub enum ",
                    "struct ",
                    "enum ",
                    "pub(crate) struct ",
                ]
                .iter()
                .find_map(|prefix| following.strip_prefix(prefix));
                if let Some(declared) = declared {
                    let name = renamed.take().unwrap_or_else(|| {
                        declared
                            .split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap()
                            .to_owned()
                    });
                    if let Some(first) = seen.insert(name.clone(), file.clone()) {
                        panic!(
                            "two schemas are named {name}: in {} and {}; rename one or give it `#[schema(as = …)]`",
                            first.display(),
                            file.display()
                        );
                    }
                    break;
                }
            }
        }
    }
    assert!(
        seen.len() > 50,
        "the scan found the schemas ({})",
        seen.len()
    );
}
