//! The built-in offline model (`provider: builtin`): deterministic, instant, and not a language
//! model. It lets the demo and the tests run with no network:
//!
//! - **answer** (no response schema): an extractive summary — the first sentences of the
//!   prompt, up to `max_tokens` words (60 by default);
//! - **structured answer** (a response schema): fills each field of the schema from the source
//!   text: a field `policy_number` is read from a line like `Policy number: PN-1234`; numbers,
//!   whole numbers and yes/no become their type, and a list is read from a line of items
//!   separated by commas or semicolons; a field with choices (`enum`, or `oneOf` of
//!   `const`s with descriptions) takes the choice whose name and description share the most
//!   words with the text, and a `confidence` field beside it says how clearly it won (0 to 1).
//!
//! Tokens are counted as words.

use serde_json::{Map, Value, json};

use crate::models::{ModelError, ModelRequest, ModelResponse, Models, Usage};

const DEFAULT_SUMMARY_WORDS: usize = 60;

#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinModel;

impl Models for BuiltinModel {
    async fn complete(
        &self,
        _step: &str,
        request: ModelRequest,
    ) -> Result<ModelResponse, ModelError> {
        Ok(answer(&request))
    }
}

fn words(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

/// The built-in model's answer to `request`.
pub fn answer(request: &ModelRequest) -> ModelResponse {
    let text = match &request.response_schema {
        None => summary(
            &request.prompt,
            request
                .max_tokens
                .map_or(DEFAULT_SUMMARY_WORDS, |n| n as usize),
        ),
        Some(schema) => {
            let source = request.source_text.as_deref().unwrap_or(&request.prompt);
            fill(schema, source).to_string()
        }
    };
    let input = words(request.system.as_deref().unwrap_or_default()) + words(&request.prompt);
    ModelResponse {
        usage: Usage::tokens(input, words(&text)),
        text,
    }
}

fn summary(text: &str, max_words: usize) -> String {
    let mut out: Vec<&str> = Vec::new();
    for sentence in text.split_inclusive(['.', '!', '?', '\n']) {
        let sentence_words: Vec<&str> = sentence.split_whitespace().collect();
        if sentence_words.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + sentence_words.len() > max_words {
            break;
        }
        out.extend(
            sentence_words
                .into_iter()
                .take(max_words.saturating_sub(out.len())),
        );
        if out.len() >= max_words {
            break;
        }
    }
    out.join(" ")
}

/// An object for `schema` read from `source`.
fn fill(schema: &Value, source: &str) -> Value {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return json!({});
    };
    let mut object = Map::new();
    let mut confidence: Option<f64> = None;
    for (name, field) in properties {
        if name == "confidence" {
            continue;
        }
        if let Some(choices) = choices(field) {
            let (choice, score) = best_choice(&choices, source);
            object.insert(name.clone(), Value::String(choice));
            confidence = Some(score);
        } else if let Some(value) = labelled_value(name, field, source) {
            object.insert(name.clone(), value);
        }
    }
    if properties.contains_key("confidence") {
        object.insert("confidence".to_owned(), json!(confidence.unwrap_or(0.0)));
    }
    Value::Object(object)
}

/// A field's choices, each with the words describing it.
fn choices(field: &Value) -> Option<Vec<(String, String)>> {
    if let Some(values) = field.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| (v.to_owned(), v.to_owned()))
                .collect(),
        );
    }
    let options = field.get("oneOf").and_then(Value::as_array)?;
    Some(
        options
            .iter()
            .filter_map(|option| {
                let name = option.get("const")?.as_str()?;
                let description = option
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                Some((name.to_owned(), format!("{name} {description}")))
            })
            .collect(),
    )
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// The choice sharing the most words with `source`, and a confidence: its share of all the
/// matches (0.5 for a tie with nothing to go on).
fn best_choice(choices: &[(String, String)], source: &str) -> (String, f64) {
    let source: std::collections::BTreeSet<String> = tokens(source).into_iter().collect();
    let scores: Vec<usize> = choices
        .iter()
        .map(|(_, description)| {
            let described: std::collections::BTreeSet<String> =
                tokens(description).into_iter().collect();
            described.intersection(&source).count()
        })
        .collect();
    let total: usize = scores.iter().sum();
    let (best, score) = scores
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| a.cmp(b).then(ib.cmp(ia)))
        .map_or((0, 0), |(index, score)| (index, *score));
    let confidence = if total == 0 {
        1.0 / choices.len().max(1) as f64
    } else {
        score as f64 / total as f64
    };
    let name = choices
        .get(best)
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    (name, (confidence * 100.0).round() / 100.0)
}

