//! E-mail over SMTP: one action, `send`, to recipients in the domains the administrator
//! allowed. The server's address is resolved and checked like an HTTP connection's.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use paddock_core::connection::{Access, HostRule, MailDomain};
use serde::Deserialize;
use serde_json::{Value, json};

use super::guard::first_allowed_address;
use super::{ActionSpec, Call, CallError, Target, validate_input};

const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_RECIPIENTS: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub from: Mailbox,
    pub allowed_domains: Vec<MailDomain>,
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on a trusted network.
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    host: String,
    port: u16,
    security: SmtpSecurity,
    #[serde(default)]
    username: Option<String>,
    from: String,
    allowed_domains: Vec<String>,
}

impl SmtpConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        let raw: RawConfig = serde_path_to_error::deserialize(settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
        HostRule::parse(&raw.host).map_err(|e| format!("settings.host: {e}"))?;
        if raw.port == 0 {
            return Err("settings.port: must be a port number".into());
        }
        let from = raw.from.parse::<Mailbox>().map_err(|e| {
            format!(
                "settings.from: '{}' is not an e-mail address: {e}",
                raw.from
            )
        })?;
        if raw.allowed_domains.is_empty() {
            return Err("settings.allowed_domains: name at least one domain mail may go to".into());
        }
        let allowed_domains = raw
            .allowed_domains
            .iter()
            .map(|d| MailDomain::parse(d).map_err(|e| format!("settings.allowed_domains: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(SmtpConfig {
            host: raw.host.to_ascii_lowercase(),
            port: raw.port,
            security: raw.security,
            username: raw.username.filter(|u| !u.is_empty()),
            from,
            allowed_domains,
        })
    }

    pub fn home(&self) -> Option<HostRule> {
        HostRule::parse(&format!("{}:{}", self.host, self.port)).ok()
    }
}

pub fn send_action() -> ActionSpec {
    let recipients = json!({
        "oneOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" }, "maxItems": MAX_RECIPIENTS },
        ],
    });
    ActionSpec {
        name: "send".to_owned(),
        access: Access::Write,
        description: "Sends a plain-text e-mail to recipients in the allowed domains.".to_owned(),
        input_schema: json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["to", "subject", "body"],
            "properties": {
                "to": recipients,
                "cc": recipients,
                "subject": { "type": "string", "maxLength": 998 },
                "body": { "type": "string" },
            },
        }),
    }
}

/// The recipients in `field` (one address or a list), each in an allowed domain.
fn recipients(config: &SmtpConfig, input: &Value, field: &str) -> Result<Vec<Mailbox>, CallError> {
    let addresses: Vec<&str> = match input.get(field) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        Some(_) => {
            return Err(CallError::Invalid(format!(
                "{field}: an address or a list of them"
            )));
        }
    };
    addresses
        .into_iter()
        .map(|address| {
            let mailbox = address.trim().parse::<Mailbox>().map_err(|_| {
                CallError::Invalid(format!("{field}: '{address}' is not an e-mail address"))
            })?;
            let email = mailbox.email.to_string();
            if !config.allowed_domains.iter().any(|d| d.contains(&email)) {
                let allowed: Vec<&str> = config
                    .allowed_domains
                    .iter()
                    .map(MailDomain::as_str)
                    .collect();
                return Err(CallError::Blocked(format!(
                    "{email} is outside the domains this connection may send to ({})",
                    allowed.join(", ")
                )));
            }
            Ok(mailbox)
        })
        .collect()
}

pub async fn send(
    target: &Target,
    config: &SmtpConfig,
    call: Call<'_>,
) -> Result<Value, CallError> {
    let spec = send_action();
    if call.action != spec.name {
        return Err(CallError::Invalid(format!(
            "{} has no action {}",
            target.name, call.action
        )));
    }
    validate_input(&spec.name, &spec.input_schema, call.input)?;
    let to = recipients(config, call.input, "to")?;
    let cc = recipients(config, call.input, "cc")?;
    if to.is_empty() {
        return Err(CallError::Invalid("to: name at least one recipient".into()));
    }
    let text = |name: &str| {
        call.input
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut message = Message::builder()
        .from(config.from.clone())
        .subject(text("subject"));
    for mailbox in &to {
        message = message.to(mailbox.clone());
    }
    for mailbox in &cc {
        message = message.cc(mailbox.clone());
    }
    if let Some(key) = call.idempotency_key {
        // The same message, sent again by a resumed run, carries the same id.
        let domain = config.from.email.domain();
        message = message.message_id(Some(format!("<{key}@{domain}>")));
    }
    let message = message
        .body(text("body"))
        .map_err(|e| CallError::Invalid(format!("the message cannot be built: {e}")))?;
    let transport = transport(target, config).await?;
    let response = transport.send(message).await.map_err(failure)?;
    let sent: Vec<String> = to.iter().chain(&cc).map(|m| m.email.to_string()).collect();
    Ok(json!({
        "accepted": sent,
        "response": response.message().collect::<Vec<_>>().join(" "),
    }))
}

pub async fn test(target: &Target, config: &SmtpConfig) -> Result<String, CallError> {
    let transport = transport(target, config).await?;
    match transport.test_connection().await.map_err(failure)? {
        true => Ok(format!(
            "{}:{} accepted the connection",
            config.host, config.port
        )),
        false => Err(CallError::Failed {
            message: format!(
                "{}:{} did not accept the connection",
                config.host, config.port
            ),
            retryable: true,
        }),
    }
}

/// A transport to the first address of the server the connection may reach.
async fn transport(
    target: &Target,
    config: &SmtpConfig,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, CallError> {
    let address = first_allowed_address(&config.host, config.port, &target.allowed_ranges).await?;
    let tls = || {
        TlsParameters::new(config.host.clone())
            .map_err(|e| CallError::Invalid(format!("TLS for {}: {e}", config.host)))
    };
    let tls = match config.security {
        SmtpSecurity::Starttls => Tls::Required(tls()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls()?),
        SmtpSecurity::None => Tls::None,
    };
    // Connect to the checked address; TLS still verifies the server's name.
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(address.ip().to_string())
            .port(config.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
    if let Some(username) = &config.username {
        let password = target
            .secret
            .clone()
            .ok_or_else(|| CallError::Invalid(format!("{} has no password set", target.name)))?;
        builder = builder.credentials(Credentials::new(username.clone(), password));
    }
    Ok(builder.build())
}

fn failure(error: lettre::transport::smtp::Error) -> CallError {
    let retryable = error.is_transient() || error.is_timeout();
    let mut message = format!("the mail server refused or failed: {error}");
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        message.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    CallError::Failed {
        message,
        retryable: retryable && !error.is_permanent(),
    }
}
