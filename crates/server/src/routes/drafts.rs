//! Workflows of a workspace and their drafts, for builders: list, open and save. A save may
//! carry problems (reported with it); a save based on an older revision is refused.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::policy::Violation;
use paddock_services::drafts::{self, CheckedDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, Authenticated, Client};
use crate::routes::workflows::ProblemView;

/// A workflow's draft, with what is wrong with it.
#[derive(Serialize, ToSchema)]
pub struct DraftView {
    workspace: String,
    #[schema(example = "ticket-triage")]
    name: String,
    description: String,
    /// The definition as written (YAML or JSON).
    definition: String,
    /// Bumped at each save; send it back as `base_revision` when saving a change.
    revision: u64,
    /// Who saved it last (an e-mail address).
    updated_by: Option<String>,
    updated_at: String,
    /// Whether it can be run as it is.
    valid: bool,
    problems: Vec<ProblemView>,
    /// Where its data may not go in the workspace's first environment (dev), once it is
    /// valid: warnings, each with the source, the steps, the sink and a fix.
    policy: Vec<Violation>,
}

impl From<CheckedDraft> for DraftView {
    fn from(checked: CheckedDraft) -> Self {
        let draft = checked.draft;
        DraftView {
            workspace: checked.workspace.to_string(),
            name: draft.name,
            description: draft.description,
            definition: draft.definition,
            revision: draft.revision,
            updated_by: draft.updated_by,
            updated_at: draft.updated_at.to_rfc3339(),
            valid: checked.problems.is_empty(),
            problems: checked
                .problems
                .into_iter()
                .map(ProblemView::from)
                .collect(),
            policy: checked.policy,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DraftList {
    workflows: Vec<DraftView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveDraftRequest {
    /// The definition, YAML or JSON; its `name` must be the workflow's.
    definition: String,
    /// The revision the change started from; leave it out only to create the workflow (a
    /// workflow of that name that exists already is then an `edit_conflict`).
    base_revision: Option<u64>,
}

/// The workflows of the workspace, each with its draft.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows",
    operation_id = "list_workflows",
    tag = "workflows",
    params(("slug" = String, Path, description = "The workspace's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DraftList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
) -> Result<Json<DraftList>, ApiError> {
    let all = drafts::list(&state.store, &principal, &slug).await?;
    Ok(Json(DraftList {
        workflows: all.into_iter().map(DraftView::from).collect(),
    }))
}

/// A workflow's draft.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/workflows/{name}",
    operation_id = "get_workflow_draft",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DraftView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: may not see workflows here"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace or workflow"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
) -> Result<Json<DraftView>, ApiError> {
    Ok(Json(
        drafts::get(&state.store, &principal, &slug, &name)
            .await?
            .into(),
    ))
}

/// Saves a workflow's draft, creating the workflow on its first save. Problems other than an
/// unreadable definition or a different name are saved with it and reported.
#[utoipa::path(
    put,
    path = "/api/v1/workspaces/{slug}/workflows/{name}",
    operation_id = "save_workflow_draft",
    tag = "workflows",
    params(
        ("slug" = String, Path, description = "The workspace's slug"),
        ("name" = String, Path, description = "The workflow's name"),
    ),
    request_body = SaveDraftRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = DraftView, description = "Saved"),
        (status = 201, body = DraftView, description = "Created"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
        (status = 409, body = ErrorBody, description = "`edit_conflict`: saved by someone else since `base_revision`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: unreadable, or named differently"),
    )
)]
pub async fn save(
    State(state): State<AppState>,
    Client(context): Client,
    Authenticated(principal): Authenticated,
    Path((slug, name)): Path<(String, String)>,
    ApiJson(request): ApiJson<SaveDraftRequest>,
) -> Result<Response, ApiError> {
    let (created, saved) = drafts::save(
        &state.store,
        &context,
        &principal,
        &slug,
        &name,
        &request.definition,
        request.base_revision,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(DraftView::from(saved))).into_response())
}
