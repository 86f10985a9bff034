//! Single sign-on with OpenID Connect: the browser round trip, and its settings.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use paddock_services::oidc::{self, SettingsInput, SettingsView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Administer, ApiJson, ApiQuery, Authorized, Client, Person, over_https};
use crate::routes::auth::session_cookie_header;

const CALLBACK_PATH: &str = "/api/v1/auth/oidc/callback";

/// How people can sign in here.
#[derive(Serialize, ToSchema)]
pub struct AuthMethods {
    password: bool,
    /// Whether "Sign in with single sign-on" is offered.
    oidc: bool,
}

/// The ways to sign in, for the sign-in page.
#[utoipa::path(get, path = "/api/v1/auth/methods", tag = "auth", responses((status = 200, body = AuthMethods)))]
pub async fn methods(State(state): State<AppState>) -> Result<Json<AuthMethods>, ApiError> {
    Ok(Json(AuthMethods {
        password: true,
        oidc: oidc::enabled(&state.store).await?,
    }))
}

/// This server's callback URL, as the browser reaches it.
fn redirect_uri(headers: &HeaderMap) -> String {
    let scheme = if over_https(headers) { "https" } else { "http" };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("{scheme}://{host}{CALLBACK_PATH}")
}

/// A path inside Paddock to return to; anything else (another site, `//host`) becomes `/`.
fn local_path(return_to: Option<&str>) -> String {
    match return_to {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// Back to the sign-in page with a sentence saying what went wrong.
fn back_to_sign_in(message: &str) -> Response {
    let query: String = url_encode(message);
    see_other(&format!("/sign-in?sso_error={query}"))
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// The path to return to after signing in.
    return_to: Option<String>,
}

/// Starts single sign-on: redirects the browser to the identity provider.
#[utoipa::path(
    get,
    path = "/api/v1/auth/oidc/start",
    tag = "auth",
    params(StartQuery),
    responses((status = 303, description = "To the identity provider, or back to /sign-in with `sso_error`"))
)]
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<ApiQuery<StartQuery>, ApiError>,
) -> Response {
    let return_to = query.ok().and_then(|ApiQuery(q)| q.return_to);
    match oidc::start(
        &state.store,
        &redirect_uri(&headers),
        &local_path(return_to.as_deref()),
    )
    .await
    {
        Ok(url) => see_other(&url),
        Err(error) => back_to_sign_in(&error.to_string()),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    /// Set by the provider when the person or the provider declined.
    error: Option<String>,
    error_description: Option<String>,
}

/// Where the identity provider sends the browser back: signs the person in and redirects.
#[utoipa::path(
    get,
    path = "/api/v1/auth/oidc/callback",
    tag = "auth",
    params(CallbackQuery),
    responses((status = 303, description = "Signed in (session cookie set) and on to the page asked for, or back to /sign-in with `sso_error`"))
)]
pub async fn callback(
    State(state): State<AppState>,
    Client(context): Client,
    headers: HeaderMap,
    query: Result<ApiQuery<CallbackQuery>, ApiError>,
) -> Response {
    let Ok(ApiQuery(query)) = query else {
        return back_to_sign_in("The identity provider's answer could not be read.");
    };
    if let Some(error) = query.error {
        let detail = query.error_description.unwrap_or(error);
        return back_to_sign_in(&format!(
            "The identity provider did not sign you in: {detail}"
        ));
    }
    let (Some(code), Some(login_state)) = (query.code, query.state) else {
        return back_to_sign_in("The identity provider's answer was incomplete.");
    };
    match oidc::finish(
        &state.store,
        &context,
        &redirect_uri(&headers),
        &login_state,
        &code,
    )
    .await
    {
        Ok((signed_in, return_to)) => {
            let cookie = session_cookie_header(&signed_in.token, &headers);
            (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, local_path(Some(&return_to))),
                    (header::SET_COOKIE, cookie),
                ],
            )
                .into_response()
        }
        Err(error) => back_to_sign_in(&error.to_string()),
    }
}

