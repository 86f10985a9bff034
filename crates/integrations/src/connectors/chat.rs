//! Chat webhooks: Slack and Microsoft Teams incoming webhooks. The webhook's address is the
//! credential — whoever has it can post — so it is sealed like any secret and never shown; the
//! one action, `post_message`, sends a title and a text.

use paddock_core::connection::{Access, HostRule};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::http::{Outgoing, client, send};
use super::{ActionSpec, Call, CallError, Target, validate_input};

const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatService {
    Slack,
    Teams,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatConfig {
    pub service: ChatService,
}

impl ChatConfig {
    pub fn parse(settings: &Value) -> Result<Self, String> {
        serde_path_to_error::deserialize(settings)
            .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))
    }

    /// Where the service's webhooks live; other hosts go in the connection's allowlist.
    pub fn homes(&self) -> Vec<HostRule> {
        let hosts: &[&str] = match self.service {
            ChatService::Slack => &["hooks.slack.com:443"],
            ChatService::Teams => &["*.webhook.office.com:443", "*.logic.azure.com:443"],
        };
        hosts
            .iter()
            .filter_map(|h| HostRule::parse(h).ok())
            .collect()
    }
}

pub fn post_action() -> ActionSpec {
    ActionSpec {
        name: "post_message".to_owned(),
        access: Access::Write,
        description: "Posts a message to the channel of the webhook.".to_owned(),
        input_schema: json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["text"],
            "properties": {
                "title": { "type": "string", "maxLength": 200 },
                "text": { "type": "string", "maxLength": 30000 },
            },
        }),
    }
}

/// The message as the service expects it.
fn body(service: ChatService, title: Option<&str>, text: &str) -> Value {
    match service {
        ChatService::Slack => {
            let text = match title {
                Some(title) => format!("*{title}*\n{text}"),
                None => text.to_owned(),
            };
            json!({ "text": text })
        }
        ChatService::Teams => {
            let mut blocks = Vec::new();
            if let Some(title) = title {
                blocks.push(json!({ "type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": true }));
            }
            blocks.push(json!({ "type": "TextBlock", "text": text, "wrap": true }));
            json!({
                "type": "message",
                "attachments": [{
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": blocks,
                    },
                }],
            })
        }
    }
}

fn webhook_url(target: &Target) -> Result<Url, CallError> {
    let secret = target
        .secret
        .as_deref()
        .ok_or_else(|| CallError::Invalid(format!("{} has no webhook address set", target.name)))?;
    Url::parse(secret.trim()).map_err(|_| {
        CallError::Invalid(format!(
            "the webhook address of {} is not an address",
            target.name
        ))
    })
}

pub async fn post(
    target: &Target,
    config: &ChatConfig,
    call: Call<'_>,
) -> Result<Value, CallError> {
    let spec = post_action();
    if call.action != spec.name {
        return Err(CallError::Invalid(format!(
            "{} has no action {}",
            target.name, call.action
        )));
    }
    validate_input(&spec.name, &spec.input_schema, call.input)?;
    let title = call.input.get("title").and_then(Value::as_str);
    let text = call
        .input
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let outgoing = Outgoing {
        method: Method::POST,
        url: webhook_url(target)?,
        headers: HeaderMap::new(),
        body: Some(body(config.service, title, text)),
    };
    let (status, answer) = send(target, &client(target, TIMEOUT)?, outgoing).await?;
    if status.is_success() {
        return Ok(json!({ "status": status.as_u16() }));
    }
    // Cut short after the secrets are scrubbed from it (Connectors::call).
    let detail = match answer {
        Value::String(text) => text,
        other => other.to_string(),
    };
    Err(CallError::Failed {
        message: format!("the chat service answered {status}: {detail}"),
        retryable: status.is_server_error() || status.as_u16() == 429,
    })
}

/// A webhook cannot be asked anything without posting; the test checks the address is one
/// the connection may reach.
pub fn test(target: &Target) -> Result<String, CallError> {
    let url = webhook_url(target)?;
    super::guard::check_url(&url, &target.allowlist(), &target.allowed_ranges)?;
    Ok(format!(
        "the webhook address is set and allowed ({}); nothing was posted",
        url.host_str().unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_take_each_services_shape() {
        assert_eq!(
            body(ChatService::Slack, Some("Outage"), "VPN down"),
            json!({ "text": "*Outage*\nVPN down" })
        );
        let teams = body(ChatService::Teams, None, "VPN down");
        assert_eq!(
            teams["attachments"][0]["content"]["body"][0]["text"],
            "VPN down"
        );
        assert!(ChatConfig::parse(&json!({ "service": "discord" })).is_err());
    }
}
