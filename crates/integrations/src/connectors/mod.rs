//! Connectors: the code that calls an action of a configured connection — an HTTP API or a
//! mail server — with what policy allows. The administrator's configuration is parsed here
//! into what each kind needs; the secret is opened by the caller and handed in for the one call,
//! and scrubbed from everything the call returns or reports.

mod chat;
mod files;
pub(crate) mod guard;
mod http;
mod smtp;
mod sql;
mod ticketing;

use std::sync::Arc;

use paddock_core::connection::{Access, ConnectorKind, HostRule};
use paddock_core::egress::Cidr;
use paddock_core::workflow::expression::Expressions;
use serde_json::Value;

pub use chat::{ChatConfig, ChatService};
pub use files::{FileStore, FilesConfig, S3Location, content_of as file_content};
pub use http::{HttpAuth, HttpConfig};
pub use smtp::{SmtpConfig, SmtpSecurity};
pub use sql::{SqlConfig, SqlEngine, SqlTls};
pub use ticketing::TicketSystem;

/// What a connection of a kind is configured with, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Config {
    Http(HttpConfig),
    Smtp(SmtpConfig),
    Sql(SqlConfig),
    Chat(ChatConfig),
    Files(FilesConfig),
}

/// An action a connection offers, as builders and the policy check see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ActionSpec {
    pub name: String,
    pub access: Access,
    pub description: String,
    /// JSON Schema of the action's `input`.
    #[schema(value_type = Object)]
    pub input_schema: Value,
}

impl Config {
    /// Parses the settings an administrator gave for a connection of `kind`; the error says
    /// which field is wrong and why.
    pub fn parse(kind: ConnectorKind, settings: &Value) -> Result<Config, String> {
        match kind {
            ConnectorKind::Http => HttpConfig::parse(settings).map(Config::Http),
            ConnectorKind::Smtp => SmtpConfig::parse(settings).map(Config::Smtp),
            ConnectorKind::Sql => SqlConfig::parse(settings).map(Config::Sql),
            ConnectorKind::Webhook => ChatConfig::parse(settings).map(Config::Chat),
            ConnectorKind::Ticketing => ticketing::parse(settings).map(Config::Http),
            ConnectorKind::Files => FilesConfig::parse(settings).map(Config::Files),
        }
    }

    pub fn actions(&self) -> Vec<ActionSpec> {
        match self {
            Config::Http(config) => config.actions(),
            Config::Smtp(_) => vec![smtp::send_action()],
            Config::Sql(config) => config.actions(),
            Config::Chat(_) => vec![chat::post_action()],
            Config::Files(config) => config.actions(),
        }
    }

    /// Where and how the credential is sent: a change here means the stored credential must be
    /// entered again, so it only ever goes where it was set for.
    pub fn credential_destination(&self) -> String {
        match self {
            Config::Http(config) => {
                let token_origin = match &config.auth {
                    HttpAuth::Oauth2 { token_url, .. } => url::Url::parse(token_url)
                        .map(|u| u.origin().ascii_serialization())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let auth = serde_json::to_value(&config.auth)
                    .ok()
                    .and_then(|a| a.get("type").cloned())
                    .unwrap_or_default();
                format!(
                    "http {} {auth} {token_origin}",
                    config.base_url.origin().ascii_serialization()
                )
            }
            Config::Smtp(config) => {
                format!("smtp {}:{} {:?}", config.host, config.port, config.security)
            }
            Config::Sql(config) => format!(
                "sql {:?} {:?} {:?} {:?}",
                config.engine, config.server, config.tls, config.path
            ),
            Config::Chat(config) => format!("webhook {:?}", config.service),
            Config::Files(config) => config.credential_destination(),
        }
    }

    /// The hosts and ports the configuration itself points at, always allowed as egress.
    pub fn homes(&self) -> Vec<HostRule> {
        match self {
            Config::Http(config) => config.home().into_iter().collect(),
            Config::Smtp(config) => config.home().into_iter().collect(),
            Config::Sql(config) => config.home().into_iter().collect(),
            Config::Chat(config) => config.homes(),
            Config::Files(config) => config.homes(),
        }
    }
}

/// A connection ready to be called: its configuration, secret and egress policy.
#[derive(Debug, Clone)]
pub struct Target {
    /// Identifies the connection and the version of its settings, for cached tokens.
    pub cache_key: String,
    pub name: String,
    pub config: Config,
    /// The opened secret (token, password, API key, client secret).
    pub secret: Option<String>,
    pub egress: Vec<HostRule>,
    pub allowed_ranges: Vec<Cidr>,
}

impl Target {
    /// The hosts requests may go to: the configured one and the allowlist.
    pub(super) fn allowlist(&self) -> Vec<HostRule> {
        self.config
            .homes()
            .into_iter()
            .chain(self.egress.iter().cloned())
            .collect()
    }

