//! Connections end to end: administered with write-only credentials, bound per workspace and
//! environment, called by `connector` steps against real local servers (an HTTP service that
//! counts side effects, an SMTP server), with policy enforced at run time and the SSRF defence
//! tried with every spelling of a private address.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use paddock_store::testing::test_databases;
use serde_json::{Value, json};
use support::{Session, TestApp, error_code, spawn_app};

const SECRET: &str = "tok-live-8c1f2e77d0";

/// Everything this test binary's servers log, at debug level, for the leak scan.
static LOGS: std::sync::LazyLock<Arc<Mutex<Vec<u8>>>> = std::sync::LazyLock::new(Arc::default);

struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends every log line of the process to [`LOGS`] (once; the tests share it).
fn capture_logs() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("debug")
        .with_ansi(false)
        .with_writer(|| LogBuffer(LOGS.clone()))
        .try_init();
}

/// What the ticketing service saw: every request's idempotency key, and the tickets it made.
#[derive(Default)]
struct Ledger {
    requests: Vec<Option<String>>,
    /// Tickets made, by idempotency key (a key seen again gets the same ticket back).
    tickets: HashMap<String, Value>,
    made: usize,
    /// Answer the next request that makes a ticket with 503, after making it (a lost answer).
    lose_next_answer: bool,
}

type Shared = Arc<Mutex<Ledger>>;

/// A small ticketing service: `POST /tickets` honours `Idempotency-Key`; `GET /whoami` echoes
/// the request's headers in a 401, as some gateways do; `GET /redirect?to=` redirects.
async fn ticketing() -> (String, Shared) {
    let ledger: Shared = Arc::default();
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { "ticketing ready" }))
        .route("/tickets", axum::routing::post(make_ticket))
        .route("/whoami", axum::routing::get(echo_headers))
        .route("/redirect", axum::routing::get(redirect))
        .with_state(ledger.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), ledger)
}

async fn make_ticket(
    State(ledger): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut ledger = ledger.lock().unwrap();
    ledger.requests.push(key.clone());
    let key = key.unwrap_or_default();
    if let Some(ticket) = ledger.tickets.get(&key) {
        return (StatusCode::CREATED, Json(ticket.clone())).into_response();
    }
    ledger.made += 1;
    let ticket = json!({ "id": format!("T-{}", ledger.made), "title": body["title"] });
    ledger.tickets.insert(key, ticket.clone());
    if std::mem::take(&mut ledger.lose_next_answer) {
        return (StatusCode::SERVICE_UNAVAILABLE, "try again").into_response();
    }
    (StatusCode::CREATED, Json(ticket)).into_response()
}

async fn echo_headers(headers: HeaderMap) -> Response {
    let echoed: HashMap<String, String> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "you_sent": echoed })),
    )
        .into_response()
}

async fn redirect(Query(query): Query<HashMap<String, String>>) -> Redirect {
    Redirect::temporary(&query["to"])
}

/// The ticketing connection: bearer token, a write action making tickets, a read action whose
/// answer echoes the request, and one that follows a redirect.
fn ticketing_connection(base_url: &str, name: &str) -> Value {
    json!({
        "name": name,
        "kind": "http",
        "description": "Ticketing stand-in",
        "settings": {
            "base_url": base_url,
            "auth": { "type": "bearer" },
            "actions": [
                {
                    "name": "create_ticket", "access": "write", "method": "POST", "path": "/tickets",
                    "body": { "title": "{{ input.title }}", "body": "{{ input.body }}" },
                    "input_schema": {
                        "type": "object", "required": ["title"],
                        "properties": { "title": { "type": "string" }, "body": { "type": "string" } }
                    }
                },
                { "name": "whoami", "access": "read", "method": "GET", "path": "/whoami" },
                { "name": "elsewhere", "access": "read", "method": "GET", "url": "{{ input.url }}" },
                {
                    "name": "follow", "access": "read", "method": "GET", "path": "/redirect",
                    "query": { "to": "{{ input.to }}" }
                }
            ]
        },
        "credential": SECRET,
        "read_label": "internal",
        "write_clearance": "confidential",
        "allowed_ranges": ["127.0.0.1/32"],
        // The same service under another name: another origin, never sent the credential.
        "egress": [format!("localhost:{}", base_url.rsplit(':').next().unwrap_or_default())],
        "workspaces": ["it-service-desk"]
    })
}

