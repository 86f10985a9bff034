//! The app catalog: every app a person may use, with what they need to pick one — and, for one
//! app, the form it is used through.

use std::collections::BTreeMap;

use paddock_core::publishing::InterfaceKind;
use paddock_core::upload::describe_size;
use paddock_core::workflow::definition::InputType;
use paddock_store::{Store, deployments, workspaces};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{App, open_to};
use crate::ServiceError;
use crate::auth::Principal;

/// An app in the catalog.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppSummary {
    pub workspace: String,
    pub workspace_name: String,
    pub name: String,
    pub description: String,
    /// The environment it is served from.
    pub environment: String,
    pub version: u64,
    /// The interfaces open to the caller: `form`, `batch`, `api`.
    pub interfaces: Vec<InterfaceKind>,
    /// Who cut the version served.
    pub owner: Option<String>,
    /// When the version served was deployed.
    pub updated_at: String,
    /// Set while the app is paused.
    pub frozen: bool,
}

/// One input of an app's form.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppInput {
    pub name: String,
    /// `string`, `number`, `integer`, `boolean`, `enum`, `date`, `file`, `object` or `list`.
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    pub default: Option<Value>,
    pub description: Option<String>,
    /// The choices of an `enum`.
    pub values: Option<Vec<String>>,
    /// The type of a `list`'s items.
    pub items: Option<String>,
    /// For a file: the kinds it accepts (media types, families, extensions); none: any.
    pub accept: Option<Vec<String>>,
    /// For a file: the largest it accepts, in bytes and in words.
    pub max_bytes: Option<u64>,
    pub max_size: Option<String>,
    /// How sensitive the value is, e.g. `confidential/pii`.
    pub label: String,
}

/// An app with the form it is used through.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppDetail {
    #[serde(flatten)]
    pub summary: AppSummary,
    pub inputs: Vec<AppInput>,
    /// The names of its outputs.
    pub outputs: Vec<String>,
}

fn summary(app: &App, interfaces: Vec<InterfaceKind>) -> AppSummary {
    AppSummary {
        workspace: app.workspace.slug.to_string(),
        workspace_name: app.workspace.name.to_string(),
        name: app.name.clone(),
        description: app.description().to_owned(),
        environment: app.environment.slug.to_string(),
        version: app.version.number,
        interfaces,
        owner: app.version.created_by_email.clone(),
        updated_at: app.deployment.deployed_at.to_rfc3339(),
        frozen: app.deployment.frozen.is_some(),
    }
}

/// The app with its form, for someone it is published to.
pub fn detail(app: &App, interfaces: Vec<InterfaceKind>) -> AppDetail {
    let definition = &app.checked.workflow.definition;
    let inputs = definition
        .inputs
        .iter()
        .map(|(name, spec)| {
            let file = spec.kind == InputType::File;
            let max = file.then(|| super::uploads::max_bytes(spec));
            AppInput {
                name: name.clone(),
                kind: spec.kind.as_str().to_owned(),
                required: spec.required,
                default: spec.default.clone(),
                description: spec.description.clone(),
                values: spec.values.clone(),
                items: spec.items.map(|items| items.as_str().to_owned()),
                accept: spec.accept.clone(),
                max_bytes: max,
                max_size: max.map(describe_size),
                label: spec.label.clone().unwrap_or_else(|| "internal".to_owned()),
            }
        })
        .collect();
    let mut outputs: Vec<String> = definition.outputs.keys().cloned().collect();
    for step in definition.steps.iter().filter(|step| step.uses == "output") {
        let named = step.with.get("values").and_then(Value::as_object);
        outputs.extend(named.into_iter().flat_map(|values| values.keys().cloned()));
    }
    AppDetail {
        summary: summary(app, interfaces),
        inputs,
        outputs,
    }
}

/// Every app `by` may use through some interface, with `search` (if any) in its name,
/// description or workspace, by workspace and name.
pub async fn list(
    store: &Store,
    by: &Principal,
    search: Option<&str>,
) -> Result<Vec<AppSummary>, ServiceError> {
    let needle = search
        .map(|text| text.trim().to_lowercase())
        .filter(|text| !text.is_empty());
    let mut conn = store.acquire().await?;
    // One app per workflow: served from the last environment of the chain it is published in.
    let mut published: BTreeMap<(String, String), (String, i64)> = BTreeMap::new();
    let chain = workspaces::list_environments(&mut conn).await?;
    for live in deployments::all_live(&mut conn).await? {
        if super::interfaces_of(&live.interfaces).is_empty() {
            continue;
        }
        let Some(environment) = chain
            .iter()
            .find(|environment| environment.id == live.environment)
        else {
            continue;
        };
        let Some(workspace) = workspaces::find_workspace_by_id(&mut conn, live.workspace).await?
        else {
            continue;
        };
        let key = (workspace.slug.to_string(), live.workflow_name.clone());
        let candidate = (environment.slug.to_string(), environment.position);
        published
            .entry(key)
            .and_modify(|best| {
                if candidate.1 > best.1 {
                    *best = candidate.clone();
                }
            })
            .or_insert(candidate);
    }
    drop(conn);
    let mut apps = Vec::new();
    for ((workspace, name), (environment, _)) in published {
        // One app that cannot be read (its version no longer validates) hides only itself.
        let app = match super::find(store, &workspace, &name, Some(&environment)).await {
            Ok(app) => app,
            Err(ServiceError::Internal(why)) => {
                tracing::error!(%workspace, app = %name, %why, "a published app cannot be read");
                continue;
            }
            // Published a moment ago on another node, and not yet heard of here.
            Err(ServiceError::NotFound(_)) => continue,
            Err(other) => return Err(other),
        };
        let open = open_to(by, &app);
        if open.is_empty() {
            continue;
        }
        let listed = summary(&app, open);
        let matches = needle.as_deref().is_none_or(|needle| {
            [
                &listed.name,
                &listed.description,
                &listed.workspace,
                &listed.workspace_name,
            ]
            .iter()
            .any(|field| field.to_lowercase().contains(needle))
        });
        if matches {
            apps.push(listed);
        }
    }
    Ok(apps)
}
