//! Test runs of drafts: started in the workspace's first environment (dev) with inputs, files
//! uploaded to try them with, or again from one step of an earlier test run.

use std::collections::BTreeSet;

use paddock_core::ids::RunId;
use paddock_core::run::{StepRecord, StepStatus, top_level_step};
use paddock_core::workflow::definition::{Definition, InputType};
use paddock_core::workflow::rerun;
use paddock_core::{Permission, Scope};
use paddock_store::Store;
use paddock_store::uploads::Upload;
use paddock_store::workspaces::Workspace;
use serde_json::{Map, Value};

use super::intake::RerunOf;
use super::{Intake, RunDetails, Start, check_definition, prepare, visible_run};
use crate::ServiceError;
use crate::audit::{Actor, RequestContext};
use crate::auth::Principal;
use crate::publishing::uploads::{self, FilesFor};
use crate::workflows::Checked;
use crate::workspaces::{by_slug, environment_named};

/// A test run again from one of its steps, with the current draft.
#[derive(Debug, Clone)]
pub struct Rerun {
    /// The earlier test run (its id), whose inputs the new run takes.
    pub run: String,
    /// The step to run again, with every step that waits for it.
    pub from_step: String,
}

/// Checks `definition` and `given` inputs, then queues a run in the workspace's first
/// environment (dev). Nothing is stored unless both are valid. A re-run takes the inputs of the
/// earlier test run (those the draft still has) and the results of its steps that neither
/// changed, nor read an input whose value changed, nor wait for the step it runs from
/// ([`paddock_core::workflow::rerun`]).
#[allow(clippy::too_many_arguments)]
pub async fn start_test_run(
    store: &Store,
    intake: &Intake,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    definition: &str,
    given: &Map<String, Value>,
    rerun: Option<&Rerun>,
) -> Result<RunDetails, ServiceError> {
    let found = testing_workspace(store, by, workspace).await?;
    let environment = environment_named(&mut *store.acquire().await?, None).await?;
    let earlier = match rerun {
        Some(rerun) => Some((
            rerun,
            earlier_test_run(store, by, &found, rerun, given).await?,
        )),
        None => None,
    };
    let draft_inputs = match &earlier {
        Some((_, earlier)) => Some(earlier.inputs(&*check_definition(definition)?)),
        None => None,
    };
    let given = draft_inputs.as_ref().unwrap_or(given);
    let (checked, inputs) = prepare(definition, given)?;
    let mut inputs = match inputs {
        Value::Object(inputs) => inputs,
        _ => Map::new(),
    };
    uploads::attach(store, by, &test_files(&found, &checked), &mut inputs).await?;
    let environment_slug = environment.slug.clone();
    let mut start = Start {
        id: RunId::generate(),
        context: context.clone(),
        actor: Actor::of(by),
        started_by: Some(by.user_id),
        workspace: found.clone(),
        environment,
        checked,
        inputs: Value::Object(inputs),
        deployed: None,
        served: None,
        idempotency: None,
        callback: None,
        rerun_of: None,
    };
    let run = match earlier {
        Some((rerun, earlier)) => {
            let taken_over = earlier.taken_over(&start, &rerun.from_step)?;
            start.rerun_of = Some(RerunOf {
                run: earlier.details.run.id,
                from_step: rerun.from_step.clone(),
                taken_over: taken_over.iter().map(|(key, _)| key.clone()).collect(),
            });
            intake.queue_taking_over(start, taken_over).await?
        }
        None => intake.queue(start).await?,
    };
    Ok(RunDetails {
        run,
        workspace: found.slug,
        environment: environment_slug,
        version: None,
        steps: Vec::new(),
        artifacts: Vec::new(),
    })
}

/// Where files for a draft's test runs go: the workspace, uploaded by the person testing.
fn test_files<'a>(workspace: &'a Workspace, checked: &'a Checked) -> FilesFor<'a> {
    FilesFor {
        workspace,
        workflow: &checked.workflow.definition.name,
        inputs: &checked.workflow.definition.inputs,
        via: "test",
    }
}

/// The workspace `by` may try drafts in, for what comes next (an upload) to go to.
pub async fn testing_workspace(
    store: &Store,
    by: &Principal,
    workspace: &str,
) -> Result<Workspace, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    by.require(Permission::TestWorkflows, Scope::Workspace(found.id))?;
    Ok(found)
}

/// Uploads a file for a file input of a draft, to try the draft with; its test runs in the
/// workspace ([`testing_workspace`]) name it by the id answered. Checked like an app's files;
/// audited.
#[allow(clippy::too_many_arguments)]
pub async fn upload_test_file(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &Workspace,
    definition: &str,
    input: &str,
    file_name: &str,
    content: &[u8],
) -> Result<Upload, ServiceError> {
    let checked = check_definition(definition)?;
    let to = test_files(workspace, &checked);
    uploads::store_file(store, context, by, &to, input, file_name, content).await
}

