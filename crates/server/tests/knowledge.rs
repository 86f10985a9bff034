//! Knowledge bases through the API: stewards create them and upload documents, which the
//! background worker reads into passages; access lists decide who sees them; bad uploads are
//! refused whole — on every backend.

mod support;

use paddock_store::testing::test_databases;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::{Session, TestApp, answer, error_code, group_id, spawn_app, spawn_other_node};

const POLICY: &str = "# Claims policy\n\n## Water damage\n\nBurst pipes are covered when the \
                      leak was sudden. Seepage over weeks is not covered.\n\n## Theft\n\nReport \
                      a theft to the police within 48 hours and attach the report number.\n";
const SCANNED_PDF: &[u8] =
    include_bytes!("../../integrations/tests/fixtures/scanned-claims-guide.pdf");
const TEXT_PDF: &[u8] = include_bytes!("../../integrations/tests/fixtures/claims-guide.pdf");
const BOMB_DOCX: &[u8] = include_bytes!("../../integrations/tests/fixtures/bomb.docx");
const LIMITS: &str = "peril,limit,excess\nwater,25000,500\ntheft,10000,250\n";

fn part(name: &str, content: &[u8]) -> Part {
    Part::bytes(content.to_vec()).file_name(name.to_owned())
}

async fn upload(app: &TestApp, who: &Session, slug: &str, files: &[(&str, &[u8])]) -> (u16, Value) {
    let mut form = Form::new();
    for (name, content) in files {
        form = form.part("file", part(name, content));
    }
    let response = who
        .client
        .post(app.url(&format!("/api/v1/knowledge-bases/{slug}/documents")))
        .header("X-CSRF-Token", &who.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    answer(response).await
}

async fn create(app: &TestApp, steward: &Session, slug: &str, workspace: &str) -> Value {
    let (status, body) = answer(
        steward
            .post(
                app,
                "/api/v1/knowledge-bases",
                json!({
                    "slug": slug,
                    "workspace": workspace,
                    "name": "Claims policies",
                    "description": "What our policies cover, peril by peril",
                    "label": "confidential",
                }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 201, "{body} on {}", app.backend);
    body
}

async fn documents(app: &TestApp, who: &Session, slug: &str) -> Vec<Value> {
    let list = who
        .get_json(app, &format!("/api/v1/knowledge-bases/{slug}/documents"))
        .await;
    list["documents"].as_array().unwrap().clone()
}

/// Polls until no document waits or is being read; returns them.
async fn settled(app: &TestApp, who: &Session, slug: &str) -> Vec<Value> {
    for _ in 0..400 {
        let all = documents(app, who, slug).await;
        if all
            .iter()
            .all(|d| d["status"] == "ready" || d["status"] == "failed")
        {
            return all;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("documents never settled on {}", app.backend);
}

async fn audited(app: &TestApp, auditor: &Session, action: &str) -> Vec<Value> {
    let events = auditor
        .get_json(app, &format!("/api/v1/audit/events?action={action}"))
        .await;
    events["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_steward_fills_a_knowledge_base_and_its_documents_are_read_into_passages() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        let auditor = app.session("auditor@demo.local").await;
        let created = create(&app, &steward, "cover-rules", "claims").await;
        assert_eq!(created["label"], "confidential");
        assert_eq!(created["workspace"], "claims");
        assert_eq!(created["may_manage"], true);
        assert_eq!(created["access"], json!([]), "shared with nobody at first");

        let (status, uploaded) = upload(
            &app,
            &steward,
            "cover-rules",
            &[
                ("policy.md", POLICY.as_bytes()),
                ("limits.csv", LIMITS.as_bytes()),
            ],
        )
        .await;
        assert_eq!(status, 201, "{uploaded}");
        let outcomes: Vec<&str> = uploaded["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["outcome"].as_str().unwrap())
            .collect();
        assert_eq!(outcomes, ["added", "added"]);
        assert_eq!(
            uploaded["documents"][0]["document"]["media_type"],
            "text/markdown"
        );
        assert_eq!(
            uploaded["documents"][1]["document"]["media_type"],
            "text/csv"
        );

        let read = settled(&app, &steward, "cover-rules").await;
        assert_eq!(read.len(), 2);
        for document in &read {
            assert_eq!(document["status"], "ready", "{document} on {}", app.backend);
            assert!(document["passages"].as_u64().unwrap() >= 1, "{document}");
            assert_eq!(document["pages"], 1);
            assert_eq!(document["uploaded_by"], "steward@demo.local");
        }
        let base = steward
            .get_json(&app, "/api/v1/knowledge-bases/cover-rules")
            .await;
        assert_eq!(
            base["documents"],
            json!({ "total": 2, "ready": 2, "pending": 0, "failed": 0 })
        );

        // The same file again changes nothing; other content under the same name replaces it.
        let (_, again) = upload(
            &app,
            &steward,
            "cover-rules",
            &[("policy.md", POLICY.as_bytes())],
        )
        .await;
        assert_eq!(again["documents"][0]["outcome"], "unchanged");
        let revised =
            format!("{POLICY}\n## Fire\n\nFire is covered, arson by the holder is not.\n");
        let (_, replaced) = upload(
            &app,
            &steward,
            "cover-rules",
            &[("policy.md", revised.as_bytes())],
        )
        .await;
        assert_eq!(replaced["documents"][0]["outcome"], "replaced");
        let replacement = &replaced["documents"][0]["document"];
        assert_eq!(replacement["id"], read[0]["id"], "the same document");
        assert_eq!(replacement["status"], "queued", "to be read again");
        assert_eq!(
            replacement["passages"], 0,
            "the old file's passages are gone"
        );
        let reread = settled(&app, &steward, "cover-rules").await;
        assert_eq!(reread.len(), 2, "replaced, not added");
        assert_eq!(reread[0]["size"], revised.len());
        assert_eq!(reread[0]["status"], "ready");
        assert!(
            reread[0]["passages"].as_u64() > read[0]["passages"].as_u64(),
            "the new section is read: {} then {}",
            read[0]["passages"],
            reread[0]["passages"]
        );

        let added = audited(&app, &auditor, "knowledge.document_added").await;
        assert_eq!(
            added.len(),
            3,
            "two added and one replaced; the unchanged one is not a change"
        );
        assert_eq!(
            audited(&app, &auditor, "knowledge.created").await.len(),
            3,
            "the demo's two, and this one"
        );

        // Removing a document removes it; removing it again finds nothing.
        let id = reread[1]["id"].as_str().unwrap();
        let path = format!("/api/v1/knowledge-bases/cover-rules/documents/{id}");
        assert_eq!(steward.delete(&app, &path).await.status(), 204);
        assert_eq!(documents(&app, &steward, "cover-rules").await.len(), 1);
        let gone = steward.delete(&app, &path).await;
        assert_eq!(gone.status(), 404);
        assert_eq!(error_code(gone).await, "not_found");
        let removed = audited(&app, &auditor, "knowledge.document_removed").await;
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0]["target"]["label"], "limits.csv");
    }
}

#[tokio::test]
async fn a_document_with_no_text_fails_with_a_reason_and_can_be_read_again() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        create(&app, &steward, "runbooks", "it-service-desk").await;
        let (status, body) =
            upload(&app, &steward, "runbooks", &[("blank.txt", b"\n \n\t\n")]).await;
        assert_eq!(status, 201, "{body}");
        let read = settled(&app, &steward, "runbooks").await;
        assert_eq!(read[0]["status"], "failed");
        assert_eq!(read[0]["error"], "the document holds no text to search");
        let base = steward
            .get_json(&app, "/api/v1/knowledge-bases/runbooks")
            .await;
        assert_eq!(base["documents"]["failed"], 1);

        let id = read[0]["id"].as_str().unwrap();
        let response = steward
            .post(
                &app,
                &format!("/api/v1/knowledge-bases/runbooks/documents/{id}/reread"),
                json!({}),
            )
            .await;
        let (status, requeued) = answer(response).await;
        assert_eq!(status, 200, "{requeued}");
        assert_eq!(requeued["status"], "queued");
        assert_eq!(requeued["error"], Value::Null);
        assert_eq!(
            settled(&app, &steward, "runbooks").await[0]["status"],
            "failed"
        );
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_whole_with_a_clear_error() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        create(&app, &steward, "cover-rules", "claims").await;
        let good: (&str, &[u8]) = ("policy.md", POLICY.as_bytes());

        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[good, ("tool.exe", b"MZ\x90\x00\x03")],
        )
        .await;
        assert_eq!(status, 415, "{body}");
        assert_eq!(body["error"]["code"], "unsupported_media_type");
        assert_eq!(body["error"]["details"]["name"], "tool.exe");

        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[good, ("claim.pdf", b"MZ\x90\x00 a program")],
        )
        .await;
        assert_eq!(status, 422, "a program named like a PDF: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("claim.pdf"),
            "{body}"
        );

        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[good, ("notes.txt", b"caf\xe9 latin-1")],
        )
        .await;
        assert_eq!(status, 422, "text that is not UTF-8: {body}");

        let (status, body) =
            upload(&app, &steward, "cover-rules", &[good, ("empty.md", b"")]).await;
        assert_eq!(status, 422, "{body}");

        let (status, body) = upload(&app, &steward, "cover-rules", &[good, good]).await;
        assert_eq!(status, 422, "the same name twice: {body}");

        let nested = "<div>".repeat(6_000);
        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[good, ("page.html", nested.as_bytes())],
        )
        .await;
        assert_eq!(status, 422, "a page nested beyond reading: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("6000 elements open"),
            "{body}"
        );

        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[good, ("policy.docx", BOMB_DOCX)],
        )
        .await;
        assert_eq!(status, 422, "a decompression bomb: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("decompression bomb"),
            "{body}"
        );

        let big = vec![b'a'; 50 * 1024 * 1024 + 1];
        let (status, body) =
            upload(&app, &steward, "cover-rules", &[good, ("big.txt", &big)]).await;
        assert_eq!(status, 413, "{body}");
        assert_eq!(body["error"]["code"], "payload_too_large");

        let (status, body) = upload(&app, &steward, "cover-rules", &[]).await;
        assert_eq!(status, 422, "no file: {body}");

        assert!(
            documents(&app, &steward, "cover-rules").await.is_empty(),
            "nothing of a refused upload is kept, not even its good files, on {}",
            app.backend
        );
    }
}

