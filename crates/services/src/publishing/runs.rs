//! Runs of published apps: started through an interface — within its rate limit and quota,
//! once per idempotency key, with an optional completion callback — followed by whoever
//! started them, and answered when they end (an API caller's `?wait`).

use std::time::Duration;

use paddock_core::Code;
use paddock_core::ids::{RunId, UploadId, UserId};
use paddock_core::publishing::{Interface, InterfaceKind};
use paddock_core::run::{RunStatus, StepStatus};
use paddock_core::time::Timestamp;
use paddock_core::{Permission, Scope};
use paddock_store::Store;
use paddock_store::runs::{self, Run, Served, StoredStep};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::App;
use crate::ServiceError;
use crate::audit::{Actor, RequestContext};
use crate::auth::Principal;
use crate::runs::{Deployed, IdempotencyKey, Intake, Queued, Start, no_such_run, prepare};
use crate::worker::{Released, Wakeup};

/// The longest an API caller may wait for a run to end.
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// How often a waiter looks at the run itself, for runs released by another process.
const LOOK_EVERY: Duration = Duration::from_millis(200);
/// The longest a waiter waits for a run it just queued before it first looks at it.
const FIRST_LOOK: Duration = Duration::from_millis(50);
/// How many of their own runs a person sees.
const RECENT_RUNS: i64 = 20;
/// The longest idempotency key.
const MAX_KEY_CHARS: usize = 255;

/// Which app, as addressed: workspace, app name, and the environment when one is named.
pub type AppAddress<'a> = (&'a str, &'a str, Option<&'a str>);

/// What a caller asks an app to run.
#[derive(Debug, Clone, Default)]
pub struct RunRequest {
    pub inputs: Map<String, Value>,
    /// Files sent with the request (multipart), for file inputs.
    pub files: Vec<FilePart>,
    /// Where to POST the outcome when the run ends (API only).
    pub callback_url: Option<String>,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
}

/// A file sent with a run request, for the input it is named after.
#[derive(Debug, Clone)]
pub struct FilePart {
    pub input: String,
    pub name: String,
    pub content: Vec<u8>,
}

/// A run of an app, as its consumer sees it: its progress and, once it succeeded, its outputs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppRun {
    pub id: String,
    /// `queued`, `running`, `waiting`, `succeeded`, `failed` or `cancelled`.
    #[schema(example = "succeeded")]
    pub status: String,
    pub workspace: String,
    pub app: String,
    pub environment: String,
    pub version: Option<u64>,
    /// `form`, `batch` or `api`.
    pub interface: Option<String>,
    pub inputs: Value,
    /// Set once the run succeeded.
    pub outputs: Option<Value>,
    /// Why it failed, in words.
    pub error: Option<String>,
    /// Steps ended (succeeded, skipped or failed) of the workflow's steps.
    pub steps_done: usize,
    pub steps_total: usize,
    /// Set while the run waits for a reviewer to approve a step: that step.
    pub waiting_for_approval: Option<String>,
    /// The run's address in the API.
    pub url: String,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// Why a run of an app failed, as its consumer may read it: the refusal of outputs above their
/// clearance as it is; any other failure without the step's own words, which may quote what
/// the step read or a system's answer (the run's record keeps them for its operators).
pub fn consumer_error(
    run: RunId,
    error: Option<&str>,
    failed_step: Option<&str>,
) -> Option<String> {
    let error = error?;
    Some(match failed_step {
        Some("outputs") | None => error.to_owned(),
        Some(step) => format!(
            "The step '{step}' failed. The app's owner can see why in run {run} and retry it."
        ),
    })
}

/// The API address of a run of an app.
pub fn run_url(workspace: &str, app: &str, run: RunId) -> String {
    format!("/api/v1/apps/{workspace}/{app}/runs/{run}")
}

/// Where a run of an app runs, as its consumer reads it.
pub(super) struct Place<'a> {
    pub workspace: &'a str,
    pub environment: &'a str,
    pub version: Option<u64>,
}

impl<'a> Place<'a> {
    pub(super) fn of(app: &'a App) -> Self {
        Place {
            workspace: app.workspace.slug.as_str(),
            environment: app.environment.slug.as_str(),
            version: Some(app.version.number),
        }
    }
}

