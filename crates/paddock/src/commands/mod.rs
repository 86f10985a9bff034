//! One module per command.

mod admin;
mod audit;
mod kb;
mod run;
mod secrets;
mod serve;
mod worker;
mod workflow;

use paddock_core::report::error_chain;
use std::sync::Arc;

use paddock_integrations::embeddings::{self, Embedder};
use paddock_integrations::search::SearchIndex;
use paddock_integrations::secrets::{Keyring, MasterKeys};
use paddock_services::knowledge::search::KnowledgeIndex;
use paddock_store::Store;

use crate::cli::{
    AdminCommand, AuditCommand, Cli, Command, KbCommand, SecretsCommand, WorkflowCommand,
};
use crate::config::StoreSettings;
use crate::failure::Failure;

/// The master key file in the data directory.
const MASTER_KEY_FILE: &str = "master.key";
/// The search index's directory in the data directory.
const SEARCH_INDEX_DIR: &str = "search-index";

/// This node's search index, kept in the data directory; one process at a time holds it.
fn open_search_index(settings: &StoreSettings) -> Result<KnowledgeIndex, Failure> {
    let dir = settings.data_dir.join(SEARCH_INDEX_DIR);
    let index = SearchIndex::open(&dir, embedder(settings)?)
        .map_err(|e| Failure::environment(format!("{}: {}", dir.display(), error_chain(&e))))?;
    Ok(KnowledgeIndex::new(index))
}

/// The configured sentence-embedding model, loaded; none when none is configured.
fn embedder(settings: &StoreSettings) -> Result<Option<Arc<dyn Embedder>>, Failure> {
    let Some(dir) = &settings.embedding_model else {
        return Ok(None);
    };
    let embedder = embeddings::load(dir).map_err(|e| Failure::environment(error_chain(&e)))?;
    tracing::info!(
        model = embedder.model(),
        "knowledge is searched by meaning too"
    );
    Ok(Some(Arc::from(embedder)))
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Admin(AdminCommand::CreateUser(args)) => admin::create_user(args).await,
        Command::Audit(AuditCommand::Verify { store }) => audit::verify(&store).await,
        Command::Audit(AuditCommand::Export(args)) => audit::export(&args).await,
        Command::Workflow(WorkflowCommand::Validate { file }) => workflow::validate(&file),
        Command::Workflow(WorkflowCommand::Check {
            file,
            workspace,
            environment,
            store,
        }) => workflow::check(&file, &workspace, environment.as_deref(), &store).await,
        Command::Workflow(WorkflowCommand::Export {
            workspace,
            dir,
            store,
        }) => workflow::export(&workspace, &dir, &store).await,
        Command::Workflow(WorkflowCommand::Import {
            workspace,
            dir,
            store,
        }) => workflow::import(&workspace, &dir, &store).await,
        Command::Secrets(SecretsCommand::RotateMasterKey { store }) => {
            secrets::rotate_master_key(&store).await
        }
        Command::Run(args) => run::run(args).await,
        Command::Worker(args) => worker::run(args).await,
        Command::Kb(KbCommand::Reindex { store }) => kb::reindex(&store).await,
        Command::Openapi => {
            let document = paddock_server::openapi_document()
                .to_pretty_json()
                .map_err(|e| {
                    Failure::environment(format!("cannot render the OpenAPI document: {e}"))
                })?;
            println!("{document}");
            Ok(())
        }
    }
}

/// Whether a missing master key may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NewKey {
    /// The first start of a deployment: create it and say so.
    Create,
    /// Another node of a deployment: it must be given the deployment's key, or its runs could
    /// not read the credentials the others sealed.
    Refuse,
}

/// The master key that seals credentials: `PADDOCK_MASTER_KEY`, or the key file in the data
/// directory, created on first start when `new_key` allows. Every node of one deployment needs
/// the same key.
fn keyring(settings: &StoreSettings, new_key: NewKey) -> Result<Keyring, Failure> {
    if let Ok(encoded) = std::env::var("PADDOCK_MASTER_KEY") {
        let keys = MasterKeys::parse(&encoded)
            .map_err(|e| Failure::environment(format!("PADDOCK_MASTER_KEY: {e}")))?;
        return Ok(Keyring::new(keys));
    }
    let path = settings.data_dir.join(MASTER_KEY_FILE);
    if new_key == NewKey::Refuse && !path.exists() {
        return Err(Failure::environment(format!(
            "no master key: give this node the deployment's key as PADDOCK_MASTER_KEY (or put its master.key in {})",
            settings.data_dir.display()
        )));
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
        Failure::environment(format!(
            "cannot create the data directory {}: {e}",
            settings.data_dir.display()
        ))
    })?;
    let (keys, created) =
        MasterKeys::load_or_create(&path).map_err(|e| Failure::environment(error_chain(&e)))?;
    if created {
        tracing::warn!(
            "created a new master key in {}: back it up, and give the same key to every node (PADDOCK_MASTER_KEY); without it, stored credentials cannot be read",
            path.display()
        );
    }
    Ok(Keyring::from_file(keys, path))
}

/// Opens the store and applies migrations; with `keep_data_dir`, also makes sure the data
/// directory exists (the server keeps files there).
///
/// The order keeps a failed start from leaving anything behind: the data directory is created
/// before connecting only when the SQLite database lives in it (and removed again if the
/// database then cannot be opened); a PostgreSQL server must answer before anything is created.
async fn open_store(settings: &StoreSettings, keep_data_dir: bool) -> Result<Store, Failure> {
    let data_dir = &settings.data_dir;
    let create_data_dir = || {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            Failure::environment(format!(
                "cannot create the data directory {}: {e}",
                data_dir.display()
            ))
        })
    };
    let created_dir = settings.database_in_data_dir && !data_dir.exists();
    if created_dir {
        create_data_dir()?;
    }
    let store = match Store::connect(&settings.database_url).await {
        Ok(store) => store,
        Err(error) => {
            if created_dir {
                let _ = std::fs::remove_dir(data_dir);
            }
            return Err(Failure::environment(error_chain(&error)));
        }
    };
    if keep_data_dir {
        create_data_dir()?;
    }
    store
        .migrate()
        .await
        .map_err(|e| Failure::environment(error_chain(&e)))?;
    Ok(store)
}
