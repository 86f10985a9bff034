//! The documents of a knowledge base: uploading (checked whole before anything is stored),
//! listing with where reading each stands, reading again, and removing.

use paddock_core::audit::{Action, Outcome};
use std::collections::{HashMap, HashSet};

use paddock_core::Code;
use paddock_core::ids::{DocumentId, UserId};
use paddock_core::upload::{describe_size, media_type};
use paddock_integrations::documents;
use paddock_store::knowledge::{self, Document, KnowledgeBase, NewDocument};
use paddock_store::{Store, users};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{Standing, managed, visible};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::publishing::runs::FilePart;
use crate::publishing::uploads::clean_name;
use crate::worker::Wakeup;

/// The largest document a knowledge base takes.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;
/// The most documents one upload may carry.
pub const MAX_DOCUMENTS_PER_UPLOAD: usize = 20;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// `queued`, `ingesting`, `ready` or `failed`.
    pub status: String,
    /// Why reading it failed, for people.
    pub error: Option<String>,
    /// Its pages, once counted.
    pub pages: Option<u32>,
    /// Pages read so far: the progress of reading it.
    pub pages_done: u32,
    /// Pages read by OCR.
    pub ocr_pages: u32,
    /// The passages it was cut into.
    pub passages: u32,
    pub uploaded_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl DocumentView {
    fn of(document: Document, uploaded_by: Option<String>) -> Self {
        DocumentView {
            id: document.id.to_string(),
            name: document.name,
            media_type: document.media_type,
            size: document.size,
            status: document.status.as_str().to_owned(),
            error: document.error,
            pages: document.pages,
            pages_done: document.pages_done,
            ocr_pages: document.ocr_pages,
            passages: document.chunks,
            uploaded_by,
            created_at: document.created_at.to_rfc3339(),
            updated_at: document.updated_at.to_rfc3339(),
        }
    }
}

/// The documents of the knowledge base `slug`, oldest first.
pub async fn list(
    store: &Store,
    by: &Principal,
    slug: &str,
) -> Result<Vec<DocumentView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let (base, _, standing) = visible(&mut conn, by, slug).await?;
    let mut emails: HashMap<UserId, Option<String>> = HashMap::new();
    let mut views = Vec::new();
    for document in knowledge::documents(&mut conn, base.id).await? {
        // Who uploaded what is for those who manage the knowledge base.
        let uploader = document
            .uploaded_by
            .filter(|_| standing == Standing::Manage);
        let by = match uploader {
            Some(id) => match emails.get(&id) {
                Some(email) => email.clone(),
                None => {
                    let email = users::find(&mut conn, id)
                        .await?
                        .map(|user| user.email.as_str().to_owned());
                    emails.insert(id, email.clone());
                    email
                }
            },
            None => None,
        };
        views.push(DocumentView::of(document, by));
    }
    Ok(views)
}

fn refused(code: Code, message: String, name: &str) -> ServiceError {
    ServiceError::Refused {
        code,
        message,
        details: json!({ "field": "file", "name": name }),
    }
}

/// A file checked to go into a knowledge base.
pub(crate) struct Checked {
    pub(crate) name: String,
    pub(crate) media_type: String,
    pub(crate) sha256: String,
    pub(crate) content: Vec<u8>,
}

/// Whether the file may go into a knowledge base: not too large (413), of a type documents are
/// read from (415), what its name says it is, and not beyond reading (a damaged PDF) (422).
pub(crate) fn check(file: FilePart) -> Result<Checked, ServiceError> {
    let name = clean_name(&file.name)?;
    if file.content.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(refused(
            Code::PayloadTooLarge,
            format!(
                "{name} is {}; a knowledge base takes documents of at most {}.",
                describe_size(file.content.len() as u64),
                describe_size(MAX_DOCUMENT_BYTES)
            ),
            &name,
        ));
    }
    if file.content.is_empty() {
        return Err(ServiceError::invalid("file", format!("{name} is empty")));
    }
    let media_type = media_type(&name, &file.content)
        .map_err(|mismatch| ServiceError::invalid("file", format!("{name}: {mismatch}")))?;
    if !documents::reads(&media_type) {
        return Err(refused(
            Code::UnsupportedMediaType,
            format!(
                "{name} is {media_type}, which a knowledge base cannot read; upload {}.",
                documents::READABLE_KINDS
            ),
            &name,
        ));
    }
    documents::inspect(&media_type, &file.content)
        .map_err(|why| ServiceError::invalid("file", format!("{name}: {why}")))?;
    Ok(Checked {
        sha256: hex::encode(Sha256::digest(&file.content)),
        name,
        media_type,
        content: file.content,
    })
}

/// What an upload did with each file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Uploaded {
    pub document: DocumentView,
    /// `added`, `replaced` (a document of that name had other content, and is read again) or
    /// `unchanged` (it had the same content).
    pub outcome: String,
}

