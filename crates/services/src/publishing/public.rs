//! Anonymous use: an app's form that an administrator opened to people who are not signed in.
//! Only a form whose audience clearance is `public` — the policy checker then holds everything
//! it outputs to `public`, at submission and at run time — and that takes no files can be
//! opened. Such callers are counted by their network (an IPv4 address, an IPv6 /64) against the
//! form's rate (a default one when it sets none) and quota, and follow the runs they start with
//! a token they are given then. Opening and closing are audited; a new deployment starts closed.

use std::net::IpAddr;

use paddock_core::Code;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::RunId;
use paddock_core::label::{Categories, Clearance, Label, Level};
use paddock_core::publishing::{Interface, InterfaceKind};
use paddock_core::time::Timestamp;
use paddock_core::workflow::definition::InputType;
use paddock_core::{Permission, Scope};
use paddock_store::Store;
use paddock_store::runs::{self, AnonymousCaller, Served};
use rand::RngCore;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::catalog::{self, AppDetail};
use super::runs::{
    AppAddress, AppRun, Place, Starter, version_number, view, view_of_new, within_limits,
};
use super::{App, find, no_such_app};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::runs::{Deployed, Intake, Start, no_such_run, prepare};

/// The most runs a minute one network may start through an open form (fewer when the form's
/// own rate is lower).
pub const MAX_RATE_PER_MINUTE: u32 = 10;
/// The most runs a day one network may start through an open form (fewer when the form's own
/// quota is lower).
pub const MAX_DAILY_QUOTA: u32 = 200;

/// Anonymous starts are counted and queued one at a time in a process, so that requests sent
/// together cannot all pass the same count.
static COUNTING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The limits people who are not signed in run the form under: its own, at most the above.
fn anonymous_limits(form: &Interface) -> Interface {
    let at_most = |own: Option<u32>, most: u32| Some(own.map_or(most, |own| own.min(most)));
    Interface {
        rate_per_minute: at_most(form.rate_per_minute, MAX_RATE_PER_MINUTE),
        daily_quota: at_most(form.daily_quota, MAX_DAILY_QUOTA),
        ..form.clone()
    }
}

/// A run started without signing in, with the token that follows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnonymousRun {
    #[serde(flatten)]
    pub run: AppRun,
    /// Send it as `X-Run-Token` to follow the run; it is shown once.
    pub follow_token: String,
}

/// Why the app's form cannot be opened to anonymous use, if it cannot.
fn why_not_open(app: &App) -> Option<String> {
    let Some(form) = app.interfaces.get(InterfaceKind::Form) else {
        return Some(format!("'{}' is not published as a form.", app.name));
    };
    // Public, with no category of data admitted (`public/*` would let personal data out).
    let public = Clearance {
        level: Level::Public,
        categories: Categories::Only(Label::public().categories),
    };
    if form.clearance != public {
        return Some(format!(
            "The form of '{}' serves outputs up to {}; only a form whose clearance is public can be opened to people who are not signed in.",
            app.name, form.clearance
        ));
    }
    let files: Vec<&str> = app
        .checked
        .workflow
        .definition
        .inputs
        .iter()
        .filter(|(_, spec)| spec.kind == InputType::File)
        .map(|(name, _)| name.as_str())
        .collect();
    if !files.is_empty() {
        return Some(format!(
            "The form of '{}' takes files ({}); a form that takes files cannot be opened to people who are not signed in.",
            app.name,
            files.join(", ")
        ));
    }
    None
}

/// The app's form, when it is open to anonymous use and not paused.
fn open_form(app: &App) -> Result<&Interface, ServiceError> {
    let closed = || no_such_app(app.workspace.slug.as_str(), &app.name);
    if app.deployment.anonymous_since.is_none() || why_not_open(app).is_some() {
        return Err(closed());
    }
    if let Some(freeze) = &app.deployment.frozen {
        return Err(ServiceError::refused(
            Code::Frozen,
            format!(
                "'{}' is paused; new runs are refused until it is resumed.",
                app.name
            ),
            json!({ "since": freeze.at.to_rfc3339() }),
        ));
    }
    app.interfaces.get(InterfaceKind::Form).ok_or_else(closed)
}

