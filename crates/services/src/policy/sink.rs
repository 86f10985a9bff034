//! The run-time half of the policy check (principle 2): at each sink — a model call, a
//! connection's action — the data a step actually sends is held to the sink's clearance. Its
//! label is what the static check found for the step where the run runs, raised to `pii` when
//! personal data is detected in what is sent. A refusal is recorded in the audit trail.

use std::collections::BTreeMap;

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{DeploymentId, EnvironmentId, RunId, UserId, WorkspaceId};
use paddock_core::label::{Clearance, Label};
use paddock_core::pii;
use paddock_core::time::Timestamp;
use paddock_store::runs::Served;
use paddock_store::{Store, StoreError};
use serde_json::{Map, Value};

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};

/// The run a sink is reached from.
#[derive(Debug, Clone)]
pub struct RunPlace {
    pub run: RunId,
    pub workflow: String,
    pub workspace: WorkspaceId,
    pub environment: EnvironmentId,
    /// Who started the run; connections limited to groups are open only to their members.
    pub started_by: Option<UserId>,
    /// By step id: the label of what each sink step sends, as the static check found it.
    pub sent: BTreeMap<String, Label>,
    /// By knowledge base (slug): the label its retrievals were taken to carry when the run's
    /// sinks were checked; a knowledge base labelled higher since, or made since, is refused.
    pub retrieved: BTreeMap<String, Label>,
    /// The deployment the run runs, whose time-limited exception (for a deployment the
    /// policy drifted away from) may let a call past the clearance checks.
    pub deployment: Option<DeploymentId>,
}

impl RunPlace {
    /// The label of `data` sent by step `step`: as the static check found it (`internal` for a
    /// step it did not see as a sink), with `pii` added when personal data is found in it.
    pub(crate) fn label_sent(&self, step: &str, data: &str) -> Label {
        let mut label = self
            .sent
            .get(step)
            .cloned()
            .unwrap_or_else(|| Label::parse("internal").expect("a valid label"));
        if !pii::detect(data).is_empty() {
            label.categories.insert("pii".to_owned());
        }
        label
    }

    /// Records that a sink refused step `step_key` of this run, and why (`details`); the run
    /// fails the step whether or not the record could be written, and a miss is logged.
    pub(crate) async fn record_refusal(
        &self,
        store: &Store,
        action: Action,
        target: Target,
        step_key: &str,
        details: &[(&str, &str)],
    ) {
        if let Err(error) = self
            .write(store, (action, Outcome::Denied), target, step_key, details)
            .await
        {
            tracing::error!(run = %self.run, %error, "a refusal at a sink could not be audited");
        }
    }

    /// Holds a published app's outputs to the clearance of the audience they go to: their label
    /// is what the static check found reaches them (`label`), with `pii` added when personal
    /// data is found in them. A refusal is audited and says why, for the run's error; `Err` when
    /// the store could not tell.
    pub(crate) async fn outputs_cleared(
        &self,
        store: &Store,
        served: &Served,
        mut label: Label,
        outputs: &Value,
    ) -> Result<Result<(), String>, StoreError> {
        let clearance = match Clearance::parse(&served.audience_clearance) {
            Ok(clearance) => clearance,
            Err(e) => return Ok(Err(format!("the audience's clearance does not read: {e}"))),
        };
        if !pii::detect(&outputs.to_string()).is_empty() {
            label.categories.insert("pii".to_owned());
        }
        if clearance.admits(&label) {
            return Ok(Ok(()));
        }
        let (label, clearance) = (label.to_string(), clearance.to_string());
        let details = [
            ("interface", served.interface.as_str()),
            ("label", label.as_str()),
            ("clearance", clearance.as_str()),
        ];
        let target = Target::run(self.run, &self.workflow);
        // An exception lets a drifted deployment serve its own audience for a while; it never
        // lets anything above public out to people who are not signed in.
        if served.anonymous.is_none()
            && self
                .passes_by_exception(store, target.clone(), "outputs", &details)
                .await?
        {
            return Ok(Ok(()));
        }
        self.record_refusal(store, Action::RunOutputRefused, target, "outputs", &details)
            .await;
        Ok(Err(format!(
            "The outputs are {label}, above what {} may receive ({clearance}); they were withheld.",
            served.interface.audience_name()
        )))
    }

    /// Whether an exception in force now lets a call above the sink's clearance through; each
    /// pass is audited (`policy.exception_used`) with what it let through (`details`). When the
    /// exception cannot be read, neither: the caller tries again later.
    pub(crate) async fn passes_by_exception(
        &self,
        store: &Store,
        target: Target,
        step_key: &str,
        details: &[(&str, &str)],
    ) -> Result<bool, StoreError> {
        let Some(deployment) = self.deployment else {
            return Ok(false);
        };
        let exception = {
            let mut conn = store.acquire().await?;
            paddock_store::deployments::exception_at(&mut conn, deployment, Timestamp::now())
                .await?
        };
        let Some(reason) = exception.map(|exception| exception.reason) else {
            return Ok(false);
        };
        let mut details = details.to_vec();
        details.push(("exception", reason.as_str()));
        let used = (Action::PolicyExceptionUsed, Outcome::Success);
        if let Err(error) = self.write(store, used, target, step_key, &details).await {
            tracing::error!(run = %self.run, %error, "a pass by exception could not be audited");
        }
        Ok(true)
    }

    async fn write(
        &self,
        store: &Store,
        (action, outcome): (Action, Outcome),
        target: Target,
        step_key: &str,
        details: &[(&str, &str)],
    ) -> Result<(), ServiceError> {
        let mut tx = store.begin().await?;
        let workspace = paddock_store::workspaces::find_workspace_by_id(&mut tx, self.workspace)
            .await?
            .map(|w| w.slug.to_string());
        let mut summary = Map::new();
        summary.insert("run".into(), self.run.to_string().into());
        summary.insert("workflow".into(), self.workflow.clone().into());
        summary.insert("step".into(), step_key.into());
        for (name, value) in details {
            summary.insert((*name).to_owned(), (*value).into());
        }
        let entry = Entry {
            actor: Actor::system("run"),
            action,
            target: Some(target),
            workspace,
            outcome,
            summary: Value::Object(summary),
        };
        record(&mut tx, &RequestContext::default(), entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
