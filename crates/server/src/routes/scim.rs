//! SCIM 2.0 for identity providers (`/scim/v2`, bearer token), and the administrators'
//! endpoints that issue those tokens.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use paddock_services::scim::{self, ScimError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, ApiQuery, Authorized, Client, Person, bearer_token};
use paddock_core::{Permission, Scope};
use paddock_services::auth::require_for_change;

/// A SCIM answer: `application/scim+json`, errors in SCIM's own shape.
pub struct Scim(Result<(StatusCode, Value), ScimError>);

impl IntoResponse for Scim {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            Ok((StatusCode::NO_CONTENT, _)) => return StatusCode::NO_CONTENT.into_response(),
            Ok(answer) => answer,
            Err(error) => (
                StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST),
                error.body(),
            ),
        };
        let mut response = (status, Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/scim+json"),
        );
        response
    }
}

fn ok(value: Value) -> Scim {
    Scim(Ok((StatusCode::OK, value)))
}

/// The identity provider, authenticated by its SCIM bearer token.
pub struct Provider;

impl FromRequestParts<AppState> for Provider {
    type Rejection = Scim;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(bearer_token)
            .map(|token| token.trim().to_owned())
            .unwrap_or_default();
        scim::authenticate(&state.store, &token)
            .await
            .map(|()| Provider)
            .map_err(|error| Scim(Err(error)))
    }
}

/// A SCIM request body: any JSON object, refused in SCIM's shape when it is not one.
pub struct ScimBody(Value);

impl FromRequest<AppState> for ScimBody {
    type Rejection = Scim;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiJson(body) = ApiJson::<Value>::from_request(request, state)
            .await
            .map_err(|error: ApiError| {
                Scim(Err(ScimError::new(
                    400,
                    Some("invalidSyntax"),
                    format!("{error:?}"),
                )))
            })?;
        if !body.is_object() {
            return Err(Scim(Err(ScimError::new(
                400,
                Some("invalidSyntax"),
                "the body must be a JSON object",
            ))));
        }
        Ok(ScimBody(body))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    /// `attribute eq "value"`, e.g. `userName eq "ada@example.com"`.
    filter: Option<String>,
    /// 1-based index of the first result.
    start_index: Option<usize>,
    /// Results per page (at most 200).
    count: Option<usize>,
}

fn query(query: Result<ApiQuery<ListQuery>, ApiError>) -> Result<ListQuery, Scim> {
    query.map(|ApiQuery(query)| query).map_err(|_| {
        Scim(Err(ScimError::new(
            400,
            Some("invalidValue"),
            "the query string is not valid",
        )))
    })
}

fn found(value: Value) -> (StatusCode, Value) {
    (StatusCode::OK, value)
}

fn created(value: Value) -> (StatusCode, Value) {
    (StatusCode::CREATED, value)
}

fn gone((): ()) -> (StatusCode, Value) {
    (StatusCode::NO_CONTENT, Value::Null)
}

/// SCIM: list or find people (`filter=userName eq "…"`).
#[utoipa::path(
    get,
    path = "/scim/v2/Users",
    tag = "scim",
    params(ListQuery),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_list_users(
    State(state): State<AppState>,
    _: Provider,
    q: Result<ApiQuery<ListQuery>, ApiError>,
) -> Scim {
    let query = match query(q) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    Scim(
        scim::list_users(
            &state.store,
            query.filter.as_deref(),
            query.start_index,
            query.count,
        )
        .await
        .map(found),
    )
}

/// SCIM: one person.
#[utoipa::path(
    get,
    path = "/scim/v2/Users/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_get_user(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
) -> Scim {
    Scim(scim::get_user(&state.store, &id).await.map(found))
}

/// SCIM: create a person (who signs in through single sign-on).
#[utoipa::path(
    post,
    path = "/scim/v2/Users",
    tag = "scim",
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_create_user(
    State(state): State<AppState>,
    _: Provider,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::create_user(&state.store, &context, &body)
            .await
            .map(created),
    )
}

/// SCIM: replace a person's attributes.
#[utoipa::path(
    put,
    path = "/scim/v2/Users/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_replace_user(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::replace_user(&state.store, &context, &id, &body)
            .await
            .map(found),
    )
}

/// SCIM: change some of a person's attributes (e.g. `active`).
#[utoipa::path(
    patch,
    path = "/scim/v2/Users/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_patch_user(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::patch_user(&state.store, &context, &id, &body)
            .await
            .map(found),
    )
}

/// SCIM: deactivate a person (Paddock keeps them for the audit trail).
#[utoipa::path(
    delete,
    path = "/scim/v2/Users/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_delete_user(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
) -> Scim {
    Scim(
        scim::delete_user(&state.store, &context, &id)
            .await
            .map(gone),
    )
}

