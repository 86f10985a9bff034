//! The documents a run wrote: described with the run, downloaded by whoever may see the run.

use axum::extract::{Path, State};
use axum::response::Response;
use paddock_core::ids::ArtifactId;
use paddock_services::runs::artifacts;
use paddock_store::artifacts::Artifact;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Authenticated;
use crate::routes::apps::attachment;
use crate::routes::runs::run_id;

/// A document a run wrote.
#[derive(Serialize, ToSchema)]
pub struct ArtifactView {
    id: String,
    /// The step that wrote it (`review[2].letter` inside a map).
    step_key: String,
    name: String,
    media_type: String,
    size: u64,
    sha256: String,
    created_at: String,
    /// When it is (or was) deleted.
    expires_at: String,
    /// Whether it was deleted at its expiry: the run still says what it wrote.
    expired: bool,
    /// Where to download it while it is kept.
    download: Option<String>,
}

impl From<Artifact> for ArtifactView {
    fn from(artifact: Artifact) -> Self {
        ArtifactView {
            download: (!artifact.purged)
                .then(|| format!("/api/v1/runs/{}/artifacts/{}", artifact.run, artifact.id)),
            id: artifact.id.to_string(),
            step_key: artifact.step_key,
            name: artifact.name,
            media_type: artifact.media_type,
            size: artifact.size,
            sha256: artifact.sha256,
            created_at: artifact.created_at.to_rfc3339(),
            expires_at: artifact.expires_at.to_rfc3339(),
            expired: artifact.purged,
        }
    }
}

/// Downloads a document the run wrote.
#[utoipa::path(
    get,
    path = "/api/v1/runs/{id}/artifacts/{artifact}",
    operation_id = "download_run_artifact",
    tag = "runs",
    params(
        ("id" = String, Path, description = "The run's id"),
        ("artifact" = String, Path, description = "The document's id"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The document, as an attachment of its media type", content_type = "application/octet-stream"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such run or document, or not one you may see"),
        (status = 410, body = ErrorBody, description = "`expired`: the document was deleted at the end of its retention"),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((id, artifact)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let run = run_id(&id)?;
    let artifact: ArtifactId = artifact.parse().map_err(|_| {
        ApiError::from(paddock_services::ServiceError::NotFound(
            "The run wrote no such document.".into(),
        ))
    })?;
    let (found, content) = artifacts::download(&state.store, &principal, run, artifact).await?;
    Ok(attachment(&found.media_type, &found.name, content))
}
