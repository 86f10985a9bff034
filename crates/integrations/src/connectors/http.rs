//! HTTP/REST connections: a base address, an authentication scheme, and named actions whose
//! method, path (or whole URL), query, headers and body are templates over the action's input.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paddock_core::connection::{Access, HostRule};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::guard::{GuardedResolver, check_url, describe};
use super::{ActionSpec, Call, CallError, Connectors, Target, render, validate_input};

/// The most a response body may hold; a bigger one fails the call.
const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Redirects followed, each checked like the first request.
const MAX_REDIRECTS: usize = 5;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Headers an action may not set: the transport's own, and credentials, which belong in the
/// connection's write-only credential.
const RESERVED_HEADERS: [&str; 10] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "te",
    "upgrade",
    "authorization",
    "proxy-authorization",
    "cookie",
    "idempotency-key",
];
/// The longest an OAuth2 token is kept, whatever the token endpoint says.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The largest token endpoint answer read.
const MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    pub base_url: Url,
    pub auth: HttpAuth,
    pub timeout: Duration,
    pub actions: Vec<HttpAction>,
}

/// How requests prove who sends them; the secret is the connection's credential.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum HttpAuth {
    None,
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic`, with the secret as password.
    Basic {
        username: String,
    },
    /// The secret in a header of the service's choosing.
    ApiKey {
        header: String,
    },
    /// OAuth2 client credentials: the secret is the client secret; the token is cached until
    /// shortly before it expires.
    Oauth2 {
        token_url: String,
        client_id: String,
        #[serde(default)]
        scope: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpAction {
    pub name: String,
    pub access: Access,
    #[serde(default)]
    pub description: String,
    pub method: String,
    /// Appended to the base address; each `/`-separated part is a template, its value encoded.
    #[serde(default)]
    pub path: Option<String>,
    /// A whole address computed at run time (a callback URL), instead of `path`.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub query: BTreeMap<String, Value>,
    #[serde(default)]
    pub headers: BTreeMap<String, Value>,
    /// The JSON body; a template.
    #[serde(default)]
    pub body: Option<Value>,
    #[serde(default = "any_object")]
    pub input_schema: Value,
}

fn any_object() -> Value {
    json!({ "type": "object" })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    #[serde(default = "no_auth")]
    auth: HttpAuth,
    #[serde(default)]
    timeout_seconds: Option<u64>,
    #[serde(default)]
    actions: Vec<HttpAction>,
}

fn no_auth() -> HttpAuth {
    HttpAuth::None
}

impl HttpConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        let raw: RawConfig = serde_path_to_error::deserialize(settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
        let base_url = Url::parse(&raw.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or("settings.base_url: must be an http or https address")?;
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(
                "settings.base_url: put credentials in the credential field, not in the address"
                    .into(),
            );
        }
        if let HttpAuth::ApiKey { header } = &raw.auth
            && HeaderName::from_bytes(header.as_bytes()).is_err()
        {
            return Err(format!(
                "settings.auth.header: '{header}' is not a header name"
            ));
        }
        if let HttpAuth::Oauth2 { token_url, .. } = &raw.auth
            && !Url::parse(token_url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            return Err("settings.auth.token_url: must be an http or https address".into());
        }
        let timeout = match raw.timeout_seconds {
            None => DEFAULT_TIMEOUT,
            Some(seconds @ 1..=300) => Duration::from_secs(seconds),
            Some(_) => return Err("settings.timeout_seconds: between 1 and 300".into()),
        };
        let mut names = std::collections::BTreeSet::new();
        for (index, action) in raw.actions.iter().enumerate() {
            let at = format!("settings.actions[{index}]");
            super::check_action_name(&action.name).map_err(|e| format!("{at}.name: {e}"))?;
            if !names.insert(action.name.as_str()) {
                return Err(format!("{at}.name: '{}' is declared twice", action.name));
            }
            if Method::from_bytes(action.method.to_ascii_uppercase().as_bytes()).is_err() {
                return Err(format!(
                    "{at}.method: '{}' is not an HTTP method",
                    action.method
                ));
            }
            let method = action.method.to_ascii_uppercase();
            if action.access == Access::Read && method != "GET" && method != "HEAD" {
                return Err(format!(
                    "{at}.method: a read action uses GET or HEAD; declare it a write to use {method}"
                ));
            }
            if action.path.is_some() == action.url.is_some() {
                return Err(format!("{at}: give either a path or a url"));
            }
            for name in action.headers.keys() {
                if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                    return Err(format!(
                        "{at}.headers: {name} is set by Paddock (credentials go in the credential)"
                    ));
                }
                if HeaderName::from_bytes(name.as_bytes()).is_err() {
                    return Err(format!("{at}.headers: '{name}' is not a header name"));
                }
            }
            if jsonschema::meta::validate(&action.input_schema).is_err() {
                return Err(format!("{at}.input_schema: not a valid JSON Schema"));
            }
        }
        Ok(HttpConfig {
            base_url,
            auth: raw.auth,
            timeout,
            actions: raw.actions,
        })
    }

    pub fn actions(&self) -> Vec<ActionSpec> {
        self.actions
            .iter()
            .map(|action| ActionSpec {
                name: action.name.clone(),
                access: action.access,
                description: action.description.clone(),
                input_schema: action.input_schema.clone(),
            })
            .collect()
    }

    pub fn home(&self) -> Option<HostRule> {
        let host = self.base_url.host_str()?;
        let port = self.base_url.port_or_known_default()?;
        HostRule::parse(&format!("{}:{port}", host.trim_matches(['[', ']']))).ok()
    }
}

pub fn basic_credentials(username: &str, password: &str) -> String {
    STANDARD.encode(format!("{username}:{password}"))
}

/// OAuth2 tokens by connection (and version of its settings), with when each expires.
#[derive(Default)]
pub struct TokenCache(Mutex<HashMap<String, (String, Instant)>>);

impl TokenCache {
    fn get(&self, key: &str) -> Option<String> {
        let tokens = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tokens
            .get(key)
            .filter(|(_, expires)| Instant::now() < *expires)
            .map(|(token, _)| token.clone())
    }

    fn put(&self, key: &str, token: String, lifetime: Duration) {
        // Renewed a little early, so a token does not expire on its way.
        let expires = Instant::now() + lifetime.saturating_sub(Duration::from_secs(30));
        let mut tokens = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tokens.insert(key.to_owned(), (token, expires));
    }

    /// The token held for `key`, expired or not: what a service may echo back.
    pub(super) fn held(&self, key: &str) -> Option<String> {
        let tokens = self.0.lock().unwrap_or_else(|p| p.into_inner());
        tokens.get(key).map(|(token, _)| token.clone())
    }

    fn forget(&self, key: &str) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

/// A client that connects only to addresses the connection may reach and follows no redirect
/// by itself.
pub(super) fn client(target: &Target, timeout: Duration) -> Result<reqwest::Client, CallError> {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver {
            allowed: Arc::new(target.allowed_ranges.clone()),
        }))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(timeout)
        .user_agent(concat!("paddock/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| CallError::Failed {
            message: format!("cannot set up the HTTP client: {e}"),
            retryable: false,
        })
}

/// A request built from an action, before it is sent.
pub(super) struct Outgoing {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Value>,
}

pub async fn call(
    connectors: &Connectors,
    target: &Target,
    config: &HttpConfig,
    call: Call<'_>,
) -> Result<Value, CallError> {
    let action = config
        .actions
        .iter()
        .find(|a| a.name == call.action)
        .ok_or_else(|| {
            CallError::Invalid(format!("{} has no action {}", target.name, call.action))
        })?;
    validate_input(&action.name, &action.input_schema, call.input)?;
    let mut outgoing = build(connectors, config, action, call.input)?;
    if action.access == Access::Write
        && let Some(key) = call.idempotency_key
    {
        outgoing.headers.insert(
            HeaderName::from_static("idempotency-key"),
            HeaderValue::from_str(key)
                .map_err(|_| CallError::Invalid("bad idempotency key".into()))?,
        );
    }
    let client = client(target, config.timeout)?;
    // The credential is for the configured service: a URL computed at run time that points
    // anywhere else gets none.
    if outgoing.url.origin() == config.base_url.origin() {
        authorize(connectors, target, config, &client, &mut outgoing.headers).await?;
    }
    let (status, body) = send(target, &client, outgoing).await?;
    if status.is_success() {
        return Ok(json!({ "status": status.as_u16(), "body": body }));
    }
    if status == StatusCode::UNAUTHORIZED {
        connectors.tokens.forget(&target.cache_key);
    }
    let retryable = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
    // Cut short after the secrets are scrubbed from it (Connectors::call).
    let detail = match &body {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Err(CallError::Failed {
        message: format!("{} answered {status}: {detail}", target.name),
        retryable,
    })
}

pub async fn test(
    connectors: &Connectors,
    target: &Target,
    config: &HttpConfig,
) -> Result<String, CallError> {
    let client = client(target, config.timeout)?;
    let mut headers = HeaderMap::new();
    authorize(connectors, target, config, &client, &mut headers).await?;
    let outgoing = Outgoing {
        method: Method::GET,
        url: config.base_url.clone(),
        headers,
        body: None,
    };
    let (status, _) = send(target, &client, outgoing).await?;
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(CallError::Failed {
            message: format!(
                "{} answered {status}: check the credential",
                config.base_url
            ),
            retryable: false,
        }),
        status if status.is_server_error() => Err(CallError::Failed {
            message: format!("{} answered {status}", config.base_url),
            retryable: true,
        }),
        status => Ok(format!("{} answered {status}", config.base_url)),
    }
}

fn build(
    connectors: &Connectors,
    config: &HttpConfig,
    action: &HttpAction,
    input: &Value,
) -> Result<Outgoing, CallError> {
    let expressions = &connectors.expressions;
    let context = json!({ "input": input });
    let text = |value: Value| match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut url = match (&action.url, &action.path) {
        (Some(template), _) => {
            let rendered = text(render(
                expressions,
                &Value::String(template.clone()),
                &context,
            )?);
            Url::parse(rendered.trim()).map_err(|e| {
                CallError::Invalid(format!(
                    "the action's url '{rendered}' is not an address: {e}"
                ))
            })?
        }
        (None, path) => {
            let mut url = config.base_url.clone();
            let mut parts: Vec<String> = url
                .path_segments()
                .map(|s| s.filter(|p| !p.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default();
            for part in path
                .as_deref()
                .unwrap_or_default()
                .split('/')
                .filter(|p| !p.is_empty())
            {
                let value = text(render(
                    expressions,
                    &Value::String(part.to_owned()),
                    &context,
                )?);
                // A control character would be dropped by URL parsing, turning `..\t` into `..`.
                if value.is_empty()
                    || value == "."
                    || value == ".."
                    || value.chars().any(char::is_control)
                {
                    return Err(CallError::Invalid(format!(
                        "the path part '{part}' is '{value}', which cannot be part of an address"
                    )));
                }
                parts.push(value);
            }
            // Each part is encoded as one segment: a value cannot add segments or a query.
            url.path_segments_mut()
                .map_err(|_| CallError::Invalid("the base address cannot have a path".into()))?
                .clear()
                .extend(&parts);
            url
        }
    };
    if !action.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, template) in &action.query {
            match render(expressions, template, &context)? {
                Value::Null => {}
                value => {
                    pairs.append_pair(name, &text(value));
                }
            }
        }
    }
    let mut headers = HeaderMap::new();
    for (name, template) in &action.headers {
        let value = text(render(expressions, template, &context)?);
        let value = HeaderValue::from_str(&value)
            .map_err(|_| CallError::Invalid(format!("the header {name} cannot hold '{value}'")))?;
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("checked when configured"),
            value,
        );
    }
    let body = action
        .body
        .as_ref()
        .map(|template| render(expressions, template, &context))
        .transpose()?;
    Ok(Outgoing {
        method: Method::from_bytes(action.method.to_ascii_uppercase().as_bytes())
            .expect("checked when configured"),
        url,
        headers,
        body,
    })
}

async fn authorize(
    connectors: &Connectors,
    target: &Target,
    config: &HttpConfig,
    client: &reqwest::Client,
    headers: &mut HeaderMap,
) -> Result<(), CallError> {
    let secret = || {
        target
            .secret
            .clone()
            .ok_or_else(|| CallError::Invalid(format!("{} has no credential set", target.name)))
    };
    let header_value = |text: String| {
        let mut value = HeaderValue::from_str(&text)
            .map_err(|_| CallError::Invalid("the credential cannot be sent in a header".into()))?;
        value.set_sensitive(true);
        Ok::<_, CallError>(value)
    };
    match &config.auth {
        HttpAuth::None => {}
        HttpAuth::Bearer => {
            headers.insert(
                reqwest::header::AUTHORIZATION,
                header_value(format!("Bearer {}", secret()?))?,
            );
        }
        HttpAuth::Basic { username } => {
            let encoded = basic_credentials(username, &secret()?);
            headers.insert(
                reqwest::header::AUTHORIZATION,
                header_value(format!("Basic {encoded}"))?,
            );
        }
        HttpAuth::ApiKey { header } => {
            let name = HeaderName::from_bytes(header.as_bytes()).expect("checked when configured");
            headers.insert(name, header_value(secret()?)?);
        }
        HttpAuth::Oauth2 {
            token_url,
            client_id,
            scope,
        } => {
            let token = match connectors.tokens.get(&target.cache_key) {
                Some(token) => token,
                None => {
                    let (token, lifetime) = fetch_token(
                        target,
                        client,
                        token_url,
                        client_id,
                        scope.as_deref(),
                        &secret()?,
                    )
                    .await?;
                    connectors
                        .tokens
                        .put(&target.cache_key, token.clone(), lifetime);
                    token
                }
            };
            headers.insert(
                reqwest::header::AUTHORIZATION,
                header_value(format!("Bearer {token}"))?,
            );
        }
    }
    Ok(())
}

async fn fetch_token(
    target: &Target,
    client: &reqwest::Client,
    token_url: &str,
    client_id: &str,
    scope: Option<&str>,
    secret: &str,
) -> Result<(String, Duration), CallError> {
    let url =
        Url::parse(token_url).map_err(|e| CallError::Invalid(format!("the token address: {e}")))?;
    check_url(&url, &target.allowlist(), &target.allowed_ranges)?;
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ];
    if let Some(scope) = scope {
        form.push(("scope", scope));
    }
    let mut response = client
        .post(url)
        .form(&form)
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = response.status();
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if bytes.len() + chunk.len() > MAX_TOKEN_ANSWER_BYTES {
            return Err(CallError::Failed {
                message: "the token endpoint's answer is too large".into(),
                retryable: false,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let token = answer.get("access_token").and_then(Value::as_str);
    match token {
        Some(token) if status.is_success() => {
            let lifetime = answer
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(300);
            Ok((
                token.to_owned(),
                Duration::from_secs(lifetime).min(MAX_TOKEN_LIFETIME),
            ))
        }
        _ => Err(CallError::Failed {
            message: format!(
                "the token endpoint answered {status} without an access token: check the client id and secret"
            ),
            retryable: status.is_server_error(),
        }),
    }
}

/// Sends the request, following redirects by hand so each new address is checked; the answer's
/// body is JSON when it parses, else text.
pub(super) async fn send(
    target: &Target,
    client: &reqwest::Client,
    outgoing: Outgoing,
) -> Result<(StatusCode, Value), CallError> {
    let allowlist = target.allowlist();
    let Outgoing {
        mut method,
        mut url,
        mut headers,
        mut body,
    } = outgoing;
    let origin = url.origin();
    for _ in 0..=MAX_REDIRECTS {
        if url.origin() != origin {
            // The credential is for the configured service, not wherever it redirects to.
            let sensitive: Vec<HeaderName> = headers
                .iter()
                .filter(|(_, value)| value.is_sensitive())
                .map(|(name, _)| name.clone())
                .collect();
            for name in sensitive {
                headers.remove(name);
            }
        }
        check_url(&url, &allowlist, &target.allowed_ranges)?;
        let mut request = client
            .request(method.clone(), url.clone())
            .headers(headers.clone());
        if let Some(body) = &body {
            request = request.json(body);
        }
        let mut response = request.send().await.map_err(|e| describe(&e))?;
        let status = response.status();
        if status.is_redirection()
            && let Some(location) = response.headers().get(reqwest::header::LOCATION)
        {
            let location = location.to_str().unwrap_or_default();
            url = url.join(location).map_err(|e| CallError::Failed {
                message: format!("a redirect to '{location}' is not an address: {e}"),
                retryable: false,
            })?;
            if matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND | StatusCode::SEE_OTHER
            ) {
                method = Method::GET;
                body = None;
            }
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(CallError::Failed {
                    message: format!(
                        "the answer is larger than {} MiB",
                        MAX_BODY_BYTES / 1024 / 1024
                    ),
                    retryable: false,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let body = serde_json::from_slice::<Value>(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        return Ok((status, body));
    }
    Err(CallError::Failed {
        message: format!("more than {MAX_REDIRECTS} redirects"),
        retryable: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> HttpConfig {
        HttpConfig::parse(&json!({
            "base_url": "https://tickets.example.com/api",
            "actions": [{
                "name": "comment", "access": "write", "method": "POST",
                "path": "/tickets/{{ input.id }}/comments",
            }],
        }))
        .unwrap()
    }

    #[test]
    fn a_path_value_is_one_segment_and_cannot_climb() {
        let connectors = Connectors::default();
        let config = config();
        let action = &config.actions[0];
        let built = build(&connectors, &config, action, &json!({ "id": "a/b?c#d" })).unwrap();
        assert_eq!(
            built.url.as_str(),
            "https://tickets.example.com/api/tickets/a%2Fb%3Fc%23d/comments"
        );
        // URL parsing drops tabs and line breaks: `..\t` would become `..` and climb.
        for climbing in ["..", ".", "..\t", "..\n", ".\r.", ""] {
            let refused = build(&connectors, &config, action, &json!({ "id": climbing }));
            assert!(
                matches!(refused, Err(CallError::Invalid(_))),
                "{climbing:?}"
            );
        }
    }

    #[test]
    fn reads_use_get_or_head_and_actions_set_no_transport_or_credential_headers() {
        let with = |action: Value| {
            HttpConfig::parse(&json!({ "base_url": "https://x.example.com", "actions": [action] }))
        };
        assert!(
            with(json!({ "name": "a", "access": "read", "method": "DELETE", "path": "/" }))
                .is_err()
        );
        assert!(
            with(json!({ "name": "a", "access": "read", "method": "head", "path": "/" })).is_ok()
        );
        for header in ["Host", "authorization", "Transfer-Encoding", "Cookie"] {
            let action = json!({ "name": "a", "access": "write", "method": "POST", "path": "/", "headers": { header: "x" } });
            assert!(with(action).is_err(), "{header}");
        }
    }
}
