//! The model registry, administered: which models exist, how each is reached (its credential
//! sealed at rest and never shown again), what it costs, which workspaces may use it and how
//! many tokens a month each may spend. [`gateway`] is how runs call them.

pub mod gateway;

use std::time::Duration;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::ModelId;
use paddock_core::label::Clearance;
use paddock_core::model::{Prices, Provider, StructuredOutput};
use paddock_core::time::Timestamp;
use paddock_core::values::Slug;
use paddock_core::{Permission, Scope};
use paddock_integrations::secrets::Keyring;
use paddock_store::models::{self, Model, ModelSettings, ModelWorkspace, MonthlyUsage};
use paddock_store::{Connection, Store, workspaces};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::forms::text;

const MAX_DESCRIPTION_CHARS: usize = 500;
const MAX_MODEL_ID_CHARS: usize = 200;
const MAX_CREDENTIAL_CHARS: usize = 4096;
const MAX_ENDPOINT_CHARS: usize = 2048;
const MAX_TIMEOUT_SECONDS: u64 = 600;
const DEFAULT_TIMEOUT_SECONDS: u64 = 120;
/// A million dollars per million tokens: anything above is a typing mistake.
const MAX_PRICE_USD: f64 = 1_000_000.0;
const MAX_TOKENS: u64 = 1_000_000_000_000;

/// What an administrator sets on a model. On a change, an absent `credential` keeps the one
/// stored and an empty one removes it.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelForm {
    /// How workflows name the model (`model: hosted-general`).
    #[schema(example = "hosted-general")]
    pub name: String,
    pub provider: Provider,
    #[serde(default)]
    pub description: String,
    /// The provider's base URL: `https://api.openai.com/v1`, `http://localhost:11434/v1`,
    /// `https://api.anthropic.com`. Not for the built-in model.
    #[schema(example = "https://api.openai.com/v1")]
    pub endpoint: Option<String>,
    /// The provider's name for the model. Not for the built-in model.
    #[schema(example = "gpt-4o-mini")]
    pub model_id: Option<String>,
    /// The API key; write-only.
    pub credential: Option<String>,
    #[serde(default)]
    pub structured_output: StructuredOutput,
    /// The most tokens one request may hold; longer prompts fail before they are sent.
    pub context_limit: Option<u64>,
    pub timeout_seconds: Option<u64>,
    /// US dollars per million input tokens.
    #[serde(default)]
    pub input_price_per_million: f64,
    /// US dollars per million output tokens.
    #[serde(default)]
    pub output_price_per_million: f64,
    /// Every workspace may use the model; otherwise only those listed.
    #[serde(default)]
    pub all_workspaces: bool,
    /// Tokens a month each workspace may use, unless its own line says otherwise.
    pub monthly_token_budget: Option<u64>,
    #[serde(default)]
    pub workspaces: Vec<WorkspaceLine>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// What data the model may receive: a level, and the categories it may receive (`*` for
    /// all), e.g. `internal`, `confidential/pii`, `restricted/*`. When omitted, a change keeps
    /// the model's clearance; a new model gets `restricted/*` if it is the built-in model (it
    /// runs inside Paddock), `internal` otherwise.
    #[schema(example = "internal")]
    pub clearance: Option<String>,
}

impl std::fmt::Debug for ModelForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelForm")
            .field("name", &self.name)
            .field("provider", &self.provider)
            .field("endpoint", &self.endpoint)
            .field("credential", &self.credential.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

fn enabled_by_default() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceLine {
    #[schema(example = "claims")]
    pub workspace: String,
    /// This workspace's own monthly token budget.
    pub monthly_token_budget: Option<u64>,
}

/// A model as administrators see it: everything but the credential, and this month's use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelView {
    pub id: String,
    pub name: String,
    pub provider: Provider,
    pub description: String,
    pub endpoint: Option<String>,
    pub model_id: Option<String>,
    pub credential_set: bool,
    pub structured_output: StructuredOutput,
    pub context_limit: Option<u64>,
    pub timeout_seconds: u64,
    pub input_price_per_million: f64,
    pub output_price_per_million: f64,
    pub all_workspaces: bool,
    pub monthly_token_budget: Option<u64>,
    pub workspaces: Vec<WorkspaceLine>,
    pub enabled: bool,
    /// What data the model may receive, e.g. `internal` or `restricted/*`.
    #[schema(example = "internal")]
    pub clearance: String,
    /// Whether the model can be called: enabled, and a remote one has its endpoint and model id.
    pub ready: bool,
    /// The calendar month (UTC) `usage` counts.
    #[schema(example = "2026-11")]
    pub month: String,
    pub usage: Vec<WorkspaceUsage>,
    pub created_at: String,
    pub updated_at: String,
}

