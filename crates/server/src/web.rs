//! The web UI, built by Vite into `web/dist` and embedded into the binary, and the fallback for
//! paths no route claims.

use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use rust_embed::RustEmbed;

use crate::error::ApiError;

#[derive(RustEmbed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct WebAssets;

/// Unknown API paths get a JSON 404; any other GET gets the file it names, or the single-page
/// app's `index.html`, whose router then shows the page (or its own not-found view).
pub async fn fallback(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") || !matches!(method, Method::GET | Method::HEAD)
    {
        return ApiError::new(
            Code::RouteNotFound,
            format!("There is no route {method} {path}."),
        )
        .into_response();
    }
    let asset = path.trim_start_matches('/');
    if let Some(file) = WebAssets::get(asset).filter(|_| !asset.is_empty()) {
        // Vite puts a content hash in every file name under assets/, so those never change.
        let cache = if asset.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return file_response(file, asset, cache);
    }
    match WebAssets::get("index.html") {
        Some(index) => file_response(index, "index.html", "no-cache"),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web UI was not built into this binary. Build it with `make build` (npm run build in web/).",
        )
            .into_response(),
    }
}

fn file_response(file: rust_embed::EmbeddedFile, name: &str, cache: &'static str) -> Response {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let content_type = HeaderValue::from_str(mime.as_ref())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        Body::from(file.data.into_owned()),
    )
        .into_response()
}