pub(super) async fn view(
    store: &Store,
    run: &Run,
    place: Place<'_>,
) -> Result<AppRun, ServiceError> {
    // A queued run has no steps yet, and every step of a run that succeeded has ended: the
    // common answers read nothing more.
    let steps = if matches!(run.status, RunStatus::Queued | RunStatus::Succeeded) {
        Vec::new()
    } else {
        let mut conn = store.acquire().await?;
        runs::steps(&mut conn, run.id).await?
    };
    Ok(present(run, place, &steps))
}

/// The view of a run just queued, read from nothing more: none of its steps is recorded yet,
/// even when it was handed to a worker as it was queued (and so is running already).
pub(super) fn view_of_new(run: &Run, place: Place<'_>) -> AppRun {
    present(run, place, &[])
}

fn present(run: &Run, place: Place<'_>, steps: &[StoredStep]) -> AppRun {
    let Place {
        workspace,
        environment,
        version,
    } = place;
    let top_level: Vec<&str> = run
        .definition
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|step| step.get("id").and_then(Value::as_str))
        .collect();
    let ended = |status: StepStatus| status != StepStatus::Waiting;
    let steps_done = if run.status == RunStatus::Succeeded {
        top_level.len()
    } else {
        steps
            .iter()
            .filter(|step| top_level.contains(&step.key.as_str()))
            .filter(|step| {
                step.record
                    .as_ref()
                    .is_some_and(|record| ended(record.status))
            })
            .count()
    };
    let waiting_for_approval = steps
        .iter()
        .find(|step| {
            step.record
                .as_ref()
                .is_some_and(|record| record.status == StepStatus::Waiting)
        })
        .map(|step| step.step_id.clone());
    AppRun {
        id: run.id.to_string(),
        status: run.status.as_str().to_owned(),
        workspace: workspace.to_owned(),
        app: run.workflow_name.clone(),
        environment: environment.to_owned(),
        version,
        interface: run
            .served
            .as_ref()
            .map(|served| served.interface.as_str().to_owned()),
        inputs: run.inputs.clone(),
        outputs: (run.status == RunStatus::Succeeded)
            .then(|| run.outputs.clone())
            .flatten(),
        error: consumer_error(run.id, run.error.as_deref(), run.failed_step.as_deref()),
        steps_done,
        steps_total: top_level.len(),
        waiting_for_approval: (run.status == RunStatus::Waiting)
            .then_some(waiting_for_approval)
            .flatten(),
        url: run_url(workspace, &run.workflow_name, run.id),
        created_at: run.created_at.to_rfc3339(),
        finished_at: run.finished_at.map(|at| at.to_rfc3339()),
    }
}

/// What starting did: the run, and whether it is one an earlier request with the same
/// idempotency key started.
#[derive(Debug, Clone)]
pub struct Started {
    pub run: AppRun,
    pub replayed: bool,
}