/// The network an anonymous caller is counted by: their IPv4 address, or their IPv6 /64 (one
/// subscriber's allocation). A request whose address cannot be told is refused.
fn network_of(context: &RequestContext) -> Result<String, ServiceError> {
    let address = context
        .client_address
        .as_deref()
        .and_then(|address| address.parse::<IpAddr>().ok())
        .ok_or_else(|| {
            ServiceError::Forbidden(
                "Where this request comes from cannot be told; sign in to use the app.".to_owned(),
            )
        })?;
    Ok(match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            format!("{}/64", std::net::Ipv6Addr::from(segments))
        }
    })
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The app's form for someone not signed in: without who owns it.
pub async fn get(store: &Store, address: AppAddress<'_>) -> Result<AppDetail, ServiceError> {
    let (workspace, name, environment) = address;
    let app = { find(store, workspace, name, environment).await? };
    open_form(&app)?;
    let mut detail = catalog::detail(&app, vec![InterfaceKind::Form]);
    detail.summary.owner = None;
    Ok(detail)
}

/// Starts a run of the app's open form for someone not signed in, within the form's limits
/// for their network.
pub async fn start(
    store: &Store,
    intake: &Intake,
    context: &RequestContext,
    address: AppAddress<'_>,
    given: &Map<String, Value>,
) -> Result<AnonymousRun, ServiceError> {
    let (workspace, name, environment) = address;
    let network = network_of(context)?;
    let app = { find(store, workspace, name, environment).await? };
    let interface = anonymous_limits(open_form(&app)?);
    let (checked, inputs) = prepare(&app.version.definition, given)?;
    let counted = COUNTING.lock().await;
    {
        let mut conn = store.acquire().await?;
        let starter = Starter::Anonymous(&network);
        within_limits(&mut conn, starter, &app, InterfaceKind::Form, &interface).await?;
    }
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let follow_token = hex::encode(secret);
    let start = Start {
        id: RunId::generate(),
        context: context.clone(),
        actor: Actor::anonymous(&network),
        started_by: None,
        workspace: app.workspace.clone(),
        environment: app.environment.clone(),
        checked,
        inputs,
        deployed: Some(Deployed {
            deployment: app.deployment.id,
            version: app.version.id,
            number: app.version.number,
        }),
        served: Some(Served {
            interface: InterfaceKind::Form,
            api_key: None,
            audience_clearance: interface.clearance.to_string(),
            batch: None,
            anonymous: Some(AnonymousCaller {
                client_address: network,
                follow_token_hash: token_hash(&follow_token),
            }),
        }),
        idempotency: None,
        callback: None,
        rerun_of: None,
    };
    let run = intake.queue(start).await?;
    drop(counted);
    Ok(AnonymousRun {
        run: as_public(view_of_new(&run, Place::of(&app)), &run),
        follow_token,
    })
}

/// A run started without signing in, for whoever holds its token; any other does not exist.
pub async fn get_run(
    store: &Store,
    address: AppAddress<'_>,
    id: &str,
    token: &str,
) -> Result<AppRun, ServiceError> {
    let (workspace, name, environment) = address;
    let id: RunId = id.parse().map_err(|_| no_such_run())?;
    let app = { find(store, workspace, name, environment).await? };
    let run = {
        let mut conn = store.acquire().await?;
        runs::find(&mut conn, id).await?
    };
    let held = run.filter(|run| {
        run.workspace == app.workspace.id
            && run.workflow_name == app.name
            && run
                .served
                .as_ref()
                .and_then(|served| served.anonymous.as_ref())
                .is_some_and(|caller| {
                    // Compared as hashes: how long a comparison takes tells nothing of the token.
                    caller.follow_token_hash == token_hash(token)
                })
    });
    let run = held.ok_or_else(no_such_run)?;
    let place = Place {
        version: version_number(store, &app, &run).await?,
        ..Place::of(&app)
    };
    public_view(store, &run, place).await
}

