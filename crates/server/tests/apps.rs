//! Published apps over HTTP, on every backend: the API answers synchronously and
//! asynchronously, an idempotency key starts one run, completion callbacks are signed and
//! retried, only the audience may run an app, outputs above the audience's clearance are
//! refused (statically and at run time), and files are checked before anything is kept.

mod support;

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use sha2::Sha256;
use support::{TestApp, answer, error_code, group_id, publish, spawn_app, to};

/// Five steps, none a model: what the API benchmark runs too.
const ECHO: &str = "apiVersion: paddock/v1
kind: Workflow
name: echo
description: Repeats a ticket back, tidied.
inputs:
  subject: { type: string, required: true, label: internal }
  count: { type: integer, default: 1 }
steps:
  - id: trimmed
    uses: template
    with: { value: \"{{ inputs.subject | trim }}\" }
  - id: upper
    uses: template
    with: { value: \"{{ steps.trimmed.output | upper }}\" }
  - id: counted
    uses: template
    with: { value: \"{{ inputs.count * 2 }}\" }
  - id: shaped
    uses: template
    with: { value: { subject: \"{{ steps.upper.output }}\", doubled: \"{{ steps.counted.output }}\" } }
  - id: done
    uses: output
    with: { values: { ticket: \"{{ steps.shaped.output }}\" } }
outputs:
  subject: \"{{ steps.trimmed.output }}\"
";

/// An API key of `email`'s.
async fn api_key(app: &TestApp, email: &str) -> String {
    let person = app.session(email).await;
    let (status, created) = answer(
        person
            .post(app, "/api/v1/api-keys", json!({ "name": "script" }))
            .await,
    )
    .await;
    assert_eq!(status, 201, "{created}");
    created["token"].as_str().unwrap().to_owned()
}

fn with_key(app: &TestApp, token: &str, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
}

const RUNS: &str = "/api/v1/apps/it-service-desk/echo/runs";

#[tokio::test]
async fn the_api_answers_when_the_run_ends_or_at_once_with_where_to_follow_it() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        let (status, review) = publish(
            &builder,
            &app,
            ECHO,
            json!({ "api": to(&all_staff, "internal") }),
        )
        .await;
        assert_eq!(status, 201, "{review} on {}", app.backend);
        assert_eq!(review["status"], "deployed");
        let token = api_key(&app, "consumer@demo.local").await;

        let (status, run) = answer(
            with_key(&app, &token, &format!("{RUNS}?wait=10"))
                .json(&json!({ "inputs": { "subject": "  vpn down ", "count": 2 } }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{run} on {}", app.backend);
        assert_eq!(run["status"], "succeeded");
        assert_eq!(
            run["outputs"],
            json!({ "ticket": { "subject": "VPN DOWN", "doubled": 4 }, "subject": "vpn down" })
        );
        assert_eq!(
            (run["steps_done"].as_u64(), run["steps_total"].as_u64()),
            (Some(5), Some(5))
        );
        assert_eq!(run["interface"], "api");

        let queued = with_key(&app, &token, RUNS)
            .json(&json!({ "inputs": { "subject": "printer" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(queued.status(), 202, "on {}", app.backend);
        let location = queued.headers()["location"].to_str().unwrap().to_owned();
        let queued: Value = queued.json().await.unwrap();
        assert_eq!(location, queued["url"].as_str().unwrap());
        let followed: Value = reqwest::Client::new()
            .get(app.url(&format!("{location}?wait=10")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(followed["status"], "succeeded", "{followed}");
        assert_eq!(followed["outputs"]["subject"], "printer");

        // The run records who started it, through which interface and with which key.
        let recorded = builder
            .get_json(
                &app,
                &format!("/api/v1/runs/{}", run["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(recorded["interface"], "api");
        assert!(recorded["api_key"].is_string(), "{recorded}");
        let listed = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/runs")
            .await;
        assert!(
            listed["runs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == run["id"] && r["interface"] == "api")
        );

        let (status, missing) = answer(
            with_key(&app, &token, RUNS)
                .json(&json!({ "inputs": { "count": "two" } }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "{missing}");
        let problems: Vec<&str> = missing["error"]["details"]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].as_str().unwrap())
            .collect();
        assert_eq!(problems, ["inputs.subject", "inputs.count"], "{missing}");
    }
}

#[tokio::test]
async fn an_idempotency_key_starts_one_run_and_refuses_another_request() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        publish(
            &builder,
            &app,
            ECHO,
            json!({ "api": to(&all_staff, "internal") }),
        )
        .await;
        let token = api_key(&app, "consumer@demo.local").await;
        let send = |inputs: Value| {
            with_key(&app, &token, &format!("{RUNS}?wait=5"))
                .header("Idempotency-Key", "order-7781")
                .json(&json!({ "inputs": inputs }))
                .send()
        };
        let (first_status, first) = answer(send(json!({ "subject": "a" })).await.unwrap()).await;
        let (second_status, second) = answer(send(json!({ "subject": "a" })).await.unwrap()).await;
        assert_eq!(
            (first_status, second_status),
            (200, 200),
            "{first} {second}"
        );
        assert_eq!(
            first["id"], second["id"],
            "the retry answers with the same run"
        );
        let conflict = send(json!({ "subject": "b" })).await.unwrap();
        assert_eq!(conflict.status(), 409);
        assert_eq!(error_code(conflict).await, "idempotency_conflict");
        let runs = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/runs")
            .await;
        let echo_runs = runs["runs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["workflow"] == "echo")
            .count();
        assert_eq!(echo_runs, 1, "on {}", app.backend);
    }
}

/// A receiver of callbacks that refuses the first delivery and keeps what it is sent.
async fn receiver() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let kept = received.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let kept = kept.clone();
            async move {
                let signature = headers["paddock-signature"].to_str().unwrap().to_owned();
                let mut kept = kept.lock().unwrap();
                kept.push((signature, body));
                if kept.len() == 1 {
                    axum::http::StatusCode::SERVICE_UNAVAILABLE
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address.to_string(), received)
}

#[tokio::test]
async fn a_completion_callback_is_signed_with_the_apps_key_and_retried() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        let (host, received) = receiver().await;
        let interfaces = json!({
            "api": to(&all_staff, "internal"),
            "callback_hosts": [host],
            "callback_ranges": ["127.0.0.1/32"],
        });
        // Private ranges open the way into the organisation's network: an administrator's call.
        let (status, refused) = publish(&builder, &app, ECHO, interfaces.clone()).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "{refused}"
        );
        let (status, review) = publish(&admin, &app, ECHO, interfaces).await;
        assert_eq!(status, 201, "{review}");
        let token = api_key(&app, "consumer@demo.local").await;

        let elsewhere = with_key(&app, &token, RUNS)
            .json(
                &json!({ "inputs": { "subject": "x" }, "callback_url": "http://127.0.0.1:1/hook" }),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(elsewhere.status(), 422);
        assert_eq!(error_code(elsewhere).await, "invalid_input");

        let (status, run) = answer(
            with_key(&app, &token, RUNS)
                .json(&json!({ "inputs": { "subject": "called back" }, "callback_url": format!("http://{host}/hook") }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(status == 202 || status == 200, "{run}");
        let (status, key) = answer(
            admin
                .post(
                    &app,
                    "/api/v1/workspaces/it-service-desk/workflows/echo/signing-key",
                    json!({}),
                )
                .await,
        )
        .await;
        assert_eq!(status, 200, "{key}");
        let builder_asks = builder
            .post(
                &app,
                "/api/v1/workspaces/it-service-desk/workflows/echo/signing-key",
                json!({}),
            )
            .await;
        assert_eq!(
            builder_asks.status(),
            403,
            "a builder never sees a credential"
        );
        let key = key["signing_key"].as_str().unwrap().to_owned();

        // The first delivery is refused; the retry (after two seconds) is accepted.
        let mut deliveries = Vec::new();
        for _ in 0..200 {
            deliveries = received.lock().unwrap().clone();
            if deliveries.len() >= 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(deliveries.len(), 2, "on {}", app.backend);
        for (signature, body) in &deliveries {
            let (t, v1) = signature.split_once(",v1=").unwrap();
            let t = t.strip_prefix("t=").unwrap();
            let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(format!("{t}.{body}").as_bytes());
            mac.verify_slice(&hex::decode(v1).unwrap())
                .expect("the signature verifies");
            let body: Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["id"], run["id"]);
            assert_eq!(body["status"], "succeeded");
            assert_eq!(body["outputs"]["subject"], "called back");
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(b"another key").unwrap();
        mac.update(deliveries[1].1.as_bytes());
        assert!(mac.verify_slice(&[0; 32]).is_err());
    }
}

#[tokio::test]
async fn only_the_audience_may_run_an_app_and_outputs_are_held_to_its_clearance() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let approvers = group_id(&admin, &app, "IT approvers").await;

        // Statically: the outputs carry `internal`; an audience cleared for public only is refused.
        let (status, refused) = publish(
            &builder,
            &app,
            ECHO,
            json!({ "api": to(&approvers, "public") }),
        )
        .await;
        assert_eq!(status, 409, "{refused}");
        assert_eq!(refused["error"]["code"], "policy_violation");
        let violations = refused["error"]["details"]["violations"]
            .as_array()
            .unwrap();
        let subject = violations
            .iter()
            .find(|violation| violation["source"] == "inputs.subject")
            .expect("the subject reaches the outputs");
        assert_eq!(subject["sink"], "the API's audience");
        assert_eq!(subject["clearance"], "public");

        let (status, review) = publish(
            &builder,
            &app,
            ECHO,
            json!({ "api": to(&approvers, "internal") }),
        )
        .await;
        assert_eq!(status, 201, "{review}");
        let outsider = api_key(&app, "consumer@demo.local").await;
        let refused = with_key(&app, &outsider, RUNS)
            .json(&json!({ "inputs": { "subject": "x" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        assert_eq!(error_code(refused).await, "not_in_audience");
        let catalog: Value = reqwest::Client::new()
            .get(app.url("/api/v1/apps"))
            .bearer_auth(&outsider)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            catalog["apps"],
            json!([]),
            "an app not published to them is not listed"
        );

        // At run time: personal data found in the outputs raises their label above `internal`.
        let member = api_key(&app, "approver@demo.local").await;
        let (status, run) = answer(
            with_key(&app, &member, &format!("{RUNS}?wait=10"))
                .json(&json!({ "inputs": { "subject": "call me on jane.doe@example.com" } }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{run}");
        assert_eq!(run["status"], "failed");
        assert_eq!(run["outputs"], Value::Null);
        assert!(run["error"].as_str().unwrap().contains("withheld"), "{run}");
        let auditor = app.session("auditor@demo.local").await;
        let events = auditor
            .get_json(&app, "/api/v1/audit/events?action=run.output_refused")
            .await;
        assert_eq!(events["events"].as_array().unwrap().len(), 1, "{events}");

        let (status, fine) = answer(
            with_key(&app, &member, &format!("{RUNS}?wait=10"))
                .json(&json!({ "inputs": { "subject": "printer jam" } }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, fine["status"].as_str()),
            (200, Some("succeeded")),
            "{fine}"
        );
    }
}

#[tokio::test]
async fn a_rate_limit_refuses_the_run_over_it_and_a_frozen_app_runs_nothing() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        let interface =
            json!({ "audience": [all_staff], "clearance": "internal", "rate_per_minute": 2 });
        publish(&builder, &app, ECHO, json!({ "api": interface })).await;
        let token = api_key(&app, "consumer@demo.local").await;
        let start = || {
            with_key(&app, &token, RUNS)
                .json(&json!({ "inputs": { "subject": "x" } }))
                .send()
        };
        assert_eq!(start().await.unwrap().status(), 202);
        assert_eq!(start().await.unwrap().status(), 202);
        let limited = start().await.unwrap();
        assert_eq!(limited.status(), 429);
        assert_eq!(limited.headers()["retry-after"], "60");
        assert_eq!(error_code(limited).await, "rate_limited");

        let operator = app.session("operator@demo.local").await;
        let frozen = operator
            .post(
                &app,
                "/api/v1/workspaces/it-service-desk/workflows/echo/deployments/dev/freeze",
                json!({ "reason": "Checking the outputs" }),
            )
            .await;
        assert_eq!(frozen.status(), 200);
        let refused = app.session("consumer@demo.local").await;
        let refused = refused
            .post(
                &app,
                &format!("{RUNS}?interface=form"),
                json!({ "inputs": { "subject": "x" } }),
            )
            .await;
        assert_eq!(refused.status(), 404, "the app serves no form");
        let (status, body) = answer(start().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (409, Some("frozen")),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_freeze_on_one_node_stops_the_apps_runs_on_every_node() {
    for database in test_databases().await {
        let first = spawn_app(database).await;
        let other = support::spawn_other_node(&first).await;
        let admin = first.session("admin@demo.local").await;
        let builder = first.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &first, "All staff").await;
        publish(
            &builder,
            &first,
            ECHO,
            json!({ "api": to(&all_staff, "internal") }),
        )
        .await;
        let token = api_key(&first, "consumer@demo.local").await;
        let start = || {
            with_key(&other, &token, &format!("{RUNS}?wait=10"))
                .json(&json!({ "inputs": { "subject": "x" } }))
                .send()
        };
        // The other node has read which deployment serves the app, and keeps it in memory.
        assert_eq!(start().await.unwrap().status(), 200);

        let operator = first.session("operator@demo.local").await;
        let frozen = operator
            .post(
                &first,
                "/api/v1/workspaces/it-service-desk/workflows/echo/deployments/dev/freeze",
                json!({ "reason": "Checking the outputs" }),
            )
            .await;
        assert_eq!(frozen.status(), 200);
        // The first node knows at once; the other once the change is announced (PostgreSQL),
        // or reads it again at the latest a second later.
        let (status, body) = answer(
            with_key(&first, &token, RUNS)
                .json(&json!({ "inputs": { "subject": "x" } }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (409, Some("frozen"))
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let (status, body) = answer(start().await.unwrap()).await;
            if status == 409 {
                assert_eq!(body["error"]["code"], "frozen");
                break;
            }
            assert_eq!(status, 200, "{body}");
            assert!(
                std::time::Instant::now() < deadline,
                "the other node still runs the frozen app on {}",
                first.backend
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        drop(other);
    }
}

const CLAIM: &str = "apiVersion: paddock/v1
kind: Workflow
name: claim
inputs:
  policy: { type: string, required: true, label: internal }
  evidence:
    type: file
    required: true
    label: internal
    accept: [application/pdf, text/plain]
    max_size: 1KB
steps:
  - id: noted
    uses: template
    with: { value: \"{{ inputs.policy }}: {{ inputs.evidence.name }} ({{ inputs.evidence.media_type }}, {{ inputs.evidence.size }} bytes)\" }
outputs:
  note: \"{{ steps.noted.output }}\"
";

fn file_part(name: &str, content: &[u8]) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_owned())
}

#[tokio::test]
async fn files_are_checked_for_kind_and_size_before_anything_is_kept() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        let builders = group_id(&admin, &app, "Claims builders").await;
        let api = json!({ "audience": [all_staff, builders], "clearance": "internal" });
        let (status, review) = publish(
            &builder,
            &app,
            CLAIM,
            json!({ "api": api, "form": to(&all_staff, "internal") }),
        )
        .await;
        assert_eq!(status, 201, "{review}");
        let token = api_key(&app, "consumer@demo.local").await;
        let upload = |name: &str, content: &[u8]| {
            with_key(
                &app,
                &token,
                "/api/v1/apps/it-service-desk/claim/files?input=evidence&interface=api",
            )
            .multipart(reqwest::multipart::Form::new().part("file", file_part(name, content)))
            .send()
        };
        let too_large = upload("big.txt", &[b'a'; 2048]).await.unwrap();
        assert_eq!(too_large.status(), 413);
        assert_eq!(error_code(too_large).await, "payload_too_large");
        let disguised = upload("claim.pdf", b"MZ\x90\x00 a program").await.unwrap();
        assert_eq!(disguised.status(), 422);
        let (_, body) = answer(disguised).await;
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("content"),
            "{body}"
        );
        let image = upload("photo.png", b"\x89PNG\r\n\x1a\n....").await.unwrap();
        assert_eq!(image.status(), 422, "a kind the input does not accept");

        let (status, stored) =
            answer(upload("claim.pdf", b"%PDF-1.4 a claim form").await.unwrap()).await;
        assert_eq!(status, 201, "{stored}");
        assert_eq!(stored["media_type"], "application/pdf");
        let (status, run) = answer(
            with_key(
                &app,
                &token,
                "/api/v1/apps/it-service-desk/claim/runs?wait=10",
            )
            .json(&json!({ "inputs": { "policy": "PN-1", "evidence": stored["id"] } }))
            .send()
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{run}");
        assert_eq!(
            run["outputs"]["note"],
            "PN-1: claim.pdf (application/pdf, 21 bytes)"
        );

        // Inline, in one multipart request.
        let form = reqwest::multipart::Form::new()
            .text("inputs", json!({ "policy": "PN-2" }).to_string())
            .part("evidence", file_part("notes.txt", b"Rear bumper dented"));
        let (status, run) = answer(
            with_key(
                &app,
                &token,
                "/api/v1/apps/it-service-desk/claim/runs?wait=10",
            )
            .multipart(form)
            .send()
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{run}");
        assert_eq!(
            run["outputs"]["note"],
            "PN-2: notes.txt (text/plain, 18 bytes)"
        );
        assert_eq!(run["inputs"]["evidence"]["text"], "Rear bumper dented");

        // A multipart request with another input missing keeps no file.
        let auditor = app.session("auditor@demo.local").await;
        let uploads_before = auditor
            .get_json(&app, "/api/v1/audit/events?action=file.uploaded")
            .await["events"]
            .as_array()
            .unwrap()
            .len();
        let form =
            reqwest::multipart::Form::new().part("evidence", file_part("notes.txt", b"text"));
        let refused = with_key(&app, &token, "/api/v1/apps/it-service-desk/claim/runs")
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422);
        let uploads_after = auditor
            .get_json(&app, "/api/v1/audit/events?action=file.uploaded")
            .await["events"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(uploads_before, uploads_after, "nothing was kept");

        // Files from someone outside the audience are not even read: refused before a body
        // larger than any request may be.
        let outsider = api_key(&app, "operator@demo.local").await;
        let huge = reqwest::multipart::Form::new()
            .text("inputs", json!({ "policy": "PN-4" }).to_string())
            .part(
                "evidence",
                file_part("huge.txt", &vec![b'a'; 53 * 1024 * 1024]),
            );
        let refused = with_key(&app, &outsider, "/api/v1/apps/it-service-desk/claim/runs")
            .multipart(huge)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
        assert_eq!(error_code(refused).await, "not_in_audience");

        // Someone else's upload is not theirs to use.
        let other = api_key(&app, "builder@demo.local").await;
        let theirs = with_key(&app, &other, "/api/v1/apps/it-service-desk/claim/runs")
            .json(&json!({ "inputs": { "policy": "PN-3", "evidence": stored["id"] } }))
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.status(), 422);
    }
}

#[tokio::test]
async fn the_catalog_lists_the_app_with_its_form_and_its_own_openapi_document() {
    for database in test_databases().await {
        let app = spawn_app(database).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let all_staff = group_id(&admin, &app, "All staff").await;
        publish(
            &builder,
            &app,
            ECHO,
            json!({ "form": to(&all_staff, "internal"), "api": to(&all_staff, "internal") }),
        )
        .await;
        let consumer = app.session("consumer@demo.local").await;
        let catalog = consumer.get_json(&app, "/api/v1/apps?search=tidied").await;
        let listed = &catalog["apps"][0];
        assert_eq!(listed["name"], "echo");
        assert_eq!(listed["environment"], "dev");
        assert_eq!(listed["interfaces"], json!(["form", "api"]));
        assert_eq!(listed["owner"], "builder@demo.local");
        assert_eq!(
            consumer
                .get_json(&app, "/api/v1/apps?search=nothing-like-it")
                .await["apps"],
            json!([])
        );
        let detail = consumer
            .get_json(&app, "/api/v1/apps/it-service-desk/echo")
            .await;
        assert_eq!(detail["inputs"][0]["name"], "subject");
        assert_eq!(detail["outputs"], json!(["subject", "ticket"]));
        let document = consumer
            .get_json(&app, "/api/v1/apps/it-service-desk/echo/openapi.json")
            .await;
        assert_eq!(document["openapi"], "3.1.0");
        let body = &document["paths"]["/api/v1/apps/it-service-desk/echo/runs"]["post"]["requestBody"]
            ["content"]["application/json"]["schema"]["properties"]["inputs"];
        assert_eq!(body["required"], json!(["subject"]));
        assert_eq!(body["properties"]["count"]["type"], "integer");

        let (status, run) = answer(
            consumer
                .post(
                    &app,
                    "/api/v1/apps/it-service-desk/echo/runs?interface=form&wait=10",
                    json!({ "inputs": { "subject": "x" } }),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, run["interface"].as_str()),
            (200, Some("form")),
            "{run}"
        );
        let mine = consumer
            .get_json(&app, "/api/v1/apps/it-service-desk/echo/runs")
            .await;
        assert_eq!(mine["runs"][0]["id"], run["id"]);
        let result = consumer
            .get(
                &app,
                &format!(
                    "/api/v1/apps/it-service-desk/echo/runs/{}/result?format=md",
                    run["id"].as_str().unwrap()
                ),
            )
            .await;
        assert_eq!(result.status(), 200);
        assert!(
            result.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let markdown = result.text().await.unwrap();
        assert!(markdown.contains("## subject\n\nx"), "{markdown}");
        let stranger = app.session("steward@demo.local").await;
        let hidden = stranger
            .get(
                &app,
                &format!(
                    "/api/v1/apps/it-service-desk/echo/runs/{}",
                    run["id"].as_str().unwrap()
                ),
            )
            .await;
        assert_eq!(
            hidden.status(),
            404,
            "another person's run does not exist for them"
        );
    }
}
