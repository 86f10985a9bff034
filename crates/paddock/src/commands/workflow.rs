//! `paddock workflow validate FILE`: checks a definition without any server or database.
//! `paddock workflow check FILE --workspace W [--env E]`: checks it against the policy of a
//! workspace and environment, read from the database.
//! `paddock workflow export|import --workspace W DIR`: drafts to and from files, for git.

use std::path::Path;

use paddock_services::ServiceError;

use crate::cli::StoreArgs;
use crate::config;
use crate::failure::Failure;

fn read(file: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(file)
        .map_err(|e| Failure::environment(format!("cannot read {}: {e}", file.display())))
}

pub fn validate(file: &Path) -> Result<(), Failure> {
    let text = read(file)?;
    match paddock_services::workflows::check(&text) {
        Ok(workflow) => {
            println!(
                "{}: valid workflow '{}' ({} steps)",
                file.display(),
                workflow.definition.name,
                workflow.graph.nodes.len()
            );
            Ok(())
        }
        Err(problems) => {
            for problem in &problems.0 {
                eprintln!("{}: {problem}", file.display());
            }
            Err(Failure::refused(format!(
                "{} is not a valid workflow ({} problem{})",
                file.display(),
                problems.0.len(),
                if problems.0.len() == 1 { "" } else { "s" }
            )))
        }
    }
}

pub async fn check(
    file: &Path,
    workspace: &str,
    environment: Option<&str>,
    store: &StoreArgs,
) -> Result<(), Failure> {
    let text = read(file)?;
    let settings = config::store_settings(store)?;
    let store = super::open_store(&settings, false).await?;
    let report = paddock_services::policy::check(&store, None, workspace, environment, &text).await;
    store.close().await;
    let report = report.map_err(|error| match error {
        ServiceError::Problems { problems, .. } => {
            for problem in &problems.0 {
                eprintln!("{}: {problem}", file.display());
            }
            Failure::refused(format!("{} is not a valid workflow", file.display()))
        }
        other => Failure::from(other),
    })?;
    let place = format!(
        "workspace {}, environment {}",
        report.workspace, report.environment
    );
    if report.violations.is_empty() {
        println!("{}: passes the policy of {place}", file.display());
        return Ok(());
    }
    for violation in &report.violations {
        eprintln!(
            "{}: {}: {}",
            file.display(),
            violation.path,
            violation.message
        );
        eprintln!("  fix: {}", violation.fix);
    }
    let count = report.violations.len();
    Err(Failure::refused(format!(
        "{} breaks the policy of {place} ({count} violation{})",
        file.display(),
        if count == 1 { "" } else { "s" }
    )))
}

/// The files an import reads: YAML and JSON definitions directly in `dir`, by name.
fn definition_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::environment(format!("cannot read {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Failure::environment(format!("cannot read {}: {e}", dir.display())))?
            .path();
        let definition = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"));
        if definition && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `paddock workflow export --workspace W DIR`: writes each draft of the workspace to
/// `DIR/<name>.yaml` (or `.json`, as written), for keeping in git.
pub async fn export(workspace: &str, dir: &Path, store: &StoreArgs) -> Result<(), Failure> {
    let settings = config::store_settings(store)?;
    let store = super::open_store(&settings, false).await?;
    let drafts = paddock_services::drafts::export(&store, workspace).await;
    store.close().await;
    let drafts = drafts?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::environment(format!("cannot create {}: {e}", dir.display())))?;
    for (name, definition) in &drafts {
        let extension = match paddock_core::workflow::parse::Format::detect(definition) {
            paddock_core::workflow::parse::Format::Json => "json",
            paddock_core::workflow::parse::Format::Yaml => "yaml",
        };
        let file = dir.join(format!("{name}.{extension}"));
        std::fs::write(&file, definition)
            .map_err(|e| Failure::environment(format!("cannot write {}: {e}", file.display())))?;
        println!("{}", file.display());
    }
    eprintln!(
        "exported {} workflow{} of {workspace} to {}",
        drafts.len(),
        if drafts.len() == 1 { "" } else { "s" },
        dir.display()
    );
    Ok(())
}

/// `paddock workflow import --workspace W DIR`: creates or updates a draft from each definition
/// in DIR. All or nothing; never deploys.
pub async fn import(workspace: &str, dir: &Path, store: &StoreArgs) -> Result<(), Failure> {
    let files = definition_files(dir)?;
    let mut definitions = Vec::with_capacity(files.len());
    for file in &files {
        let text = read(file)?;
        if let Err(problems) = paddock_core::workflow::parse::parse(
            &text,
            paddock_core::workflow::parse::Format::detect(&text),
        ) {
            for problem in &problems.0 {
                eprintln!("{}: {problem}", file.display());
            }
            return Err(Failure::refused(format!(
                "{} cannot be read as a workflow; nothing was imported",
                file.display()
            )));
        }
        definitions.push(text);
    }
    let settings = config::store_settings(store)?;
    let store = super::open_store(&settings, false).await?;
    let imported = paddock_services::drafts::import(&store, workspace, &definitions).await;
    store.close().await;
    for (name, outcome) in imported? {
        use paddock_services::drafts::Imported;
        let line = match outcome {
            Imported::Created { revision, problems } => {
                format!(
                    "{name}: created (revision {revision}{})",
                    with_problems(problems)
                )
            }
            Imported::Updated { revision, problems } => {
                format!(
                    "{name}: updated (revision {revision}{})",
                    with_problems(problems)
                )
            }
            Imported::Unchanged => format!("{name}: unchanged"),
        };
        println!("{line}");
    }
    Ok(())
}

fn with_problems(problems: usize) -> String {
    match problems {
        0 => String::new(),
        1 => ", 1 problem to fix".to_owned(),
        n => format!(", {n} problems to fix"),
    }
}
