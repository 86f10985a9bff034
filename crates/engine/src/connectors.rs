//! How the engine calls an action of a connection: through [`Connectors`], which the services
//! implement with the workspace's bindings, the connection's policy and its secret — none of
//! which the engine sees.

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use crate::kinds::StepFailure;

/// One call of a `connector` step.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorCall {
    /// The step's key in the run's journal (`notify`, `review[2].file`): the same on every
    /// attempt and after a resume, so a write made twice can be recognised as one.
    pub step_key: String,
    pub step_id: String,
    /// The alias the workflow names.
    pub connection: String,
    pub action: String,
    pub input: Value,
    /// What the call carries, as text, when `input` holds it encoded (a document written as
    /// base64): the text its label is judged by at the sink.
    pub carried_text: Option<String>,
}

pub type Calling<'a> = Pin<Box<dyn Future<Output = Result<Value, StepFailure>> + Send + 'a>>;

/// Every connection a run may call.
pub trait Connectors: Send + Sync {
    fn call(&self, call: ConnectorCall) -> Calling<'_>;
}

/// Where no connection is bound: a run on the command line or in a test of pure steps.
pub struct NoConnectors;

impl Connectors for NoConnectors {
    fn call(&self, call: ConnectorCall) -> Calling<'_> {
        Box::pin(async move {
            Err(StepFailure::fatal(format!(
                "step {} calls the connection {}, but no connections are bound where this run runs: run it in a workspace on the server",
                call.step_id, call.connection
            )))
        })
    }
}