/// Starts a run of the app through `kind` for `by`: admitted to the interface, within its rate
/// limit and quota, with inputs that fit (files attached), and a callback URL the app's egress
/// rules allow. With an idempotency key already used for the same request, answers with that
/// request's run; for another request, refuses.
#[allow(clippy::too_many_arguments)]
pub async fn start(
    store: &Store,
    intake: &Intake,
    context: &RequestContext,
    by: &Principal,
    address: AppAddress<'_>,
    kind: InterfaceKind,
    request: RunRequest,
) -> Result<Started, ServiceError> {
    let (workspace, name, environment) = address;
    let (app, interface) = {
        let app = super::find(store, workspace, name, environment).await?;
        let interface = super::admit(by, &app, kind)?.clone();
        (app, interface)
    };
    let idempotency = match &request.idempotency_key {
        Some(key) => Some(idempotency_key(by, kind, key, &request)?),
        None => None,
    };
    // A retry of a request that started a run answers with it, whatever the limits say now.
    if let Some(key) = &idempotency
        && let Some(replayed) = replay(store, &app, key).await?
    {
        return Ok(replayed);
    }
    {
        let mut conn = store.acquire().await?;
        within_limits(
            &mut conn,
            Starter::Person(by.user_id),
            &app,
            kind,
            &interface,
        )
        .await?;
    }
    let callback = match &request.callback_url {
        Some(url) if kind == InterfaceKind::Api => Some(super::callbacks::check_url(&app, url)?),
        Some(_) => {
            return Err(ServiceError::invalid(
                "callback_url",
                "only API callers are called back",
            ));
        }
        None => None,
    };
    let given = with_files(store, context, by, (&app, kind), &request).await?;
    let (checked, inputs) = prepare(&app.version.definition, &given)?;
    let mut inputs = match inputs {
        Value::Object(inputs) => inputs,
        _ => Map::new(),
    };
    super::uploads::attach(store, by, &app.files(kind), &mut inputs).await?;
    let start = Start {
        id: RunId::generate(),
        context: context.clone(),
        actor: Actor::of(by),
        started_by: Some(by.user_id),
        workspace: app.workspace.clone(),
        environment: app.environment.clone(),
        checked,
        inputs: Value::Object(inputs),
        deployed: Some(Deployed {
            deployment: app.deployment.id,
            version: app.version.id,
            number: app.version.number,
        }),
        served: Some(Served {
            interface: kind,
            api_key: by.key.as_ref().map(|(key, _)| *key),
            audience_clearance: interface.clearance.to_string(),
            batch: None,
            anonymous: None,
        }),
        idempotency,
        callback,
        rerun_of: None,
    };
    let key = start.idempotency.clone();
    match intake.queue_keyed(start).await? {
        Queued::Run(run) => Ok(Started {
            run: view_of_new(&run, Place::of(&app)),
            replayed: false,
        }),
        Queued::KeyTaken => {
            // Another request with the key was queued at the same moment.
            let key = key.expect("only keyed runs find their key taken");
            replay(store, &app, &key).await?.ok_or_else(|| {
                ServiceError::Internal("an idempotency key was taken by no run".to_owned())
            })
        }
    }
}

/// The inputs with the files sent along stored and named by their upload ids — once every
/// file and every other input is known to fit, so a refused request leaves nothing behind.
async fn with_files(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    (app, kind): (&App, InterfaceKind),
    request: &RunRequest,
) -> Result<Map<String, Value>, ServiceError> {
    let mut given = request.inputs.clone();
    if request.files.is_empty() {
        return Ok(given);
    }
    for file in &request.files {
        if given.contains_key(&file.input) {
            return Err(ServiceError::invalid(
                "inputs",
                format!("inputs.{}: given both as a value and as a file", file.input),
            ));
        }
        super::uploads::check(&app.files(kind), &file.input, &file.name, &file.content)?;
        // Stands in for the upload id until every other input is known to fit.
        given.insert(
            file.input.clone(),
            Value::String(UploadId::generate().to_string()),
        );
    }
    prepare(&app.version.definition, &given)?;
    for file in &request.files {
        let stored = super::uploads::store_file(
            store,
            context,
            by,
            &app.files(kind),
            &file.input,
            &file.name,
            &file.content,
        )
        .await?;
        given.insert(file.input.clone(), Value::String(stored.id.to_string()));
    }
    Ok(given)
}

/// Who starts a run, as limits count them.
#[derive(Debug, Clone, Copy)]
pub(super) enum Starter<'a> {
    Person(UserId),
    /// Someone not signed in, from this network.
    Anonymous(&'a str),
}

impl Starter<'_> {
    /// How many runs they started through `kind` of the app's deployment since `since`.
    async fn started_since(
        self,
        conn: &mut paddock_store::Connection,
        app: &App,
        kind: InterfaceKind,
        since: Timestamp,
    ) -> Result<i64, ServiceError> {
        let deployment = app.deployment.id;
        Ok(match self {
            Starter::Person(user) => {
                runs::started_since(conn, deployment, user, kind, since).await?
            }
            Starter::Anonymous(network) => {
                runs::started_anonymously_since(conn, deployment, network, kind, since).await?
            }
        })
    }
}

