//! Anonymous use of an app's form over HTTP, on every backend: closed until an administrator
//! opens it, and only a public form without files can be opened; a caller who is not signed in
//! runs it, follows the run with its token (no one else can), and is counted by their network;
//! opening and closing are audited, and a new deployment starts closed.

mod support;

use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, answer, error_code, group_id, publish, spawn_app_behind, to};

/// A public form: everything it reads and writes is public.
const GREETING: &str = "apiVersion: paddock/v1
kind: Workflow
name: greeting
description: Says hello.
inputs:
  name: { type: string, required: true, label: public }
steps:
  - id: hello
    uses: template
    with: { value: \"{{ (1 / 0) if inputs.name == 'boom' else 'Hello, ' ~ (inputs.name | trim) ~ '!' }}\" }
outputs:
  greeting: \"{{ steps.hello.output }}\"
";

const PUBLIC_FORM: &str = "/api/v1/public/apps/it-service-desk/greeting";
const SWITCH: &str = "/api/v1/apps/it-service-desk/greeting/anonymous";

/// Someone not signed in, reaching the server through the trusted proxy from `address`.
fn from(address: &str, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.header("X-Forwarded-For", address)
}

async fn run_from(app: &TestApp, address: &str, name: &str) -> (u16, Value) {
    let client = reqwest::Client::new();
    let request = client
        .post(app.url(&format!("{PUBLIC_FORM}/runs?wait=10")))
        .json(&json!({ "inputs": { "name": name } }));
    answer(from(address, request).send().await.unwrap()).await
}

async fn audited(admin: &Session, app: &TestApp, action: &str) -> usize {
    let events = admin
        .get_json(app, &format!("/api/v1/audit/events?action={action}"))
        .await;
    events["events"].as_array().map_or(0, Vec::len)
}

async fn set_open(person: &Session, app: &TestApp, open: bool) -> (u16, Value) {
    answer(person.put(app, SWITCH, json!({ "open": open })).await).await
}

#[tokio::test]
async fn an_administrator_opens_a_public_form_to_people_who_are_not_signed_in() {
    for database in test_databases().await {
        let app = spawn_app_behind(database, &["127.0.0.1".parse().unwrap()]).await;
        let (admin, builder) = (
            app.session("admin@demo.local").await,
            app.session("builder@demo.local").await,
        );
        let all_staff = group_id(&admin, &app, "All staff").await;
        let mut form = to(&all_staff, "public");
        form["rate_per_minute"] = json!(2);
        let (status, submitted) = publish(&builder, &app, GREETING, json!({ "form": form })).await;
        assert_eq!(status, 201, "{submitted}");
        let anonymous = reqwest::Client::new();

        // Closed until an administrator opens it; a builder may not.
        let closed = anonymous.get(app.url(PUBLIC_FORM)).send().await.unwrap();
        assert_eq!(closed.status(), 404);
        assert_eq!(run_from(&app, "203.0.113.7", "Ada").await.0, 404);
        let (status, refused) = set_open(&builder, &app, true).await;
        assert_eq!(status, 403, "{refused}");
        let (status, state) = answer(admin.get(&app, SWITCH).await).await;
        assert_eq!(status, 200, "{state}");
        assert_eq!(state["open"], false);
        assert_eq!(state["blocked_by"], Value::Null);
        assert_eq!(state["rate_per_minute"], 2);
        let (status, state) = set_open(&admin, &app, true).await;
        assert_eq!(status, 200, "{state}");
        assert_eq!(state["open"], true);
        assert_eq!(audited(&admin, &app, "app.anonymous_opened").await, 1);

        // The form, without who owns it.
        let (status, detail) =
            answer(anonymous.get(app.url(PUBLIC_FORM)).send().await.unwrap()).await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["inputs"][0]["name"], "name");
        assert_eq!(detail["interfaces"], json!(["form"]));
        assert_eq!(detail["owner"], Value::Null);

        // A run, followed with its token and by no one without it.
        let (status, run) = run_from(&app, "203.0.113.7", "  Ada ").await;
        assert_eq!(status, 200, "{run}");
        assert_eq!(run["status"], "succeeded", "{run}");
        assert_eq!(run["outputs"]["greeting"], "Hello, Ada!");
        assert_eq!(run["interface"], "form");
        let token = run["follow_token"].as_str().unwrap();
        assert_eq!(token.len(), 64);
        let url = run["url"].as_str().unwrap();
        assert!(url.starts_with("/api/v1/public/apps/it-service-desk/greeting/runs/"));
        let followed = anonymous
            .get(app.url(url))
            .header("X-Run-Token", token)
            .send()
            .await
            .unwrap();
        let (status, followed) = answer(followed).await;
        assert_eq!(status, 200, "{followed}");
        assert_eq!(followed["outputs"]["greeting"], "Hello, Ada!");
        assert_eq!(
            followed.get("follow_token"),
            None,
            "the token is shown once"
        );
        for wrong in [Some("0".repeat(64)), None] {
            let mut request = anonymous.get(app.url(url));
            if let Some(wrong) = &wrong {
                request = request.header("X-Run-Token", wrong);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 404, "token {wrong:?}");
            assert_eq!(error_code(response).await, "not_found");
        }
        let result = anonymous
            .get(app.url(&format!("{url}/result?format=md")))
            .header("X-Run-Token", token)
            .send()
            .await
            .unwrap();
        assert_eq!(result.status(), 200);
        assert!(result.text().await.unwrap().contains("Hello, Ada!"));

        // Who started it is recorded as the caller's network, in the run and the audit trail.
        let (status, listed) = answer(
            admin
                .get(&app, "/api/v1/workspaces/it-service-desk/runs")
                .await,
        )
        .await;
        assert_eq!(status, 200, "{listed}");
        let listed = listed["runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|listed| listed["id"] == run["id"])
            .expect("the run is listed")
            .clone();
        assert_eq!(listed["anonymous_from"], "203.0.113.7");
        assert_eq!(listed["interface"], "form");
        let events = admin
            .get_json(&app, "/api/v1/audit/events?action=run.started")
            .await;
        let queued = events["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|event| event["target"]["id"] == run["id"])
            .expect("the run's queueing is audited")
            .clone();
        assert_eq!(queued["actor"]["kind"], "anonymous");
        assert_eq!(queued["actor"]["label"], "203.0.113.7");

        // Bad input starts nothing.
        let bad = from(
            "203.0.113.7",
            anonymous
                .post(app.url(&format!("{PUBLIC_FORM}/runs")))
                .json(&json!({ "inputs": { "name": 7 } })),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(bad.status(), 422);
        assert_eq!(error_code(bad).await, "invalid_input");

        // Why a run failed is not shown to someone not signed in.
        let (status, failed) = run_from(&app, "198.51.100.77", "boom").await;
        assert_eq!(status, 200, "{failed}");
        assert_eq!(failed["status"], "failed");
        assert_eq!(
            failed["error"],
            format!(
                "The run could not finish. Its owner can see why in run {}.",
                failed["id"].as_str().unwrap()
            )
        );

        // Counted by network: an IPv4 address, an IPv6 /64.
        assert_eq!(run_from(&app, "203.0.113.7", "Bob").await.0, 200);
        let (status, refused) = run_from(&app, "203.0.113.7", "Cat").await;
        assert_eq!(status, 429, "{refused}");
        assert_eq!(refused["error"]["code"], "rate_limited");
        assert_eq!(run_from(&app, "198.51.100.9", "Cy").await.0, 200);
        assert_eq!(run_from(&app, "2001:db8:1:2::5", "Di").await.0, 200);
        assert_eq!(run_from(&app, "2001:db8:1:2::99", "Ed").await.0, 200);
        assert_eq!(run_from(&app, "2001:db8:1:2:abcd::1", "Flo").await.0, 429);
        assert_eq!(run_from(&app, "2001:db8:1:3::1", "Gus").await.0, 200);

        // Closed again, and audited.
        let (status, state) = set_open(&admin, &app, false).await;
        assert_eq!(status, 200, "{state}");
        assert_eq!(state["open"], false);
        assert_eq!(audited(&admin, &app, "app.anonymous_closed").await, 1);
        assert_eq!(run_from(&app, "192.0.2.1", "Hal").await.0, 404);
        assert_eq!(
            anonymous
                .get(app.url(PUBLIC_FORM))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        // A new deployment starts closed.
        assert_eq!(set_open(&admin, &app, true).await.0, 200);
        let changed = GREETING.replace("Says hello.", "Says hello, politely.");
        let (status, submitted) = publish(&builder, &app, &changed, json!({ "form": form })).await;
        assert_eq!(status, 201, "{submitted}");
        assert_eq!(run_from(&app, "192.0.2.1", "Ida").await.0, 404);
        let (_, state) = answer(admin.get(&app, SWITCH).await).await;
        assert_eq!(state["open"], false);
    }
}

#[tokio::test]
async fn only_a_public_form_without_files_can_be_opened() {
    for database in test_databases().await {
        let app = spawn_app_behind(database, &[]).await;
        let (admin, builder) = (
            app.session("admin@demo.local").await,
            app.session("builder@demo.local").await,
        );
        let all_staff = group_id(&admin, &app, "All staff").await;

        // Internal outputs: signed-in staff only.
        let internal = GREETING.replace("label: public", "label: internal");
        let (status, submitted) = publish(
            &builder,
            &app,
            &internal,
            json!({ "form": to(&all_staff, "internal") }),
        )
        .await;
        assert_eq!(status, 201, "{submitted}");
        let (status, refused) = set_open(&admin, &app, true).await;
        assert_eq!(status, 409, "{refused}");
        assert_eq!(refused["error"]["code"], "policy_violation");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap()
                .contains("internal"),
            "{refused}"
        );
        let (_, state) = answer(admin.get(&app, SWITCH).await).await;
        assert_eq!(state["open"], false);
        assert!(state["blocked_by"].as_str().is_some());

        // A file input: no anonymous uploads.
        let with_file = GREETING.replace(
            "  name: { type: string, required: true, label: public }",
            "  name: { type: string, required: true, label: public }\n  photo: { type: file, label: public }",
        );
        let (status, submitted) = publish(
            &builder,
            &app,
            &with_file,
            json!({ "form": to(&all_staff, "public") }),
        )
        .await;
        assert_eq!(status, 201, "{submitted}");
        let (status, refused) = set_open(&admin, &app, true).await;
        assert_eq!(status, 409, "{refused}");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap()
                .contains("photo"),
            "{refused}"
        );
        assert_eq!(audited(&admin, &app, "app.anonymous_opened").await, 0);

        // An API key, even an administrator's, cannot open a form to everyone.
        let (status, key) = answer(
            admin
                .post(&app, "/api/v1/api-keys", json!({ "name": "script" }))
                .await,
        )
        .await;
        assert_eq!(status, 201, "{key}");
        let by_key = reqwest::Client::new()
            .put(app.url(SWITCH))
            .bearer_auth(key["token"].as_str().unwrap())
            .json(&json!({ "open": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(by_key.status(), 403);
    }
}
