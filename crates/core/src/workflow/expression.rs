//! Expressions in workflow strings: minijinja, sandboxed. A string that is exactly one
//! `{{ expression }}` yields the expression's value with its type; any other string containing
//! `{{ }}` or `{% %}` renders to text; the rest is literal. Evaluation is bounded: a fuel limit
//! stops runaway loops, and results over [`MAX_OUTPUT_BYTES`] are refused. Templates can load
//! nothing, and see only the context they are given (`inputs`, `steps`, and `item`/`index`
//! inside a map) plus the documented functions and filters.

use std::collections::BTreeSet;

use minijinja::value::Serde;
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use serde_json::Value;

/// Work one evaluation may do: enough to loop over thousands of items, too little for a
/// loop that would not end.
pub const FUEL: u64 = 1_000_000;
/// The largest text or value one evaluation may produce.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;
/// Global functions available in expressions (with minijinja's built-in filters and tests).
pub const FUNCTIONS: [&str; 3] = ["range", "dict", "namespace"];

/// What a string in a definition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    /// No expression: used as written.
    Literal,
    /// Exactly one `{{ … }}`: its value, typed. Holds the expression inside the braces.
    Expression(&'a str),
    /// Text with expressions or statements inside: rendered to a string.
    Template,
}

pub fn classify(text: &str) -> Text<'_> {
    let trimmed = text.trim();
    if let Some(inner) = trimmed
        .strip_prefix("{{")
        .and_then(|rest| rest.strip_suffix("}}"))
        && !inner.contains("{{")
        && !inner.contains("}}")
        && !inner.contains("{%")
    {
        return Text::Expression(inner.trim());
    }
    if text.contains("{{") || text.contains("{%") || text.contains("{#") {
        Text::Template
    } else {
        Text::Literal
    }
}

/// Why an expression could not be evaluated, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpressionError {
    #[error("this is not a valid expression: {0}")]
    Syntax(String),
    #[error("this needs too much work to compute (more than {FUEL} steps); simplify it")]
    TooMuchWork,
    #[error("the result is larger than {MAX_OUTPUT_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    Failed(String),
}

fn describe(error: &minijinja::Error) -> ExpressionError {
    match error.kind() {
        ErrorKind::OutOfFuel => ExpressionError::TooMuchWork,
        ErrorKind::SyntaxError => ExpressionError::Syntax(
            error
                .detail()
                .map_or_else(|| error.kind().to_string(), str::to_owned),
        ),
        _ => ExpressionError::Failed(match error.detail() {
            Some(detail) => format!("{}: {detail}", error.kind()),
            None => error.kind().to_string(),
        }),
    }
}

/// The sandboxed evaluator. Cheap to share; one per process is enough.
pub struct Expressions {
    env: Environment<'static>,
}

impl Default for Expressions {
    fn default() -> Self {
        Self::new()
    }
}

impl Expressions {
    pub fn new() -> Self {
        let mut env = Environment::new();
        // `debug` would print the whole context, secrets of other steps included.
        env.remove_global("debug");
        env.set_fuel(Some(FUEL));
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_recursion_limit(64);
        Expressions { env }
    }

    /// The dotted paths `text` reads from its context (`inputs.subject`,
    /// `steps.summary.output.title`), or the syntax error that stops it from being read.
    pub fn references(&self, text: &str) -> Result<BTreeSet<String>, ExpressionError> {
        let found = match classify(text) {
            Text::Literal => return Ok(BTreeSet::new()),
            Text::Expression(expression) => self
                .env
                .compile_expression_owned(expression.to_owned())
                .map_err(|e| describe(&e))?
                .undeclared_variables(true),
            Text::Template => {
                let env: &Environment<'_> = &self.env;
                env.template_from_str(text)
                    .map_err(|e| describe(&e))?
                    .undeclared_variables(true)
            }
        };
        Ok(found.into_iter().collect())
    }

    /// Evaluates every string inside `value` (recursively through lists and objects) against
    /// `context`.
    pub fn evaluate(&self, value: &Value, context: &Value) -> Result<Value, ExpressionError> {
        let context = minijinja::Value::from(Serde(context));
        self.evaluate_in(value, &context)
    }

