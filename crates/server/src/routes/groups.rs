//! Groups and role grants, for administrators.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Role;
use paddock_core::ids::GroupId;
use paddock_services::ServiceError;
use paddock_services::groups::{self, GroupDetails};
use paddock_store::grants::Holder;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authorized, Client};
use crate::routes::auth::GrantView;
use crate::routes::users::user_id;

#[derive(Serialize, ToSchema)]
pub struct GroupMember {
    id: String,
    email: String,
    display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct GroupView {
    id: String,
    name: String,
    description: String,
    members: Vec<GroupMember>,
    /// The roles everyone in the group holds.
    grants: Vec<GrantView>,
}

impl From<GroupDetails> for GroupView {
    fn from(details: GroupDetails) -> Self {
        GroupView {
            id: details.group.id.to_string(),
            name: details.group.name.to_string(),
            description: details.group.description,
            members: details
                .members
                .into_iter()
                .map(|user| GroupMember {
                    id: user.id.to_string(),
                    email: user.email.to_string(),
                    display_name: user.display_name.to_string(),
                })
                .collect(),
            grants: details.grants.iter().map(GrantView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GroupList {
    groups: Vec<GroupView>,
}

fn group_id(raw: &str) -> Result<GroupId, ApiError> {
    raw.parse()
        .map_err(|_| ServiceError::NotFound("There is no such group.".to_owned()).into())
}

/// Every group with its members and roles.
#[utoipa::path(
    get,
    path = "/api/v1/groups",
    operation_id = "list_groups",
    tag = "groups",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = GroupList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<GroupList>, ApiError> {
    let all = groups::list_groups(&state.store).await?;
    Ok(Json(GroupList {
        groups: all.into_iter().map(GroupView::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    #[schema(example = "Claims builders")]
    name: String,
    #[serde(default)]
    description: String,
}

/// Creates a group.
#[utoipa::path(
    post,
    path = "/api/v1/groups",
    operation_id = "create_group",
    tag = "groups",
    request_body = CreateGroupRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = GroupView),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<CreateGroupRequest>,
) -> Result<Response, ApiError> {
    let created = groups::create_group(
        &state.store,
        &context,
        &principal,
        &request.name,
        &request.description,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(GroupView::from(created))).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMemberRequest {
    user_id: String,
}

/// Adds a person to a group.
#[utoipa::path(
    post,
    path = "/api/v1/groups/{id}/members",
    operation_id = "add_group_member",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id")),
    request_body = AddMemberRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = GroupView),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such group or account"),
    )
)]
pub async fn add_member(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<AddMemberRequest>,
) -> Result<Json<GroupView>, ApiError> {
    let (group, user) = (group_id(&id)?, user_id(&request.user_id)?);
    let updated =
        groups::set_membership(&state.store, &context, &principal, group, user, true).await?;
    Ok(Json(updated.into()))
}

/// Removes a person from a group.
#[utoipa::path(
    post,
    path = "/api/v1/groups/{id}/members/{user_id}/remove",
    operation_id = "remove_group_member",
    tag = "groups",
    params(
        ("id" = String, Path, description = "The group's id"),
        ("user_id" = String, Path, description = "The member's account id"),
    ),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = GroupView),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn remove_member(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path((id, member)): Path<(String, String)>,
) -> Result<Json<GroupView>, ApiError> {
    let (group, user) = (group_id(&id)?, user_id(&member)?);
    let updated =
        groups::set_membership(&state.store, &context, &principal, group, user, false).await?;
    Ok(Json(updated.into()))
}

/// A role, organisation-wide or in one workspace.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    role: Role,
    /// The workspace slug; omit for an organisation-wide admin or auditor.
    workspace: Option<String>,
}

async fn change_grant(
    state: &AppState,
    context: &paddock_services::audit::RequestContext,
    principal: &paddock_services::auth::Principal,
    holder: Holder,
    request: GrantRequest,
    granted: bool,
) -> Result<StatusCode, ApiError> {
    groups::set_grant(
        &state.store,
        context,
        principal,
        holder,
        request.role,
        request.workspace.as_deref(),
        granted,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Grants a role to everyone in a group.
#[utoipa::path(
    post,
    path = "/api/v1/groups/{id}/grants",
    operation_id = "grant_role_to_group",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id")),
    request_body = GrantRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Granted (or already held)"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such group or workspace"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: e.g. a per-workspace role without a workspace"),
    )
)]
pub async fn grant_to_group(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<GrantRequest>,
) -> Result<StatusCode, ApiError> {
    change_grant(
        &state,
        &context,
        &principal,
        Holder::Group(group_id(&id)?),
        request,
        true,
    )
    .await
}

/// Revokes a role from a group.
#[utoipa::path(
    post,
    path = "/api/v1/groups/{id}/grants/revoke",
    operation_id = "revoke_role_from_group",
    tag = "groups",
    params(("id" = String, Path, description = "The group's id")),
    request_body = GrantRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Revoked (or not held)"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn revoke_from_group(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<GrantRequest>,
) -> Result<StatusCode, ApiError> {
    change_grant(
        &state,
        &context,
        &principal,
        Holder::Group(group_id(&id)?),
        request,
        false,
    )
    .await
}

/// Grants a role to a person directly. Nobody grants roles to themselves.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/grants",
    operation_id = "grant_role_to_user",
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    request_body = GrantRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Granted (or already held)"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn grant_to_user(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<GrantRequest>,
) -> Result<StatusCode, ApiError> {
    change_grant(
        &state,
        &context,
        &principal,
        Holder::User(user_id(&id)?),
        request,
        true,
    )
    .await
}

/// Revokes a role a person holds directly.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/grants/revoke",
    operation_id = "revoke_role_from_user",
    tag = "users",
    params(("id" = String, Path, description = "The account's id")),
    request_body = GrantRequest,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Revoked (or not held)"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn revoke_from_user(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<GrantRequest>,
) -> Result<StatusCode, ApiError> {
    change_grant(
        &state,
        &context,
        &principal,
        Holder::User(user_id(&id)?),
        request,
        false,
    )
    .await
}