/// One workspace's use of a model this month, against its budget.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkspaceUsage {
    pub workspace: String,
    pub calls: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// US dollars.
    pub cost: f64,
    /// The budget that applies, in tokens; none: no limit.
    pub monthly_token_budget: Option<u64>,
}

fn no_such_model() -> ServiceError {
    ServiceError::NotFound("There is no such model.".to_owned())
}

/// The context the credential is sealed to: it opens only on this model's record.
fn credential_context(id: ModelId) -> String {
    crate::secrets::sealing_context(paddock_store::secrets::SecretOwner::Model, &id.to_string())
}

fn usd_to_micros(field: &'static str, usd: f64) -> Result<u64, ServiceError> {
    if !usd.is_finite() || !(0.0..=MAX_PRICE_USD).contains(&usd) {
        return Err(ServiceError::invalid(
            field,
            format!("a price is between 0 and {MAX_PRICE_USD} dollars per million tokens"),
        ));
    }
    Ok((usd * 1_000_000.0).round() as u64)
}

fn micros_to_usd(micros: u64) -> f64 {
    micros as f64 / 1_000_000.0
}

fn tokens(field: &'static str, value: Option<u64>) -> Result<Option<u64>, ServiceError> {
    match value {
        Some(n) if n == 0 || n > MAX_TOKENS => Err(ServiceError::invalid(
            field,
            format!("give a number of tokens from 1 to {MAX_TOKENS}, or nothing for no limit"),
        )),
        other => Ok(other),
    }
}

fn endpoint(raw: Option<String>) -> Result<Option<String>, ServiceError> {
    let Some(raw) = text("endpoint", raw, MAX_ENDPOINT_CHARS)? else {
        return Ok(None);
    };
    let url = url::Url::parse(&raw)
        .map_err(|e| ServiceError::invalid("endpoint", format!("'{raw}' is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ServiceError::invalid(
            "endpoint",
            "the endpoint is an http:// or https:// address",
        ));
    }
    let foreign_query = url.query_pairs().any(|(name, _)| name != "api-version");
    if !url.username().is_empty()
        || url.password().is_some()
        || url.fragment().is_some()
        || foreign_query
    {
        return Err(ServiceError::invalid(
            "endpoint",
            "put the API key in the credential, not in the address (its query may hold only api-version)",
        ));
    }
    Ok(Some(url.to_string()))
}

/// Scheme, host and port of an endpoint: where a credential is sent.
fn origin(endpoint: Option<&str>) -> Option<String> {
    let url = url::Url::parse(endpoint?).ok()?;
    Some(url.origin().ascii_serialization())
}

/// Parses the form into settings, the credential still in clear (`None`: keep the stored one).
async fn parse(
    conn: &mut Connection,
    form: ModelForm,
) -> Result<(ModelSettings, Option<String>), ServiceError> {
    let name = Slug::parse(form.name.trim()).map_err(|e| ServiceError::invalid("name", e))?;
    let description =
        text("description", Some(form.description), MAX_DESCRIPTION_CHARS)?.unwrap_or_default();
    let endpoint = endpoint(form.endpoint)?;
    let model_id = text("model_id", form.model_id, MAX_MODEL_ID_CHARS)?;
    let credential = match form.credential {
        None => None,
        Some(raw) => Some(text("credential", Some(raw), MAX_CREDENTIAL_CHARS)?.unwrap_or_default()),
    };
    if !form.provider.is_remote()
        && (endpoint.is_some()
            || model_id.is_some()
            || credential.as_deref().is_some_and(|c| !c.is_empty()))
    {
        return Err(ServiceError::invalid(
            "provider",
            "the built-in model runs inside Paddock: it has no endpoint, model id or credential",
        ));
    }
    let timeout_seconds = form.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    if !(1..=MAX_TIMEOUT_SECONDS).contains(&timeout_seconds) {
        return Err(ServiceError::invalid(
            "timeout_seconds",
            format!("a timeout is from 1 to {MAX_TIMEOUT_SECONDS} seconds"),
        ));
    }
    let mut lines: Vec<ModelWorkspace> = Vec::new();
    for line in form.workspaces {
        let slug = Slug::parse(line.workspace.trim())
            .map_err(|e| ServiceError::invalid("workspaces", e))?;
        let workspace = workspaces::find_workspace(conn, &slug)
            .await?
            .ok_or_else(|| {
                ServiceError::invalid("workspaces", format!("there is no workspace '{slug}'"))
            })?;
        if lines.iter().any(|l| l.workspace == workspace.id) {
            return Err(ServiceError::invalid(
                "workspaces",
                format!("'{slug}' is listed twice"),
            ));
        }
        lines.push(ModelWorkspace {
            workspace: workspace.id,
            slug,
            monthly_token_budget: tokens("workspaces", line.monthly_token_budget)?,
        });
    }
    let clearance = match form.clearance.as_deref().map(str::trim) {
        Some(raw) => Clearance::parse(raw).map_err(|e| ServiceError::invalid("clearance", e))?,
        None if !form.provider.is_remote() => Clearance::parse("restricted/*").expect("valid"),
        None => Clearance::parse("internal").expect("valid"),
    };
    crate::labels::require_known_clearance(conn, "clearance", &clearance).await?;
    let settings = ModelSettings {
        name,
        provider: form.provider,
        description,
        endpoint,
        model_id,
        sealed_credential: None,
        structured_output: form.structured_output,
        context_limit: tokens("context_limit", form.context_limit)?,
        timeout: Duration::from_secs(timeout_seconds),
        prices: Prices {
            input_micros_per_million: usd_to_micros(
                "input_price_per_million",
                form.input_price_per_million,
            )?,
            output_micros_per_million: usd_to_micros(
                "output_price_per_million",
                form.output_price_per_million,
            )?,
        },
        all_workspaces: form.all_workspaces,
        monthly_token_budget: tokens("monthly_token_budget", form.monthly_token_budget)?,
        workspaces: lines,
        enabled: form.enabled,
        clearance,
    };
    Ok((settings, credential))
}

