//! `paddock workflow validate FILE`: checks a definition without any server or database.
//! `paddock workflow check FILE --workspace W [--env E]`: checks it against the policy of a
//! workspace and environment, read from the database.

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
