//! `paddock run FILE --input name=value…`: runs a definition to its end and prints its outputs
//! as JSON — in a throwaway data directory unless one is given.

use paddock_core::run::RunStatus;
use paddock_core::workflow::inputs;
use paddock_integrations::models::ProviderClient;
use paddock_integrations::secrets::Keyring;
use paddock_services::models::gateway::ModelGateway;
use paddock_services::runs;
use paddock_services::worker::{Wakeup, Worker};
use paddock_services::workflows;
use serde_json::{Map, Value};

use crate::cli::RunArgs;
use crate::config;
use crate::failure::Failure;

pub async fn run(args: RunArgs) -> Result<(), Failure> {
    let file = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::environment(format!("cannot read {file}: {e}")))?;
    let workflow = match workflows::check(&text) {
        Ok(workflow) => workflow,
        Err(problems) => {
            for problem in &problems.0 {
                eprintln!("{file}: {problem}");
            }
            return Err(Failure::refused(format!("{file} is not a valid workflow")));
        }
    };
    let mut given = Map::new();
    for pair in &args.inputs {
        let (name, text) = pair
            .split_once('=')
            .ok_or_else(|| Failure::environment(format!("--input {pair}: write NAME=VALUE")))?;
        let spec = workflow.definition.inputs.get(name).ok_or_else(|| {
            let known: Vec<&str> = workflow
                .definition
                .inputs
                .keys()
                .map(String::as_str)
                .collect();
            Failure::refused(format!(
                "--input {name}: the workflow has no such input (it takes: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
        })?;
        let value = inputs::from_text(spec, text)
            .map_err(|problem| Failure::refused(format!("--input {name}: {problem}")))?;
        given.insert(name.to_owned(), value);
    }

    let own_store = args.store.data_dir.is_some()
        || args.store.database_url.is_some()
        || args.store.config.is_some();
    let scratch =
        if own_store {
            None
        } else {
            Some(tempfile::tempdir().map_err(|e| {
                Failure::environment(format!("cannot create a scratch directory: {e}"))
            })?)
        };
    let settings = match &scratch {
        Some(dir) => config::scratch_store(dir.path()),
        None => {
            if args.workspace.is_none() {
                return Err(Failure::environment(
                    "--workspace is needed with a data directory or database of your own",
                ));
            }
            config::store_settings(&args.store)?
        }
    };
    let store = super::open_store(&settings, true).await?;
    // A scratch directory's key would go with it: its runs use no stored credentials.
    let keyring = match scratch {
        Some(_) => Keyring::ephemeral(),
        None => super::keyring(&settings, super::NewKey::Create)?,
    };
    let outcome = run_to_end(&store, keyring, args.workspace.as_deref(), &text, &given).await;
    store.close().await;
    outcome
}

async fn run_to_end(
    store: &paddock_store::Store,
    keyring: Keyring,
    workspace: Option<&str>,
    definition: &str,
    given: &Map<String, Value>,
) -> Result<(), Failure> {
    let intake = runs::Intake::new(store.clone(), Wakeup::default());
    let id = runs::start_from_command_line(store, &intake, workspace, definition, given)
        .await
        .map_err(|error| match error {
            // Inputs the workflow does not accept: the answer is no.
            paddock_services::ServiceError::Problems { .. } => Failure::refused(error),
            other => Failure::from(other),
        })?;
    let models = ModelGateway::new(store.clone(), keyring, ProviderClient::default());
    let worker = Worker::new(
        store.clone(),
        models,
        format!("paddock-run-{}", std::process::id()),
        Wakeup::default(),
    );
    loop {
        let run = runs::load(store, id).await?;
        match run.status {
            RunStatus::Succeeded => {
                let outputs = run.outputs.unwrap_or(Value::Object(Map::new()));
                let text = serde_json::to_string_pretty(&outputs)
                    .map_err(|e| Failure::environment(format!("cannot print the outputs: {e}")))?;
                println!("{text}");
                return Ok(());
            }
            RunStatus::Failed => {
                return Err(Failure::refused(format!(
                    "the run failed at {}: {}",
                    run.failed_step.as_deref().unwrap_or("its end"),
                    run.error.as_deref().unwrap_or("no reason recorded")
                )));
            }
            RunStatus::Waiting => {
                return Err(Failure::refused(format!(
                    "run {id} waits for an approval; decide it in the web UI or with POST /api/v1/runs/{id}/approvals/<step>"
                )));
            }
            RunStatus::Cancelled => {
                return Err(Failure::refused(format!("run {id} was cancelled")));
            }
            RunStatus::Queued | RunStatus::Running => {
                if !worker
                    .work_once()
                    .await
                    .map_err(paddock_services::ServiceError::from)?
                {
                    // Another worker of a shared database holds it: wait for it to finish.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    }
}