/// A provider group whose members join a Paddock group.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupMapping {
    /// The group name as the provider sends it in the groups claim.
    provider_group: String,
    /// The Paddock group's name.
    group: String,
}

/// Single sign-on settings; the client secret is never returned.
#[derive(Serialize, ToSchema)]
pub struct OidcSettings {
    enabled: bool,
    issuer: String,
    client_id: String,
    client_secret_set: bool,
    groups_claim: String,
    /// Local passwords only for organisation-wide administrators (break-glass).
    require_sso: bool,
    group_mappings: Vec<GroupMapping>,
}

impl From<SettingsView> for OidcSettings {
    fn from(view: SettingsView) -> Self {
        OidcSettings {
            enabled: view.enabled,
            issuer: view.issuer,
            client_id: view.client_id,
            client_secret_set: view.client_secret_set,
            groups_claim: view.groups_claim,
            require_sso: view.require_sso,
            group_mappings: view
                .group_mappings
                .into_iter()
                .map(|(provider_group, group)| GroupMapping {
                    provider_group,
                    group,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OidcSettingsRequest {
    enabled: bool,
    /// The issuer URL, e.g. https://login.example.com.
    issuer: String,
    client_id: String,
    /// Write-only; omit to keep the stored secret.
    client_secret: Option<String>,
    /// The ID token claim that lists the person's groups.
    #[serde(default = "default_groups_claim")]
    groups_claim: String,
    /// Allow local passwords only for organisation-wide administrators (break-glass).
    #[serde(default)]
    require_sso: bool,
    #[serde(default)]
    group_mappings: Vec<GroupMapping>,
}

fn default_groups_claim() -> String {
    "groups".into()
}

/// The single sign-on settings.
#[utoipa::path(
    get,
    path = "/api/v1/settings/oidc",
    operation_id = "get_oidc_settings",
    tag = "settings",
    security(("session" = []), ("api_key" = [])),
    responses(
        (status = 200, body = OidcSettings),
        (status = 403, body = ErrorBody, description = "`forbidden`: only administrators"),
    )
)]
pub async fn get_settings(
    State(state): State<AppState>,
    _: Authorized<Administer>,
) -> Result<Json<OidcSettings>, ApiError> {
    Ok(Json(oidc::settings(&state.store).await?.into()))
}

/// Changes the single sign-on settings.
#[utoipa::path(
    put,
    path = "/api/v1/settings/oidc",
    operation_id = "save_oidc_settings",
    tag = "settings",
    request_body = OidcSettingsRequest,
    security(("session" = [], "csrf" = [])),
    responses(
        (status = 200, body = OidcSettings),
        (status = 403, body = ErrorBody, description = "`forbidden` or `csrf_rejected`"),
        (status = 404, body = ErrorBody, description = "`not_found`: a mapped Paddock group does not exist"),
        (status = 422, body = ErrorBody, description = "`invalid_input`; `details.field` names the field"),
    )
)]
pub async fn save_settings(
    State(state): State<AppState>,
    Client(context): Client,
    _: Person,
    Authorized(principal, _): Authorized<Administer>,
    ApiJson(request): ApiJson<OidcSettingsRequest>,
) -> Result<Json<OidcSettings>, ApiError> {
    let input = SettingsInput {
        enabled: request.enabled,
        issuer: request.issuer,
        client_id: request.client_id,
        client_secret: request.client_secret,
        groups_claim: request.groups_claim,
        require_sso: request.require_sso,
        group_mappings: request
            .group_mappings
            .into_iter()
            .map(|m| (m.provider_group, m.group))
            .collect(),
    };
    Ok(Json(
        oidc::save_settings(&state.store, &context, &principal, input)
            .await?
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/audit?x=1")), "/audit?x=1");
        for outside in [
            None,
            Some("https://evil.example"),
            Some("//evil.example"),
            Some("/\\evil.example"),
            Some("audit"),
        ] {
            assert_eq!(local_path(outside), "/", "{outside:?}");
        }
    }

    #[test]
    fn messages_are_url_encoded() {
        assert_eq!(url_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}
