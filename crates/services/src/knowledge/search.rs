//! Searching knowledge bases. Each node keeps its own index of every passage
//! ([`KnowledgeIndex`]), which follows the knowledge bases' change logs in the database:
//! before each search it applies what changed since it last looked, so a node answers with
//! what the database holds, whichever node read the documents. `paddock kb reindex` rebuilds
//! an index from the database.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use paddock_core::ids::DocumentId;
use paddock_integrations::search::{
    Change, Hit, IndexedPassage, SearchError, SearchIndex, Segment,
};
use paddock_store::Store;
use paddock_store::knowledge;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::visible;
use crate::ServiceError;
use crate::auth::Principal;

const MAX_QUERY_CHARS: usize = 1_000;
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 50;
/// How many passages one commit to the index carries while catching up: fewer when each is
/// embedded (some 15 a second on two cores), so progress is kept and seen as it goes.
const PASSAGES_PER_COMMIT: usize = 5_000;
const EMBEDDED_PASSAGES_PER_COMMIT: usize = 200;

/// This node's search index, shared by its requests.
#[derive(Clone)]
pub struct KnowledgeIndex {
    pub(super) index: Arc<SearchIndex>,
    /// One catch-up at a time: two would apply the same changes twice.
    catching_up: Arc<tokio::sync::Mutex<()>>,
}

impl KnowledgeIndex {
    pub fn new(index: SearchIndex) -> Self {
        KnowledgeIndex {
            index: Arc::new(index),
            catching_up: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// An index in memory, built from the database as the process starts.
    pub fn in_memory() -> Self {
        Self::new(SearchIndex::in_memory(None))
    }

    /// How many passages the index holds.
    pub fn passages(&self) -> u64 {
        self.index.passages()
    }

    /// Catches up before a search. Without embeddings a catch-up is quick, and a search
    /// waits for it, so it finds what the database holds. With them, a catch-up may embed for
    /// minutes: a search that finds one under way answers from what is indexed so far.
    pub async fn catch_up_to_search(&self, store: &Store) -> Result<(), ServiceError> {
        if self.index.embedding_model().is_none() {
            return self.catch_up(store).await.map(drop);
        }
        match self.catching_up.try_lock() {
            Ok(turn) => self.catch_up_holding(store, turn).await.map(drop),
            Err(_) => Ok(()),
        }
    }

    /// Applies what changed in the database since the index last looked; returns how many
    /// documents it (re)indexed or removed.
    pub async fn catch_up(&self, store: &Store) -> Result<usize, ServiceError> {
        let turn = self.catching_up.lock().await;
        self.catch_up_holding(store, turn).await
    }

    async fn catch_up_holding(
        &self,
        store: &Store,
        _turn: tokio::sync::MutexGuard<'_, ()>,
    ) -> Result<usize, ServiceError> {
        let per_commit = if self.index.embedding_model().is_some() {
            EMBEDDED_PASSAGES_PER_COMMIT
        } else {
            PASSAGES_PER_COMMIT
        };
        let index = Arc::clone(&self.index);
        let mut applied = blocking(move || index.applied()).await?;
        let before = applied.clone();
        let mut conn = store.acquire().await?;
        let bases = knowledge::list(&mut conn).await?;
        let mut changes = Vec::new();
        let mut passages = 0;
        let mut documents = 0;
        let current: HashSet<String> = bases.iter().map(|b| b.id.to_string()).collect();
        let gone: Vec<String> = applied
            .keys()
            .filter(|id| !current.contains(*id))
            .cloned()
            .collect();
        for id in gone {
            applied.remove(&id);
            changes.push(Change::KnowledgeBase(id));
        }
        for base in &bases {
            let key = base.id.to_string();
            let mut from = applied.get(&key).copied().unwrap_or(0);
            if base.index_seq < from {
                // The database is behind the index (restored from a backup): what the index
                // holds of it cannot be trusted, so it is indexed again from the start.
                changes.push(Change::KnowledgeBase(key.clone()));
                applied.remove(&key);
                from = 0;
            }
            if base.index_seq <= from {
                continue;
            }
            let mut done: HashSet<DocumentId> = HashSet::new();
            for logged in knowledge::log_since(&mut conn, base.id, from).await? {
                // Each document is indexed as it is now, so later entries for it add nothing.
                if done.insert(logged.document) {
                    let change = document_now(&mut conn, &key, logged.document).await?;
                    if let Change::Document { passages: p, .. } = &change {
                        passages += p.len();
                    }
                    changes.push(change);
                    documents += 1;
                }
                applied.insert(key.clone(), logged.seq);
                if passages >= per_commit {
                    self.apply(std::mem::take(&mut changes), applied.clone())
                        .await?;
                    passages = 0;
                }
            }
        }
        drop(conn);
        if !changes.is_empty() || before != applied {
            self.apply(changes, applied).await?;
        }
        Ok(documents)
    }

    async fn apply(
        &self,
        changes: Vec<Change>,
        applied: BTreeMap<String, i64>,
    ) -> Result<(), ServiceError> {
        let index = Arc::clone(&self.index);
        blocking(move || index.apply(&changes, &applied)).await
    }

    /// Empties the index and builds it again from the database.
    pub async fn rebuild(&self, store: &Store) -> Result<usize, ServiceError> {
        {
            let _turn = self.catching_up.lock().await;
            let index = Arc::clone(&self.index);
            blocking(move || index.clear()).await?;
        }
        self.catch_up(store).await
    }
}

/// How often a node's index looks for changes when nobody searches.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Keeps the index caught up with the database until `stop` resolves, so searches find
/// little left to apply.
pub async fn follow(
    store: Store,
    index: KnowledgeIndex,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        if let Err(error) = index.catch_up(&store).await {
            tracing::warn!(error = %paddock_core::report::error_chain(&error), "the search index could not catch up");
        }
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(FOLLOW_EVERY) => {}
        }
    }
}

