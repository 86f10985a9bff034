//! `paddock kb …`: knowledge bases' search indexes.

use crate::cli::StoreArgs;
use crate::config;
use crate::failure::Failure;

/// Empties this node's search index and builds it again from the database, which holds every
/// passage: after an upgrade that changes how passages are indexed, or if the index is lost.
pub async fn reindex(args: &StoreArgs) -> Result<(), Failure> {
    let settings = config::store_settings(args)?;
    let index = super::open_search_index(&settings)?;
    let store = super::open_store(&settings, false).await?;
    let rebuilt = index.rebuild(&store).await;
    store.close().await;
    let documents = rebuilt?;
    println!(
        "the search index holds {} passages of {documents} documents",
        index.passages()
    );
    Ok(())
}
