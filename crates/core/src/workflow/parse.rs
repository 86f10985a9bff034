//! Reading a definition from YAML or JSON (one model), with the path of anything misshapen.

use serde_json::Value;

use super::definition::Definition;
use super::problems::{Problem, Problems};

/// The largest definition read, in bytes.
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// JSON when the text starts with `{`, else YAML (of which JSON is nearly a subset anyway).
    pub fn detect(text: &str) -> Self {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problems {
    Problems(vec![Problem {
        path: path.into(),
        message: message.into(),
    }])
}

pub fn parse(text: &str, format: Format) -> Result<Definition, Problems> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(problem(
            "",
            format!("the definition is larger than {MAX_DEFINITION_BYTES} bytes"),
        ));
    }
    let document: Value = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            problem(
                "",
                format!(
                    "not valid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?,
        // The YAML error names its line and column itself.
        Format::Yaml => {
            serde_norway::from_str(text).map_err(|e| problem("", format!("not valid YAML: {e}")))?
        }
    };
    from_value(document)
}

/// Reads a definition already parsed to JSON (as the API receives it).
pub fn from_value(document: Value) -> Result<Definition, Problems> {
    if !document.is_object() {
        return Err(problem(
            "",
            "a workflow definition is an object with apiVersion, kind, name and steps",
        ));
    }
    serde_path_to_error::deserialize(document).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        problem(path, e.into_inner().to_string())
    })
}
