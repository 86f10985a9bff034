//! Workflow definitions: the step kinds this release knows and checking a definition against
//! them — for the CLI, the API and, later, saving drafts.

use std::sync::LazyLock;

use paddock_core::workflow::catalog::Catalog;
use paddock_core::workflow::expression::Expressions;
use paddock_core::workflow::{Problems, Workflow, load};

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);
static EXPRESSIONS: LazyLock<Expressions> = LazyLock::new(Expressions::new);

/// The registered step kinds.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// The one sandboxed expression evaluator.
pub fn expressions() -> &'static Expressions {
    &EXPRESSIONS
}

/// Reads a definition (YAML or JSON) and checks it completely.
pub fn check(text: &str) -> Result<Workflow, Problems> {
    load(text, catalog(), expressions())
}