/// Adds `files` to the knowledge base `slug`, each queued to be read. Every file is checked
/// before any is stored, and all are stored in one transaction: an upload goes in whole or not
/// at all. A file named like a document already there replaces it.
pub async fn upload(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    files: Vec<FilePart>,
    wakeup: &Wakeup,
) -> Result<Vec<Uploaded>, ServiceError> {
    let base = managed(store, context, by, slug).await?;
    if files.is_empty() {
        return Err(ServiceError::invalid("file", "send at least one file"));
    }
    if files.len() > MAX_DOCUMENTS_PER_UPLOAD {
        return Err(ServiceError::invalid(
            "file",
            format!("send at most {MAX_DOCUMENTS_PER_UPLOAD} files at once"),
        ));
    }
    if let Some(other) = files.iter().find(|file| file.input != "file") {
        return Err(ServiceError::invalid(
            "file",
            format!("send files in parts named 'file', not '{}'", other.input),
        ));
    }
    // Hashing and sniffing tens of megabytes is work for the blocking pool, not the runtime.
    let checked = tokio::task::spawn_blocking(move || {
        files.into_iter().map(check).collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("checking the upload failed: {e}")))??;
    let mut seen = HashSet::new();
    if let Some(twice) = checked.iter().find(|file| !seen.insert(file.name.as_str())) {
        return Err(ServiceError::invalid(
            "file",
            format!("{} is sent twice", twice.name),
        ));
    }
    let mut tx = store.begin().await?;
    // Uploads to one knowledge base take their turn, so two of the same name cannot both add it.
    if !knowledge::lock(&mut tx, base.id).await? {
        return Err(super::no_such_knowledge_base(slug));
    }
    let workspace = super::workspace_slug(&mut tx, &base).await?;
    let mut uploaded = Vec::with_capacity(checked.len());
    for file in &checked {
        let existing = knowledge::find_document_named(&mut tx, base.id, &file.name).await?;
        let (id, outcome, action) = match existing {
            Some(document) if document.sha256 == file.sha256 => (document.id, "unchanged", None),
            Some(document) => {
                let replaced = knowledge::replace_document(
                    &mut tx,
                    document.id,
                    &file.media_type,
                    &file.sha256,
                    &file.content,
                    Some(by.user_id),
                )
                .await?;
                if !replaced {
                    return Err(ServiceError::Internal(format!(
                        "document {} vanished while its knowledge base was held",
                        document.id
                    )));
                }
                (document.id, "replaced", Some(Action::DocumentAdded))
            }
            None => {
                let added = knowledge::add_document(
                    &mut tx,
                    NewDocument {
                        knowledge_base: base.id,
                        name: &file.name,
                        media_type: &file.media_type,
                        sha256: &file.sha256,
                        content: &file.content,
                        by: Some(by.user_id),
                    },
                )
                .await?;
                (added.id, "added", Some(Action::DocumentAdded))
            }
        };
        if let Some(action) = action {
            let entry = Entry {
                actor: Actor::of(by),
                action,
                target: Some(Target::document(id, &file.name)),
                workspace: Some(workspace.clone()),
                outcome: Outcome::Success,
                summary: json!({
                    "knowledge_base": base.slug,
                    "replaced": outcome == "replaced",
                    "media_type": file.media_type,
                    "size": file.content.len(),
                    "sha256": file.sha256,
                }),
            };
            record(&mut tx, context, entry).await?;
        }
        let document = knowledge::find_document(&mut tx, id)
            .await?
            .ok_or_else(|| ServiceError::Internal(format!("document {id} vanished")))?;
        uploaded.push(Uploaded {
            document: DocumentView::of(document, Some(by.email.as_str().to_owned())),
            outcome: outcome.to_owned(),
        });
    }
    tx.commit().await?;
    wakeup.notify_documents();
    Ok(uploaded)
}

fn no_such_document() -> ServiceError {
    ServiceError::NotFound("There is no such document in this knowledge base.".to_owned())
}

/// The document `id` of `base`; one of another knowledge base is not found.
async fn document_of(
    conn: &mut paddock_store::Connection,
    base: &KnowledgeBase,
    id: &str,
) -> Result<Document, ServiceError> {
    let id: DocumentId = id.parse().map_err(|_| no_such_document())?;
    knowledge::find_document(conn, id)
        .await?
        .filter(|document| document.knowledge_base == base.id)
        .ok_or_else(no_such_document)
}

/// Removes a document, its file and its passages, from the database and (through the index
/// log) from every node's index.
pub async fn remove(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    id: &str,
) -> Result<(), ServiceError> {
    let base = managed(store, context, by, slug).await?;
    let mut tx = store.begin().await?;
    let document = document_of(&mut tx, &base, id).await?;
    if !knowledge::delete_document(&mut tx, document.id).await? {
        return Err(no_such_document());
    }
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::DocumentRemoved,
        target: Some(Target::document(document.id, &document.name)),
        workspace: Some(super::workspace_slug(&mut tx, &base).await?),
        outcome: Outcome::Success,
        summary: json!({ "knowledge_base": base.slug, "passages": document.chunks }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Queues a document to be read again (after a failure, or to pick up better reading).
pub async fn reread(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    id: &str,
    wakeup: &Wakeup,
) -> Result<DocumentView, ServiceError> {
    let base = managed(store, context, by, slug).await?;
    let mut tx = store.begin().await?;
    let document = document_of(&mut tx, &base, id).await?;
    knowledge::requeue_document(&mut tx, document.id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::DocumentRequeued,
        target: Some(Target::document(document.id, &document.name)),
        workspace: Some(super::workspace_slug(&mut tx, &base).await?),
        outcome: Outcome::Success,
        summary: json!({ "knowledge_base": base.slug, "was": document.status.as_str() }),
    };
    record(&mut tx, context, entry).await?;
    let requeued = knowledge::find_document(&mut tx, document.id)
        .await?
        .ok_or_else(no_such_document)?;
    tx.commit().await?;
    wakeup.notify_documents();
    Ok(DocumentView::of(requeued, None))
}