/// What the audit trail says of a model's settings: everything but the credential itself.
fn summary(settings: &ModelSettings, credential_changed: bool) -> serde_json::Value {
    json!({
        "provider": settings.provider,
        "endpoint": settings.endpoint,
        "model_id": settings.model_id,
        "credential_changed": credential_changed,
        "input_price_micros_per_million": settings.prices.input_micros_per_million,
        "output_price_micros_per_million": settings.prices.output_micros_per_million,
        "all_workspaces": settings.all_workspaces,
        "monthly_token_budget": settings.monthly_token_budget,
        "workspaces": settings.workspaces.iter().map(|line| json!({
            "workspace": line.slug.as_str(),
            "monthly_token_budget": line.monthly_token_budget,
        })).collect::<Vec<_>>(),
        "enabled": settings.enabled,
        "clearance": settings.clearance.to_string(),
    })
}

/// Whether a remote model has what it takes to be called: its endpoint and model id.
fn reachable(settings: &ModelSettings) -> bool {
    !settings.provider.is_remote() || (settings.endpoint.is_some() && settings.model_id.is_some())
}

async fn view(conn: &mut Connection, model: Model) -> Result<ModelView, ServiceError> {
    let month = Timestamp::now().month();
    let usage = models::usage_by_workspace(conn, model.id, &month).await?;
    let settings = model.settings;
    let budget_of = |slug: &Slug| {
        settings
            .workspaces
            .iter()
            .find(|line| &line.slug == slug)
            .and_then(|line| line.monthly_token_budget)
            .or(settings.monthly_token_budget)
    };
    let usage = usage
        .into_iter()
        .map(|(slug, used): (Slug, MonthlyUsage)| WorkspaceUsage {
            monthly_token_budget: budget_of(&slug),
            workspace: slug.to_string(),
            calls: used.calls,
            input_tokens: used.input_tokens,
            output_tokens: used.output_tokens,
            cost: micros_to_usd(used.cost_micros),
        })
        .collect();
    let ready = settings.enabled && reachable(&settings);
    Ok(ModelView {
        id: model.id.to_string(),
        name: settings.name.to_string(),
        provider: settings.provider,
        description: settings.description,
        endpoint: settings.endpoint,
        model_id: settings.model_id,
        credential_set: settings.sealed_credential.is_some(),
        structured_output: settings.structured_output,
        context_limit: settings.context_limit,
        timeout_seconds: settings.timeout.as_secs(),
        input_price_per_million: micros_to_usd(settings.prices.input_micros_per_million),
        output_price_per_million: micros_to_usd(settings.prices.output_micros_per_million),
        all_workspaces: settings.all_workspaces,
        monthly_token_budget: settings.monthly_token_budget,
        workspaces: settings
            .workspaces
            .iter()
            .map(|line| WorkspaceLine {
                workspace: line.slug.to_string(),
                monthly_token_budget: line.monthly_token_budget,
            })
            .collect(),
        enabled: settings.enabled,
        clearance: settings.clearance.to_string(),
        ready,
        month,
        usage,
        created_at: model.created_at.to_rfc3339(),
        updated_at: model.updated_at.to_rfc3339(),
    })
}

pub async fn list(store: &Store) -> Result<Vec<ModelView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut all = Vec::new();
    for model in models::list(&mut conn).await? {
        all.push(view(&mut conn, model).await?);
    }
    Ok(all)
}

pub async fn get(store: &Store, name: &str) -> Result<ModelView, ServiceError> {
    let mut conn = store.acquire().await?;
    let model = models::find(&mut conn, name)
        .await?
        .ok_or_else(no_such_model)?;
    view(&mut conn, model).await
}