fn calling(action: &str, input: &str, then_wait: bool) -> String {
    let approval = if then_wait {
        "\n  - id: check\n    uses: approval\n    with: { title: Check the ticket, approvers: { users: [approver@demo.local] } }"
    } else {
        ""
    };
    format!(
        "apiVersion: paddock/v1
kind: Workflow
name: file-ticket
inputs:
  title: {{ type: string }}
  detail: {{ type: string }}
  url: {{ type: string }}
steps:
  - id: call
    uses: connector
    retry: {{ max_attempts: 3, backoff: 10ms }}
    with:
      connection: tickets
      action: {action}
      input: {input}{approval}
outputs:
  answer: \"{{{{ steps.call.output }}}}\"
"
    )
}

#[tokio::test]
async fn connections_are_administered_with_write_only_credentials_and_bad_input_changes_nothing() {
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, _) = ticketing().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;

        let refused = builder
            .post(
                &app,
                "/api/v1/connections",
                ticketing_connection(&base, "tickets-dev"),
            )
            .await;
        assert_eq!(refused.status(), 403);

        let bad = |change: fn(&mut Value)| {
            let mut form = ticketing_connection(&base, "tickets-dev");
            change(&mut form);
            form
        };
        for (form, field) in [
            (
                bad(|f| f["settings"]["base_url"] = json!("ftp://tickets")),
                "settings",
            ),
            (
                bad(|f| f["settings"]["actions"][0]["method"] = json!("FETCH ME")),
                "settings",
            ),
            (
                bad(|f| f["egress"] = json!(["http://example.com"])),
                "egress",
            ),
            (
                bad(|f| f["allowed_ranges"] = json!(["10.0.0.0/99"])),
                "allowed_ranges",
            ),
            (
                bad(|f| f["allowed_ranges"] = json!(["0.0.0.0/0"])),
                "allowed_ranges",
            ),
            (bad(|f| f["egress"] = json!(["*.com"])), "egress"),
            (
                bad(|f| f["settings"]["actions"][1]["method"] = json!("DELETE")),
                "settings",
            ),
            (
                bad(|f| f["settings"]["actions"][0]["headers"] = json!({ "Host": "internal" })),
                "settings",
            ),
            (
                bad(|f| f["allowed_actions"] = json!(["delete_everything"])),
                "allowed_actions",
            ),
            (bad(|f| f["credential"] = json!("ab")), "credential"),
            (
                bad(|f| f["write_clearance"] = json!("secret-ish")),
                "write_clearance",
            ),
            (bad(|f| f["workspaces"] = json!(["nowhere"])), "workspaces"),
        ] {
            let response = admin.post(&app, "/api/v1/connections", form).await;
            assert_eq!(response.status(), 422, "{field} on {}", app.backend);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["error"]["details"]["field"], field, "{body}");
        }
        let none = admin.get_json(&app, "/api/v1/connections").await;
        assert_eq!(none["connections"], json!([]), "nothing half-made");

        let made = admin
            .create_connection(&app, ticketing_connection(&base, "tickets-dev"))
            .await;
        assert_eq!(made["credential_set"], true);
        assert!(!made.to_string().contains(SECRET));
        assert_eq!(made["actions"].as_array().unwrap().len(), 4);
        let again = admin
            .post(
                &app,
                "/api/v1/connections",
                ticketing_connection(&base, "tickets-dev"),
            )
            .await;
        assert_eq!(error_code(again).await, "already_exists");

        // Pointing the connection elsewhere without entering the credential again is refused.
        let mut moved = ticketing_connection("https://tickets.example.com", "tickets-dev");
        moved.as_object_mut().unwrap().remove("credential");
        let response = admin
            .put(&app, "/api/v1/connections/tickets-dev", moved)
            .await;
        assert_eq!(response.status(), 422);
        let kept = admin
            .get_json(&app, "/api/v1/connections/tickets-dev")
            .await;
        assert_eq!(kept["settings"]["base_url"], base.as_str());

        // Bindings: a good alias, to a connection open to the workspace.
        let bad_alias = admin
            .put(
                &app,
                "/api/v1/workspaces/it-service-desk/bindings/dev/Bad%20Alias",
                json!({ "connection": "tickets-dev" }),
            )
            .await;
        assert_eq!(bad_alias.status(), 422);
        let closed = admin
            .put(
                &app,
                "/api/v1/workspaces/claims/bindings/dev/tickets",
                json!({ "connection": "tickets-dev" }),
            )
            .await;
        assert_eq!(closed.status(), 422, "claims may not use it");
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;
        let bindings = admin
            .get_json(&app, "/api/v1/workspaces/it-service-desk/bindings")
            .await;
        assert_eq!(
            bindings["bindings"],
            json!([{ "workspace": "it-service-desk", "environment": "dev", "alias": "tickets", "connection": "tickets-dev" }])
        );

        // The builder sees the alias and its actions, never a credential.
        let usable = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/connections")
            .await;
        assert_eq!(usable["connections"][0]["alias"], "tickets");
        assert_eq!(usable["connections"][0]["actions"][0]["access"], "write");
        assert!(!usable.to_string().contains(SECRET));
        let in_prod = builder
            .get_json(
                &app,
                "/api/v1/workspaces/it-service-desk/connections?environment=prod",
            )
            .await;
        assert_eq!(in_prod["connections"], json!([]));

        let tested: Value = admin
            .post(&app, "/api/v1/connections/tickets-dev/test", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(tested["ok"], true, "{tested}");

        let audit = admin.get_json(&app, "/api/v1/audit/events?limit=200").await;
        let actions: Vec<&str> = audit["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert!(actions.contains(&"connection.created"));
        assert!(actions.contains(&"connection.bound"));
        assert!(!audit.to_string().contains(SECRET));

        let removed = admin.delete(&app, "/api/v1/connections/tickets-dev").await;
        assert_eq!(removed.status(), 204);
        let bindings = admin
            .get_json(&app, "/api/v1/workspaces/it-service-desk/bindings")
            .await;
        assert_eq!(bindings["bindings"], json!([]), "its bindings went with it");
    }
}