/// The value written after `Field name:` in `source`, typed as `field` says.
fn labelled_value(name: &str, field: &Value, source: &str) -> Option<Value> {
    let wanted: String = name.replace(['_', '-'], " ").to_lowercase();
    let text = source.lines().find_map(|line| {
        let (label, rest) = line.split_once(':')?;
        (label.trim().to_lowercase().replace(['_', '-'], " ") == wanted).then(|| rest.trim())
    })?;
    let kind = field
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string");
    match kind {
        "integer" => first_number(text).and_then(|n| (n.fract() == 0.0).then(|| json!(n as i64))),
        "number" => first_number(text).map(|n| json!(n)),
        "boolean" => match text.to_lowercase().as_str() {
            "yes" | "true" | "y" => Some(json!(true)),
            "no" | "false" | "n" => Some(json!(false)),
            _ => None,
        },
        "array" => Some(Value::Array(
            text.split([',', ';'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        )),
        _ => Some(Value::String(text.to_owned())),
    }
}

fn first_number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let number: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    number.trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(prompt: &str, schema: Option<Value>) -> ModelRequest {
        ModelRequest {
            model: "builtin".into(),
            system: None,
            prompt: prompt.into(),
            response_schema: schema,
            source_text: None,
            max_tokens: None,
            temperature: None,
        }
    }

    #[test]
    fn an_answer_is_the_first_sentences_and_tokens_are_words() {
        let mut asked = request(
            "The VPN is down. Users cannot connect. It started at 9.",
            None,
        );
        asked.max_tokens = Some(8);
        let answered = answer(&asked);
        assert_eq!(answered.text, "The VPN is down. Users cannot connect.");
        assert_eq!(answered.usage, Usage::tokens(11, 7));
    }

    #[test]
    fn fields_are_read_from_labelled_lines_with_their_types() {
        let schema = json!({ "type": "object", "properties": {
            "policy_number": { "type": "string" },
            "amount": { "type": "number" },
            "injured": { "type": "boolean" },
            "witnesses": { "type": "integer" },
            "damaged": { "type": "array", "items": { "type": "string" } },
            "missing": { "type": "string" },
        }});
        let text = "Claim form\nPolicy number: PN-4411\nAmount: EUR 1,250.50\nInjured: no\nWitnesses: 2\nDamaged: windscreen, mirror;  bumper\n";
        let answered = answer(&request(text, Some(schema)));
        let parsed: Value = serde_json::from_str(&answered.text).unwrap();
        assert_eq!(
            parsed,
            json!({
                "policy_number": "PN-4411", "amount": 1250.5, "injured": false, "witnesses": 2,
                "damaged": ["windscreen", "mirror", "bumper"],
            })
        );
    }

    #[test]
    fn a_choice_goes_to_the_most_similar_category_with_a_confidence() {
        let schema = json!({ "type": "object", "properties": {
            "category": { "oneOf": [
                { "const": "network", "description": "VPN, wifi, connection problems" },
                { "const": "hardware", "description": "laptop, screen, keyboard broken" },
            ]},
            "confidence": { "type": "number" },
        }});
        let mut asked = request("Classify this.", Some(schema));
        asked.source_text = Some("My VPN connection keeps dropping".into());
        let parsed: Value = serde_json::from_str(&answer(&asked).text).unwrap();
        assert_eq!(parsed, json!({ "category": "network", "confidence": 1.0 }));
    }
}