/// SCIM: list or find groups (`filter=displayName eq "…"`).
#[utoipa::path(
    get,
    path = "/scim/v2/Groups",
    tag = "scim",
    params(ListQuery),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_list_groups(
    State(state): State<AppState>,
    _: Provider,
    q: Result<ApiQuery<ListQuery>, ApiError>,
) -> Scim {
    let query = match query(q) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    Scim(
        scim::list_groups(
            &state.store,
            query.filter.as_deref(),
            query.start_index,
            query.count,
        )
        .await
        .map(found),
    )
}

/// SCIM: one group with its members.
#[utoipa::path(
    get,
    path = "/scim/v2/Groups/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_get_group(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
) -> Scim {
    Scim(scim::get_group(&state.store, &id).await.map(found))
}

/// SCIM: create a group, with members.
#[utoipa::path(
    post,
    path = "/scim/v2/Groups",
    tag = "scim",
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_create_group(
    State(state): State<AppState>,
    _: Provider,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::create_group(&state.store, &context, &body)
            .await
            .map(created),
    )
}

/// SCIM: replace a group's name and members.
#[utoipa::path(
    put,
    path = "/scim/v2/Groups/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_replace_group(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::replace_group(&state.store, &context, &id, &body)
            .await
            .map(found),
    )
}

/// SCIM: add or remove members, or rename.
#[utoipa::path(
    patch,
    path = "/scim/v2/Groups/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    request_body(content = Object, content_type = "application/scim+json", description = "A SCIM resource, or a PatchOp"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_patch_group(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
    ScimBody(body): ScimBody,
) -> Scim {
    Scim(
        scim::patch_group(&state.store, &context, &id, &body)
            .await
            .map(found),
    )
}

/// SCIM: delete a group (its roles go with it).
#[utoipa::path(
    delete,
    path = "/scim/v2/Groups/{id}",
    tag = "scim",
    params(("id" = String, Path, description = "The resource id")),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "A SCIM resource or ListResponse (`application/scim+json`)", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
        (status = 404, description = "No such resource (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_delete_group(
    State(state): State<AppState>,
    _: Provider,
    Path(id): Path<String>,
    Client(context): Client,
) -> Scim {
    Scim(
        scim::delete_group(&state.store, &context, &id)
            .await
            .map(gone),
    )
}

/// SCIM: what this service provider supports.
#[utoipa::path(
    get,
    path = "/scim/v2/ServiceProviderConfig",
    tag = "scim",
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The ServiceProviderConfig resource", body = Object),
        (status = 401, description = "No valid SCIM token (a SCIM Error)", body = Object),
    )
)]
pub async fn scim_service_provider_config(_: Provider) -> Scim {
    ok(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": 200 },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": false },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token from Admin > Single sign-on & SCIM",
            "primary": true
        }],
    }))
}

/// A SCIM token as administrators see it (never the token itself).
#[derive(Serialize, ToSchema)]
pub struct ScimTokenView {
    id: String,
    prefix: String,
    created_at: String,
    revoked_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ScimTokenList {
    tokens: Vec<ScimTokenView>,
}

/// A new SCIM token; the token is shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedScimToken {
    id: String,
    prefix: String,
    /// Give it to the identity provider as its bearer token.
    token: String,
}

/// Issues a bearer token for the identity provider's SCIM client.
#[utoipa::path(
    post,
    path = "/api/v1/scim/tokens",
    operation_id = "create_scim_token",
    tag = "scim",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 201, body = CreatedScimToken),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    Client(context): Client,
    Person(principal): Person,
) -> Result<Response, ApiError> {
    require_for_change(
        &state.store,
        &context,
        &principal,
        Permission::AdministerOrganisation,
        Scope::Organisation,
    )
    .await?;
    let created = scim::create_token(&state.store, &context, &principal).await?;
    let body = CreatedScimToken {
        id: created.id,
        prefix: created.prefix,
        token: created.token,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The SCIM tokens issued, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/scim/tokens",
    operation_id = "list_scim_tokens",
    tag = "scim",
    security(("session" = [])),
    responses(
        (status = 200, body = ScimTokenList),
        (status = 403, body = ErrorBody, description = "`forbidden`"),
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<ScimTokenList>, ApiError> {
    let tokens = scim::list_tokens(&state.store).await?;
    let tokens = tokens
        .into_iter()
        .map(|token| ScimTokenView {
            id: token.id,
            prefix: token.token_prefix,
            created_at: token.created_at.to_rfc3339(),
            revoked_at: token.revoked_at.map(|at| at.to_rfc3339()),
        })
        .collect();
    Ok(Json(ScimTokenList { tokens }))
}

/// Revokes a SCIM token at once.
#[utoipa::path(
    post,
    path = "/api/v1/scim/tokens/{id}/revoke",
    operation_id = "revoke_scim_token",
    tag = "scim",
    params(("id" = String, Path, description = "The token's id")),
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`"),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    Client(context): Client,
    Person(principal): Person,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    require_for_change(
        &state.store,
        &context,
        &principal,
        Permission::AdministerOrganisation,
        Scope::Organisation,
    )
    .await?;
    scim::revoke_token(&state.store, &context, &principal, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
