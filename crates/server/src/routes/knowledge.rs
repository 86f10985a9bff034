//! Knowledge bases: their stewards create and describe them, say who may use them, and upload
//! documents, which are read into passages in the background.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::knowledge::documents::{self, DocumentView, Uploaded};
use paddock_services::knowledge::search::{self, SearchRequest, SearchResults};
use paddock_services::knowledge::{
    self, AccessForm, KnowledgeBaseForm, KnowledgeBaseView, NewKnowledgeBase,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiMultipart, Authenticated, Client};
use crate::routes::files::read_multipart;

#[derive(Serialize, ToSchema)]
pub struct KnowledgeBaseList {
    knowledge_bases: Vec<KnowledgeBaseView>,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    documents: Vec<DocumentView>,
}

#[derive(Serialize, ToSchema)]
pub struct UploadAnswer {
    /// One per file sent, in order.
    documents: Vec<Uploaded>,
}

/// The knowledge bases the caller may see: those of workspaces where they may see knowledge,
/// those shared with such a workspace, and those shared with a group they are in.
#[utoipa::path(
    get,
    path = "/api/v1/knowledge-bases",
    operation_id = "list_knowledge_bases",
    tag = "knowledge",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = KnowledgeBaseList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<Json<KnowledgeBaseList>, ApiError> {
    let knowledge_bases = knowledge::list(&state.store, &principal).await?;
    Ok(Json(KnowledgeBaseList { knowledge_bases }))
}

/// Creates a knowledge base in a workspace where the caller manages knowledge (its stewards
/// and administrators). It starts empty and shared with nobody.
#[utoipa::path(
    post,
    path = "/api/v1/knowledge-bases",
    operation_id = "create_knowledge_base",
    tag = "knowledge",
    request_body = NewKnowledgeBase,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = KnowledgeBaseView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the slug is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    ApiJson(new): ApiJson<NewKnowledgeBase>,
) -> Result<Response, ApiError> {
    let created = knowledge::create(&state.store, &context, &principal, new).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// A knowledge base, with its access list and how many documents are ready.
#[utoipa::path(
    get,
    path = "/api/v1/knowledge-bases/{slug}",
    operation_id = "get_knowledge_base",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = KnowledgeBaseView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: none the caller may see"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
) -> Result<Json<KnowledgeBaseView>, ApiError> {
    Ok(Json(knowledge::get(&state.store, &principal, &slug).await?))
}

/// Changes a knowledge base's name, description or label.
#[utoipa::path(
    put,
    path = "/api/v1/knowledge-bases/{slug}",
    operation_id = "update_knowledge_base",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    request_body = KnowledgeBaseForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = KnowledgeBaseView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiJson(form): ApiJson<KnowledgeBaseForm>,
) -> Result<Json<KnowledgeBaseView>, ApiError> {
    let updated = knowledge::update(&state.store, &context, &principal, &slug, form).await?;
    Ok(Json(updated))
}

/// Deletes a knowledge base with all its documents and passages.
#[utoipa::path(
    delete,
    path = "/api/v1/knowledge-bases/{slug}",
    operation_id = "delete_knowledge_base",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    knowledge::delete(&state.store, &context, &principal, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces who may use the knowledge base: workspaces whose workflows may retrieve from it
/// (in one environment, or all) and groups whose members may search it.
#[utoipa::path(
    put,
    path = "/api/v1/knowledge-bases/{slug}/access",
    operation_id = "set_knowledge_base_access",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    request_body = AccessForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = KnowledgeBaseView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an unknown workspace, group or environment, or an entry naming neither or both"),
    )
)]
pub async fn set_access(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiJson(form): ApiJson<AccessForm>,
) -> Result<Json<KnowledgeBaseView>, ApiError> {
    let view = knowledge::set_access(&state.store, &context, &principal, &slug, form).await?;
    Ok(Json(view))
}

/// The documents of a knowledge base, oldest first, each with where reading it stands.
#[utoipa::path(
    get,
    path = "/api/v1/knowledge-bases/{slug}/documents",
    operation_id = "list_documents",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DocumentList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn list_documents(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
) -> Result<Json<DocumentList>, ApiError> {
    let documents = documents::list(&state.store, &principal, &slug).await?;
    Ok(Json(DocumentList { documents }))
}

/// Uploads documents (multipart, one or more parts named `file`), each queued to be read. All
/// are checked before any is kept, and kept together: an upload goes in whole or not at all. A
/// file named like a document already there replaces it, and is read again.
#[utoipa::path(
    post,
    path = "/api/v1/knowledge-bases/{slug}/documents",
    operation_id = "upload_documents",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    request_body(content = Object, content_type = "multipart/form-data", description = "Parts named `file`"),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = UploadAnswer),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 413, body = ErrorBody, description = "`payload_too_large`: a file is larger than a knowledge base takes"),
        (status = 415, body = ErrorBody, description = "`unsupported_media_type`: a file of a kind documents are not read from"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: no file, an empty file, a file that is not what its name says, a damaged, locked or too long PDF, or the same name twice"),
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    // Refuse those who may not upload before reading what they send.
    knowledge::require_manager(&state.store, &context, &principal, &slug).await?;
    let (_, files) = read_multipart(multipart).await?;
    let uploaded = documents::upload(
        &state.store,
        &context,
        &principal,
        &slug,
        files,
        &state.wakeup,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadAnswer {
            documents: uploaded,
        }),
    )
        .into_response())
}

/// Removes a document, its file and its passages, everywhere (every node's index included).
#[utoipa::path(
    delete,
    path = "/api/v1/knowledge-bases/{slug}/documents/{id}",
    operation_id = "remove_document",
    tag = "knowledge",
    params(
        ("slug" = String, Path, description = "The knowledge base's slug"),
        ("id" = String, Path, description = "The document's id"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn remove_document(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    documents::remove(&state.store, &context, &principal, &slug, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reads a document again (after a failure, say); its passages stay searchable until the new
/// reading replaces them.
#[utoipa::path(
    post,
    path = "/api/v1/knowledge-bases/{slug}/documents/{id}/reread",
    operation_id = "reread_document",
    tag = "knowledge",
    params(
        ("slug" = String, Path, description = "The knowledge base's slug"),
        ("id" = String, Path, description = "The document's id"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DocumentView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn reread_document(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<DocumentView>, ApiError> {
    let document = documents::reread(
        &state.store,
        &context,
        &principal,
        &slug,
        &id,
        &state.wakeup,
    )
    .await?;
    Ok(Json(document))
}

/// The passages of a knowledge base that best match a query (BM25 over their text and
/// headings, with English stemming), each with its citation and its matches highlighted.
#[utoipa::path(
    post,
    path = "/api/v1/knowledge-bases/{slug}/search",
    operation_id = "search_knowledge_base",
    tag = "knowledge",
    params(("slug" = String, Path, description = "The knowledge base's slug")),
    request_body = SearchRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = SearchResults),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: none the caller may search"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: an empty or too long query, or a limit out of range"),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
    ApiJson(request): ApiJson<SearchRequest>,
) -> Result<Json<SearchResults>, ApiError> {
    let results =
        search::search(&state.store, &state.knowledge, &principal, &slug, request).await?;
    Ok(Json(results))
}
