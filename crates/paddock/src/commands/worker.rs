//! `paddock worker`: runs workflows from a shared database's queue on this node, without
//! serving HTTP, until SIGINT or SIGTERM.

use paddock_integrations::models::ProviderClient;
use paddock_integrations::search::SearchIndex;
use paddock_services::knowledge::search::KnowledgeIndex;
use paddock_services::models::gateway::ModelGateway;
use paddock_services::worker::{Wakeup, WorkerSettings, spawn_workers};

use crate::cli::{LogFormat, WorkerArgs};
use crate::config;
use crate::failure::Failure;
use crate::logging;

pub async fn run(args: WorkerArgs) -> Result<(), Failure> {
    logging::init(LogFormat::Text)?;
    let settings = config::store_settings(&args.store)?;
    let store = super::open_store(&settings, true).await?;
    let (stop, stopped) = tokio::sync::watch::channel(());
    tokio::spawn(crate::memory::keep_trimmed(stopped.clone()));
    let lease = std::time::Duration::from_secs(args.lease_seconds);
    let models = ModelGateway::new(
        store.clone(),
        super::keyring(&settings, super::NewKey::Refuse)?,
        ProviderClient::default(),
    );
    // A worker serves no searches: its index is built from the database as its runs retrieve,
    // in memory. Embedding every passage takes minutes, so with an embedding model it is kept
    // in the data directory instead, and a restart finds it done (one process per directory).
    let index = if settings.embedding_model.is_some() {
        super::open_search_index(&settings)?
    } else {
        KnowledgeIndex::new(SearchIndex::in_memory(None))
    };
    let workers = spawn_workers(
        &store,
        &models,
        &index,
        &Wakeup::default(),
        WorkerSettings {
            count: usize::from(args.workers),
            lease,
            artifact_retention: settings.artifact_retention,
        },
        stopped,
    );
    let signalled = super::serve::shutdown_signal();
    tracing::info!(
        workers = args.workers,
        database = settings.database_url.backend().name(),
        "working"
    );
    signalled.await;
    drop(stop);
    for worker in workers {
        let _ = worker.await;
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}
