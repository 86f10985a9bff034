//! Every route of the API. Routes are registered only through [`router`], which records each
//! one in the OpenAPI document as it is added, so the document cannot miss a route.

mod audit;
mod auth;
mod health;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::openapi::ApiDoc;
use utoipa::OpenApi;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(audit::list_events))
        .routes(routes!(audit::verify))
        .routes(routes!(audit::export))
        .routes(routes!(crate::openapi::openapi_json))
}