#[tokio::test]
async fn a_write_action_is_made_once_across_a_lost_answer_and_a_resumed_run() {
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, ledger) = ticketing().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        admin
            .create_connection(&app, ticketing_connection(&base, "tickets-dev"))
            .await;
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;

        // The service makes the ticket but its answer is lost: the step tries again with the
        // same key, and the service recognises it.
        ledger.lock().unwrap().lose_next_answer = true;
        let definition = calling("create_ticket", "{ title: \"{{ inputs.title }}\" }", true);
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &definition,
                json!({ "title": "VPN down" }),
            )
            .await;
        let waiting = builder.wait_for_run(&app, &id, "waiting").await;
        let call = waiting["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step_id"] == "call")
            .unwrap()
            .clone();
        assert_eq!(call["attempts"], 2, "{call}");
        assert_eq!(call["output"]["body"]["id"], "T-1");

        // Deciding resumes the run, which does not call the service again.
        let approver = app.session("approver@demo.local").await;
        let decided = approver
            .decide(&app, &id, "check", json!({ "decision": "approve" }))
            .await;
        assert_eq!(decided.status(), 200);
        let done = builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(done["outputs"]["answer"]["body"]["id"], "T-1");

        let ledger = ledger.lock().unwrap();
        assert_eq!(ledger.made, 1, "one ticket");
        assert_eq!(ledger.requests.len(), 2, "two requests, one key");
        let key = ledger.requests[0].clone().expect("a write carries a key");
        assert!(key.starts_with("paddock-"));
        assert_eq!(ledger.requests[1].as_deref(), Some(key.as_str()));
    }
}

async fn blocked_run(builder: &Session, app: &TestApp, definition: &str, inputs: Value) -> String {
    let id = builder
        .start_test_run(app, "it-service-desk", definition, inputs)
        .await;
    let failed = builder.wait_for_run(app, &id, "failed").await;
    let error = failed["error"].as_str().unwrap().to_owned();
    assert!(
        error.contains("blocked by policy"),
        "{error} on {}",
        app.backend
    );
    error
}

