//! Knowledge bases, who may use them, their documents and the passages the documents were cut
//! into. The documents waiting to be read are the queue of ingestion work: a worker claims one
//! under a lease, as runs are claimed, and writes its passages only while it holds the lease.
//! Every change to what a knowledge base holds is logged in order, so each node's search index
//! can catch up from the database, which stays the source of truth.

use paddock_core::ids::{DocumentId, EnvironmentId, KnowledgeBaseId, UserId, WorkspaceId};
use paddock_core::knowledge::chunk::{Chunk, ChunkKind};
use paddock_core::knowledge::{AccessEntry, AccessList, Grantee};
use paddock_core::time::Timestamp;
use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{corrupt, parsed};
use crate::runs::Holder;
use crate::{Backend, Connection, StoreError, push_placeholders};

/// A knowledge base as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeBase {
    pub id: KnowledgeBaseId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Its owner: the stewards of this workspace manage it.
    pub workspace: WorkspaceId,
    pub label: String,
    /// The last entry of its index log.
    pub index_seq: i64,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What describes a knowledge base, as its stewards set it.
pub struct Details<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub label: &'a str,
}

const BASE_COLUMNS: &str = "id, slug, name, description, workspace_id, label, index_seq, \
                            created_by, created_at, updated_at";

fn base_from_row(row: &AnyRow) -> Result<KnowledgeBase, StoreError> {
    let created_by: Option<String> = row.try_get("created_by")?;
    Ok(KnowledgeBase {
        id: parsed(row, "id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        workspace: parsed(row, "workspace_id")?,
        label: row.try_get("label")?,
        index_seq: row.try_get("index_seq")?,
        created_by: created_by
            .map(|id| id.parse())
            .transpose()
            .map_err(corrupt)?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}

/// Creates a knowledge base named `slug`, owned by `workspace`; a slug in use is a
/// [`StoreError::UniqueViolation`].
pub async fn create(
    conn: &mut Connection,
    slug: &str,
    workspace: WorkspaceId,
    details: Details<'_>,
    by: Option<UserId>,
) -> Result<KnowledgeBase, StoreError> {
    let now = Timestamp::now();
    let base = KnowledgeBase {
        id: KnowledgeBaseId::generate(),
        slug: slug.to_owned(),
        name: details.name.to_owned(),
        description: details.description.to_owned(),
        workspace,
        label: details.label.to_owned(),
        index_seq: 0,
        created_by: by,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO knowledge_bases (id, slug, name, description, workspace_id, label,
                                      created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(base.id.to_string())
    .bind(slug)
    .bind(details.name)
    .bind(details.description)
    .bind(workspace.to_string())
    .bind(details.label)
    .bind(by.map(|id| id.to_string()))
    .bind(now.as_millis())
    .execute(conn)
    .await?;
    Ok(base)
}

/// Every knowledge base, by slug.
pub async fn list(conn: &mut Connection) -> Result<Vec<KnowledgeBase>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BASE_COLUMNS} FROM knowledge_bases ORDER BY slug"
    )))
    .fetch_all(conn)
    .await?;
    rows.iter().map(base_from_row).collect()
}

pub async fn find(conn: &mut Connection, slug: &str) -> Result<Option<KnowledgeBase>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BASE_COLUMNS} FROM knowledge_bases WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(base_from_row).transpose()
}

