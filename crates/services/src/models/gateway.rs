//! How runs call models: by registry name, within what the registry allows the run's
//! workspace — the model switched on, the workspace allowed, the month's token budget not used
//! up and the prompt within the context limit, all checked before the provider is called — and
//! with every call's tokens and cost counted against the workspace.

use paddock_core::audit::Action;
use paddock_core::ids::WorkspaceId;
use paddock_core::model::{ModelError, ModelRequest, ModelResponse, Provider};
use paddock_core::time::Timestamp;
use paddock_engine::builtin;
use paddock_engine::models::Models;
use paddock_integrations::models::{ProviderClient, ProviderModel};
use paddock_integrations::secrets::Keyring;
use paddock_store::Store;
use paddock_store::models::{self, Model};

use super::credential_context;
use crate::audit::Target as AuditTarget;
use crate::policy::RunPlace;

/// Calls registered models. Cheap to clone; one per process.
#[derive(Clone)]
pub struct ModelGateway {
    store: Store,
    keyring: Keyring,
    providers: ProviderClient,
}

impl ModelGateway {
    pub fn new(store: Store, keyring: Keyring, providers: ProviderClient) -> Self {
        ModelGateway {
            store,
            keyring,
            providers,
        }
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The models as one run sees them.
    pub fn for_run<'a>(&'a self, place: &'a RunPlace) -> RunModels<'a> {
        RunModels {
            gateway: self,
            place,
        }
    }
}

/// The models one run may call: those its workspace may use, for data they are cleared for.
pub struct RunModels<'a> {
    gateway: &'a ModelGateway,
    place: &'a RunPlace,
}

fn unavailable(error: &paddock_store::StoreError) -> ModelError {
    ModelError::transient(
        format!(
            "the model registry could not be read: {}",
            paddock_core::report::error_chain(error)
        ),
        None,
    )
}

impl Models for RunModels<'_> {
    async fn complete(
        &self,
        step: &str,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        let store = &self.gateway.store;
        let workspace = self.place.workspace;
        let month = Timestamp::now().month();
        let estimate = request.estimated_input_tokens();
        let model = {
            let mut conn = store.acquire().await.map_err(|e| unavailable(&e))?;
            let model = models::find(&mut conn, &request.model)
                .await
                .map_err(|e| unavailable(&e))?
                .ok_or_else(|| {
                    ModelError::fatal(format!(
                        "there is no model '{}'; pick one of the registered models, or ask an administrator to add it",
                        request.model
                    ))
                })?;
            let used = models::monthly_usage(&mut conn, model.id, workspace, &month)
                .await
                .map_err(|e| unavailable(&e))?;
            admit(&model, workspace, used.tokens(), &request)?;
            model
        };
        self.check_clearance(step, &model, &request).await?;
        let mut response = self.gateway.call(&model, request).await?;
        if response.usage.total_tokens() == 0 {
            // Some servers (vLLM, Ollama) may not report usage: count what was surely used, so
            // budgets still bind.
            response.usage.input_tokens = estimate;
            response.usage.output_tokens = response.text.len().div_ceil(3) as u64;
        }
        response.usage.cost_micros = Some(model.settings.prices.cost_micros(response.usage));
        let counted = async {
            let mut conn = store.writer().await?;
            models::record_usage(&mut conn, model.id, workspace, &month, response.usage).await
        };
        if let Err(error) = counted.await {
            // The provider has answered (and charged); failing the step now would only make the
            // run pay again. The miss is logged for the operator.
            tracing::error!(model = %model.settings.name, error = %paddock_core::report::error_chain(&error), "a model call's tokens could not be counted");
        }
        Ok(response)
    }
}

impl RunModels<'_> {
    /// Whether the model is cleared for what the step sends it (the label the static check
    /// found, raised when personal data turns up in the prompt); a refusal is audited.
    async fn check_clearance(
        &self,
        step: &str,
        model: &Model,
        request: &ModelRequest,
    ) -> Result<(), ModelError> {
        let sent = match &request.system {
            Some(system) => format!("{system}\n{}", request.prompt),
            None => request.prompt.clone(),
        };
        let label = self.place.label_sent(step, &sent);
        let clearance = &model.settings.clearance;
        if clearance.admits(&label) {
            return Ok(());
        }
        let name = model.settings.name.as_str();
        let why = format!(
            "step {step} sends {label} data to the model {name}, which is cleared only for {clearance}"
        );
        let details = [("model", name), ("reason", why.as_str())];
        let target = AuditTarget::model(model.id, name);
        let store = &self.gateway.store;
        if self
            .place
            .passes_by_exception(store, target.clone(), step, &details)
            .await
            .map_err(|error| unavailable(&error))?
        {
            return Ok(());
        }
        self.place
            .record_refusal(store, Action::ModelBlocked, target, step, &details)
            .await;
        Err(ModelError::fatal(format!("blocked by policy: {why}")))
    }
}

