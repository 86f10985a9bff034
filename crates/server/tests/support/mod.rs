//! `spawn_app`: the real application on a random port, over a throwaway database.
#![allow(dead_code)] // Each test binary uses a different part of the support module.

use paddock_server::AppState;
use paddock_store::testing::TestDatabase;
use reqwest::{Client, Response};
use serde_json::{Value, json};

pub const DEMO_PASSWORD: &str = "paddock-demo";

pub struct TestApp {
    pub address: String,
    pub backend: &'static str,
    /// Dropped with the app: stops its workers.
    _stop_workers: tokio::sync::watch::Sender<()>,
    database_url: paddock_store::DatabaseUrl,
    /// The first node owns the database, removed when it is dropped.
    _database: Option<TestDatabase>,
}

pub async fn spawn_app(database: TestDatabase) -> TestApp {
    spawn_app_behind(database, &[]).await
}

/// The application as it runs behind the reverse proxies `trusted_proxies`.
pub async fn spawn_app_behind(
    database: TestDatabase,
    trusted_proxies: &[std::net::IpAddr],
) -> TestApp {
    let store = database.store().await;
    paddock_services::demo::seed(
        &store,
        paddock_services::demo::password(DEMO_PASSWORD).unwrap(),
    )
    .await
    .expect("the demo seeds");
    let mut app = serve(store, database.url().clone(), trusted_proxies).await;
    app._database = Some(database);
    app
}

impl TestApp {
    /// The app's database, for what a test does behind the API (a clock moved on).
    pub async fn store(&self) -> paddock_store::Store {
        paddock_store::Store::connect(&self.database_url)
            .await
            .expect("the test database accepts connections")
    }
}

/// Another node of `app`'s deployment: a server of its own, with its own workers and memory,
/// over the same database. It must not outlive `app`, which owns the database.
pub async fn spawn_other_node(app: &TestApp) -> TestApp {
    serve(app.store().await, app.database_url.clone(), &[]).await
}

/// Serves the application over `store` on a random port, with its workers and background tasks.
async fn serve(
    store: paddock_store::Store,
    database_url: paddock_store::DatabaseUrl,
    trusted_proxies: &[std::net::IpAddr],
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let backend = store.backend().name();
    let mut state = AppState::new(
        store.clone(),
        paddock_integrations::secrets::Keyring::ephemeral(),
    );
    state.trusted_proxies = trusted_proxies.into();
    let (stop_workers, workers_stop) = tokio::sync::watch::channel(());
    tokio::spawn(paddock_services::promotion::drift::watch(
        store.clone(),
        std::time::Duration::from_millis(200),
        workers_stop.clone(),
    ));
    paddock_services::publishing::spawn_background(
        &store,
        &state.keyring,
        &state.wakeup,
        workers_stop.clone(),
    );
    paddock_services::worker::spawn_workers(
        &store,
        &state.models,
        &state.knowledge,
        &state.wakeup,
        paddock_services::worker::WorkerSettings::running(4),
        workers_stop,
    );
    let app = paddock_server::app(state);
    tokio::spawn(paddock_server::serve(listener, app, std::future::pending()));
    TestApp {
        address,
        backend,
        _stop_workers: stop_workers,
        database_url,
        _database: None,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A client that keeps cookies, like a browser.
    pub fn browser(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
    }

    /// Signs `client` in; returns the session info.
    pub async fn sign_in(&self, client: &Client, email: &str) -> Value {
        let response = client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "{} signs in on {}",
            email,
            self.backend
        );
        response.json().await.unwrap()
    }
}

/// A person signed in with a cookie-keeping client, who sends the CSRF token with writes.
pub struct Session {
    pub client: Client,
    pub csrf: String,
}

impl TestApp {
    /// Signs `email` in with a client of its own.
    pub async fn session(&self, email: &str) -> Session {
        let client = self.browser();
        let session = self.sign_in(&client, email).await;
        Session {
            client,
            csrf: session["csrf_token"].as_str().unwrap().to_owned(),
        }
    }
}

