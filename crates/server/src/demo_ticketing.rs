//! The demo ticketing stand-in: a Zendesk-style tickets API that `paddock serve --demo` serves
//! under `/demo/ticketing/{desk}`, so the demo's ticketing connections have something real to
//! call. Tickets live in memory until the process stops. Not part of the product's API.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

#[derive(Default)]
struct Desks {
    /// By desk: tickets in order of creation.
    tickets: HashMap<String, Vec<Value>>,
    /// By desk and idempotency key: the ticket a request made.
    made: HashMap<(String, String), u64>,
}

type Shared = Arc<Mutex<Desks>>;

/// The stand-in's routes, to merge into the demo server's router.
pub fn router() -> Router {
    Router::new()
        .route("/demo/ticketing/{desk}", get(hello))
        .route(
            "/demo/ticketing/{desk}/api/v2/tickets.json",
            get(list).post(create),
        )
        .route(
            "/demo/ticketing/{desk}/api/v2/tickets/{file}",
            get(fetch).put(update),
        )
        .with_state(Shared::default())
}

/// Any bearer token will do: it is a stand-in, but a call without one is refused as the real
/// system would.
fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > 7)
}

fn unauthenticated() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "error": "Couldn't authenticate you" })),
    )
        .into_response()
}

async fn hello(headers: HeaderMap, Path(desk): Path<String>) -> Response {
    if !signed_in(&headers) {
        return unauthenticated();
    }
    Json(json!({ "service": "Paddock demo ticketing stand-in", "desk": desk })).into_response()
}

async fn list(
    State(desks): State<Shared>,
    headers: HeaderMap,
    Path(desk): Path<String>,
) -> Response {
    if !signed_in(&headers) {
        return unauthenticated();
    }
    let desks = desks.lock().unwrap_or_else(|p| p.into_inner());
    let tickets = desks.tickets.get(&desk).cloned().unwrap_or_default();
    Json(json!({ "tickets": tickets, "count": tickets.len() })).into_response()
}

async fn create(
    State(desks): State<Shared>,
    headers: HeaderMap,
    Path(desk): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !signed_in(&headers) {
        return unauthenticated();
    }
    let request = &body["ticket"];
    let Some(subject) = request["subject"].as_str().filter(|s| !s.trim().is_empty()) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "error": "RecordInvalid", "description": "Subject: cannot be blank" })),
        )
            .into_response();
    };
    let mut desks = desks.lock().unwrap_or_else(|p| p.into_inner());
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| (desk.clone(), k.to_owned()));
    if let Some(id) = key.as_ref().and_then(|k| desks.made.get(k)).copied() {
        let ticket = desks.tickets[&desk][usize::try_from(id - 1).unwrap_or_default()].clone();
        return (StatusCode::CREATED, Json(json!({ "ticket": ticket }))).into_response();
    }
    let tickets = desks.tickets.entry(desk.clone()).or_default();
    let id = tickets.len() as u64 + 1;
    let ticket = json!({
        "id": id,
        "subject": subject,
        "status": "new",
        "priority": request["priority"].clone(),
        "comments": [request["comment"]["body"].clone()],
    });
    tickets.push(ticket.clone());
    if let Some(key) = key {
        desks.made.insert(key, id);
    }
    (StatusCode::CREATED, Json(json!({ "ticket": ticket }))).into_response()
}

/// `{id}.json` → the ticket's index in its desk.
fn index(file: &str) -> Option<usize> {
    let id: usize = file.strip_suffix(".json")?.parse().ok()?;
    id.checked_sub(1)
}

async fn fetch(
    State(desks): State<Shared>,
    headers: HeaderMap,
    Path((desk, file)): Path<(String, String)>,
) -> Response {
    if !signed_in(&headers) {
        return unauthenticated();
    }
    let desks = desks.lock().unwrap_or_else(|p| p.into_inner());
    match index(&file).and_then(|i| desks.tickets.get(&desk)?.get(i)) {
        Some(ticket) => Json(json!({ "ticket": ticket })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "RecordNotFound" })),
        )
            .into_response(),
    }
}

async fn update(
    State(desks): State<Shared>,
    headers: HeaderMap,
    Path((desk, file)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    if !signed_in(&headers) {
        return unauthenticated();
    }
    let mut desks = desks.lock().unwrap_or_else(|p| p.into_inner());
    let Some(ticket) = index(&file).and_then(|i| desks.tickets.get_mut(&desk)?.get_mut(i)) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "RecordNotFound" })),
        )
            .into_response();
    };
    if let Some(changes) = body["ticket"].as_object() {
        for (field, value) in changes {
            if field == "comment" {
                if let Some(comments) = ticket["comments"].as_array_mut() {
                    comments.push(value["body"].clone());
                }
            } else if field != "id" {
                ticket[field] = value.clone();
            }
        }
    }
    Json(json!({ "ticket": ticket.clone() })).into_response()
}
