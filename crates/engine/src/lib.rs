//! The workflow engine: runs a validated workflow step by step, recording every result in a
//! [`journal::Journal`] before its dependants start, so a run resumes where it stopped.
//! Model calls go through [`models::Models`]; [`builtin::BuiltinModel`] answers offline.
//! Connector steps call through [`connectors::Connectors`]; retrieval steps through
//! [`knowledge::Knowledge`]; steps that read a run's files through [`files::Files`].

pub mod builtin;
pub mod connectors;
pub mod executor;
pub mod files;
pub mod journal;
pub mod kinds;
pub mod knowledge;
pub mod models;

pub use executor::{RunOutcome, Runtime, execute};

#[cfg(test)]
mod tests {
    use paddock_core::workflow::catalog::{Catalog, Structure};

    #[test]
    fn every_catalogued_kind_has_an_executor() {
        for kind in Catalog::builtin().kinds() {
            let runs = match kind.structure {
                Structure::Branch | Structure::Map => true,
                Structure::Plain => crate::kinds::PLAIN_KINDS.contains(&kind.name),
            };
            assert!(runs, "{} has no executor", kind.name);
        }
    }
}