#[tokio::test]
async fn run_time_addresses_outside_the_allowlist_and_every_private_address_are_blocked() {
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, ledger) = ticketing().await;
        let port = base.rsplit(':').next().unwrap().to_owned();
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;

        // A webhook caller whose address is computed at run time. Its allowlist names local
        // hosts, so what stops them is the address check, not the list.
        let hook = json!({
            "name": "webhooks",
            "kind": "http",
            "settings": {
                "base_url": "https://hooks.example.com",
                "actions": [{ "name": "post", "access": "read", "method": "GET", "url": "{{ input.url }}" }]
            },
            "egress": [
                format!("localhost:{port}"), format!("127.0.0.1:{port}"), "169.254.169.254",
                "10.0.0.1", "2130706433", "0177.0.0.1"
            ],
            "workspaces": ["it-service-desk"]
        });
        admin.create_connection(&app, hook).await;
        admin.bind_in_dev(&app, "tickets", "webhooks").await;
        let definition = calling("post", "{ url: \"{{ inputs.url }}\" }", false);
        for url in [
            format!("http://127.0.0.1:{port}/whoami"),
            format!("http://[::1]:{port}/whoami"),
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "http://10.0.0.1/".to_owned(),
            format!("http://2130706433:{port}/whoami"),
            format!("http://0177.0.0.1:{port}/whoami"),
            format!("http://0x7f.1:{port}/whoami"),
            // A name that resolves to loopback: refused after resolution.
            format!("http://localhost:{port}/whoami"),
            // Not on the allowlist at all.
            "https://elsewhere.example.org/".to_owned(),
        ] {
            let error = blocked_run(&builder, &app, &definition, json!({ "url": url })).await;
            assert!(!error.contains(SECRET));
        }
        assert!(ledger.lock().unwrap().requests.is_empty());

        // A service the administrator allowed on loopback still cannot redirect a request to a
        // private address or off its allowlist.
        admin.delete(&app, "/api/v1/connections/webhooks").await;
        admin
            .create_connection(&app, ticketing_connection(&base, "tickets-dev"))
            .await;
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;
        let follow = calling("follow", "{ to: \"{{ inputs.url }}\" }", false);
        for target in [
            "http://10.1.2.3/admin".to_owned(),
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "http://elsewhere.example.org/".to_owned(),
        ] {
            blocked_run(&builder, &app, &follow, json!({ "url": target })).await;
        }
        // A redirect to an allowed host of another origin is followed without the credential.
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &follow,
                json!({ "url": format!("http://localhost:{port}/whoami") }),
            )
            .await;
        let followed = builder.wait_for_run(&app, &id, "failed").await;
        let error = followed["error"].as_str().unwrap();
        assert!(
            error.contains("401") && !error.contains("authorization"),
            "{error}"
        );

        let audit = admin
            .get_json(
                &app,
                "/api/v1/audit/events?action=connector.blocked&limit=100",
            )
            .await;
        let blocked = audit["events"].as_array().unwrap();
        assert_eq!(
            blocked.len(),
            12,
            "every refusal is audited on {}",
            app.backend
        );
        assert_eq!(blocked[0]["outcome"], "denied");
    }
}

#[tokio::test]
async fn personal_data_found_at_run_time_is_held_to_the_connections_clearance() {
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, ledger) = ticketing().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        admin
            .create_connection(&app, ticketing_connection(&base, "tickets-dev"))
            .await;
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;

        // The input carries no label; what it holds turns out to be personal data.
        let definition = calling(
            "create_ticket",
            "{ title: \"{{ inputs.title }}\", body: \"{{ inputs.detail }}\" }",
            false,
        );
        let error = blocked_run(
            &builder,
            &app,
            &definition,
            json!({ "title": "Card declined", "detail": "card 4242 4242 4242 4242, call +44 20 7946 0958" }),
        )
        .await;
        assert!(error.contains("pii"), "{error}");
        assert_eq!(ledger.lock().unwrap().made, 0);

        // The static check says so before any run: a confidential/pii input sent to a write
        // action of a connection cleared only for confidential data.
        let labelled = definition.replace(
            "detail: { type: string }",
            "detail: { type: string, label: confidential/pii }",
        );
        let report: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/it-service-desk/policy-check",
                json!({ "definition": labelled }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(report["passes"], false, "{report}");
        let violation = &report["violations"][0];
        assert_eq!(violation["source"], "inputs.detail");
        assert_eq!(violation["sink"], "the connection tickets");
        assert!(
            violation["message"]
                .as_str()
                .unwrap()
                .contains("tickets-dev")
        );

        // Harmless data goes through.
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &definition,
                json!({ "title": "Printer", "detail": "third floor, jammed" }),
            )
            .await;
        builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(ledger.lock().unwrap().made, 1);
    }
}

