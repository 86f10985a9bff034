//! `paddock worker`: runs workflows from a shared database's queue on this node, without
//! serving HTTP, until SIGINT or SIGTERM.

use paddock_services::worker::{Wakeup, spawn_workers};

use crate::cli::WorkerArgs;
use crate::config;
use crate::failure::Failure;

pub async fn run(args: WorkerArgs) -> Result<(), Failure> {
    let settings = config::store_settings(&args.store)?;
    let store = super::open_store(&settings, true).await?;
    let (stop, stopped) = tokio::sync::watch::channel(());
    let workers = spawn_workers(
        &store,
        &Wakeup::default(),
        usize::from(args.workers),
        stopped,
    );
    tracing::info!(
        workers = args.workers,
        database = settings.database_url.backend().name(),
        "working"
    );
    super::serve::shutdown_signal().await;
    drop(stop);
    for worker in workers {
        let _ = worker.await;
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}
