//! How runs call connections, with policy enforced at the sink where addresses, recipients and
//! the actual data are finally known: the alias is resolved to the connection bound in the
//! run's workspace and environment; the workspace must be allowed, the connection switched on,
//! the action permitted; what any action sends must be within the connection's clearance — its
//! label as the static check found it, raised to `pii` when personal data is detected in it.
//! A refusal fails the step with an explanation and is recorded in the audit trail.

use paddock_core::audit::Action;
use paddock_core::connection::{Access, ConnectorKind};
use paddock_core::ids::RunId;
use paddock_core::label::Label;
use paddock_engine::connectors::{Calling, ConnectorCall, Connectors as EngineConnectors};
use paddock_engine::kinds::StepFailure;
use paddock_integrations::connectors::{Call, CallError, Connectors};
use paddock_integrations::secrets::Keyring;
use paddock_store::connections::{self, ConnectionSettings, StoredConnection};
use paddock_store::groups;
use paddock_store::{Store, StoreError};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{permitted_actions, target};
use crate::audit::Target as AuditTarget;
use crate::policy::RunPlace;

/// Connections for runs: the store to resolve bindings, the keyring to open credentials, and
/// the connectors that make the calls. Cheap to clone.
#[derive(Clone)]
pub struct ConnectionGateway {
    store: Store,
    keyring: Keyring,
    connectors: Connectors,
}

impl ConnectionGateway {
    pub fn new(store: Store, keyring: Keyring) -> Self {
        ConnectionGateway {
            store,
            keyring,
            connectors: Connectors::default(),
        }
    }

    pub fn connectors(&self) -> &Connectors {
        &self.connectors
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The connections as one run sees them.
    pub fn for_run<'a>(&'a self, place: &'a RunPlace) -> RunConnections<'a> {
        RunConnections {
            gateway: self,
            place,
        }
    }
}

/// The connections one run may call.
pub struct RunConnections<'a> {
    gateway: &'a ConnectionGateway,
    place: &'a RunPlace,
}

impl EngineConnectors for RunConnections<'_> {
    fn call(&self, call: ConnectorCall) -> Calling<'_> {
        Box::pin(self.perform(call))
    }
}

fn unavailable(error: &StoreError) -> StepFailure {
    StepFailure {
        message: format!(
            "the connection settings could not be read: {}",
            paddock_core::report::error_chain(error)
        ),
        retryable: true,
        retry_after: None,
    }
}