/// A real SMTP server (Python's aiosmtpd) that keeps what it receives in a maildir.
struct MailServer {
    port: u16,
    maildir: tempfile::TempDir,
    process: std::process::Child,
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn mail_server() -> MailServer {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let maildir = tempfile::tempdir().unwrap();
    let process = std::process::Command::new("/usr/bin/python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir.path().join("mail"))
        .spawn()
        .expect("aiosmtpd runs (Debian package python3-aiosmtpd; `make test` installs it)");
    // Stopped when dropped, also when it never answers.
    let server = MailServer {
        port,
        maildir,
        process,
    };
    // Python starts slowly on a busy machine: up to 30 s.
    for _ in 0..1200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the SMTP server did not start");
}

impl MailServer {
    fn received(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail").join("new");
        std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn mail_goes_to_allowed_domains_only() {
    let mail = mail_server().await;
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        admin
            .create_connection(
                &app,
                json!({
                    "name": "mail",
                    "kind": "smtp",
                    "settings": {
                        "host": "127.0.0.1", "port": mail.port, "security": "none",
                        "from": "Paddock <paddock@demo.local>",
                        "allowed_domains": ["demo.local"]
                    },
                    "allowed_ranges": ["127.0.0.1/32"],
                    "write_clearance": "confidential",
                    "workspaces": ["it-service-desk"]
                }),
            )
            .await;
        admin.bind_in_dev(&app, "tickets", "mail").await;
        let tested: Value = admin
            .post(&app, "/api/v1/connections/mail/test", json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(tested["ok"], true, "{tested}");

        let definition = calling(
            "send",
            "{ to: \"{{ inputs.url }}\", subject: \"{{ inputs.title }}\", body: \"{{ inputs.detail }}\" }",
            false,
        );
        let subject = format!("Outage report from {}", app.backend);
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &definition,
                json!({ "url": "oncall@it.demo.local", "title": subject, "detail": "VPN is down" }),
            )
            .await;
        let sent = builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(
            sent["outputs"]["answer"]["accepted"],
            json!(["oncall@it.demo.local"])
        );
        assert!(
            mail.received()
                .iter()
                .any(|m| m.contains(&subject) && m.contains("VPN is down")),
            "the server received the message"
        );

        let before = mail.received().len();
        let error = blocked_run(
            &builder,
            &app,
            &definition,
            json!({ "url": "someone@gmail.com", "title": "Leak", "detail": "internal notes" }),
        )
        .await;
        assert!(error.contains("someone@gmail.com"), "{error}");
        assert_eq!(mail.received().len(), before, "nothing sent");
    }
}

#[tokio::test]
async fn a_credential_never_appears_in_runs_errors_audit_or_answers() {
    capture_logs();
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, _) = ticketing().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let made = admin
            .create_connection(&app, ticketing_connection(&base, "tickets-dev"))
            .await;
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;

        // The service echoes the request's headers — the bearer token among them — in its error.
        let definition = calling("whoami", "{}", false);
        let id = builder
            .start_test_run(&app, "it-service-desk", &definition, json!({}))
            .await;
        let failed = builder.wait_for_run(&app, &id, "failed").await;
        let error = failed["error"].as_str().unwrap();
        assert!(
            error.contains("401") && error.contains("[secret]"),
            "{error}"
        );

        // A URL computed at run time that points at another origin gets no credential.
        let port = base.rsplit(':').next().unwrap();
        let elsewhere = calling("elsewhere", "{ url: \"{{ inputs.url }}\" }", false);
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &elsewhere,
                json!({ "url": format!("http://localhost:{port}/whoami") }),
            )
            .await;
        let other = builder.wait_for_run(&app, &id, "failed").await;
        let error = other["error"].as_str().unwrap();
        assert!(
            error.contains("401") && !error.contains("authorization"),
            "{error}"
        );

        let mut seen = vec![made.to_string(), failed.to_string(), other.to_string()];
        for path in [
            "/api/v1/connections".to_owned(),
            "/api/v1/connections/tickets-dev".to_owned(),
            format!("/api/v1/runs/{id}"),
            "/api/v1/workspaces/it-service-desk/runs".to_owned(),
            "/api/v1/workspaces/it-service-desk/connections".to_owned(),
            "/api/v1/audit/events?limit=500".to_owned(),
        ] {
            seen.push(admin.get(&app, &path).await.text().await.unwrap());
        }
        seen.push(
            admin
                .get(&app, "/api/v1/audit/export")
                .await
                .text()
                .await
                .unwrap(),
        );
        seen.push(String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned());
        assert!(
            seen.last()
                .unwrap()
                .contains("path=\"/api/v1/connections\""),
            "the logs were captured"
        );
        for text in &seen {
            assert!(!text.contains(SECRET), "the credential leaked: {text}");
        }
    }
}

