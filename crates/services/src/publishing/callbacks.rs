//! Completion callbacks: when a run an API caller asked to be called back about ends, its
//! outcome is POSTed to the caller's URL, signed with the app's key, and tried again with
//! growing pauses until the receiver accepts it or the attempts run out. The URL is held to
//! the egress rules of the app's interfaces when the run starts and again when it is called.

use std::time::Duration;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::WorkflowId;
use paddock_core::time::Timestamp;
use paddock_core::{Permission, Scope};
use paddock_integrations::callback::CallbackRules;
use paddock_integrations::secrets::Keyring;
use paddock_store::secrets::SecretOwner;
use paddock_store::{Store, callbacks, deployments, runs, signing_keys};
use rand::RngCore;
use serde_json::json;

use super::App;
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::secrets::sealing_context;

/// Attempts in all before a callback is given up.
pub const MAX_ATTEMPTS: u32 = 8;
/// The pause after the first failed attempt; doubled after each.
const FIRST_PAUSE: Duration = Duration::from_secs(2);
/// How often the sender looks for callbacks that are due.
const LOOK_EVERY: Duration = Duration::from_millis(250);
/// Callbacks sent in one round at most.
const ROUND: i64 = 32;

fn rules(app_interfaces: &paddock_core::publishing::Interfaces) -> CallbackRules {
    CallbackRules {
        hosts: app_interfaces.callback_hosts.clone(),
        ranges: app_interfaces.callback_ranges.clone(),
    }
}

/// The callback URL, if the app's interfaces allow callbacks there.
pub(crate) fn check_url(app: &App, url: &str) -> Result<String, ServiceError> {
    if url.len() > 2_000 {
        return Err(ServiceError::invalid(
            "callback_url",
            "at most 2000 characters",
        ));
    }
    rules(&app.interfaces)
        .check(url)
        .map(|url| url.to_string())
        .map_err(|why| ServiceError::invalid("callback_url", why))
}

/// The key the app signs callbacks with. Made the first time it is needed, in the caller's
/// transaction, with its `app.signing_key_created` event recorded there as done by `actor`.
async fn signing_key(
    conn: &mut paddock_store::Connection,
    keyring: &Keyring,
    (workflow, name, workspace): (WorkflowId, &str, &str),
    (actor, context): (Actor, &RequestContext),
) -> Result<String, ServiceError> {
    let sealing = sealing_context(SecretOwner::AppSigningKey, &workflow.to_string());
    let sealed = match signing_keys::find(conn, workflow).await? {
        Some(sealed) => sealed,
        None => {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            let fresh = format!("whsec_{}", hex::encode(bytes));
            let sealed = keyring.seal(&fresh, &sealing);
            let stored = signing_keys::get_or_insert(conn, workflow, &sealed).await?;
            if stored == sealed {
                let entry = Entry {
                    actor,
                    action: Action::SigningKeyCreated,
                    target: Some(Target::workflow(name)),
                    workspace: Some(workspace.to_owned()),
                    outcome: Outcome::Success,
                    summary: json!({}),
                };
                record(conn, context, entry).await?;
            }
            stored
        }
    };
    keyring
        .open(&sealed, &sealing)
        .map_err(|e| ServiceError::Internal(format!("the app's signing key does not open: {e}")))
}

/// The app's signing key, for an administrator signed in (to configure the receiver); the key
/// is a credential, so builders never see it. Audited with the reveal.
pub async fn reveal_signing_key(
    store: &Store,
    keyring: &Keyring,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
) -> Result<String, ServiceError> {
    by.require(Permission::AdministerOrganisation, Scope::Organisation)?;
    by.require_session("reveal an app's signing key")?;
    let mut tx = store.begin().await?;
    let workflow = crate::promotion::workflow_ref(
        &mut tx,
        by,
        workspace,
        name,
        Permission::AdministerOrganisation,
    )
    .await?;
    let key = signing_key(
        &mut tx,
        keyring,
        (workflow.id, name, workspace),
        (Actor::of(by), context),
    )
    .await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::SigningKeyRevealed,
        target: Some(Target::workflow(name)),
        workspace: Some(workspace.to_owned()),
        outcome: Outcome::Success,
        summary: json!({}),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(key)
}

/// How long a sender holds a callback it took before another may try it.
const CLAIM: Duration = Duration::from_secs(30);

