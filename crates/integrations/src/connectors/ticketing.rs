//! Ticketing presets: Jira, ServiceNow and Zendesk over their REST APIs, with the same four
//! actions — create, update, comment, fetch — so a workflow can move from one system to another
//! by binding its alias elsewhere. Each preset is an HTTP configuration with its actions written
//! here; calls go through the HTTP connector and its SSRF defence.

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{HttpAuth, HttpConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketSystem {
    Jira,
    Servicenow,
    Zendesk,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreset {
    system: TicketSystem,
    base_url: String,
    auth: HttpAuth,
    /// Jira: the project new issues go to.
    #[serde(default)]
    project: Option<String>,
    /// Jira: the type of new issues (`Task` by default).
    #[serde(default)]
    issue_type: Option<String>,
    /// ServiceNow: the table of new records (`incident` by default).
    #[serde(default)]
    table: Option<String>,
    #[serde(default)]
    timeout_seconds: Option<u64>,
}

/// The four actions' inputs.
fn schemas() -> [Value; 4] {
    let id = json!({ "type": ["string", "integer"], "description": "The ticket's key or number" });
    [
        json!({
            "type": "object", "additionalProperties": false, "required": ["title"],
            "properties": { "title": { "type": "string" }, "description": { "type": "string" } },
        }),
        json!({
            "type": "object", "additionalProperties": false, "required": ["id", "fields"],
            "properties": { "id": id, "fields": { "type": "object", "description": "The fields to change, as the system names them" } },
        }),
        json!({
            "type": "object", "additionalProperties": false, "required": ["id", "text"],
            "properties": { "id": id, "text": { "type": "string" } },
        }),
        json!({
            "type": "object", "additionalProperties": false, "required": ["id"],
            "properties": { "id": id },
        }),
    ]
}

/// One action: name, access, method, path, body.
type Action = (
    &'static str,
    &'static str,
    &'static str,
    String,
    Option<Value>,
);

fn actions(raw: &RawPreset) -> Result<Vec<Action>, String> {
    let slug = |value: &str, field: &str| {
        let valid = !value.is_empty()
            && value.len() <= 64
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if valid {
            Ok(value.to_owned())
        } else {
            Err(format!("settings.{field}: letters, digits, '_' and '-'"))
        }
    };
    Ok(match raw.system {
        TicketSystem::Jira => {
            let project = slug(raw.project.as_deref().unwrap_or_default(), "project")?;
            let issue_type = raw.issue_type.clone().unwrap_or_else(|| "Task".to_owned());
            vec![
                (
                    "create",
                    "write",
                    "POST",
                    "/rest/api/2/issue".into(),
                    Some(json!({ "fields": {
                    "project": { "key": project }, "issuetype": { "name": issue_type },
                    "summary": "{{ input.title }}", "description": "{{ input.description | default('') }}",
                } })),
                ),
                (
                    "update",
                    "write",
                    "PUT",
                    "/rest/api/2/issue/{{ input.id }}".into(),
                    Some(json!({ "fields": "{{ input.fields }}" })),
                ),
                (
                    "comment",
                    "write",
                    "POST",
                    "/rest/api/2/issue/{{ input.id }}/comment".into(),
                    Some(json!({ "body": "{{ input.text }}" })),
                ),
                (
                    "fetch",
                    "read",
                    "GET",
                    "/rest/api/2/issue/{{ input.id }}".into(),
                    None,
                ),
            ]
        }
        TicketSystem::Servicenow => {
            let table = slug(raw.table.as_deref().unwrap_or("incident"), "table")?;
            vec![
                (
                    "create",
                    "write",
                    "POST",
                    format!("/api/now/table/{table}"),
                    Some(json!({
                        "short_description": "{{ input.title }}", "description": "{{ input.description | default('') }}",
                    })),
                ),
                (
                    "update",
                    "write",
                    "PATCH",
                    format!("/api/now/table/{table}/{{{{ input.id }}}}"),
                    Some(json!("{{ input.fields }}")),
                ),
                (
                    "comment",
                    "write",
                    "PATCH",
                    format!("/api/now/table/{table}/{{{{ input.id }}}}"),
                    Some(json!({ "comments": "{{ input.text }}" })),
                ),
                (
                    "fetch",
                    "read",
                    "GET",
                    format!("/api/now/table/{table}/{{{{ input.id }}}}"),
                    None,
                ),
            ]
        }
        TicketSystem::Zendesk => vec![
            (
                "create",
                "write",
                "POST",
                "/api/v2/tickets.json".into(),
                Some(json!({ "ticket": {
                "subject": "{{ input.title }}", "comment": { "body": "{{ input.description | default(input.title) }}" },
            } })),
            ),
            (
                "update",
                "write",
                "PUT",
                "/api/v2/tickets/{{ input.id }}.json".into(),
                Some(json!({ "ticket": "{{ input.fields }}" })),
            ),
            (
                "comment",
                "write",
                "PUT",
                "/api/v2/tickets/{{ input.id }}.json".into(),
                Some(json!({ "ticket": {
                "comment": { "body": "{{ input.text }}", "public": false },
            } })),
            ),
            (
                "fetch",
                "read",
                "GET",
                "/api/v2/tickets/{{ input.id }}.json".into(),
                None,
            ),
        ],
    })
}

/// The HTTP configuration a preset stands for.
pub fn parse(settings: &Value) -> Result<HttpConfig, String> {
    let raw: RawPreset = serde_path_to_error::deserialize(settings)
        .map_err(|e| format!("settings.{}: {}", e.path(), e.inner()))?;
    let descriptions = [
        "Opens a ticket with a title and a description.",
        "Changes fields of a ticket.",
        "Adds a comment to a ticket (internal where the system has the notion).",
        "Reads a ticket.",
    ];
    let actions: Vec<Value> = actions(&raw)?
        .into_iter()
        .zip(schemas())
        .zip(descriptions)
        .map(
            |(((name, access, method, path, body), schema), description)| {
                let mut action = json!({
                    "name": name, "access": access, "method": method, "path": path,
                    "description": description, "input_schema": schema,
                });
                if let Some(body) = body {
                    action["body"] = body;
                }
                action
            },
        )
        .collect();
    let mut http = json!({
        "base_url": raw.base_url,
        "auth": serde_json::to_value(&raw.auth).map_err(|e| e.to_string())?,
        "actions": actions,
    });
    if let Some(seconds) = raw.timeout_seconds {
        http["timeout_seconds"] = json!(seconds);
    }
    HttpConfig::parse(&http)
}