#[tokio::test]
async fn who_sees_and_who_changes_a_knowledge_base_follows_roles_and_the_access_list() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let consumer = app.session("consumer@demo.local").await;
        let operator = app.session("operator@demo.local").await;
        let auditor = app.session("auditor@demo.local").await;
        create(&app, &steward, "cover-rules", "claims").await;
        let slugs = |list: Value| -> Vec<String> {
            list["knowledge_bases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["slug"].as_str().unwrap().to_owned())
                .collect()
        };

        // Builders of Claims see it (to use it), but may not change it.
        let seen = builder.get_json(&app, "/api/v1/knowledge-bases").await;
        assert_eq!(
            slugs(seen.clone()),
            ["claims-policies", "cover-rules", "it-runbooks"],
            "the demo's two, which it builds with, and this one"
        );
        assert_eq!(seen["knowledge_bases"][1]["may_manage"], false);
        let (status, _) = upload(
            &app,
            &builder,
            "cover-rules",
            &[("policy.md", POLICY.as_bytes())],
        )
        .await;
        assert_eq!(status, 403);
        let refused = builder
            .put(
                &app,
                "/api/v1/knowledge-bases/cover-rules/access",
                json!({ "entries": [] }),
            )
            .await;
        assert_eq!(refused.status(), 403);
        assert!(
            !audited(&app, &auditor, "permission.denied")
                .await
                .is_empty(),
            "refusals are audited"
        );
        let not_theirs = builder
            .post(
                &app,
                "/api/v1/knowledge-bases",
                json!({ "slug": "mine", "workspace": "claims", "name": "Mine", "label": "internal" }),
            )
            .await;
        assert_eq!(
            not_theirs.status(),
            403,
            "builders do not create knowledge bases"
        );

        // Consumers and operators do not see it, not even that it exists.
        for outsider in [&consumer, &operator] {
            assert!(slugs(outsider.get_json(&app, "/api/v1/knowledge-bases").await).is_empty());
            let hidden = outsider
                .get(&app, "/api/v1/knowledge-bases/cover-rules")
                .await;
            assert_eq!(hidden.status(), 404);
        }

        // Shared with the Claims staff group, its members may search it.
        let claims_staff = group_id(&admin, &app, "Claims staff").await;
        let shared = steward
            .put(
                &app,
                "/api/v1/knowledge-bases/cover-rules/access",
                json!({ "entries": [
                    { "group": claims_staff },
                    { "workspace": "it-service-desk", "environment": "prod" },
                ] }),
            )
            .await;
        let (status, shared) = answer(shared).await;
        assert_eq!(status, 200, "{shared}");
        let kinds: Vec<(&str, &str)> = shared["access"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["kind"].as_str().unwrap(), e["name"].as_str().unwrap()))
            .collect();
        assert!(kinds.contains(&("group", "Claims staff")), "{shared}");
        assert!(
            kinds.contains(&("workspace", "IT Service Desk")),
            "{shared}"
        );
        let seen = consumer
            .get_json(&app, "/api/v1/knowledge-bases/cover-rules")
            .await;
        assert_eq!(seen["may_manage"], false);
        assert_eq!(
            seen["access"],
            json!([]),
            "who else may use it is for its stewards"
        );
        assert_eq!(
            consumer
                .get(&app, "/api/v1/knowledge-bases/cover-rules/documents")
                .await
                .status(),
            200
        );
        assert!(slugs(operator.get_json(&app, "/api/v1/knowledge-bases").await).is_empty());
        let changed = audited(&app, &auditor, "knowledge.access_changed").await;
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0]["summary"]["to"].as_array().unwrap().len(), 2);

        // Entries that name nothing known, or a group in an environment, are refused.
        for (entries, field) in [
            (json!([{ "workspace": "nowhere" }]), "entries.workspace"),
            (
                json!([{ "group": "0194f3b2-7c1e-7a21-9b1d-3c5e8f0a1b2c" }]),
                "entries.group",
            ),
            (
                json!([{ "group": claims_staff, "environment": "prod" }]),
                "entries.environment",
            ),
            (
                json!([{ "workspace": "claims", "environment": "moon" }]),
                "entries.environment",
            ),
            (
                json!([{ "workspace": "claims", "group": claims_staff }]),
                "entries",
            ),
            (json!([{}]), "entries"),
        ] {
            let response = steward
                .put(
                    &app,
                    "/api/v1/knowledge-bases/cover-rules/access",
                    json!({ "entries": entries }),
                )
                .await;
            let (status, body) = answer(response).await;
            assert_eq!(status, 422, "{entries}: {body}");
            assert_eq!(body["error"]["details"]["field"], field, "{body}");
        }
        let unchanged = steward
            .get_json(&app, "/api/v1/knowledge-bases/cover-rules")
            .await;
        assert_eq!(
            unchanged["access"].as_array().unwrap().len(),
            2,
            "a refused list changes nothing"
        );

        // A label with an unknown category, a taken slug, and a bad slug are refused.
        let (status, body) = answer(
            steward
                .put(
                    &app,
                    "/api/v1/knowledge-bases/cover-rules",
                    json!({ "name": "Claims policies", "label": "confidential/nonsense" }),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, body["error"]["details"]["field"].clone()),
            (422, json!("label")),
            "{body}"
        );
        let taken = steward
            .post(
                &app,
                "/api/v1/knowledge-bases",
                json!({ "slug": "cover-rules", "workspace": "it-service-desk", "name": "Again", "label": "internal" }),
            )
            .await;
        assert_eq!(taken.status(), 409);
        let bad = steward
            .post(
                &app,
                "/api/v1/knowledge-bases",
                json!({ "slug": "Not A Slug!", "workspace": "claims", "name": "Bad", "label": "internal" }),
            )
            .await;
        assert_eq!(bad.status(), 422);

        // Deleting it takes its documents along; afterwards it is gone for everyone.
        upload(
            &app,
            &steward,
            "cover-rules",
            &[("policy.md", POLICY.as_bytes())],
        )
        .await;
        assert_eq!(
            steward
                .delete(&app, "/api/v1/knowledge-bases/cover-rules")
                .await
                .status(),
            204
        );
        assert_eq!(
            consumer
                .get(&app, "/api/v1/knowledge-bases/cover-rules")
                .await
                .status(),
            404
        );
        let deleted = audited(&app, &auditor, "knowledge.deleted").await;
        assert_eq!(deleted[0]["summary"]["documents"], 1);
    }
}

