//! `paddock serve`: the API, the web UI and published apps, from one process.

use paddock_core::report::error_chain;
use paddock_server::AppState;
use paddock_services::audit_stream::AuditStream;
use paddock_services::worker::{LEASE, WorkerSettings, spawn_workers};
use paddock_services::{accounts, demo};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::cli::ServeArgs;
use crate::config;
use crate::failure::Failure;
use crate::logging;

/// How long requests in flight may take to finish after SIGINT or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Runs worked on at once by this process. Workers mostly wait on models and people, so more
/// than cores pays off.
const WORKERS: usize = 64;
/// How often live deployments are checked for policy drift.
const DRIFT_CHECK_INTERVAL: Duration = Duration::from_secs(30);

pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let settings = config::serve_settings(&args)?;
    logging::init(settings.log_format)?;
    let demo_password = if settings.demo {
        let raw = std::env::var("PADDOCK_DEMO_PASSWORD")
            .unwrap_or_else(|_| demo::DEFAULT_PASSWORD.to_owned());
        Some(demo::password(&raw)?)
    } else {
        None
    };

    let audit_webhook = settings
        .audit_webhook_url
        .as_deref()
        .map(|url| paddock_integrations::webhook::Webhook::new(url).map(|_| url.to_owned()))
        .transpose()
        .map_err(|e| Failure::environment(format!("--audit-webhook-url: {e}")))?;

    // Bind before touching storage, so a taken port fails without creating anything.
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|e| Failure::environment(format!("cannot listen on {}: {e}", settings.listen)))?;
    let store = super::open_store(&settings.store, true).await?;

    if let Some(password) = demo_password {
        demo::seed(&store, password).await?;
        demo::knowledge::seed_documents(&store).await?;
        tracing::info!(
            "demo organisation ready: sign in as admin@demo.local (and steward@, builder@, approver@, operator@, consumer@, auditor@)"
        );
    } else if !accounts::administrator_exists(&store).await? {
        let location = if settings.store.database_in_data_dir {
            format!("--data-dir {}", settings.store.data_dir.display())
        } else {
            format!("--database-url '{}'", settings.store.database_url)
        };
        tracing::warn!(
            "no administrator exists yet; create one with: paddock admin create-user --email you@example.com --role admin {location} (it asks for the password, or reads it from stdin)"
        );
    }

    let address = listener
        .local_addr()
        .map_err(|e| Failure::environment(format!("cannot read the listening address: {e}")))?;
    let keyring = super::keyring(&settings.store, super::NewKey::Create)?;
    if settings.demo {
        demo::connections::seed(&store, &keyring, address, &settings.store.data_dir).await?;
    }
    let mut state = AppState::new(store.clone(), keyring);
    state.trusted_proxies = settings.trusted_proxies.clone().into();
    state.knowledge = super::open_search_index(&settings.store)?;
    let knowledge = state.knowledge.clone();
    let (models, wakeup, intake, keyring) = (
        state.models.clone(),
        state.wakeup.clone(),
        state.intake.clone(),
        state.keyring.clone(),
    );
    let app = paddock_server::app(state);
    // The demo's ticketing connections call a stand-in this process serves.
    let app = if settings.demo {
        app.merge(paddock_server::demo_ticketing::router())
    } else {
        app
    };
    // Dropping the sender when serving ends stops the workers; a run in hand is resumed from
    // its recorded steps by whichever worker claims it next.
    let (_stop_workers, workers_stop) = tokio::sync::watch::channel(());
    tokio::spawn(paddock_services::promotion::drift::watch(
        store.clone(),
        DRIFT_CHECK_INTERVAL,
        workers_stop.clone(),
    ));
    paddock_services::publishing::spawn_background(&store, &keyring, &wakeup, workers_stop.clone());
    tokio::spawn(crate::memory::keep_trimmed(workers_stop.clone()));
    let mut index_stop = workers_stop.clone();
    tokio::spawn(paddock_services::knowledge::search::follow(
        store.clone(),
        knowledge.clone(),
        async move {
            let _ = index_stop.changed().await;
        },
    ));
    spawn_workers(
        &store,
        &models,
        &knowledge,
        &wakeup,
        WorkerSettings {
            count: WORKERS,
            lease: LEASE,
            artifact_retention: settings.store.artifact_retention,
        },
        workers_stop,
    );
    if settings.demo {
        demo::promotion::seed(&store, &intake).await?;
    }
    let signalled = shutdown_signal();
    tracing::info!(
        database = settings.store.database_url.backend().name(),
        "Paddock is ready at http://{address}"
    );
    let stopping = Arc::new(Notify::new());
    let graceful = {
        let stopping = Arc::clone(&stopping);
        async move {
            signalled.await;
            stopping.notify_one();
        }
    };
    if let Some(url) = audit_webhook {
        let stream = AuditStream::new(store.clone(), &url)
            .map_err(|e| Failure::environment(format!("--audit-webhook-url: {e}")))?;
        let stopping = Arc::clone(&stopping);
        tokio::spawn(stream.run(async move { stopping.notified().await }));
        tracing::info!("streaming the audit trail to the configured webhook");
    }
    let served = tokio::select! {
        served = paddock_server::serve(listener, app, graceful) => served,
        () = async { stopping.notified().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => {
            tracing::warn!("requests still running {} s after the signal; stopping anyway", SHUTDOWN_GRACE.as_secs());
            Ok(())
        }
    };
    store.close().await;
    tracing::info!("stopped");
    served.map_err(|e| Failure::environment(format!("the server stopped: {}", error_chain(&e))))
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: call it before saying the process is ready, so a signal sent as soon
/// as it is ready stops it gracefully instead of killing it.
pub(super) fn shutdown_signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    let interrupt = signal(SignalKind::interrupt()).ok();
    let terminate = signal(SignalKind::terminate()).ok();
    let received = |handler: Option<Signal>| async move {
        match handler {
            Some(mut handler) => {
                handler.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    async move {
        tokio::select! {
            () = received(interrupt) => {},
            () = received(terminate) => {},
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
