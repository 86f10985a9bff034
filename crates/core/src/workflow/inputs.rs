//! Input values: checked against their declared types, defaults filled in, and read from the
//! text a person typed (`--input count=3`).

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::definition::{InputSpec, InputType};
use super::problems::{Problems, Report};

/// Checks `value` against `spec`; `None` when it fits, else what is wrong.
pub fn type_problem(spec: &InputSpec, value: &Value) -> Option<String> {
    fits(spec.kind, spec.values.as_deref(), spec.items, value)
}

fn fits(
    kind: InputType,
    choices: Option<&[String]>,
    items: Option<InputType>,
    value: &Value,
) -> Option<String> {
    let ok = match kind {
        InputType::String => value.is_string(),
        InputType::Number => value.is_number(),
        InputType::Integer => value.is_i64() || value.is_u64(),
        InputType::Boolean => value.is_boolean(),
        InputType::Enum => {
            let Some(text) = value.as_str() else {
                return Some("expected one of the choices, as text".to_owned());
            };
            let choices = choices.unwrap_or_default();
            if choices.iter().any(|choice| choice == text) {
                true
            } else {
                return Some(format!(
                    "'{text}' is not one of the choices: {}",
                    choices.join(", ")
                ));
            }
        }
        InputType::Date => value.as_str().is_some_and(is_date),
        InputType::File => value.as_str().is_some_and(|id| !id.trim().is_empty()),
        InputType::Object => value.is_object(),
        InputType::List => match (value.as_array(), items) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(list), Some(item_kind)) => {
                for (index, item) in list.iter().enumerate() {
                    if let Some(problem) = fits(item_kind, None, None, item) {
                        return Some(format!("item {index}: {problem}"));
                    }
                }
                true
            }
        },
    };
    (!ok).then(|| format!("expected {}", describe(kind)))
}

fn describe(kind: InputType) -> &'static str {
    match kind {
        InputType::String => "text",
        InputType::Number => "a number",
        InputType::Integer => "a whole number",
        InputType::Boolean => "true or false",
        InputType::Enum => "one of the choices",
        InputType::Date => "a date written YYYY-MM-DD",
        InputType::File => "an uploaded file",
        InputType::Object => "an object",
        InputType::List => "a list",
    }
}

fn is_date(text: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format).is_ok()
}

/// The inputs of a run: `provided` checked against `specs`, defaults filled in, unknown names,
/// missing required ones and wrong types refused (each at `inputs.<name>`).
pub fn resolve(
    specs: &IndexMap<String, InputSpec>,
    provided: &Map<String, Value>,
) -> Result<Map<String, Value>, Problems> {
    let mut report = Report::default();
    for name in provided.keys() {
        if !specs.contains_key(name) {
            let known: Vec<&str> = specs.keys().map(String::as_str).collect();
            report.add(
                format!("inputs.{name}"),
                if known.is_empty() {
                    "this workflow takes no inputs".to_owned()
                } else {
                    format!("unknown input; this workflow takes {}", known.join(", "))
                },
            );
        }
    }
    let mut resolved = Map::new();
    for (name, spec) in specs {
        let value = match provided.get(name).filter(|value| !value.is_null()) {
            Some(value) => value.clone(),
            None => match &spec.default {
                Some(default) => default.clone(),
                None if spec.required => {
                    report.add(format!("inputs.{name}"), "required, but not given");
                    continue;
                }
                None => Value::Null,
            },
        };
        if !value.is_null()
            && let Some(problem) = type_problem(spec, &value)
        {
            report.add(format!("inputs.{name}"), problem);
            continue;
        }
        resolved.insert(name.clone(), value);
    }
    report.finish(resolved)
}

/// Reads a value of `spec`'s type from text, as typed on a command line or in a form field:
/// numbers and booleans from their usual spelling, objects and lists as JSON.
pub fn from_text(spec: &InputSpec, text: &str) -> Result<Value, String> {
    let value = match spec.kind {
        InputType::String | InputType::Enum | InputType::Date | InputType::File => {
            Value::String(text.to_owned())
        }
        InputType::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("'{text}' is not a whole number"))?,
        InputType::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|number| serde_json::Number::from_f64(number).map(Value::Number))
            .ok_or_else(|| format!("'{text}' is not a number"))?,
        InputType::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => return Err(format!("'{text}' is not true or false")),
        },
        InputType::Object | InputType::List => {
            serde_json::from_str(text).map_err(|e| format!("'{text}' is not valid JSON: {e}"))?
        }
    };
    match type_problem(spec, &value) {
        Some(problem) => Err(problem),
        None => Ok(value),
    }
}

/// A typical value of the type, for trying expressions out before any real input exists.
pub(crate) fn sample(spec: &InputSpec) -> Value {
    if let Some(default) = &spec.default {
        return default.clone();
    }
    match spec.kind {
        InputType::String | InputType::File => Value::String(String::new()),
        InputType::Number | InputType::Integer => Value::from(0),
        InputType::Boolean => Value::Bool(false),
        InputType::Enum => spec
            .values
            .as_ref()
            .and_then(|values| values.first())
            .map_or(Value::Null, |first| Value::String(first.clone())),
        InputType::Date => Value::String("2000-01-01".to_owned()),
        InputType::Object => Value::Object(Map::new()),
        InputType::List => Value::Array(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn specs() -> IndexMap<String, InputSpec> {
        serde_json::from_value(json!({
            "subject": { "type": "string", "required": true },
            "count": { "type": "integer", "default": 1 },
            "priority": { "type": "enum", "values": ["low", "high"] },
            "due": { "type": "date" },
            "tags": { "type": "list", "items": "string" },
        }))
        .unwrap()
    }

    #[test]
    fn defaults_fill_in_and_types_are_checked() {
        let resolved = resolve(
            &specs(),
            json!({ "subject": "VPN down", "tags": ["vpn"] })
                .as_object()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            Value::Object(resolved),
            json!({ "subject": "VPN down", "count": 1, "priority": null, "due": null, "tags": ["vpn"] })
        );
    }

    #[test]
    fn every_wrong_input_is_named() {
        let problems = resolve(
            &specs(),
            json!({ "count": "3", "priority": "urgent", "due": "31/12/2026", "tags": [1], "colour": "red" })
                .as_object()
                .unwrap(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            problems,
            "inputs.colour: unknown input; this workflow takes subject, count, priority, due, tags\n\
             inputs.subject: required, but not given\n\
             inputs.count: expected a whole number\n\
             inputs.priority: 'urgent' is not one of the choices: low, high\n\
             inputs.due: expected a date written YYYY-MM-DD\n\
             inputs.tags: item 0: expected text"
        );
    }

    #[test]
    fn text_is_read_as_the_declared_type() {
        let specs = specs();
        assert_eq!(from_text(&specs["count"], " 42 ").unwrap(), json!(42));
        assert_eq!(
            from_text(&specs["tags"], r#"["a","b"]"#).unwrap(),
            json!(["a", "b"])
        );
        assert!(
            from_text(&specs["count"], "many")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(from_text(&specs["due"], "2026-02-30").is_err());
    }
}