#[tokio::test]
async fn a_connection_limited_to_groups_is_used_only_by_their_members() {
    for db in test_databases().await {
        let app = spawn_app(db).await;
        let (base, ledger) = ticketing().await;
        let admin = app.session("admin@demo.local").await;
        let builder = app.session("builder@demo.local").await;
        let mut form = ticketing_connection(&base, "tickets-dev");
        form["groups"] = json!(["IT approvers"]);
        let created = admin.create_connection(&app, form.clone()).await;
        assert_eq!(created["groups"], json!(["IT approvers"]));
        admin.bind_in_dev(&app, "tickets", "tickets-dev").await;

        // An unknown group is refused and changes nothing.
        let mut unknown = form.clone();
        unknown["groups"] = json!(["Nobody's group"]);
        let refused = admin
            .put(&app, "/api/v1/connections/tickets-dev", unknown)
            .await;
        assert_eq!(refused.status(), 422);
        assert_eq!(error_code(refused).await, "invalid_input");

        // The builder is not in the group: the connection is not offered, the check names the
        // groups, and a run that calls it anyway is blocked before anything is sent.
        let offered = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/connections")
            .await;
        assert_eq!(offered["connections"], json!([]), "{offered}");
        let definition = calling("create_ticket", "{ title: \"{{ inputs.title }}\" }", false);
        let report: Value = builder
            .post(
                &app,
                "/api/v1/workspaces/it-service-desk/policy-check",
                json!({ "definition": definition }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(report["passes"], false, "{report}");
        assert!(
            report["violations"][0]["message"]
                .as_str()
                .unwrap()
                .contains("only members of IT approvers"),
            "{report}"
        );
        let error = blocked_run(&builder, &app, &definition, json!({ "title": "Printer" })).await;
        assert!(error.contains("members of its groups"), "{error}");
        assert_eq!(ledger.lock().unwrap().made, 0);
        let audited = admin
            .get_json(
                &app,
                "/api/v1/audit/events?action=connector.blocked&limit=10",
            )
            .await;
        assert_eq!(audited["events"].as_array().unwrap().len(), 1, "{audited}");

        // Opened to a group the builder is in, it is theirs to use.
        form["groups"] = json!(["Claims builders", "IT approvers"]);
        let changed = admin
            .put(&app, "/api/v1/connections/tickets-dev", form)
            .await;
        assert_eq!(changed.status(), 200);
        let offered = builder
            .get_json(&app, "/api/v1/workspaces/it-service-desk/connections")
            .await;
        assert_eq!(offered["connections"][0]["alias"], "tickets", "{offered}");
        let id = builder
            .start_test_run(
                &app,
                "it-service-desk",
                &definition,
                json!({ "title": "Printer" }),
            )
            .await;
        builder.wait_for_run(&app, &id, "succeeded").await;
        assert_eq!(ledger.lock().unwrap().made, 1);
    }
}