    /// Everything that must not come back out: the secret, the forms it is sent in (Basic
    /// credentials, a webhook address's path), and an OAuth2 token fetched with it.
    fn scrubber(&self, tokens: &http::TokenCache) -> Scrubber {
        let mut secrets: Vec<String> = self.secret.iter().cloned().collect();
        if let Some(secret) = &self.secret {
            match &self.config {
                Config::Http(config) => {
                    if let HttpAuth::Basic { username } = &config.auth {
                        secrets.push(http::basic_credentials(username, secret));
                    }
                }
                Config::Chat(_) => {
                    if let Ok(url) = url::Url::parse(secret.trim()) {
                        secrets.push(url.path().to_owned());
                    }
                }
                _ => {}
            }
        }
        secrets.extend(tokens.held(&self.cache_key));
        Scrubber::new(secrets)
    }
}

/// One call of an action.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    pub action: &'a str,
    pub input: &'a Value,
    /// Sent with write actions, so a call made again (a resumed run) is not done twice.
    pub idempotency_key: Option<&'a str>,
}

/// Why a call did not happen or failed. Messages never hold the connection's secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// Policy refused it: an address outside the allowlist, a private address, a recipient
    /// outside the allowed domains.
    #[error("blocked: {0}")]
    Blocked(String),
    /// The input or the action is not what the connection offers.
    #[error("{0}")]
    Invalid(String),
    /// The system could not be reached or answered with an error.
    #[error("{message}")]
    Failed { message: String, retryable: bool },
}

/// Calls connections. Cheap to clone; holds the OAuth2 tokens it fetched.
#[derive(Clone, Default)]
pub struct Connectors {
    tokens: Arc<http::TokenCache>,
    expressions: Arc<Expressions>,
}

impl Connectors {
    pub async fn call(&self, target: &Target, call: Call<'_>) -> Result<Value, CallError> {
        let result = match &target.config {
            Config::Http(config) => http::call(self, target, config, call).await,
            Config::Smtp(config) => smtp::send(target, config, call).await,
            Config::Sql(config) => sql::call(self, target, config, call).await,
            Config::Chat(config) => chat::post(target, config, call).await,
            Config::Files(config) => files::call(target, config, call).await,
        };
        // After the call: it may have fetched a token.
        let scrubber = target.scrubber(&self.tokens);
        match result {
            Ok(output) => Ok(scrubber.value(output)),
            Err(error) => Err(scrubber.error(error)),
        }
    }

    /// Checks that the system answers and the credential is accepted, without calling an
    /// action; says what it found.
    pub async fn test(&self, target: &Target) -> Result<String, CallError> {
        let result = match &target.config {
            Config::Http(config) => http::test(self, target, config).await,
            Config::Smtp(config) => smtp::test(target, config).await,
            Config::Sql(config) => sql::test(target, config).await,
            Config::Chat(_) => chat::test(target),
            Config::Files(config) => files::test(target, config).await,
        };
        let scrubber = target.scrubber(&self.tokens);
        result
            .map(|text| scrubber.text(text))
            .map_err(|e| scrubber.error(e))
    }
}

/// Replaces every occurrence of a secret in what a system answered: a service that echoes the
/// request's headers back must not put the credential into a run record or an error.
struct Scrubber {
    secrets: Vec<String>,
}