/// Refuses a run over the interface's rate limit (per minute) or quota (per UTC day) for
/// `starter`.
pub(super) async fn within_limits(
    conn: &mut paddock_store::Connection,
    starter: Starter<'_>,
    app: &App,
    kind: InterfaceKind,
    interface: &Interface,
) -> Result<(), ServiceError> {
    let now = Timestamp::now();
    if let Some(limit) = interface.rate_per_minute {
        let since = now.minus(Duration::from_secs(60));
        let started = starter.started_since(conn, app, kind, since).await?;
        if started >= i64::from(limit) {
            return Err(ServiceError::refused(
                Code::RateLimited,
                format!(
                    "You started {started} runs of '{}' in the last minute; its {kind} allows {limit}. Try again in a minute.",
                    app.name
                ),
                json!({ "limit_per_minute": limit, "retry_after_seconds": 60 }),
            ));
        }
    }
    if let Some(quota) = interface.daily_quota {
        let started = used_today(conn, app, starter, kind).await?;
        if started >= i64::from(quota) {
            let retry_after = (now.start_of_next_day().as_millis() - now.as_millis()) / 1000;
            return Err(ServiceError::refused(
                Code::QuotaExceeded,
                format!(
                    "You used today's {quota} runs of '{}' through its {kind}; the quota renews at midnight UTC.",
                    app.name
                ),
                json!({ "daily_quota": quota, "retry_after_seconds": retry_after }),
            ));
        }
    }
    Ok(())
}

/// How many runs `starter` started through `kind` of the app's deployment since midnight UTC:
/// what its daily quota counts.
pub(super) async fn used_today(
    conn: &mut paddock_store::Connection,
    app: &App,
    starter: Starter<'_>,
    kind: InterfaceKind,
) -> Result<i64, ServiceError> {
    let midnight = Timestamp::now().start_of_day();
    starter.started_since(conn, app, kind, midnight).await
}

/// The key as stored: held by the API key the caller came with, or by the person, and a hash
/// of what was asked, to tell a retry from a new request.
fn idempotency_key(
    by: &Principal,
    kind: InterfaceKind,
    key: &str,
    request: &RunRequest,
) -> Result<IdempotencyKey, ServiceError> {
    if key.is_empty() || key.len() > MAX_KEY_CHARS || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ServiceError::invalid(
            "Idempotency-Key",
            format!("use 1 to {MAX_KEY_CHARS} printable ASCII characters without spaces"),
        ));
    }
    let holder = match &by.key {
        Some((api_key, _)) => format!("key:{api_key}"),
        None => format!("user:{}", by.user_id),
    };
    let files: Vec<Value> = request
        .files
        .iter()
        .map(|file| {
            json!([
                file.input,
                file.name,
                hex::encode(Sha256::digest(&file.content))
            ])
        })
        .collect();
    let asked = canonical(&json!({
        "interface": kind.as_str(),
        "inputs": request.inputs,
        "files": files,
        "callback_url": request.callback_url,
    }));
    Ok(IdempotencyKey {
        holder,
        key: key.to_owned(),
        request_hash: hex::encode(Sha256::digest(asked.to_string().as_bytes())),
    })
}

