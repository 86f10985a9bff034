//! Workflows as data: the format builders write ([`definition`]), the expressions inside it
//! ([`expression`]), the catalog of step kinds it may use ([`catalog`]), and validation that
//! turns a definition into a [`Workflow`] or names every problem at its exact path.

pub mod catalog;
pub mod definition;
pub mod diff;
pub mod duration;
pub mod expression;
mod graph;
pub mod inputs;
pub mod parse;
mod problems;
mod references;
pub mod rerun;
pub mod schema;
mod validate;

pub use graph::{Graph, Node, Read};
pub use problems::{Problem, Problems};
pub use validate::{MAX_STEPS, Workflow, validate};

use catalog::Catalog;
use expression::Expressions;

/// Reads and validates a definition written in YAML or JSON.
pub fn load(
    text: &str,
    catalog: &Catalog,
    expressions: &Expressions,
) -> Result<Workflow, Problems> {
    let definition = parse::parse(text, parse::Format::detect(text))?;
    validate(definition, catalog, expressions)
}