impl Session {
    pub async fn post(&self, app: &TestApp, path: &str, body: Value) -> Response {
        self.client
            .post(app.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, app: &TestApp, path: &str, body: Value) -> Response {
        self.client
            .put(app.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, app: &TestApp, path: &str) -> Response {
        self.client
            .delete(app.url(path))
            .header("X-CSRF-Token", &self.csrf)
            .send()
            .await
            .unwrap()
    }

    /// Starts a test run in `workspace` and returns its id, after checking it was queued.
    pub async fn start_test_run(
        &self,
        app: &TestApp,
        workspace: &str,
        definition: &str,
        inputs: Value,
    ) -> String {
        let started = self
            .post(
                app,
                &format!("/api/v1/workspaces/{workspace}/test-runs"),
                json!({ "definition": definition, "inputs": inputs }),
            )
            .await;
        let status = started.status();
        let started: Value = started.json().await.unwrap();
        assert_eq!(status, 202, "{started} on {}", app.backend);
        started["id"].as_str().unwrap().to_owned()
    }

    /// Decides the approval step `step` of run `id`: `decision` is `{ "decision", "comment"? }`.
    pub async fn decide(&self, app: &TestApp, id: &str, step: &str, decision: Value) -> Response {
        self.post(
            app,
            &format!("/api/v1/runs/{id}/approvals/{step}"),
            decision,
        )
        .await
    }

    /// Polls the run until it reaches `status` (the workers run it in the background).
    pub async fn wait_for_run(&self, app: &TestApp, id: &str, status: &str) -> Value {
        let mut run = Value::Null;
        for _ in 0..400 {
            run = self.get_json(app, &format!("/api/v1/runs/{id}")).await;
            if run["status"] == status {
                return run;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("the run never became {status} on {}: {run}", app.backend);
    }

    /// Creates a connection (as an administrator) and returns it, after checking it was made.
    pub async fn create_connection(&self, app: &TestApp, form: Value) -> Value {
        let response = self.post(app, "/api/v1/connections", form).await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "{body} on {}", app.backend);
        body
    }

    /// Binds `alias` in it-service-desk's dev environment to `connection`.
    pub async fn bind_in_dev(&self, app: &TestApp, alias: &str, connection: &str) {
        let response = self
            .put(
                app,
                &format!("/api/v1/workspaces/it-service-desk/bindings/dev/{alias}"),
                json!({ "connection": connection }),
            )
            .await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "binding {alias} on {}: {body}", app.backend);
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> Response {
        self.client.get(app.url(path)).send().await.unwrap()
    }

    /// The JSON answer of a GET that must succeed.
    pub async fn get_json(&self, app: &TestApp, path: &str) -> Value {
        let response = self.get(app, path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }
}

/// The `error.code` of an error response, after checking its shape.
pub async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.expect("errors are JSON");
    let error = &body["error"];
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(error["details"].is_object(), "{body}");
    error["code"]
        .as_str()
        .expect("error.code is a string")
        .to_owned()
}

/// The answer's status and JSON body (null when it has none).
pub async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The id of the group named `name`, as an administrator reads it.
pub async fn group_id(admin: &Session, app: &TestApp, name: &str) -> String {
    let groups = admin.get_json(app, "/api/v1/groups").await;
    groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|group| group["name"] == name)
        .unwrap_or_else(|| panic!("no group {name}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Saves `definition` as the draft of its workflow in it-service-desk, cuts a version and
/// submits it for dev — whose rule needs no approval, so it is deployed at once — served
/// through `interfaces`. Answers the submission.
pub async fn publish(
    builder: &Session,
    app: &TestApp,
    definition: &str,
    interfaces: Value,
) -> (u16, Value) {
    let name = definition
        .lines()
        .find_map(|line| line.strip_prefix("name: "))
        .unwrap();
    let workflow = format!("/api/v1/workspaces/it-service-desk/workflows/{name}");
    let (status, version) = save_and_cut(builder, app, &workflow, definition, "publish").await;
    // 200: the same definition was cut before (a submission refused earlier).
    assert!(status == 201 || status == 200, "{version}");
    answer(
        builder
            .post(
                app,
                &format!("{workflow}/reviews"),
                json!({
                    "version": version["number"],
                    "environment": "dev",
                    "message": "Serve it",
                    "interfaces": interfaces,
                }),
            )
            .await,
    )
    .await
}

/// An interface served to `group` up to `clearance`.
pub fn to(group: &str, clearance: &str) -> Value {
    json!({ "audience": [group], "clearance": clearance })
}

/// Saves `definition` as the draft at `workflow` (the workflow's API path), over whatever is
/// there, and cuts a version of it with `message`; answers the cut.
pub async fn save_and_cut(
    builder: &Session,
    app: &TestApp,
    workflow: &str,
    definition: &str,
    message: &str,
) -> (u16, Value) {
    let draft = builder.get(app, workflow).await;
    let base = if draft.status() == 200 {
        draft.json::<Value>().await.unwrap()["revision"].as_u64()
    } else {
        None
    };
    let saved = builder
        .put(
            app,
            workflow,
            json!({ "definition": definition, "base_revision": base }),
        )
        .await;
    assert!(
        saved.status().is_success(),
        "{}",
        saved.text().await.unwrap()
    );
    answer(
        builder
            .post(
                app,
                &format!("{workflow}/versions"),
                json!({ "message": message }),
            )
            .await,
    )
    .await
}

/// Sets the clearance of the registry's model `name`, as an administrator does in its form.
pub async fn set_model_clearance(admin: &Session, app: &TestApp, name: &str, clearance: &str) {
    let path = format!("/api/v1/models/{name}");
    let mut model = admin.get_json(app, &path).await;
    model["clearance"] = json!(clearance);
    let form: serde_json::Map<String, Value> = [
        "name",
        "provider",
        "description",
        "endpoint",
        "model_id",
        "structured_output",
        "context_limit",
        "timeout_seconds",
        "input_price_per_million",
        "output_price_per_million",
        "all_workspaces",
        "monthly_token_budget",
        "workspaces",
        "enabled",
        "clearance",
    ]
    .into_iter()
    .map(|field| (field.to_owned(), model[field].clone()))
    .collect();
    let saved = admin.put(app, &path, Value::Object(form)).await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
}