/// Changes what describes the knowledge base; false when there is none.
pub async fn update(
    conn: &mut Connection,
    id: KnowledgeBaseId,
    details: Details<'_>,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE knowledge_bases SET name = $2, description = $3, label = $4, updated_at = $5
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(details.name)
    .bind(details.description)
    .bind(details.label)
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Removes the knowledge base with its access list, documents, passages and log.
pub async fn delete(conn: &mut Connection, id: KnowledgeBaseId) -> Result<bool, StoreError> {
    let deleted = sqlx::query("DELETE FROM knowledge_bases WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Who may use the knowledge base.
pub async fn access(conn: &mut Connection, id: KnowledgeBaseId) -> Result<AccessList, StoreError> {
    let rows = sqlx::query(
        "SELECT grantee_kind, grantee_id, environment_id FROM knowledge_access
         WHERE knowledge_base_id = $1",
    )
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    let entries = rows
        .iter()
        .map(|row| {
            let kind: String = row.try_get("grantee_kind")?;
            let grantee = match kind.as_str() {
                "workspace" => Grantee::Workspace(parsed(row, "grantee_id")?),
                "group" => Grantee::Group(parsed(row, "grantee_id")?),
                other => return Err(corrupt(format!("unknown grantee kind {other}"))),
            };
            let environment: Option<String> = row.try_get("environment_id")?;
            Ok(AccessEntry {
                grantee,
                environment: environment
                    .map(|id| id.parse::<EnvironmentId>())
                    .transpose()
                    .map_err(corrupt)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(AccessList::new(entries))
}

/// Replaces who may use the knowledge base.
pub async fn set_access(
    conn: &mut Connection,
    id: KnowledgeBaseId,
    list: &AccessList,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM knowledge_access WHERE knowledge_base_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for entry in list.entries() {
        let (kind, grantee) = match entry.grantee {
            Grantee::Workspace(workspace) => ("workspace", workspace.to_string()),
            Grantee::Group(group) => ("group", group.to_string()),
        };
        sqlx::query(
            "INSERT INTO knowledge_access (knowledge_base_id, grantee_kind, grantee_id,
                                           environment_id)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id.to_string())
        .bind(kind)
        .bind(grantee)
        .bind(entry.environment.map(|environment| environment.to_string()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Where reading a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentStatus {
    Queued,
    Ingesting,
    Ready,
    Failed,
}

impl DocumentStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Queued => "queued",
            DocumentStatus::Ingesting => "ingesting",
            DocumentStatus::Ready => "ready",
            DocumentStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        Ok(match text {
            "queued" => DocumentStatus::Queued,
            "ingesting" => DocumentStatus::Ingesting,
            "ready" => DocumentStatus::Ready,
            "failed" => DocumentStatus::Failed,
            other => return Err(corrupt(format!("unknown document status {other}"))),
        })
    }
}

/// A document as stored, without its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: DocumentId,
    pub knowledge_base: KnowledgeBaseId,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub status: DocumentStatus,
    pub error: Option<String>,
    pub pages: Option<u32>,
    pub pages_done: u32,
    pub ocr_pages: u32,
    pub chunks: u32,
    /// How many times a worker took it up since it was last queued.
    pub attempts: u32,
    pub uploaded_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub struct NewDocument<'a> {
    pub knowledge_base: KnowledgeBaseId,
    pub name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub by: Option<UserId>,
}

const DOCUMENT_COLUMNS: &str = "id, knowledge_base_id, name, media_type, size, sha256, status, \
                                error, pages, pages_done, ocr_pages, chunks, attempts, \
                                uploaded_by, created_at, updated_at";

fn count(row: &AnyRow, column: &str) -> Result<u32, StoreError> {
    u32::try_from(row.try_get::<i64, _>(column)?).map_err(corrupt)
}

fn document_from_row(row: &AnyRow) -> Result<Document, StoreError> {
    let size: i64 = row.try_get("size")?;
    let status: String = row.try_get("status")?;
    let pages: Option<i64> = row.try_get("pages")?;
    let by: Option<String> = row.try_get("uploaded_by")?;
    Ok(Document {
        id: parsed(row, "id")?,
        knowledge_base: parsed(row, "knowledge_base_id")?,
        name: row.try_get("name")?,
        media_type: row.try_get("media_type")?,
        size: u64::try_from(size).map_err(corrupt)?,
        sha256: row.try_get("sha256")?,
        status: DocumentStatus::parse(&status)?,
        error: row.try_get("error")?,
        pages: pages.map(u32::try_from).transpose().map_err(corrupt)?,
        pages_done: count(row, "pages_done")?,
        ocr_pages: count(row, "ocr_pages")?,
        chunks: count(row, "chunks")?,
        attempts: count(row, "attempts")?,
        uploaded_by: by.map(|id| id.parse()).transpose().map_err(corrupt)?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}

/// How many of a knowledge base's documents are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    pub queued: u64,
    pub ingesting: u64,
    pub ready: u64,
    pub failed: u64,
}

/// The documents of every knowledge base (or only of `only`), counted by status.
pub async fn document_counts(
    conn: &mut Connection,
    only: Option<KnowledgeBaseId>,
) -> Result<HashMap<KnowledgeBaseId, DocumentCounts>, StoreError> {
    let rows = sqlx::query(
        "SELECT knowledge_base_id, status, COUNT(*) AS n FROM knowledge_documents
         WHERE $1 IS NULL OR knowledge_base_id = $1
         GROUP BY knowledge_base_id, status",
    )
    .bind(only.map(|id| id.to_string()))
    .fetch_all(conn)
    .await?;
    let mut counts: HashMap<KnowledgeBaseId, DocumentCounts> = HashMap::new();
    for row in &rows {
        let status: String = row.try_get("status")?;
        let n = u64::try_from(row.try_get::<i64, _>("n")?).map_err(corrupt)?;
        let entry = counts.entry(parsed(row, "knowledge_base_id")?).or_default();
        match DocumentStatus::parse(&status)? {
            DocumentStatus::Queued => entry.queued = n,
            DocumentStatus::Ingesting => entry.ingesting = n,
            DocumentStatus::Ready => entry.ready = n,
            DocumentStatus::Failed => entry.failed = n,
        }
    }
    Ok(counts)
}

/// Stores a document and its file, queued to be read.
pub async fn add_document(
    conn: &mut Connection,
    new: NewDocument<'_>,
) -> Result<Document, StoreError> {
    let now = Timestamp::now();
    let document = Document {
        id: DocumentId::generate(),
        knowledge_base: new.knowledge_base,
        name: new.name.to_owned(),
        media_type: new.media_type.to_owned(),
        size: new.content.len() as u64,
        sha256: new.sha256.to_owned(),
        status: DocumentStatus::Queued,
        error: None,
        pages: None,
        pages_done: 0,
        ocr_pages: 0,
        chunks: 0,
        attempts: 0,
        uploaded_by: new.by,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO knowledge_documents (id, knowledge_base_id, name, media_type, size, sha256,
                                          status, available_at, uploaded_by, created_at,
                                          updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $7, $7)",
    )
    .bind(document.id.to_string())
    .bind(new.knowledge_base.to_string())
    .bind(new.name)
    .bind(new.media_type)
    .bind(i64::try_from(new.content.len()).map_err(corrupt)?)
    .bind(new.sha256)
    .bind(now.as_millis())
    .bind(new.by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO knowledge_document_content (document_id, content) VALUES ($1, $2)")
        .bind(document.id.to_string())
        .bind(new.content)
        .execute(conn)
        .await?;
    Ok(document)
}

/// The documents of a knowledge base, oldest first.
pub async fn documents(
    conn: &mut Connection,
    knowledge_base: KnowledgeBaseId,
) -> Result<Vec<Document>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DOCUMENT_COLUMNS} FROM knowledge_documents WHERE knowledge_base_id = $1
         ORDER BY created_at, id"
    )))
    .bind(knowledge_base.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(document_from_row).collect()
}

pub async fn find_document(
    conn: &mut Connection,
    id: DocumentId,
) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DOCUMENT_COLUMNS} FROM knowledge_documents WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(document_from_row).transpose()
}

/// The document of the knowledge base named `name`, if any.
pub async fn find_document_named(
    conn: &mut Connection,
    knowledge_base: KnowledgeBaseId,
    name: &str,
) -> Result<Option<Document>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DOCUMENT_COLUMNS} FROM knowledge_documents
         WHERE knowledge_base_id = $1 AND name = $2"
    )))
    .bind(knowledge_base.to_string())
    .bind(name)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(document_from_row).transpose()
}