    fn evaluate_in(
        &self,
        value: &Value,
        context: &minijinja::Value,
    ) -> Result<Value, ExpressionError> {
        match value {
            Value::String(text) => self.evaluate_text(text, context),
            Value::Array(items) => items
                .iter()
                .map(|item| self.evaluate_in(item, context))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Value::Object(fields) => fields
                .iter()
                .map(|(key, field)| Ok((key.clone(), self.evaluate_in(field, context)?)))
                .collect::<Result<_, _>>()
                .map(Value::Object),
            other => Ok(other.clone()),
        }
    }

    fn evaluate_text(
        &self,
        text: &str,
        context: &minijinja::Value,
    ) -> Result<Value, ExpressionError> {
        match classify(text) {
            Text::Literal => Ok(Value::String(text.to_owned())),
            Text::Expression(expression) => {
                let compiled = self
                    .env
                    .compile_expression_owned(expression.to_owned())
                    .map_err(|e| describe(&e))?;
                let result = compiled.eval(context.clone()).map_err(|e| describe(&e))?;
                let json = if result.is_undefined() {
                    Value::Null
                } else {
                    serde_json::to_value(&result)
                        .map_err(|e| ExpressionError::Failed(e.to_string()))?
                };
                if serde_json::to_vec(&json).map_or(0, |bytes| bytes.len()) > MAX_OUTPUT_BYTES {
                    return Err(ExpressionError::TooLarge);
                }
                Ok(json)
            }
            Text::Template => {
                let rendered = self
                    .env
                    .render_str(text, context.clone())
                    .map_err(|e| describe(&e))?;
                if rendered.len() > MAX_OUTPUT_BYTES {
                    return Err(ExpressionError::TooLarge);
                }
                Ok(Value::String(rendered))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_literals_expressions_or_templates() {
        assert_eq!(classify("hello"), Text::Literal);
        assert_eq!(classify("{{ inputs.x }}"), Text::Expression("inputs.x"));
        assert_eq!(classify(" {{inputs.x}} "), Text::Expression("inputs.x"));
        assert_eq!(classify("Dear {{ inputs.name }}"), Text::Template);
        assert_eq!(classify("{{ a }} and {{ b }}"), Text::Template);
        assert_eq!(classify("{% if x %}y{% endif %}"), Text::Template);
    }

    #[test]
    fn a_single_expression_keeps_its_type_and_a_template_renders_text() {
        let expressions = Expressions::new();
        let context = json!({ "inputs": { "n": 2, "tags": ["a", "b"], "name": "Ada" } });
        let value = json!({
            "double": "{{ inputs.n * 2 }}",
            "tags": "{{ inputs.tags }}",
            "greeting": "Hello {{ inputs.name }}",
            "plain": "as written",
            "nested": ["{{ inputs.n > 1 }}", 7],
        });
        assert_eq!(
            expressions.evaluate(&value, &context).unwrap(),
            json!({
                "double": 4,
                "tags": ["a", "b"],
                "greeting": "Hello Ada",
                "plain": "as written",
                "nested": [true, 7],
            })
        );
    }

    #[test]
    fn references_are_the_dotted_paths_read() {
        let expressions = Expressions::new();
        let found = expressions
            .references("{{ steps.summary.output.title }} for {{ inputs.name | upper }}")
            .unwrap();
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            ["inputs.name", "steps.summary.output.title"]
        );
        let looped = expressions
            .references("{% for tag in inputs.tags %}{{ tag }}{% endfor %}")
            .unwrap();
        assert_eq!(looped.into_iter().collect::<Vec<_>>(), ["inputs.tags"]);
    }

    #[test]
    fn runaway_and_oversized_work_is_stopped() {
        let expressions = Expressions::new();
        let forever = json!(
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
        );
        assert_eq!(
            expressions.evaluate(&forever, &json!({})),
            Err(ExpressionError::TooMuchWork)
        );
        let huge = json!("{{ 'x' * 2000000 }}");
        assert_eq!(
            expressions.evaluate(&huge, &json!({})),
            Err(ExpressionError::TooLarge)
        );
    }

    #[test]
    fn templates_cannot_reach_beyond_their_context() {
        let expressions = Expressions::new();
        for escape in [
            "{{ debug() }}",
            "{% include 'x' %}",
            "{% import 'x' as y %}",
        ] {
            assert!(
                expressions.evaluate(&json!(escape), &json!({})).is_err(),
                "{escape}"
            );
        }
        let syntax = expressions.references("{{ inputs. }}").unwrap_err();
        assert!(matches!(syntax, ExpressionError::Syntax(_)), "{syntax:?}");
    }
}