async fn search(app: &TestApp, who: &Session, slug: &str, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/knowledge-bases/{slug}/search");
    answer(who.post(app, &path, body).await).await
}

#[tokio::test]
async fn a_search_finds_the_passages_that_match_with_citations_on_every_node() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        let admin = app.session("admin@demo.local").await;
        let consumer = app.session("consumer@demo.local").await;
        create(&app, &steward, "cover-rules", "claims").await;
        create(&app, &steward, "runbooks", "it-service-desk").await;
        let vpn = "# VPN\n\nWhen the VPN is down, restart the gateway and page the network team.\n";
        upload(&app, &steward, "runbooks", &[("vpn.md", vpn.as_bytes())]).await;
        upload(
            &app,
            &steward,
            "cover-rules",
            &[("policy.md", POLICY.as_bytes())],
        )
        .await;
        settled(&app, &steward, "cover-rules").await;
        settled(&app, &steward, "runbooks").await;

        let (status, found) = search(
            &app,
            &steward,
            "cover-rules",
            json!({ "query": "pipe bursts" }),
        )
        .await;
        assert_eq!(status, 200, "{found}");
        let best = &found["passages"][0];
        assert_eq!(best["context"], "Claims policy > Water damage", "{found}");
        assert_eq!(best["citation"]["document_name"], "policy.md");
        assert_eq!(best["citation"]["first_page"], 1);
        let text = best["text"].as_str().unwrap();
        assert!(text.contains("Burst pipes are covered"), "{text}");
        let (start, end) = (
            best["citation"]["start"].as_u64().unwrap(),
            best["citation"]["end"].as_u64().unwrap(),
        );
        assert_eq!(
            end - start,
            text.chars().count() as u64,
            "the citation spans the passage"
        );
        let highlighted: Vec<&str> = best["segments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["highlight"] == true)
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(highlighted, ["Burst", "pipes"]);
        assert!(
            found["passages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["citation"]["document_name"] == "policy.md"),
            "only this knowledge base's passages: {found}"
        );
        let (_, elsewhere) = search(
            &app,
            &steward,
            "cover-rules",
            json!({ "query": "VPN gateway" }),
        )
        .await;
        assert_eq!(
            elsewhere["passages"],
            json!([]),
            "the runbook is in another knowledge base"
        );

        // Another node over the same database finds the same, from its own index.
        let other = spawn_other_node(&app).await;
        let steward_there = other.session("steward@demo.local").await;
        let (_, there) = search(
            &other,
            &steward_there,
            "cover-rules",
            json!({ "query": "theft police" }),
        )
        .await;
        assert_eq!(
            there["passages"][0]["context"], "Claims policy > Theft",
            "{there}"
        );

        // Who may not search it is told it does not exist; shared with their group, they may.
        let (status, _) = search(&app, &consumer, "cover-rules", json!({ "query": "theft" })).await;
        assert_eq!(status, 404);
        let claims_staff = group_id(&admin, &app, "Claims staff").await;
        let shared = steward
            .put(
                &app,
                "/api/v1/knowledge-bases/cover-rules/access",
                json!({ "entries": [{ "group": claims_staff }] }),
            )
            .await;
        assert_eq!(shared.status(), 200);
        let (status, theirs) = search(
            &app,
            &consumer,
            "cover-rules",
            json!({ "query": "theft", "limit": 1 }),
        )
        .await;
        assert_eq!(status, 200, "{theirs}");
        assert_eq!(theirs["passages"].as_array().unwrap().len(), 1);

        for bad in [
            json!({ "query": "  " }),
            json!({ "query": "theft", "limit": 0 }),
            json!({ "query": "theft", "limit": 51 }),
            json!({ "query": "x".repeat(1001) }),
        ] {
            let (status, body) = search(&app, &steward, "cover-rules", bad.clone()).await;
            assert_eq!(status, 422, "{bad}: {body}");
        }

        // A removed document is found no more, on either node.
        let id = documents(&app, &steward, "cover-rules").await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let removed = steward
            .delete(
                &app,
                &format!("/api/v1/knowledge-bases/cover-rules/documents/{id}"),
            )
            .await;
        assert_eq!(removed.status(), 204);
        for (node, who) in [(&app, &steward), (&other, &steward_there)] {
            let (_, after) = search(node, who, "cover-rules", json!({ "query": "theft" })).await;
            assert_eq!(after["passages"], json!([]), "on {}", node.backend);
        }
        // So is a deleted knowledge base's: its slug may be used again, empty.
        assert_eq!(
            steward
                .delete(&app, "/api/v1/knowledge-bases/runbooks")
                .await
                .status(),
            204
        );
        create(&app, &steward, "runbooks", "it-service-desk").await;
        let (_, fresh) = search(&app, &steward, "runbooks", json!({ "query": "VPN" })).await;
        assert_eq!(fresh["passages"], json!([]));
    }
}