/// Gives the document a new file and queues it to be read again. Its passages, read from the
/// old file, are removed (and the removal logged for the indexes): they no longer say what the
/// document says, and their citations would point into a file that is gone. Call it in a
/// transaction that holds the knowledge base ([`lock`]). False when there is none.
pub async fn replace_document(
    conn: &mut Connection,
    id: DocumentId,
    media_type: &str,
    sha256: &str,
    content: &[u8],
    by: Option<UserId>,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE knowledge_documents SET media_type = $2, size = $3, sha256 = $4, uploaded_by = $5
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(media_type)
    .bind(i64::try_from(content.len()).map_err(corrupt)?)
    .bind(sha256)
    .bind(by.map(|id| id.to_string()))
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE knowledge_document_content SET content = $2 WHERE document_id = $1")
        .bind(id.to_string())
        .bind(content)
        .execute(&mut *conn)
        .await?;
    let knowledge_base: String = sqlx::query_scalar(
        "UPDATE knowledge_documents SET chunks = 0 WHERE id = $1 RETURNING knowledge_base_id",
    )
    .bind(id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM knowledge_chunks WHERE document_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    let knowledge_base: KnowledgeBaseId = knowledge_base.parse().map_err(corrupt)?;
    log_change(conn, knowledge_base, id, Change::Removed).await?;
    requeue_document(conn, id).await
}

/// Holds the knowledge base until the transaction ends, so changes to its documents (uploads,
/// removals, finished readings) happen one after the other, always taking the knowledge base
/// before any of its documents. False when there is none.
pub async fn lock(conn: &mut Connection, id: KnowledgeBaseId) -> Result<bool, StoreError> {
    let locked = sqlx::query("UPDATE knowledge_bases SET index_seq = index_seq WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(locked.rows_affected() == 1)
}

/// The document's file.
pub async fn content(conn: &mut Connection, id: DocumentId) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar("SELECT content FROM knowledge_document_content WHERE document_id = $1")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| corrupt(format!("document {id} has no content")))
}