/// Sends the callbacks that are due, each once and concurrently, taking each first so that
/// several nodes never send the same one; returns how many were delivered.
pub async fn send_due(store: &Store, keyring: &Keyring) -> Result<usize, ServiceError> {
    let due = {
        let mut conn = store.acquire().await?;
        callbacks::due(&mut conn, Timestamp::now(), ROUND).await?
    };
    let mut sending = tokio::task::JoinSet::new();
    for callback in due {
        let taken = {
            let mut conn = store.acquire().await?;
            callbacks::take(&mut conn, &callback, Timestamp::now().plus(CLAIM)).await?
        };
        if !taken {
            continue;
        }
        let (store, keyring) = (store.clone(), keyring.clone());
        sending.spawn(async move {
            let outcome = deliver(&store, &keyring, &callback).await;
            record_attempt(&store, &callback, outcome).await
        });
    }
    let mut delivered = 0;
    while let Some(done) = sending.join_next().await {
        match done {
            Ok(Ok(true)) => delivered += 1,
            Ok(Ok(false)) => {}
            Ok(Err(error)) => {
                tracing::warn!(error = %paddock_core::report::error_chain(&error), "a callback's attempt could not be recorded");
            }
            Err(panicked) => tracing::error!(%panicked, "sending a callback panicked"),
        }
    }
    Ok(delivered)
}

/// Records an attempt: delivered, to be tried again later, or — after the last attempt —
/// given up, audited in the same transaction. Tells whether it was delivered.
async fn record_attempt(
    store: &Store,
    callback: &callbacks::Callback,
    outcome: Result<(), String>,
) -> Result<bool, ServiceError> {
    let attempt = callback.attempts + 1;
    let mut tx = store.begin().await?;
    let delivered = match outcome {
        Ok(()) => {
            callbacks::attempted(&mut tx, callback.run, Ok(())).await?;
            true
        }
        Err(why) => {
            let retry_at = (attempt < MAX_ATTEMPTS)
                .then(|| Timestamp::now().plus(FIRST_PAUSE * 2u32.pow(attempt - 1)));
            tracing::info!(run = %callback.run, attempt, error = %why, "a completion callback was not delivered");
            callbacks::attempted(&mut tx, callback.run, Err((&why, retry_at))).await?;
            if retry_at.is_none()
                && let Some(run) = runs::find(&mut tx, callback.run).await?
            {
                let workspace =
                    paddock_store::workspaces::find_workspace_by_id(&mut tx, run.workspace)
                        .await?
                        .map(|workspace| workspace.slug.to_string());
                let entry = Entry {
                    actor: Actor::system("callbacks"),
                    action: Action::CallbackGivenUp,
                    target: Some(Target::run(run.id, &run.workflow_name)),
                    workspace,
                    outcome: Outcome::Failure,
                    summary: json!({ "url": callback.url, "attempts": attempt, "last_error": why }),
                };
                record(&mut tx, &RequestContext::default(), entry).await?;
            }
            false
        }
    };
    tx.commit().await?;
    Ok(delivered)
}

/// One attempt: the run's outcome, signed, to its callback URL under its app's rules now.
async fn deliver(
    store: &Store,
    keyring: &Keyring,
    callback: &callbacks::Callback,
) -> Result<(), String> {
    let found = async {
        let mut conn = store.acquire().await?;
        let run = runs::find(&mut conn, callback.run).await?;
        let deployment = match run.as_ref().and_then(|run| run.deployment) {
            Some(id) => deployments::find(&mut conn, id).await?,
            None => None,
        };
        let workspace = match &run {
            Some(run) => {
                paddock_store::workspaces::find_workspace_by_id(&mut conn, run.workspace).await?
            }
            None => None,
        };
        Ok::<_, ServiceError>((run, deployment, workspace))
    };
    let (Some(run), Some(deployment), Some(workspace)) = found.await.map_err(|e| e.to_string())?
    else {
        return Err("the run or its deployment is gone".to_owned());
    };
    let interfaces = super::interfaces_of(&deployment.interfaces);
    let key = async {
        let mut tx = store.begin().await?;
        let named = (
            deployment.workflow,
            run.workflow_name.as_str(),
            workspace.slug.as_str(),
        );
        let made_by = (Actor::system("callbacks"), &RequestContext::default());
        let key = signing_key(&mut tx, keyring, named, made_by).await?;
        tx.commit().await?;
        Ok::<_, ServiceError>(key)
    };
    let key = key.await.map_err(|e| e.to_string())?;
    let body = json!({
        "id": run.id.to_string(),
        "status": run.status.as_str(),
        "workspace": workspace.slug.as_str(),
        "app": run.workflow_name,
        "outputs": run.outputs,
        "error": super::runs::consumer_error(run.id, run.error.as_deref(), run.failed_step.as_deref()),
        "url": super::runs::run_url(workspace.slug.as_str(), &run.workflow_name, run.id),
        "finished_at": run.finished_at.map(|at| at.to_rfc3339()),
    });
    rules(&interfaces)
        .post(&callback.url, key.as_bytes(), body.to_string().into_bytes())
        .await
}

/// Sends due callbacks until `stop` resolves.
pub async fn watch(store: Store, keyring: Keyring, mut stop: tokio::sync::watch::Receiver<()>) {
    loop {
        if let Err(error) = send_due(&store, &keyring).await {
            tracing::warn!(error = %paddock_core::report::error_chain(&error), "completion callbacks could not be sent");
        }
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}