pub async fn create(
    store: &Store,
    keyring: &Keyring,
    context: &RequestContext,
    by: &Principal,
    form: ModelForm,
) -> Result<ModelView, ServiceError> {
    let mut tx = store.begin().await?;
    let (mut settings, credential) = parse(&mut tx, form).await?;
    let credential = credential.filter(|c| !c.is_empty());
    let mut model = models::insert(&mut tx, &settings).await?;
    if let Some(credential) = &credential {
        settings.sealed_credential = Some(keyring.seal(credential, &credential_context(model.id)));
        models::update(&mut tx, model.id, &settings).await?;
        model.settings = settings;
    }
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ModelCreated,
        target: Some(Target::model(model.id, model.settings.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: summary(&model.settings, credential.is_some()),
    };
    record(&mut tx, context, entry).await?;
    let view = view(&mut tx, model).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a model's settings; its credential is kept unless the form sets or clears it.
pub async fn update(
    store: &Store,
    keyring: &Keyring,
    context: &RequestContext,
    by: &Principal,
    name: &str,
    form: ModelForm,
) -> Result<ModelView, ServiceError> {
    let mut tx = store.begin().await?;
    let existing = models::find(&mut tx, name)
        .await?
        .ok_or_else(no_such_model)?;
    // A change that leaves the clearance out keeps it; the defaults are for new models.
    let keep_clearance = form.clearance.is_none();
    let (mut settings, credential) = parse(&mut tx, form).await?;
    if keep_clearance {
        settings.clearance = existing.settings.clearance.clone();
    }
    let moved = settings.provider != existing.settings.provider
        || origin(settings.endpoint.as_deref()) != origin(existing.settings.endpoint.as_deref());
    if moved && credential.is_none() && existing.settings.sealed_credential.is_some() {
        return Err(ServiceError::invalid(
            "credential",
            "the model now goes to another provider or server: enter its API key again (the stored one is only ever sent where it was set for)",
        ));
    }
    let credential_changed = credential.is_some();
    settings.sealed_credential = match credential {
        None if settings.provider.is_remote() => existing.settings.sealed_credential.clone(),
        None => None,
        Some(clear) if clear.is_empty() => None,
        Some(credential) => Some(keyring.seal(&credential, &credential_context(existing.id))),
    };
    models::update(&mut tx, existing.id, &settings).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ModelUpdated,
        target: Some(Target::model(existing.id, settings.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "previous_name": existing.settings.name.as_str(),
            "settings": summary(&settings, credential_changed),
        }),
    };
    record(&mut tx, context, entry).await?;
    let model = Model {
        settings,
        updated_at: Timestamp::now(),
        ..existing
    };
    let view = view(&mut tx, model).await?;
    tx.commit().await?;
    Ok(view)
}

/// Removes a model. Runs that name it afterwards fail with a clear error; its usage counters go
/// with it, while run records keep the tokens and cost of every call.
pub async fn delete(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    name: &str,
) -> Result<(), ServiceError> {
    let mut tx = store.begin().await?;
    let existing = models::find(&mut tx, name)
        .await?
        .ok_or_else(no_such_model)?;
    models::delete(&mut tx, existing.id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ModelDeleted,
        target: Some(Target::model(existing.id, existing.settings.name.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "provider": existing.settings.provider }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A model as builders see it when they pick one: what it is and what it may receive.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UsableModel {
    #[schema(example = "hosted-general")]
    pub name: String,
    pub provider: Provider,
    pub description: String,
    /// What data the model may receive, e.g. `internal` or `restricted/*`.
    #[schema(example = "internal")]
    pub clearance: String,
    /// Whether it can be called now: a remote model needs its endpoint and model id.
    pub ready: bool,
    /// US dollars per million input tokens.
    pub input_price_per_million: f64,
    /// US dollars per million output tokens.
    pub output_price_per_million: f64,
}

/// The models open to a workspace's workflows and switched on: what its builders may pick.
pub async fn usable(
    store: &Store,
    by: &Principal,
    workspace: &str,
) -> Result<Vec<UsableModel>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = crate::workspaces::by_slug(&mut conn, workspace).await?;
    by.require(Permission::EditWorkflows, Scope::Workspace(found.id))?;
    Ok(models::list(&mut conn)
        .await?
        .into_iter()
        .map(|model| model.settings)
        .filter(|settings| settings.enabled && settings.open_to(found.id))
        .map(|settings| UsableModel {
            ready: reachable(&settings),
            name: settings.name.to_string(),
            provider: settings.provider,
            description: settings.description,
            clearance: settings.clearance.to_string(),
            input_price_per_million: micros_to_usd(settings.prices.input_micros_per_million),
            output_price_per_million: micros_to_usd(settings.prices.output_micros_per_million),
        })
        .collect())
}