impl ModelGateway {
    /// Sends `request` to the model, in process or to its provider, with no check of the
    /// registry's rules.
    async fn call(
        &self,
        model: &Model,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        match model.settings.provider {
            Provider::Builtin => Ok(builtin::answer(&request)),
            Provider::Openai | Provider::Anthropic => {
                let provider = self.provider_model(model)?;
                self.providers.complete(&provider, &request).await
            }
        }
    }

    /// The model as the provider code needs it, its credential opened.
    fn provider_model(&self, model: &Model) -> Result<ProviderModel, ModelError> {
        let settings = &model.settings;
        let not_set_up = |what: &str| {
            ModelError::fatal(format!(
                "the model '{}' has no {what} yet; an administrator sets it under Admin → Models",
                settings.name
            ))
        };
        let endpoint = settings
            .endpoint
            .as_deref()
            .ok_or_else(|| not_set_up("endpoint"))?;
        let endpoint = url::Url::parse(endpoint).map_err(|_| not_set_up("valid endpoint"))?;
        let model_id = settings
            .model_id
            .clone()
            .ok_or_else(|| not_set_up("model id"))?;
        let api_key = settings
            .sealed_credential
            .as_deref()
            .map(|sealed| self.keyring.open(sealed, &credential_context(model.id)))
            .transpose()
            .map_err(|e| {
                ModelError::fatal(format!(
                    "the credential of model '{}' cannot be read: {e}",
                    settings.name
                ))
            })?;
        Ok(ProviderModel {
            provider: settings.provider,
            endpoint,
            model_id,
            api_key,
            structured_output: settings.structured_output,
            timeout: settings.timeout,
        })
    }
}

/// Whether `workspace` may send `request` to `model`, having used `used` tokens of it this month.
fn admit(
    model: &Model,
    workspace: WorkspaceId,
    used: u64,
    request: &ModelRequest,
) -> Result<(), ModelError> {
    let settings = &model.settings;
    let name = &settings.name;
    if !settings.enabled {
        return Err(ModelError::fatal(format!(
            "the model '{name}' is switched off by an administrator"
        )));
    }
    let line = settings
        .workspaces
        .iter()
        .find(|l| l.workspace == workspace);
    if !settings.open_to(workspace) {
        return Err(ModelError::fatal(format!(
            "this workspace may not use the model '{name}'; an administrator can allow it under Admin → Models"
        )));
    }
    let estimate = request.estimated_input_tokens();
    if let Some(limit) = settings.context_limit
        && estimate + u64::from(request.max_tokens.unwrap_or(0)) > limit
    {
        return Err(ModelError::fatal(format!(
            "the request (about {estimate} tokens, plus up to {} for the answer) is longer than the {limit}-token context of '{name}'",
            request.max_tokens.unwrap_or(0)
        )));
    }
    let budget = line
        .and_then(|l| l.monthly_token_budget)
        .or(settings.monthly_token_budget);
    if let Some(budget) = budget {
        let needed = estimate + u64::from(request.max_tokens.unwrap_or(0));
        if used.saturating_add(needed) > budget {
            return Err(ModelError::fatal(format!(
                "this workspace's monthly budget for '{name}' would be exceeded: {used} of {budget} tokens used this month, and this call needs about {needed}"
            )));
        }
    }
    Ok(())
}

/// What trying a model gave: its answer or why it failed, and how long it took.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ModelTrial {
    pub ok: bool,
    pub answer: Option<String>,
    pub error: Option<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub latency_ms: u64,
}

/// The prompt of "test this model": short, and answered in a word by any model.
const TRIAL_PROMPT: &str = "Reply with the single word: ready.";

impl ModelGateway {
    /// Sends the model a tiny request to check its endpoint, model id and credential. Not
    /// counted against any workspace's budget; a switched-off model is tried all the same.
    pub async fn try_model(&self, name: &str) -> Result<ModelTrial, crate::ServiceError> {
        let model = {
            let mut conn = self.store.acquire().await?;
            models::find(&mut conn, name)
                .await?
                .ok_or_else(super::no_such_model)?
        };
        let request = ModelRequest {
            model: name.to_owned(),
            system: None,
            prompt: TRIAL_PROMPT.to_owned(),
            response_schema: None,
            source_text: None,
            max_tokens: Some(5),
            temperature: Some(0.0),
        };
        let started = std::time::Instant::now();
        let answered = self.call(&model, request).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok(match answered {
            Ok(response) => ModelTrial {
                ok: true,
                answer: Some(response.text),
                error: None,
                input_tokens: response.usage.input_tokens,
                output_tokens: response.usage.output_tokens,
                latency_ms,
            },
            Err(error) => ModelTrial {
                ok: false,
                answer: None,
                error: Some(error.message),
                input_tokens: 0,
                output_tokens: 0,
                latency_ms,
            },
        })
    }
}
