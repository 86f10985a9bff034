//! Paddock's HTTP server.
//!
//! A request flows: middleware (request id, tracing, body limit) → router → handler, which
//! parses its input with the extractors of [`extract`], calls `paddock-services`, and answers
//! with JSON or an [`ApiError`].

pub mod demo_ticketing;
mod error;
mod extract;
mod openapi;
mod routes;
mod web;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use paddock_store::Store;
use std::future::Future;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use error::ApiError;
pub use openapi::openapi_document;
use paddock_integrations::models::ProviderClient;
use paddock_integrations::secrets::Keyring;
use paddock_services::connections::gateway::ConnectionGateway;
use paddock_services::knowledge::search::KnowledgeIndex;
use paddock_services::models::gateway::ModelGateway;
use paddock_services::runs::Intake;
use paddock_services::worker::Wakeup;

/// The largest JSON body the API accepts.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Seals and opens credentials kept in the database.
    pub keyring: Keyring,
    /// Calls registered models for runs (and for "test this model").
    pub models: ModelGateway,
    /// Calls connections ("test this connection").
    pub connections: ConnectionGateway,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (for the audit trail and
    /// sign-in throttling); requests from anywhere else are taken at their peer address.
    pub trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
    /// Wakes this process's workers when a run is queued.
    pub wakeup: Wakeup,
    /// Queues runs, many in one transaction when they start together.
    pub intake: Intake,
    /// This node's index of knowledge passages (in memory unless `serve` opens one on disk).
    pub knowledge: KnowledgeIndex,
}

impl AppState {
    pub fn new(store: Store, keyring: Keyring) -> Self {
        let wakeup = Wakeup::default();
        let intake = Intake::new(store.clone(), wakeup.clone());
        Self {
            models: ModelGateway::new(store.clone(), keyring.clone(), ProviderClient::default()),
            connections: ConnectionGateway::new(store.clone(), keyring.clone()),
            keyring,
            store,
            trusted_proxies: std::sync::Arc::new([]),
            intake,
            wakeup,
            knowledge: KnowledgeIndex::in_memory(),
        }
    }
}

/// The whole application: API, OpenAPI document and reference, health checks and web UI.
pub fn app(state: AppState) -> Router {
    let (api, _) = routes::router().split_for_parts();
    api.merge(openapi::docs_router())
        .fallback(web::fallback)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Innermost: a panicking handler becomes a JSON 500 inside the request's span and with
        // its request id.
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let request_id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|value| value.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        request_id,
                        method = %request.method(),
                        path = request.uri().path(),
                    )
                })
                .on_response(
                    |response: &axum::response::Response,
                     latency: std::time::Duration,
                     _: &Span| {
                        tracing::info!(
                            status = response.status().as_u16(),
                            latency_ms = latency.as_secs_f64() * 1000.0,
                            "served"
                        );
                    },
                ),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
