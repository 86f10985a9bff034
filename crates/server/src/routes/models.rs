//! The model registry, for administrators: register models, set their credential (write-only),
//! prices, access and budgets, see this month's use, and try a model. Builders see the models
//! open to their workspace.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_services::models::gateway::ModelTrial;
use paddock_services::models::{self, ModelForm, ModelView, UsableModel};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, Authenticated, Authorized, Client};

#[derive(Serialize, ToSchema)]
pub struct ModelList {
    models: Vec<ModelView>,
}

/// Every registered model with this month's use per workspace. Credentials are never shown.
#[utoipa::path(
    get,
    path = "/api/v1/models",
    operation_id = "list_models",
    tag = "models",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ModelList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<ModelList>, ApiError> {
    Ok(Json(ModelList {
        models: models::list(&state.store).await?,
    }))
}

/// Registers a model. Its credential is sealed with the master key and never shown again.
#[utoipa::path(
    post,
    path = "/api/v1/models",
    operation_id = "create_model",
    tag = "models",
    request_body = ModelForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 201, body = ModelView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the name is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(form): ApiJson<ModelForm>,
) -> Result<Response, ApiError> {
    let view = models::create(&state.store, &state.keyring, &context, &principal, form).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// One model with this month's use per workspace.
#[utoipa::path(
    get,
    path = "/api/v1/models/{name}",
    operation_id = "get_model",
    tag = "models",
    params(("name" = String, Path, description = "The model's registry name")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ModelView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such model"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<Json<ModelView>, ApiError> {
    Ok(Json(models::get(&state.store, &name).await?))
}

/// Replaces a model's settings. Leave `credential` out to keep the stored one; send an empty
/// one to remove it.
#[utoipa::path(
    put,
    path = "/api/v1/models/{name}",
    operation_id = "update_model",
    tag = "models",
    params(("name" = String, Path, description = "The model's registry name")),
    request_body = ModelForm,
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ModelView),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such model"),
        (status = 409, body = ErrorBody, description = "`already_exists`: the new name is taken"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(name): Path<String>,
    ApiJson(form): ApiJson<ModelForm>,
) -> Result<Json<ModelView>, ApiError> {
    let view = models::update(
        &state.store,
        &state.keyring,
        &context,
        &principal,
        &name,
        form,
    )
    .await?;
    Ok(Json(view))
}

/// Removes a model. Runs that name it afterwards fail with a clear error; their records keep
/// the tokens and cost of every call.
#[utoipa::path(
    delete,
    path = "/api/v1/models/{name}",
    operation_id = "delete_model",
    tag = "models",
    params(("name" = String, Path, description = "The model's registry name")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such model"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    Client(context): Client,
    Authorized(principal, _): Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    models::delete(&state.store, &context, &principal, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends the model a tiny request to check its endpoint, model id and credential. The answer
/// (or the provider's error) comes back; it counts against no workspace's budget.
#[utoipa::path(
    post,
    path = "/api/v1/models/{name}/test",
    operation_id = "test_model",
    tag = "models",
    params(("name" = String, Path, description = "The model's registry name")),
    security(("session" = [], "csrf" = []), ("api_key" = [])),
    responses(
        (status = 200, body = ModelTrial, description = "Tried: `ok` says whether it answered"),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such model"),
    )
)]
pub async fn test(
    State(state): State<AppState>,
    _: Authorized<Administer>,
    Path(name): Path<String>,
) -> Result<Json<ModelTrial>, ApiError> {
    Ok(Json(state.models.try_model(&name).await?))
}

#[derive(Serialize, ToSchema)]
pub struct UsableModelList {
    models: Vec<UsableModel>,
}

/// The models a builder may pick in the workspace: switched on and open to it, with what each
/// may receive. Nothing about credentials or endpoints.
#[utoipa::path(
    get,
    path = "/api/v1/workspaces/{slug}/models",
    operation_id = "list_usable_models",
    tag = "models",
    params(("slug" = String, Path, description = "The workspace's slug")),
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = UsableModelList),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: no builder role in this workspace"),
        (status = 404, body = ErrorBody, description = "`not_found`: no such workspace"),
    )
)]
pub async fn usable(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    Path(slug): Path<String>,
) -> Result<Json<UsableModelList>, ApiError> {
    Ok(Json(UsableModelList {
        models: models::usable(&state.store, &principal, &slug).await?,
    }))
}