/// The document's passages as the database holds them now (none once it is gone).
async fn document_now(
    conn: &mut paddock_store::Connection,
    knowledge_base: &str,
    id: DocumentId,
) -> Result<Change, ServiceError> {
    let passages = match knowledge::find_document(conn, id).await? {
        Some(document) => knowledge::chunks(conn, id)
            .await?
            .into_iter()
            .map(|chunk| IndexedPassage {
                document_name: document.name.clone(),
                ordinal: chunk.ordinal,
                first_page: chunk.first_page,
                last_page: chunk.last_page,
                start: chunk.start as u64,
                end: chunk.end as u64,
                context: chunk.context,
                text: chunk.text,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(Change::Document {
        knowledge_base: knowledge_base.to_owned(),
        document: id.to_string(),
        passages,
    })
}

pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(format!("the search index task failed: {e}")))?
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    /// Words to look for; stemmed, so "pipes" finds "pipe".
    #[schema(example = "burst pipe water damage")]
    pub query: String,
    /// How many passages, at most (1 to 50; 10 when left out).
    pub limit: Option<usize>,
}

/// Part of a passage, highlighted where it matches the query.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SegmentView {
    pub text: String,
    pub highlight: bool,
}

/// Where a passage comes from, for a citation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Citation {
    pub document_id: String,
    pub document_name: String,
    pub first_page: u32,
    pub last_page: u32,
    /// Its range of characters (Unicode scalar values) in the document's text.
    pub start: u64,
    pub end: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PassageView {
    /// The headings it falls under: `Claims policy > Water damage`.
    pub context: String,
    pub text: String,
    /// The text, cut where it matches the query.
    pub segments: Vec<SegmentView>,
    /// Higher is better, comparable within one answer only: BM25 when passages are ranked by
    /// words only; their reciprocal-rank fusion with the ranking by meaning when an embedding
    /// model is configured.
    pub score: f32,
    pub citation: Citation,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    /// Best first.
    pub passages: Vec<PassageView>,
    /// The sentence-embedding model that ranked passages by meaning too; none: by words only.
    pub embedding_model: Option<String>,
}

impl From<Hit> for PassageView {
    fn from(hit: Hit) -> Self {
        PassageView {
            context: hit.passage.context,
            text: hit.passage.text,
            segments: hit
                .segments
                .into_iter()
                .map(|Segment { text, highlight }| SegmentView { text, highlight })
                .collect(),
            score: hit.score,
            citation: Citation {
                document_id: hit.document,
                document_name: hit.passage.document_name,
                first_page: hit.passage.first_page,
                last_page: hit.passage.last_page,
                start: hit.passage.start,
                end: hit.passage.end,
            },
        }
    }
}

/// The passages of the knowledge base `slug` that best match the query, for someone who may
/// search it.
pub async fn search(
    store: &Store,
    index: &KnowledgeIndex,
    by: &Principal,
    slug: &str,
    request: SearchRequest,
) -> Result<SearchResults, ServiceError> {
    let query = request.query.trim();
    if query.is_empty() || query.chars().count() > MAX_QUERY_CHARS {
        return Err(ServiceError::invalid(
            "query",
            format!("give 1 to {MAX_QUERY_CHARS} characters to look for"),
        ));
    }
    let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ServiceError::invalid(
            "limit",
            format!("from 1 to {MAX_LIMIT}"),
        ));
    }
    let (base, _, _) = visible(&mut *store.acquire().await?, by, slug).await?;
    index.catch_up_to_search(store).await?;
    let hits = index
        .search_within(vec![base.id.to_string()], query.to_owned(), limit)
        .await?;
    Ok(SearchResults {
        passages: hits.into_iter().map(PassageView::from).collect(),
        embedding_model: index.index.embedding_model().map(str::to_owned),
    })
}
