//! `paddock workflow validate FILE`: checks a definition without any server or database.

use std::path::Path;

use crate::failure::Failure;

pub fn validate(file: &Path) -> Result<(), Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::environment(format!("cannot read {}: {e}", file.display())))?;
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
