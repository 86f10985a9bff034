//! The audit trail over HTTP: search, verify, export. Reading it needs `ViewAudit`.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use paddock_core::Code;
use paddock_core::audit::Outcome;
use paddock_core::time::Timestamp;
use paddock_services::audit::{self, AuditEventView, AuditFilter, ChainStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiQuery, Authorized, ReadAudit};

const DEFAULT_PAGE: i64 = 50;
const MAX_PAGE: i64 = 500;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Only events by this actor (an e-mail address or a system name).
    actor: Option<String>,
    /// Only this action, e.g. `auth.sign_in`.
    action: Option<String>,
    outcome: Option<Outcome>,
    /// Only events in this workspace (slug).
    workspace: Option<String>,
    /// Only events at or after this time (RFC 3339 or a date).
    since: Option<String>,
    /// Only events before this time.
    until: Option<String>,
    /// The cursor from `next_before` of the previous page.
    before: Option<i64>,
    /// Events per page, 1 to 500 (default 50).
    limit: Option<i64>,
}

/// A page of events, newest first.
#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    events: Vec<AuditEventView>,
    /// Pass as `before` to get the next page; null on the last page.
    next_before: Option<i64>,
}

fn instant(field: &'static str, value: Option<&str>) -> Result<Option<Timestamp>, ApiError> {
    value
        .map(|text| {
            Timestamp::parse_rfc3339(text).map_err(|error| {
                ApiError::new(Code::InvalidInput, format!("{field}: {error}"))
                    .with_details(serde_json::json!({ "field": field }))
            })
        })
        .transpose()
}

/// Searches the audit trail, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/audit/events",
    operation_id = "list_audit_events",
    tag = "audit",
    params(EventQuery),
    security(("session" = [])),
    responses(
        (status = 200, body = AuditPage),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`: the caller may not read the audit trail"),
        (status = 422, body = ErrorBody, description = "`invalid_input`: a filter is not valid"),
    )
)]
pub async fn list_events(
    State(state): State<AppState>,
    _: Authorized<ReadAudit>,
    ApiQuery(query): ApiQuery<EventQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(
            ApiError::new(Code::InvalidInput, format!("limit: use 1 to {MAX_PAGE}"))
                .with_details(serde_json::json!({ "field": "limit" })),
        );
    }
    let filter = AuditFilter {
        since: instant("since", query.since.as_deref())?,
        until: instant("until", query.until.as_deref())?,
        actor: query.actor,
        action: query.action,
        outcome: query.outcome,
        workspace: query.workspace,
        before_seq: query.before,
    };
    let (events, next_before) = audit::search(&state.store, &filter, limit).await?;
    Ok(Json(AuditPage {
        events,
        next_before,
    }))
}

/// The result of walking the chain.
#[derive(Serialize, ToSchema)]
pub struct ChainReport {
    /// `intact` or `broken`.
    #[schema(example = "intact")]
    status: &'static str,
    /// Events verified (when intact).
    events: Option<i64>,
    /// The first broken event (when broken).
    broken_at: Option<i64>,
    /// Why the chain is broken there.
    reason: Option<String>,
}

/// Walks the hash chain from the first event and reports the first broken link.
#[utoipa::path(
    post,
    path = "/api/v1/audit/verify",
    operation_id = "verify_audit_chain",
    tag = "audit",
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = ChainReport),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    _: Authorized<ReadAudit>,
) -> Result<Json<ChainReport>, ApiError> {
    let report = match audit::verify_chain(&state.store).await? {
        ChainStatus::Intact { events } => ChainReport {
            status: "intact",
            events: Some(events),
            broken_at: None,
            reason: None,
        },
        ChainStatus::Broken(broken) => ChainReport {
            status: "broken",
            events: None,
            broken_at: Some(broken.seq),
            reason: Some(broken.reason),
        },
    };
    Ok(Json(report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// Only events at or after this time (RFC 3339 or a date).
    since: Option<String>,
    /// Only events before this time.
    until: Option<String>,
}

/// Exports events as JSON lines (`application/x-ndjson`), oldest first, with their hashes.
#[utoipa::path(
    get,
    path = "/api/v1/audit/export",
    operation_id = "export_audit_events",
    tag = "audit",
    params(ExportQuery),
    security(("session" = [])),
    responses(
        (status = 200, description = "One AuditEvent per line", content_type = "application/x-ndjson", body = String),
        (status = 401, body = ErrorBody, description = "`unauthenticated`"),
        (status = 403, body = ErrorBody, description = "`forbidden`"),
        (status = 422, body = ErrorBody, description = "`invalid_input`"),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    _: Authorized<ReadAudit>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let since = instant("since", query.since.as_deref())?;
    let until = instant("until", query.until.as_deref())?;
    let mut lines = Vec::new();
    audit::export(&state.store, since, until, |chained| {
        serde_json::to_writer(&mut lines, &AuditEventView::from(chained))?;
        lines.push(b'\n');
        Ok(())
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"paddock-audit.jsonl\"",
            ),
        ],
        Body::from(lines),
    )
        .into_response())
}