/// `value` with every object's keys in order, so that the same request written with its keys in
/// another order hashes the same.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(fields) => {
            let mut sorted: Vec<(&String, &Value)> = fields.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(key, field)| (key.clone(), canonical(field)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The run an earlier request with the same key started; refused when that request differs.
async fn replay(
    store: &Store,
    app: &App,
    key: &IdempotencyKey,
) -> Result<Option<Started>, ServiceError> {
    let mut conn = store.acquire().await?;
    let Some(remembered) =
        paddock_store::idempotency::find(&mut conn, &key.holder, app.deployment.id, &key.key)
            .await?
    else {
        return Ok(None);
    };
    if remembered.request_hash != key.request_hash {
        return Err(ServiceError::refused(
            Code::IdempotencyConflict,
            "This Idempotency-Key was used before with a different request; use a new key for a new request.",
            json!({ "run": remembered.run.to_string() }),
        ));
    }
    let run = runs::find(&mut conn, remembered.run)
        .await?
        .ok_or_else(no_such_run)?;
    drop(conn);
    Ok(Some(Started {
        run: view(store, &run, Place::of(app)).await?,
        replayed: true,
    }))
}

/// A run of the app that `by` may follow — one they started, or any when they may see runs of
/// the workspace — with where it runs. Any other does not exist for them.
pub async fn get(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
    id: &str,
) -> Result<AppRun, ServiceError> {
    let id: RunId = id.parse().map_err(|_| no_such_run())?;
    let mut conn = store.acquire().await?;
    let found = crate::workspaces::by_slug(&mut conn, workspace)
        .await
        .map_err(|_| no_such_run())?;
    let run = runs::find(&mut conn, id)
        .await?
        .filter(|run| {
            run.workspace == found.id && run.workflow_name == name && run.deployment.is_some()
        })
        .ok_or_else(no_such_run)?;
    let scope = Scope::Workspace(found.id);
    let own = run.started_by == Some(by.user_id) && by.require(Permission::UseApps, scope).is_ok();
    if !own && by.require(Permission::ViewRuns, scope).is_err() {
        return Err(no_such_run());
    }
    let environment = paddock_store::workspaces::environment_by_id(&mut conn, run.environment)
        .await?
        .map(|environment| environment.slug.to_string())
        .unwrap_or_default();
    let version = match run.version {
        Some(id) => paddock_store::versions::number_of(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let place = Place {
        workspace,
        environment: &environment,
        version,
    };
    view(store, &run, place).await
}

/// Waits up to `at_most` for the run to end (or to wait for an approval), then answers with
/// it as it is. `run` is one its caller may follow.
pub async fn wait(
    store: &Store,
    wakeup: &Wakeup,
    run: AppRun,
    at_most: Duration,
) -> Result<AppRun, ServiceError> {
    let id: RunId = run.id.parse().map_err(|_| no_such_run())?;
    let deadline = tokio::time::Instant::now() + at_most.min(MAX_WAIT);
    // Dropped last, also when the caller goes away mid-wait: forgets this wait's senders.
    let _forget = wakeup.forget_on_drop(id);
    // A run in progress — queued, or running (as a run handed to a worker here when it was
    // queued is at once) — is most often released by a worker here: its release is awaited
    // before the first look. Should it have been released before this wait began, or by
    // another process, the look finds it, `FIRST_LOOK` later.
    let mut in_progress = [RunStatus::Queued, RunStatus::Running]
        .iter()
        .any(|status| run.status == status.as_str());
    loop {
        let released = wakeup.released(id);
        if std::mem::take(&mut in_progress) {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if let Ok(Ok(released)) = tokio::time::timeout(left.min(FIRST_LOOK), released).await
                && let Some(succeeded) = succeeded(&run, released)
            {
                return Ok(succeeded);
            }
            continue;
        }
        let current = {
            let mut conn = store.acquire().await?;
            runs::find(&mut conn, id).await?.ok_or_else(no_such_run)?
        };
        let settled = current.status.is_final() || current.status == RunStatus::Waiting;
        let now = tokio::time::Instant::now();
        if settled || now >= deadline {
            drop(released);
            let place = Place {
                workspace: &run.workspace,
                environment: &run.environment,
                version: run.version,
            };
            // Answered at the address it was asked at (a public run's among the public routes).
            let mut ended = view(store, &current, place).await?;
            ended.url = run.url;
            return Ok(ended);
        }
        if let Ok(Ok(released)) =
            tokio::time::timeout((deadline - now).min(LOOK_EVERY), released).await
            && let Some(succeeded) = succeeded(&run, released)
        {
            return Ok(succeeded);
        }
    }
}

/// The run as released by a worker of this process, when it succeeded: every step has ended,
/// and what it wrote is all the answer needs. Other endings are read back with their steps.
fn succeeded(run: &AppRun, released: Released) -> Option<AppRun> {
    (released.status == RunStatus::Succeeded).then(|| AppRun {
        status: released.status.as_str().to_owned(),
        outputs: released.outputs,
        error: None,
        steps_done: run.steps_total,
        waiting_for_approval: None,
        finished_at: released.finished_at.map(|at| at.to_rfc3339()),
        ..run.clone()
    })
}

/// The number of the version `run` of the app ran: the one the app serves now needs no read.
pub(super) async fn version_number(
    store: &Store,
    app: &App,
    run: &Run,
) -> Result<Option<u64>, ServiceError> {
    Ok(match run.version {
        Some(id) if id == app.version.id => Some(app.version.number),
        Some(id) => {
            let mut conn = store.acquire().await?;
            paddock_store::versions::number_of(&mut conn, id).await?
        }
        None => None,
    })
}

/// The runs `by` started of the app (any version, any interface), newest first.
pub async fn mine(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<Vec<AppRun>, ServiceError> {
    let (workspace, name, environment) = address;
    let (app, _) = super::get(store, by, workspace, name, environment).await?;
    let found = {
        let mut conn = store.acquire().await?;
        runs::of_app_user(&mut conn, app.workspace.id, name, by.user_id, RECENT_RUNS).await?
    };
    let chain = {
        let mut conn = store.acquire().await?;
        paddock_store::workspaces::list_environments(&mut conn).await?
    };
    let mut views = Vec::with_capacity(found.len());
    for run in &found {
        let environment = chain
            .iter()
            .find(|environment| environment.id == run.environment)
            .map(|environment| environment.slug.to_string())
            .unwrap_or_default();
        let place = Place {
            workspace,
            environment: &environment,
            version: version_number(store, &app, run).await?,
        };
        views.push(view(store, run, place).await?);
    }
    Ok(views)
}

/// The outputs of a run as a Markdown document a person can keep: each output under its name,
/// text as written, lists and objects as tables where they are flat, JSON otherwise.
pub fn result_markdown(run: &AppRun) -> String {
    let mut document = format!("# {} — result\n\nRun `{}`", run.app, run.id);
    if let Some(version) = run.version {
        document.push_str(&format!(", version {version} in {}", run.environment));
    }
    document.push_str(&format!(
        ", {}.\n\n",
        run.finished_at.as_deref().unwrap_or(&run.created_at)
    ));
    let outputs = run.outputs.as_ref().and_then(Value::as_object);
    for (name, value) in outputs.into_iter().flatten() {
        document.push_str(&format!("## {name}\n\n{}\n\n", markdown_value(value)));
    }
    if let Some(error) = &run.error {
        document.push_str(&format!("## Error\n\n{error}\n"));
    }
    document
}

fn markdown_value(value: &Value) -> String {
    let cell = |value: &Value| match value {
        Value::String(text) => text.replace('|', "\\|").replace('\n', " "),
        Value::Null => String::new(),
        other => other.to_string().replace('|', "\\|"),
    };
    let flat = |value: &Value| !matches!(value, Value::Object(_) | Value::Array(_));
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "_none_".to_owned(),
        Value::Object(fields) if fields.values().all(flat) => {
            let mut table = String::from("| field | value |\n|---|---|\n");
            for (key, field) in fields {
                table.push_str(&format!("| {key} | {} |\n", cell(field)));
            }
            table
        }
        Value::Array(rows)
            if !rows.is_empty()
                && rows
                    .iter()
                    .all(|row| row.as_object().is_some_and(|row| row.values().all(flat))) =>
        {
            let columns: Vec<&String> = rows[0]
                .as_object()
                .map(|row| row.keys().collect())
                .unwrap_or_default();
            let mut table = format!(
                "| {} |\n|{}\n",
                columns
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(columns.len())
            );
            for row in rows {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|column| cell(&row[column.as_str()]))
                    .collect();
                table.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            table
        }
        other => format!(
            "```json\n{}\n```",
            serde_json::to_string_pretty(other).unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_outputs_read_as_tables_and_text_as_written() {
        assert_eq!(
            markdown_value(&json!({ "queue": "service-desk", "priority": "high|urgent" })),
            "| field | value |\n|---|---|\n| queue | service-desk |\n| priority | high\\|urgent |\n"
        );
        assert_eq!(
            markdown_value(&json!([{ "a": 1, "b": "x" }, { "a": 2, "b": null }])),
            "| a | b |\n|---|---|\n| 1 | x |\n| 2 |  |\n"
        );
        assert_eq!(markdown_value(&json!("Plain **text**")), "Plain **text**");
        assert!(markdown_value(&json!({ "nested": { "a": 1 } })).starts_with("```json"));
    }
}
