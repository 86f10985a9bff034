//! Extractors that turn a request into typed input or a precise [`ApiError`].

use axum::body::Bytes;
use axum::extract::{
    ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts, Request,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use paddock_core::Code;
use paddock_core::{Permission, Scope};
use paddock_services::audit::RequestContext;
use paddock_services::auth::{self, Principal, SessionToken};
use paddock_services::{ServiceError, api_keys};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};

use crate::{AppState, MAX_BODY_BYTES, error::ApiError};

pub const SESSION_COOKIE: &str = "paddock_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A `multipart/form-data` body; anything else is answered with 415.
pub struct ApiMultipart(pub axum::extract::Multipart);

impl FromRequest<AppState> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(request, state)
            .await
            .map(ApiMultipart)
            .map_err(|rejection| {
                ApiError::new(
                    Code::UnsupportedMediaType,
                    format!("Send the body as multipart/form-data ({rejection})."),
                )
            })
    }
}

/// A JSON body of type `T`. Anything else is answered with 415, 413 or 400 saying what and
/// where it broke.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers()) {
            return Err(ApiError::new(
                Code::UnsupportedMediaType,
                "Send the body as JSON with the header Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status().as_u16() == 413 {
                    ApiError::new(
                        Code::PayloadTooLarge,
                        format!("The body is larger than {MAX_BODY_BYTES} bytes."),
                    )
                    .with_details(json!({ "limit_bytes": MAX_BODY_BYTES }))
                } else {
                    ApiError::new(
                        Code::InvalidJson,
                        format!("The body could not be read: {rejection}"),
                    )
                }
            })?;
        let deserializer = &mut serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(deserializer) {
            Ok(value) => Ok(ApiJson(value)),
            Err(error) => {
                let path = error.path().to_string();
                let inner = error.into_inner();
                let message = if inner.is_data() && path != "." {
                    format!("The body does not have the expected shape at '{path}': {inner}")
                } else if inner.is_data() {
                    format!("The body does not have the expected shape: {inner}")
                } else {
                    format!("The body is not valid JSON: {inner}")
                };
                Err(
                    ApiError::new(Code::InvalidJson, message).with_details(json!({
                        "path": path,
                        "line": inner.line(),
                        "column": inner.column(),
                    })),
                )
            }
        }
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
}

/// A person signed in with a session: the same as [`Authenticated`], except that an API key is
/// refused (403) before the body is read. For what only people may do: create or revoke keys,
/// change a password, issue SCIM tokens.
pub struct Person(pub Principal);

impl FromRequestParts<AppState> for Person {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Authenticated(principal) =
            <Authenticated as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        principal.require_session("do this")?;
        Ok(Person(principal))
    }
}

/// An organisation-wide permission an [`Authorized`] extractor demands.
pub trait OrganisationPermission {
    const PERMISSION: Permission;
}

/// Administer the organisation (accounts, workspaces, connections, settings).
pub struct Administer;
impl OrganisationPermission for Administer {
    const PERMISSION: Permission = Permission::AdministerOrganisation;
}

/// Read the audit trail.
pub struct ReadAudit;
impl OrganisationPermission for ReadAudit {
    const PERMISSION: Permission = Permission::ViewAudit;
}

/// The signed-in caller, allowed `P` by the permission table. Declared before the body in a
/// handler's arguments, it refuses before the body is even read; a refused change is audited.
pub struct Authorized<P>(pub Principal, pub PhantomData<P>);

impl<P: OrganisationPermission + Send + Sync> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Authenticated(principal) =
            <Authenticated as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        require_organisation_permission(parts, state, &principal, P::PERMISSION).await?;
        Ok(Authorized(principal, PhantomData))
    }
}

/// Like [`Authorized`], for what only a person signed in may do even when allowed `P`: an API
/// key is refused (403) first, before the body is read.
pub struct PersonAuthorized<P>(pub Principal, pub PhantomData<P>);

impl<P: OrganisationPermission + Send + Sync> FromRequestParts<AppState> for PersonAuthorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Person(principal) = Person::from_request_parts(parts, state).await?;
        require_organisation_permission(parts, state, &principal, P::PERMISSION).await?;
        Ok(PersonAuthorized(principal, PhantomData))
    }
}

/// Asks the permission table; a refused change (any unsafe method) is audited.
async fn require_organisation_permission(
    parts: &mut Parts,
    state: &AppState,
    principal: &Principal,
    permission: Permission,
) -> Result<(), ApiError> {
    if is_safe(&parts.method) {
        principal.require(permission, Scope::Organisation)?;
    } else {
        let Ok(Client(context)) = Client::from_request_parts(parts, state).await;
        auth::require_for_change(
            &state.store,
            &context,
            principal,
            permission,
            Scope::Organisation,
        )
        .await?;
    }
    Ok(())
}

