//! Workspaces, for administrators: list and create them, and see who holds which role in each.
//! Roles are granted and revoked with the routes for users and groups.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Role;
use paddock_services::workspaces::{self, Member, WorkspaceMembers, WorkspaceOverview};
use paddock_store::grants::{EffectiveRole, GrantHolder, WorkspaceGrant};
use paddock_store::workspaces::Workspace;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authorized, Client};

#[derive(Serialize, ToSchema)]
pub struct WorkspaceView {
    #[schema(example = "claims")]
    slug: String,
    #[schema(example = "Claims")]
    name: String,
    /// Accounts with a role given in this workspace, directly or through a group.
    members: usize,
}

impl From<WorkspaceOverview> for WorkspaceView {
    fn from(overview: WorkspaceOverview) -> Self {
        WorkspaceView {
            slug: overview.workspace.slug.to_string(),
            name: overview.workspace.name.to_string(),
            members: overview.members,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkspaceList {
    workspaces: Vec<WorkspaceView>,
}

/// Who holds a grant: an account (a person or a service account) or a group.
#[derive(Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HolderView {
    Account {
        id: String,
        email: String,
        display_name: String,
        /// `person` or `service`.
        kind: String,
        disabled: bool,
    },
    Group {
        id: String,
        name: String,
    },
}

impl From<GrantHolder> for HolderView {
    fn from(holder: GrantHolder) -> Self {
        match holder {
            GrantHolder::User {
                id,
                email,
                display_name,
                kind,
                disabled,
            } => HolderView::Account {
                id: id.to_string(),
                email,
                display_name,
                kind: kind.as_str().to_owned(),
                disabled,
            },
            GrantHolder::Group { id, name } => HolderView::Group {
                id: id.to_string(),
                name,
            },
        }
    }
}

/// A grant that applies in the workspace.
#[derive(Serialize, ToSchema)]
pub struct WorkspaceGrantView {
    role: Role,
    holder: HolderView,
    /// Granted for every workspace (organisation-wide admin or auditor), not this one alone.
    organisation_wide: bool,
}

impl From<WorkspaceGrant> for WorkspaceGrantView {
    fn from(grant: WorkspaceGrant) -> Self {
        WorkspaceGrantView {
            role: grant.role,
            holder: grant.holder.into(),
            organisation_wide: grant.organisation_wide,
        }
    }
}

/// One of an account's roles in the workspace and where it comes from.
#[derive(Serialize, ToSchema)]
pub struct MemberRoleView {
    role: Role,
    /// The group it comes through; null when granted to the account directly.
    via_group: Option<String>,
    organisation_wide: bool,
}

impl From<EffectiveRole> for MemberRoleView {
    fn from(role: EffectiveRole) -> Self {
        MemberRoleView {
            role: role.role,
            via_group: role.via_group,
            organisation_wide: role.organisation_wide,
        }
    }
}

/// An account that can act in the workspace.
#[derive(Serialize, ToSchema)]
pub struct MemberView {
    account: HolderView,
    roles: Vec<MemberRoleView>,
}

impl From<Member> for MemberView {
    fn from(member: Member) -> Self {
        MemberView {
            account: member.account.into(),
            roles: member.roles.into_iter().map(MemberRoleView::from).collect(),
        }
    }
}

/// Who may do what in a workspace: the grants given, and every account they reach.
#[derive(Serialize, ToSchema)]
pub struct WorkspaceMembersView {
    slug: String,
    name: String,
    grants: Vec<WorkspaceGrantView>,
    members: Vec<MemberView>,
}

impl From<WorkspaceMembers> for WorkspaceMembersView {
    fn from(details: WorkspaceMembers) -> Self {
        WorkspaceMembersView {
            slug: details.workspace.slug.to_string(),
            name: details.workspace.name.to_string(),
            grants: details
                .grants
                .into_iter()
                .map(WorkspaceGrantView::from)
                .collect(),
            members: details.members.into_iter().map(MemberView::from).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWorkspaceRequest {
    /// Lower-case letters, digits and dashes; used in addresses (`/apps/<slug>/…`).
    #[schema(example = "hr-onboarding")]
    slug: String,
    #[schema(example = "HR onboarding")]
    name: String,
}

/// Every workspace, with how many accounts have a role in it.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces",
    operation_id = "list_workspaces",
    tag = "workspaces",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = WorkspaceList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<WorkspaceList>, ApiError> {
    let all = workspaces::list(&state.store).await?;
    Ok(Json(WorkspaceList {
        workspaces: all.into_iter().map(WorkspaceView::from).collect(),
    }))
}

/// Creates a workspace. Nobody has a role in it until one is granted.
#[utoipa::path(
    post,
    path = "/api/v1/workspaces",
    operation_id = "create_workspace",
    tag = "workspaces",
    request_body = CreateWorkspaceRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = WorkspaceView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the slug is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<CreateWorkspaceRequest>,
) -> Result<Response, ApiError> {
    let workspace: Workspace = workspaces::create(
        &state.store,
        &context,
        &principal,
        &request.slug,
        &request.name,
    )
    .await?;
    let view = WorkspaceView::from(WorkspaceOverview {
        workspace,
        members: 0,
    });
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Who may do what in the workspace: grants given there (and organisation-wide), and each
/// account they reach with its roles and where each comes from.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/members",
    operation_id = "list_workspace_members",
    tag = "workspaces",
    params(("slug" = String, Path, description = "The workspace's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = WorkspaceMembersView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
    )
)]
pub async fn members(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(slug): Path<String>,
) -> Result<Json<WorkspaceMembersView>, ApiError> {
    let details = workspaces::members(&state.store, &slug).await?;
    Ok(Json(details.into()))
}