#[tokio::test]
async fn a_scanned_pdf_is_read_by_ocr_indexed_and_found_with_its_citation() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let steward = app.session("steward@demo.local").await;
        create(&app, &steward, "cover-rules", "claims").await;
        let (status, body) = upload(
            &app,
            &steward,
            "cover-rules",
            &[("scanned-guide.pdf", SCANNED_PDF), ("guide.pdf", TEXT_PDF)],
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let read = settled(&app, &steward, "cover-rules").await;
        let scanned = read
            .iter()
            .find(|d| d["name"] == "scanned-guide.pdf")
            .unwrap();
        assert_eq!(scanned["status"], "ready", "{scanned}");
        assert_eq!(
            (scanned["pages"].clone(), scanned["ocr_pages"].clone()),
            (json!(1), json!(1))
        );
        let text = read.iter().find(|d| d["name"] == "guide.pdf").unwrap();
        assert_eq!(
            (text["pages"].clone(), text["ocr_pages"].clone()),
            (json!(2), json!(0))
        );

        let (status, found) = search(
            &app,
            &steward,
            "cover-rules",
            json!({ "query": "plumber invoice photo" }),
        )
        .await;
        assert_eq!(status, 200, "{found}");
        let names: Vec<&str> = found["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["citation"]["document_name"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"scanned-guide.pdf"),
            "the scan is found by what OCR read: {found}"
        );
        let from_scan = found["passages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["citation"]["document_name"] == "scanned-guide.pdf")
            .unwrap();
        assert_eq!(from_scan["citation"]["first_page"], 1);
        assert!(
            from_scan["text"].as_str().unwrap().contains("plumber"),
            "{from_scan}"
        );
        let (_, theft) = search(
            &app,
            &steward,
            "cover-rules",
            json!({ "query": "police report" }),
        )
        .await;
        assert_eq!(
            theft["passages"][0]["citation"]["document_name"],
            "guide.pdf"
        );
        assert_eq!(theft["passages"][0]["citation"]["first_page"], 2, "{theft}");

        // A damaged PDF is refused before anything is kept.
        let mut damaged = b"%PDF-1.7\n".to_vec();
        damaged.extend(std::iter::repeat_n(b"\x00garbage\xff", 200).flatten());
        let (status, body) =
            upload(&app, &steward, "cover-rules", &[("damaged.pdf", &damaged)]).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("damaged.pdf: the PDF is damaged"),
            "{body}"
        );
        assert_eq!(documents(&app, &steward, "cover-rules").await.len(), 2);
    }
}
