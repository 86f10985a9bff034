//! The documents runs wrote (listed with the run's details): downloaded by whoever may see the run, and
//! purged when they expire — each purge audited, the row kept so the run still says what it
//! made.

use std::time::Duration;

use paddock_core::Code;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{ArtifactId, RunId};
use paddock_core::time::Timestamp;
use paddock_store::Store;
use paddock_store::artifacts::{self, Artifact};
use serde_json::json;

use super::{details, target};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;

/// How often expired documents are looked for.
const PURGE_INTERVAL: Duration = Duration::from_secs(600);
/// The most purged in one transaction.
const PURGE_BATCH: u32 = 100;

/// One document of a run the principal may see, with its content.
pub async fn download(
    store: &Store,
    by: &Principal,
    run: RunId,
    id: ArtifactId,
) -> Result<(Artifact, Vec<u8>), ServiceError> {
    details(store, by, run).await?;
    let mut conn = store.acquire().await?;
    let (artifact, content) = artifacts::content(&mut conn, run, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("The run wrote no such document.".into()))?;
    // Past its expiry it is gone, whether or not the purge has come by yet.
    match content.filter(|_| artifact.expires_at > Timestamp::now()) {
        Some(content) => Ok((artifact, content)),
        None => Err(ServiceError::refused(
            Code::Expired,
            format!(
                "{} was kept until {} and has been deleted; run the workflow again to write it anew.",
                artifact.name,
                artifact.expires_at.to_rfc3339()
            ),
            json!({ "expired_at": artifact.expires_at.to_rfc3339() }),
        )),
    }
}

/// Deletes the content of every document expired by `now`, auditing each in the transaction
/// that deletes it. Answers how many were purged.
pub async fn purge_expired(store: &Store, now: Timestamp) -> Result<usize, ServiceError> {
    let mut purged = 0;
    loop {
        let mut tx = store.begin().await?;
        let batch = artifacts::purge_expired(&mut tx, now, PURGE_BATCH).await?;
        for artifact in &batch {
            let run = paddock_store::runs::find(&mut tx, artifact.run).await?;
            let (target, workspace) = match &run {
                Some(run) => (target(run), workspace_slug(&mut tx, run).await?),
                None => (Target::run(artifact.run, ""), None),
            };
            let entry = Entry {
                actor: Actor::system("artifact retention"),
                action: Action::RunArtifactPurged,
                target: Some(target),
                workspace,
                outcome: Outcome::Success,
                summary: json!({
                    "artifact": artifact.id.to_string(),
                    "name": artifact.name,
                    "sha256": artifact.sha256,
                    "expired_at": artifact.expires_at.to_rfc3339(),
                }),
            };
            record(&mut tx, &RequestContext::default(), entry).await?;
        }
        tx.commit().await?;
        purged += batch.len();
        if batch.len() < PURGE_BATCH as usize {
            return Ok(purged);
        }
    }
}

async fn workspace_slug(
    conn: &mut paddock_store::Connection,
    run: &paddock_store::runs::Run,
) -> Result<Option<String>, ServiceError> {
    Ok(
        paddock_store::workspaces::find_workspace_by_id(conn, run.workspace)
            .await?
            .map(|workspace| workspace.slug.to_string()),
    )
}

/// Purges expired documents now and every ten minutes until `stop` changes.
pub async fn watch(store: Store, mut stop: tokio::sync::watch::Receiver<()>) {
    let mut every = tokio::time::interval(PURGE_INTERVAL);
    loop {
        tokio::select! {
            _ = every.tick() => {
                match purge_expired(&store, Timestamp::now()).await {
                    Ok(0) => {}
                    Ok(count) => tracing::info!(count, "deleted run documents past their retention"),
                    Err(error) => tracing::warn!(error = %paddock_core::report::error_chain(&error), "run documents past their retention could not be deleted; trying again later"),
                }
            }
            _ = stop.changed() => return,
        }
    }
}