/// The run as its anonymous caller sees it, with its address among the public routes.
async fn public_view(
    store: &Store,
    run: &paddock_store::runs::Run,
    place: Place<'_>,
) -> Result<AppRun, ServiceError> {
    Ok(as_public(view(store, run, place).await?, run))
}

/// The view with its address among the public routes, concealed.
fn as_public(mut view: AppRun, run: &paddock_store::runs::Run) -> AppRun {
    view.url = format!(
        "/api/v1/public/apps/{}/{}/runs/{}",
        view.workspace, run.workflow_name, run.id
    );
    concealed(view)
}

/// The run without why it failed, for someone not signed in: that it failed is theirs to
/// know, not what the step or the policy check said (not even the label of what was withheld).
pub fn concealed(mut run: AppRun) -> AppRun {
    if run.error.is_some() {
        run.error = Some(format!(
            "The run could not finish. Its owner can see why in run {}.",
            run.id
        ));
    }
    run
}

/// What an administrator sees of the app's form and anonymous use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnonymousUse {
    /// Whether people who are not signed in may use the form now.
    pub open: bool,
    /// Since when, if it is.
    pub since: Option<String>,
    /// Why it cannot be opened, if it cannot.
    pub blocked_by: Option<String>,
    /// Runs a minute, and a day, one network may start.
    pub rate_per_minute: u32,
    pub daily_quota: u32,
}

fn anonymous_use(app: &App) -> AnonymousUse {
    let blocked_by = why_not_open(app);
    let limits = app
        .interfaces
        .get(InterfaceKind::Form)
        .map(anonymous_limits);
    AnonymousUse {
        open: app.deployment.anonymous_since.is_some() && blocked_by.is_none(),
        since: app.deployment.anonymous_since.map(|at| at.to_rfc3339()),
        blocked_by,
        rate_per_minute: limits.as_ref().map_or(MAX_RATE_PER_MINUTE, |limits| {
            limits.rate_per_minute.unwrap_or(MAX_RATE_PER_MINUTE)
        }),
        daily_quota: limits.as_ref().map_or(MAX_DAILY_QUOTA, |limits| {
            limits.daily_quota.unwrap_or(MAX_DAILY_QUOTA)
        }),
    }
}

async fn administered(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<App, ServiceError> {
    by.require(Permission::AdministerOrganisation, Scope::Organisation)?;
    let (workspace, name, environment) = address;
    find(store, workspace, name, environment).await
}

/// Whether the app's form is open to anonymous use, for an administrator.
pub async fn status(
    store: &Store,
    by: &Principal,
    address: AppAddress<'_>,
) -> Result<AnonymousUse, ServiceError> {
    Ok(anonymous_use(&administered(store, by, address).await?))
}

/// Opens the app's form to people who are not signed in, or closes it: an administrator's
/// decision, signed in, audited.
pub async fn set(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    address: AppAddress<'_>,
    open: bool,
) -> Result<AnonymousUse, ServiceError> {
    by.require_session("open an app to anonymous use")?;
    let mut app = administered(store, by, address).await?;
    if open && let Some(reason) = why_not_open(&app) {
        return Err(ServiceError::refused(
            Code::PolicyViolation,
            reason,
            json!({ "interface": "form" }),
        ));
    }
    let now = Timestamp::now();
    let mut tx = store.begin().await?;
    let opened = open.then_some((by.user_id, now));
    let changed =
        paddock_store::deployments::set_anonymous(&mut tx, app.deployment.id, opened).await?;
    if changed {
        let action = if open {
            Action::AppOpenedAnonymously
        } else {
            Action::AppClosedAnonymously
        };
        let entry = Entry {
            actor: Actor::of(by),
            action,
            target: Some(Target::workflow(&app.name)),
            workspace: Some(app.workspace.slug.to_string()),
            outcome: Outcome::Success,
            summary: json!({
                "environment": app.environment.slug.to_string(),
                "version": app.version.number,
                "deployment": app.deployment.id.to_string(),
            }),
        };
        record(&mut tx, context, entry).await?;
    }
    tx.commit().await?;
    if changed {
        app.deployment.anonymous_since = open.then_some(now);
    }
    Ok(anonymous_use(&app))
}