impl RunConnections<'_> {
    async fn perform(&self, call: ConnectorCall) -> Result<Value, StepFailure> {
        let connection = self.resolve(&call).await?;
        let settings = &connection.settings;
        let refuse = |why: String| self.refuse(&call, &connection, why);
        if !settings.open_to(self.place.workspace) {
            return Err(refuse(format!(
                "the connection {} is not open to this workspace",
                settings.name
            ))
            .await);
        }
        if !settings.groups.is_empty() && !self.started_by_member(settings).await? {
            return Err(refuse(format!(
                "the connection {} may be used only by members of its groups, and this run was not started by one",
                settings.name
            ))
            .await);
        }
        if !settings.enabled {
            return Err(refuse(format!(
                "the connection {} is switched off; ask IT to switch it on",
                settings.name
            ))
            .await);
        }
        if call.carried_text.is_some() && settings.kind != ConnectorKind::Files {
            return Err(StepFailure::fatal(format!(
                "step {} puts a document in {}, which is not a file store: name a files connection",
                call.step_id, settings.name
            )));
        }
        let actions = permitted_actions(settings).map_err(|e| StepFailure::fatal(e.to_string()))?;
        let Some(action) = actions.iter().find(|a| a.name == call.action) else {
            return Err(refuse(format!(
                "the action {} of {} is not one workflows may use",
                call.action, settings.name
            ))
            .await);
        };
        // A read sends data too (in its address, its query, its parameters): every action's
        // input is held to the connection's clearance.
        let label = self.label_of(&call, settings.kind);
        if !settings.write_clearance.admits(&label) {
            let why = format!(
                "step {} sends {label} data to {}, which is cleared only for {}",
                call.step_id, settings.name, settings.write_clearance
            );
            let details = [
                ("alias", call.connection.as_str()),
                ("action", call.action.as_str()),
                ("reason", why.as_str()),
            ];
            let target = AuditTarget::connection(connection.id, settings.name.as_str());
            let store = &self.gateway.store;
            if !self
                .place
                .passes_by_exception(store, target, &call.step_key, &details)
                .await
                .map_err(|error| unavailable(&error))?
            {
                return Err(refuse(why).await);
            }
        }
        let idempotency_key = (action.access == Access::Write)
            .then(|| idempotency_key(self.place.run, &call.step_key));
        let target = target(&self.gateway.keyring, &connection)
            .map_err(|e| StepFailure::fatal(e.to_string()))?;
        let request = Call {
            action: &call.action,
            input: &call.input,
            idempotency_key: idempotency_key.as_deref(),
        };
        match self.gateway.connectors.call(&target, request).await {
            Ok(output) => Ok(output),
            Err(CallError::Blocked(why)) => Err(refuse(why).await),
            Err(CallError::Invalid(message)) => Err(StepFailure::fatal(message)),
            Err(CallError::Failed { message, retryable }) => Err(StepFailure {
                message,
                retryable,
                retry_after: None,
            }),
        }
    }

    /// Whether the person who started the run is a member of one of the connection's groups.
    async fn started_by_member(&self, settings: &ConnectionSettings) -> Result<bool, StepFailure> {
        let Some(person) = self.place.started_by else {
            return Ok(false);
        };
        let mut conn = self
            .gateway
            .store
            .acquire()
            .await
            .map_err(|e| unavailable(&e))?;
        let member_of = groups::groups_of(&mut conn, person)
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(settings.open_to_member_of(&member_of))
    }

    /// The connection the alias is bound to in the run's workspace and environment.
    async fn resolve(&self, call: &ConnectorCall) -> Result<StoredConnection, StepFailure> {
        let store = &self.gateway.store;
        let mut conn = store.acquire().await.map_err(|e| unavailable(&e))?;
        let bound = connections::bindings(
            &mut conn,
            self.place.workspace,
            Some(self.place.environment),
        )
        .await
        .map_err(|e| unavailable(&e))?
        .into_iter()
        .find(|binding| binding.alias == call.connection);
        let Some(bound) = bound else {
            return Err(StepFailure::fatal(format!(
                "step {} calls the connection {}, which is not bound in this environment; ask IT to bind it",
                call.step_id, call.connection
            )));
        };
        connections::find_by_id(&mut conn, bound.connection)
            .await
            .map_err(|e| unavailable(&e))?
            .ok_or_else(|| {
                StepFailure::fatal(format!(
                    "the connection {} was removed",
                    bound.connection_name
                ))
            })
    }

    /// The label of what the step sends. A mail's recipients are its addressing, not its data.
    fn label_of(&self, call: &ConnectorCall, kind: ConnectorKind) -> Label {
        if let Some(text) = &call.carried_text {
            return self.place.label_sent(&call.step_id, text);
        }
        let mut data = call.input.clone();
        if kind == ConnectorKind::Smtp
            && let Some(fields) = data.as_object_mut()
        {
            fields.remove("to");
            fields.remove("cc");
        }
        let text = match &data {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        self.place.label_sent(&call.step_id, &text)
    }

    /// Records the refusal in the audit trail and fails the step with its reason.
    async fn refuse(
        &self,
        call: &ConnectorCall,
        connection: &StoredConnection,
        why: String,
    ) -> StepFailure {
        let details = [
            ("alias", call.connection.as_str()),
            ("action", call.action.as_str()),
            ("reason", why.as_str()),
        ];
        self.place
            .record_refusal(
                &self.gateway.store,
                Action::ConnectorBlocked,
                AuditTarget::connection(connection.id, connection.settings.name.as_str()),
                &call.step_key,
                &details,
            )
            .await;
        StepFailure::fatal(format!("blocked by policy: {why}"))
    }
}

/// The same for every attempt of a step and after a resume: a service that honours it does a
/// write made twice only once.
fn idempotency_key(run: RunId, step_key: &str) -> String {
    let digest = Sha256::digest(format!("{run}/{step_key}"));
    format!("paddock-{}", hex::encode(&digest[..16]))
}