const SCRUBBED: &str = "[secret]";
/// The longest error message kept, cut after scrubbing so no part of a secret survives the cut.
const MAX_MESSAGE_CHARS: usize = 600;

impl Scrubber {
    fn new(secrets: Vec<String>) -> Self {
        // Each also as it appears inside JSON text and percent-encoded in an address. Secrets
        // shorter than 4 characters would mask ordinary text; none that short is accepted.
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets.into_iter().filter(|s| s.len() >= 4) {
            let in_json = serde_json::to_string(&secret).unwrap_or_default();
            forms.push(in_json.trim_matches('"').to_owned());
            forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
            forms.push(secret);
        }
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        forms.dedup();
        Scrubber { secrets: forms }
    }

    fn text(&self, mut text: String) -> String {
        for secret in &self.secrets {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), SCRUBBED);
            }
        }
        text
    }

    fn value(&self, value: Value) -> Value {
        match value {
            Value::String(text) => Value::String(self.text(text)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.value(v)).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(k, v)| (self.text(k), self.value(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    fn error(&self, error: CallError) -> CallError {
        let clean = |message: String| {
            let scrubbed = self.text(message);
            match scrubbed.char_indices().nth(MAX_MESSAGE_CHARS) {
                Some((cut, _)) => format!("{}…", &scrubbed[..cut]),
                None => scrubbed,
            }
        };
        match error {
            CallError::Blocked(message) => CallError::Blocked(clean(message)),
            CallError::Invalid(message) => CallError::Invalid(clean(message)),
            CallError::Failed { message, retryable } => CallError::Failed {
                message: clean(message),
                retryable,
            },
        }
    }
}

/// Evaluates an action's templates against `context` (`{ "input": … }`).
fn render(
    expressions: &Expressions,
    template: &Value,
    context: &Value,
) -> Result<Value, CallError> {
    expressions
        .evaluate(template, context)
        .map_err(|e| CallError::Invalid(format!("the action's template failed: {e}")))
}

/// An action's name: what a `connector` step's `action` may be.
fn check_action_name(name: &str) -> Result<(), &'static str> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
    if valid {
        Ok(())
    } else {
        Err("lower-case letters, digits, '_', '.' and '-', at most 63")
    }
}

/// Checks `input` against the JSON Schema of the action `name`.
fn validate_input(name: &str, schema: &Value, input: &Value) -> Result<(), CallError> {
    let validator = jsonschema::validator_for(schema).map_err(|e| {
        CallError::Invalid(format!(
            "the action {name} has an invalid input schema: {e}"
        ))
    })?;
    let problems: Vec<String> = validator
        .iter_errors(input)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at}: {e}")
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CallError::Invalid(format!(
            "the input of {name} does not match its schema: {}",
            problems.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_scrubbed_from_answers_and_errors() {
        let scrubber = Scrubber::new(vec!["tok-123456".into(), "abc".into(), "p\"w d%".into()]);
        let value = serde_json::json!({
            "echo": { "authorization": "Bearer tok-123456" },
            "list": ["tok-123456", 1],
        });
        let clean = scrubber.value(value);
        assert!(!clean.to_string().contains("tok-123456"));
        assert_eq!(clean["echo"]["authorization"], "Bearer [secret]");
        // Too short to be a secret: not masked, and never accepted as one.
        assert_eq!(scrubber.text("abc".into()), "abc");
        let error = scrubber.error(CallError::Failed {
            message: "401: bad token tok-123456".into(),
            retryable: false,
        });
        assert_eq!(error.to_string(), "401: bad token [secret]");
        // As JSON text and percent-encoded too, and cut only after scrubbing.
        assert_eq!(
            scrubber.text(r#"{"pw":"p\"w d%"}"#.into()),
            r#"{"pw":"[secret]"}"#
        );
        assert_eq!(scrubber.text("?pw=p%22w+d%25".into()), "?pw=[secret]");
        let long = format!("{}tok-123456", "x".repeat(MAX_MESSAGE_CHARS - 3));
        let cut = scrubber.error(CallError::Invalid(long)).to_string();
        assert!(!cut.contains("tok-"), "{cut}");
    }
}
