//! The one error type of the API, rendered as `{"error": {"code", "message", "details"}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use paddock_core::report::error_chain;
use paddock_services::ServiceError;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

const INTERNAL_MESSAGE: &str = "Something went wrong on the server. The request id in the X-Request-Id header identifies it in the logs.";

/// An error answer: a stable code, a sentence for people, and structured details.
#[derive(Debug)]
pub struct ApiError {
    code: Code,
    message: String,
    details: Value,
    /// Sent as `Retry-After` (seconds).
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: json!({}),
            retry_after: None,
        }
    }

    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn code(&self) -> Code {
        self.code
    }
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorContent,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorContent {
    /// A stable code from docs/errors.md.
    #[schema(example = "invalid_credentials")]
    code: String,
    /// What went wrong, written for a person.
    message: String,
    /// Structured context, such as the field or position at fault.
    #[schema(value_type = Object)]
    details: Value,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            error: ErrorContent {
                code: self.code.name().to_owned(),
                message: self.message,
                details: self.details,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        let code = error.code();
        match &error {
            ServiceError::InvalidInput { field, message } => ApiError::new(code, error.to_string())
                .with_details(json!({ "field": field, "reason": message })),
            ServiceError::Problems { field, problems } => {
                let first = problems
                    .0
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let more = match problems.0.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                ApiError::new(code, format!("{field}: {first}{more}"))
                    .with_details(json!({ "field": field, "problems": problems.0 }))
            }
            ServiceError::TooManyAttempts { retry_after_secs } => {
                let mut refusal = ApiError::new(code, error.to_string())
                    .with_details(json!({ "retry_after_seconds": retry_after_secs }));
                refusal.retry_after = Some(*retry_after_secs);
                refusal
            }
            ServiceError::Refused { details, .. } => {
                let mut refusal =
                    ApiError::new(code, error.to_string()).with_details(details.clone());
                refusal.retry_after = details.get("retry_after_seconds").and_then(Value::as_u64);
                refusal
            }
            ServiceError::EditConflict { revision, .. } => {
                ApiError::new(code, error.to_string()).with_details(json!({ "revision": revision }))
            }
            ServiceError::Store(_) if code == Code::AlreadyExists => {
                ApiError::new(code, error.to_string())
            }
            ServiceError::Store(_) | ServiceError::Internal(_) => {
                // The cause chain goes to the log, tagged with the request id; the client gets
                // a sentence that reveals nothing of the internals.
                tracing::error!(error = %error_chain(&error), "request failed");
                let message = if code == Code::DatabaseUnavailable {
                    "The database is not reachable right now; please retry shortly."
                } else {
                    INTERNAL_MESSAGE
                };
                ApiError::new(code, message)
            }
            _ => ApiError::new(code, error.to_string()),
        }
    }
}

/// Answers a known path called with the wrong method (axum adds the `Allow` header).
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        Code::MethodNotAllowed,
        format!("{} does not accept {method}", uri.path()),
    )
}

/// A handler that panicked still answers in the API's error shape (the panic is logged).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(reason, "a request handler panicked");
    ApiError::new(Code::Internal, INTERNAL_MESSAGE).into_response()
}
