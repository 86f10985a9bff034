//! A run's `extract_text` and `ocr` steps read the files the run was given, on every backend:
//! a scanned page by real OCR, text as it is; never an upload the run was not given, nor one
//! of another workspace; and a file OCR cannot read is refused with the reason.

use indexmap::IndexMap;
use paddock_core::ids::RunId;
use paddock_core::values::EmailAddress;
use paddock_core::workflow::definition::InputSpec;
use paddock_engine::files::{Files, ReadCall, Reading};
use paddock_services::demo;
use paddock_services::publishing::run_files::RunFiles;
use paddock_store::testing::test_databases;
use paddock_store::uploads::{self, NewUpload};
use paddock_store::{Store, users, workspaces};
use serde_json::{Map, Value, json};

const SCAN: &[u8] = include_bytes!("../../integrations/tests/fixtures/scanned-claims-guide.png");

/// Stores `content` as an upload to `workspace`; the file as a run's inputs describe it.
async fn upload(
    store: &Store,
    workspace: &str,
    name: &str,
    media_type: &str,
    content: &[u8],
) -> Value {
    let mut conn = store.acquire().await.unwrap();
    let workspace = workspaces::list_workspaces(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.slug.as_str() == workspace)
        .unwrap();
    let builder = EmailAddress::parse("builder@demo.local").unwrap();
    let by = users::find_by_email(&mut conn, &builder)
        .await
        .unwrap()
        .unwrap();
    let stored = uploads::insert(
        &mut conn,
        NewUpload {
            workspace: workspace.id,
            name,
            media_type,
            sha256: "0",
            content,
            by: by.id,
        },
    )
    .await
    .unwrap();
    json!({ "id": stored.id.to_string(), "name": name, "media_type": media_type })
}

fn call(file: &Value, reading: Reading) -> ReadCall {
    ReadCall {
        step_id: "read".to_owned(),
        file: file.clone(),
        reading,
    }
}

#[tokio::test]
async fn a_run_reads_the_files_it_was_given_and_no_others() {
    for db in test_databases().await {
        let store = db.store().await;
        demo::seed(&store, demo::password("paddock-demo").unwrap())
            .await
            .unwrap();
        let claims = {
            let mut conn = store.acquire().await.unwrap();
            workspaces::list_workspaces(&mut conn)
                .await
                .unwrap()
                .into_iter()
                .find(|w| w.slug.as_str() == "claims")
                .unwrap()
                .id
        };
        let scan = upload(&store, "claims", "damage.png", "image/png", SCAN).await;
        let note = upload(
            &store,
            "claims",
            "note.txt",
            "text/plain",
            b"Hail broke two windows.",
        )
        .await;
        let elsewhere = upload(
            &store,
            "it-service-desk",
            "other.txt",
            "text/plain",
            b"Not yours.",
        )
        .await;
        let not_given = upload(&store, "claims", "secret.txt", "text/plain", b"Not given.").await;
        let inputs: Map<String, Value> = [
            ("photo".to_owned(), scan.clone()),
            ("note".to_owned(), note.clone()),
            ("stolen".to_owned(), elsewhere.clone()),
            // An object input holds whatever its caller writes, an upload's id too.
            ("details".to_owned(), json!({ "id": not_given["id"] })),
        ]
        .into_iter()
        .collect();
        let spec =
            |kind: &str| -> InputSpec { serde_json::from_value(json!({ "type": kind })).unwrap() };
        let declared: IndexMap<String, InputSpec> = [
            ("photo".to_owned(), spec("file")),
            ("note".to_owned(), spec("file")),
            ("stolen".to_owned(), spec("file")),
            ("details".to_owned(), spec("object")),
        ]
        .into_iter()
        .collect();
        let files = RunFiles::new(&store, RunId::generate(), claims, &declared, &inputs);

        let read = files.read(call(&scan, Reading::Ocr)).await.unwrap();
        assert_eq!(read["ocr_pages"], 1, "{read}");
        assert_eq!(read["name"], "damage.png");
        let text = read["text"].as_str().unwrap();
        assert!(
            text.contains("Water damage"),
            "real OCR reads the scan: {text}"
        );
        assert_eq!(read["pages"][0]["page"], 1);
        assert_eq!(read["truncated"], false);

        let read = files.read(call(&note, Reading::Text)).await.unwrap();
        assert_eq!(read["text"], "Hail broke two windows.");
        assert_eq!(read["ocr_pages"], 0);

        let refused = files.read(call(&note, Reading::Ocr)).await.unwrap_err();
        assert!(
            refused
                .message
                .contains("OCR reads images (PNG, JPEG, TIFF) and PDFs"),
            "{refused:?}"
        );
        assert!(!refused.retryable);

        // An upload the run was not given, though of its workspace and named in an input that
        // is not a file, is not read by its id.
        let refused = files
            .read(call(&not_given, Reading::Text))
            .await
            .unwrap_err();
        assert!(
            refused.message.contains("not a file this run was given"),
            "{refused:?}"
        );
        // Nor one of another workspace, even named among the inputs.
        let refused = files
            .read(call(&elsewhere, Reading::Text))
            .await
            .unwrap_err();
        assert!(refused.message.contains("no longer kept"), "{refused:?}");
        // Nor something that is not a file at all.
        let refused = files
            .read(call(&json!("inputs.photo"), Reading::Text))
            .await
            .unwrap_err();
        assert!(
            refused.message.contains("not a file this run was given"),
            "{refused:?}"
        );
    }
}