/// The test run a re-run starts from, with its definition as written.
struct Earlier {
    details: RunDetails,
    written: Definition,
}

/// The test run a re-run starts from: a test run of a draft that `by` started in this
/// workspace, and no inputs given beside it.
async fn earlier_test_run(
    store: &Store,
    by: &Principal,
    workspace: &Workspace,
    rerun: &Rerun,
    given: &Map<String, Value>,
) -> Result<Earlier, ServiceError> {
    if !given.is_empty() {
        return Err(ServiceError::invalid(
            "inputs",
            "a re-run takes the inputs of the run it repeats; send none",
        ));
    }
    let not_a_test_run = || {
        ServiceError::invalid(
            "rerun.run",
            "there is no such test run of yours in this workspace to re-run",
        )
    };
    let id: RunId = rerun.run.parse().map_err(|_| not_a_test_run())?;
    let details = match visible_run(store, by, id, Permission::ViewRuns).await {
        Ok(details) => details,
        Err(ServiceError::NotFound(_)) => return Err(not_a_test_run()),
        Err(error) => return Err(error),
    };
    let run = &details.run;
    // A test run of a draft: no deployment's, no app's, no command line's; and one's own, whose
    // files only they may run with again.
    let test_run = run.deployment.is_none() && run.version.is_none() && run.served.is_none();
    if run.workspace != workspace.id || !test_run || run.started_by != Some(by.user_id) {
        return Err(not_a_test_run());
    }
    let written = serde_json::from_value(run.definition.clone()).map_err(|_| {
        ServiceError::invalid(
            "rerun.run",
            "this run was made with a workflow format this version of Paddock no longer reads; start a new test run",
        )
    })?;
    Ok(Earlier { details, written })
}

impl Earlier {
    /// The inputs the earlier run was given that the draft still has: its files named by their
    /// upload ids again, as when it was started.
    fn inputs(&self, draft: &Checked) -> Map<String, Value> {
        let declared = &draft.workflow.definition.inputs;
        let mut inputs = self.stored_inputs();
        inputs.retain(|name, _| declared.contains_key(name));
        for (name, spec) in &self.written.inputs {
            if spec.kind == InputType::File
                && let Some(id) = inputs.get(name).and_then(|file| file.get("id")).cloned()
            {
                inputs.insert(name.clone(), id);
            }
        }
        inputs
    }

    fn stored_inputs(&self) -> Map<String, Value> {
        self.details
            .run
            .inputs
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    /// The inputs whose values differ between the earlier run and `start`: a default added or
    /// changed in the draft fills an input the earlier run left empty, and an input the draft
    /// dropped is gone. A file is the same when it is the same upload.
    fn changed_inputs(&self, start: &Start) -> BTreeSet<String> {
        let before = self.stored_inputs();
        let declared = &start.checked.workflow.definition.inputs;
        let now = start.inputs.as_object().cloned().unwrap_or_default();
        // Over both runs' inputs: one the draft dropped changes what `inputs` as a whole reads.
        before
            .keys()
            .chain(now.keys())
            .filter(|name| {
                let earlier = before.get(*name).unwrap_or(&Value::Null);
                let value = now.get(*name).unwrap_or(&Value::Null);
                match declared.get(*name) {
                    Some(spec) if spec.kind == InputType::File => {
                        earlier.get("id") != value.get("id")
                    }
                    _ => earlier != value,
                }
            })
            .cloned()
            .collect()
    }

    /// The results the re-run `start` takes over, by step key: those of the steps it may reuse
    /// that finished (succeeded or skipped), a map's items with their map.
    fn taken_over(
        &self,
        start: &Start,
        from_step: &str,
    ) -> Result<Vec<(String, StepRecord)>, ServiceError> {
        let graph = &start.checked.workflow.graph;
        if graph.get(from_step).is_none() {
            return Err(ServiceError::invalid(
                "rerun.from_step",
                format!("the workflow has no step '{from_step}' to run again"),
            ));
        }
        let changed = self.changed_inputs(start);
        let reused = rerun::reusable(graph, &self.written.steps, from_step, &changed);
        Ok(self
            .details
            .steps
            .iter()
            .filter_map(|step| {
                let record = step.record.as_ref()?;
                let finished = matches!(record.status, StepStatus::Succeeded | StepStatus::Skipped);
                (finished && reused.contains(top_level_step(&step.key)))
                    .then(|| (step.key.clone(), record.clone()))
            })
            .collect())
    }
}