/// Query parameters of type `T`; anything unparseable is a 422 naming the problem.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|error| {
                ApiError::new(
                    Code::InvalidInput,
                    format!("The query string is not valid: {error}"),
                )
            })
    }
}

/// The signed-in caller. Cookie-authenticated writes must carry the session's CSRF token.
pub struct Authenticated(pub Principal);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Scripts authenticate with an API key; no cookie means no cross-site request forgery,
        // so the CSRF checks below are for sessions only.
        if let Some(authorization) = parts.headers.get(header::AUTHORIZATION) {
            let token = authorization
                .to_str()
                .ok()
                .and_then(bearer_token)
                .map(|token| token.trim().to_owned())
                .ok_or_else(|| {
                    ApiError::new(
                        Code::Unauthenticated,
                        "Send an API key as `Authorization: Bearer <key>`.",
                    )
                })?;
            let Ok(Client(context)) = Client::from_request_parts(parts, state).await;
            let principal = api_keys::authenticate_key(&state.store, &context, &token)
                .await
                .map_err(|error| match error {
                    ServiceError::Unauthenticated => ApiError::new(
                        Code::Unauthenticated,
                        "The API key is not valid: it is unknown, revoked or expired.",
                    ),
                    other => ApiError::from(other),
                })?;
            return Ok(Authenticated(principal));
        }
        let token = session_cookie(&parts.headers)
            .ok_or_else(|| ApiError::new(Code::Unauthenticated, "Sign in to continue."))?;
        let principal = auth::authenticate(&state.store, &token).await?;
        if !is_safe(&parts.method) {
            reject_cross_origin(&parts.headers)?;
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|value| value.to_str().ok());
            let expected = principal.csrf_token.as_deref();
            if !matches!((sent, expected), (Some(sent), Some(expected)) if constant_time_eq(sent, expected))
            {
                let Ok(Client(context)) = Client::from_request_parts(parts, state).await;
                auth::record_refused_write(
                    &state.store,
                    &context,
                    &principal,
                    "no valid CSRF token",
                )
                .await?;
                return Err(ApiError::new(
                    Code::CsrfRejected,
                    "This change was refused because it did not come from a Paddock page. Reload the page and try again.",
                ));
            }
        }
        Ok(Authenticated(principal))
    }
}

/// `Option<Authenticated>`: `None` for a caller without a valid session, who is not refused;
/// a signed-in caller's write without the CSRF token still is.
impl OptionalFromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        match <Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(caller) => Ok(Some(caller)),
            Err(error) if error.code() == Code::Unauthenticated => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Where the request came from, for the audit trail: the peer address, the user agent and the
/// request id.
pub struct Client(pub RequestContext);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = |name: header::HeaderName| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Client(RequestContext {
            client_address: client_address(parts, &state.trusted_proxies).map(|ip| ip.to_string()),
            user_agent: header(header::USER_AGENT),
            request_id: header(header::HeaderName::from_static("x-request-id")),
        }))
    }
}

/// The client's address: the peer, or — when the peer is a trusted proxy — the nearest address
/// in `X-Forwarded-For` that is not itself a trusted proxy.
fn client_address(parts: &Parts, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()?
        .0
        .ip()
        .to_canonical();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
        .collect::<Vec<_>>();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted_proxies.contains(ip))
            .unwrap_or(peer),
    )
}

/// The token of an `Authorization: Bearer <token>` value (the scheme is case-insensitive).
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// The session token from the `Cookie` header, if one was sent.
pub fn session_cookie(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| SessionToken::from_cookie(value))
}

/// Refuses a browser request sent by a page of another origin: browsers always send `Origin`
/// on such writes, and it must name this server. (Scripts that send no `Origin` are judged by
/// their credentials alone.)
pub fn reject_cross_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, authority)| authority.trim_end_matches('/'));
    match (origin_host, host) {
        (Some(origin_host), Some(host)) if origin_host.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(ApiError::new(
            Code::CsrfRejected,
            "This request came from another website and was refused. Use Paddock from its own address.",
        )),
    }
}

/// Whether the client reached Paddock over HTTPS, directly or through a proxy that says so.
pub fn over_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Compares without an early exit, so timing does not reveal how much of a token matched.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; paddock_session=abc123"),
        );
        assert_eq!(session_cookie(&headers).unwrap().expose(), "abc123");
        let mut other = HeaderMap::new();
        other.append(
            header::COOKIE,
            HeaderValue::from_static("paddock_sessionx=nope"),
        );
        assert!(session_cookie(&other).is_none());
    }

    #[test]
    fn json_content_types() {
        for (value, expected) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("Application/JSON", true),
            ("application/merge-patch+json", true),
            ("text/plain", false),
            ("application/jsonp", false),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            assert_eq!(is_json(&headers), expected, "{value}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