/// Removes the document, its file and its passages, and logs the removal for the indexes;
/// false when there is none. Call it in a transaction.
pub async fn delete_document(conn: &mut Connection, id: DocumentId) -> Result<bool, StoreError> {
    let Some(document) = find_document(conn, id).await? else {
        return Ok(false);
    };
    lock(conn, document.knowledge_base).await?;
    let deleted = sqlx::query("DELETE FROM knowledge_documents WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    if deleted.rows_affected() == 0 {
        return Ok(false);
    }
    log_change(conn, document.knowledge_base, id, Change::Removed).await?;
    Ok(true)
}

/// Queues the document to be read again (its file, or how files are read, changed); its
/// passages stay searchable until the new reading replaces them. False when there is none.
pub async fn requeue_document(conn: &mut Connection, id: DocumentId) -> Result<bool, StoreError> {
    let now = Timestamp::now().as_millis();
    let updated = sqlx::query(
        "UPDATE knowledge_documents
         SET status = 'queued', error = NULL, pages_done = 0, attempts = 0, available_at = $2,
             lease_owner = NULL, lease_expires_at = NULL, updated_at = $2
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// A document claimed to be read, and the name its lease is held under.
#[derive(Debug, Clone)]
pub struct ClaimedDocument {
    pub document: Document,
    pub owner: String,
}

/// Claims up to `limit` of the oldest documents waiting to be read, or being read under a lease
/// that ran out, until `lease_until`, each under its own name ([`crate::runs::lease_name`]).
pub async fn claim_documents(
    conn: &mut Connection,
    backend: Backend,
    claimer: &str,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> Result<Vec<ClaimedDocument>, StoreError> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE knowledge_documents SET status = 'ingesting', lease_owner = $1 || ':' || id,
                lease_expires_at = $3, attempts = attempts + 1, updated_at = $2
         WHERE id IN (SELECT id FROM knowledge_documents
                      WHERE status IN ('queued', 'ingesting') AND available_at <= $2
                        AND (lease_expires_at IS NULL OR lease_expires_at < $2)
                      ORDER BY available_at LIMIT $4{lock})
         RETURNING lease_owner, {DOCUMENT_COLUMNS}"
    )))
    .bind(claimer)
    .bind(now.as_millis())
    .bind(lease_until.as_millis())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut claimed = rows
        .iter()
        .map(|row| {
            Ok(ClaimedDocument {
                document: document_from_row(row)?,
                owner: row.try_get("lease_owner")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    claimed.sort_by_key(|claimed| claimed.document.created_at);
    Ok(claimed)
}

/// Notes how far reading the document got, extending the lease; false when the lease is lost.
pub async fn progress(
    conn: &mut Connection,
    id: DocumentId,
    holder: Holder<'_>,
    pages_done: u32,
    pages: u32,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE knowledge_documents SET pages_done = $3, pages = $4, lease_expires_at = $5,
                                        updated_at = $6
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id.to_string())
    .bind(holder.worker)
    .bind(i64::from(pages_done))
    .bind(i64::from(pages))
    .bind(holder.lease_until.as_millis())
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Extends the lease on a document being read; false when the lease is lost.
pub async fn renew(
    conn: &mut Connection,
    id: DocumentId,
    holder: Holder<'_>,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE knowledge_documents SET lease_expires_at = $3 WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id.to_string())
    .bind(holder.worker)
    .bind(holder.lease_until.as_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// What reading a document gave.
pub struct Read<'a> {
    pub pages: u32,
    pub ocr_pages: u32,
    pub chunks: &'a [Chunk],
}

/// How many passages one statement inserts: 10 values each.
const CHUNKS_PER_STATEMENT: usize = 500;

/// Replaces the document's passages with what was read, marks it ready and logs it for the
/// indexes, all under the lease; false (and nothing written) when the lease is lost. Call it
/// in a transaction: a document is searchable with all its passages or not at all.
pub async fn finish_document(
    conn: &mut Connection,
    id: DocumentId,
    holder: Holder<'_>,
    read: Read<'_>,
) -> Result<bool, StoreError> {
    let now = Timestamp::now();
    let Some(document) = find_document(conn, id).await? else {
        return Ok(false);
    };
    // The knowledge base first, as every change to its documents takes them.
    lock(conn, document.knowledge_base).await?;
    let knowledge_base: Option<String> = sqlx::query_scalar(
        "UPDATE knowledge_documents
         SET status = 'ready', error = NULL, pages = $3, pages_done = $3, ocr_pages = $4,
             chunks = $5, lease_owner = NULL, lease_expires_at = NULL, updated_at = $6
         WHERE id = $1 AND lease_owner = $2 RETURNING knowledge_base_id",
    )
    .bind(id.to_string())
    .bind(holder.worker)
    .bind(i64::from(read.pages))
    .bind(i64::from(read.ocr_pages))
    .bind(i64::try_from(read.chunks.len()).map_err(corrupt)?)
    .bind(now.as_millis())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(knowledge_base) = knowledge_base else {
        return Ok(false);
    };
    let knowledge_base: KnowledgeBaseId = knowledge_base.parse().map_err(corrupt)?;
    sqlx::query("DELETE FROM knowledge_chunks WHERE document_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    insert_chunks(conn, knowledge_base, id, read.chunks).await?;
    log_change(conn, knowledge_base, id, Change::Indexed).await?;
    Ok(true)
}

async fn insert_chunks(
    conn: &mut Connection,
    knowledge_base: KnowledgeBaseId,
    document: DocumentId,
    chunks: &[Chunk],
) -> Result<(), StoreError> {
    const COLUMNS: usize = 10;
    for part in chunks.chunks(CHUNKS_PER_STATEMENT) {
        let mut statement = String::from(
            "INSERT INTO knowledge_chunks (document_id, ordinal, knowledge_base_id, first_page,
                                           last_page, char_start, char_end, kind, context, text)
             VALUES ",
        );
        push_placeholders(conn, &mut statement, part.len(), COLUMNS);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement));
        for chunk in part {
            query = query
                .bind(document.to_string())
                .bind(i64::from(chunk.ordinal))
                .bind(knowledge_base.to_string())
                .bind(i64::from(chunk.first_page))
                .bind(i64::from(chunk.last_page))
                .bind(i64::try_from(chunk.start).map_err(corrupt)?)
                .bind(i64::try_from(chunk.end).map_err(corrupt)?)
                .bind(match chunk.kind {
                    ChunkKind::Text => "text",
                    ChunkKind::Table => "table",
                })
                .bind(chunk.context.clone())
                .bind(chunk.text.clone());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Marks the document failed, with why, under the lease; its earlier passages (if a
/// re-reading failed) stay searchable. False when the lease is lost.
pub async fn fail_document(
    conn: &mut Connection,
    id: DocumentId,
    holder: Holder<'_>,
    error: &str,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE knowledge_documents
         SET status = 'failed', error = $3, lease_owner = NULL, lease_expires_at = NULL,
             updated_at = $4
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id.to_string())
    .bind(holder.worker)
    .bind(error)
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// The passages of a document, in order.
pub async fn chunks(conn: &mut Connection, document: DocumentId) -> Result<Vec<Chunk>, StoreError> {
    let rows = sqlx::query(
        "SELECT ordinal, first_page, last_page, char_start, char_end, kind, context, text
         FROM knowledge_chunks WHERE document_id = $1 ORDER BY ordinal",
    )
    .bind(document.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let offset = |column: &str| -> Result<usize, StoreError> {
                usize::try_from(row.try_get::<i64, _>(column)?).map_err(corrupt)
            };
            Ok(Chunk {
                ordinal: count(row, "ordinal")?,
                first_page: count(row, "first_page")?,
                last_page: count(row, "last_page")?,
                start: offset("char_start")?,
                end: offset("char_end")?,
                kind: match kind.as_str() {
                    "table" => ChunkKind::Table,
                    _ => ChunkKind::Text,
                },
                context: row.try_get("context")?,
                text: row.try_get("text")?,
            })
        })
        .collect()
}

/// What happened to a document, as the index log says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Its passages were (re)written: index them, in place of any earlier ones.
    Indexed,
    /// It is gone: drop its passages.
    Removed,
}

/// An entry of a knowledge base's index log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub seq: i64,
    pub document: DocumentId,
    pub change: Change,
}

/// Logs a change to the knowledge base, the next entry of its log.
async fn log_change(
    conn: &mut Connection,
    knowledge_base: KnowledgeBaseId,
    document: DocumentId,
    change: Change,
) -> Result<(), StoreError> {
    // Taking the next number locks the knowledge base's row until the transaction ends, so
    // concurrent changes are logged one after the other.
    let seq: i64 = sqlx::query_scalar(
        "UPDATE knowledge_bases SET index_seq = index_seq + 1 WHERE id = $1 RETURNING index_seq",
    )
    .bind(knowledge_base.to_string())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO knowledge_index_log (knowledge_base_id, seq, document_id, change, at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(knowledge_base.to_string())
    .bind(seq)
    .bind(document.to_string())
    .bind(match change {
        Change::Indexed => "indexed",
        Change::Removed => "removed",
    })
    .bind(Timestamp::now().as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The entries of the knowledge base's log after `seq`, in order.
pub async fn log_since(
    conn: &mut Connection,
    knowledge_base: KnowledgeBaseId,
    seq: i64,
) -> Result<Vec<Logged>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, document_id, change FROM knowledge_index_log
         WHERE knowledge_base_id = $1 AND seq > $2 ORDER BY seq",
    )
    .bind(knowledge_base.to_string())
    .bind(seq)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let change: String = row.try_get("change")?;
            Ok(Logged {
                seq: row.try_get("seq")?,
                document: parsed(row, "document_id")?,
                change: match change.as_str() {
                    "indexed" => Change::Indexed,
                    "removed" => Change::Removed,
                    other => return Err(corrupt(format!("unknown index change {other}"))),
                },
            })
        })
        .collect()
}
