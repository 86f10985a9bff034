//! Reading the table a batch runs over: CSV with a header row, or JSON Lines (one object per
//! line). Every row is kept in order — a malformed one with what is wrong — so none is
//! silently dropped; turning a row into inputs names each value that does not fit.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use paddock_core::workflow::definition::{InputSpec, InputType};
use paddock_core::workflow::inputs;
use serde_json::{Map, Value};

/// The most rows a batch may have.
pub const MAX_ROWS: usize = 100_000;
/// The largest table a batch reads.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The most columns a table may have, and the longest column name.
pub const MAX_COLUMNS: usize = 100;
pub const MAX_COLUMN_NAME_CHARS: usize = 100;

/// A table as read: its columns, and each row's values in column order or what is wrong with
/// it. Rows are kept as lists, not by column name, so a table with long column names does not
/// grow as it is read and stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Result<Vec<Value>, String>>,
}

impl Table {
    /// A row's values by column name, for people to read.
    pub fn named(&self, row: &[Value]) -> Map<String, Value> {
        self.columns
            .iter()
            .cloned()
            .zip(row.iter().cloned())
            .collect()
    }
}

fn check_columns(columns: &[String]) -> Result<(), String> {
    if columns.len() > MAX_COLUMNS {
        return Err(format!(
            "the table has {} columns; a batch reads at most {MAX_COLUMNS}",
            columns.len()
        ));
    }
    if let Some(long) = columns
        .iter()
        .find(|column| column.chars().count() > MAX_COLUMN_NAME_CHARS)
    {
        let start: String = long.chars().take(20).collect();
        return Err(format!(
            "the column '{start}…' has a name longer than {MAX_COLUMN_NAME_CHARS} characters"
        ));
    }
    Ok(())
}

/// Reads `content` named `name`: JSON Lines when named `.jsonl`/`.ndjson` or when it starts
/// with `{`, CSV otherwise.
pub fn read(name: &str, content: &[u8]) -> Result<Table, String> {
    if content.len() > MAX_BYTES {
        return Err(format!(
            "the table is {} bytes; a batch reads at most {MAX_BYTES}",
            content.len()
        ));
    }
    let text = std::str::from_utf8(content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content))
        .map_err(|e| format!("the table is not UTF-8 text (at byte {})", e.valid_up_to()))?;
    let lower = name.to_ascii_lowercase();
    let jsonl = lower.ends_with(".jsonl")
        || lower.ends_with(".ndjson")
        || (!lower.ends_with(".csv") && text.trim_start().starts_with('{'));
    let table = if jsonl {
        read_jsonl(text)?
    } else {
        read_csv(text)?
    };
    if table.rows.is_empty() {
        return Err("the table has no rows".to_owned());
    }
    if table.rows.len() > MAX_ROWS {
        return Err(format!(
            "the table has {} rows; a batch runs at most {MAX_ROWS}",
            table.rows.len()
        ));
    }
    Ok(table)
}

fn read_csv(text: &str) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the header row does not read: {e}"))?
        .iter()
        .map(|column| column.trim().to_owned())
        .collect();
    if columns.iter().all(String::is_empty) {
        return Err("the first row names no columns".to_owned());
    }
    check_columns(&columns)?;
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = columns.iter().find(|column| !seen.insert(column.as_str())) {
        return Err(format!(
            "the column '{twice}' appears twice in the header row"
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(match record {
            Err(e) => Err(format!("the row does not read as CSV: {e}")),
            Ok(record) if record.len() != columns.len() => Err(format!(
                "the row has {} {}; the header names {} columns",
                record.len(),
                if record.len() == 1 { "value" } else { "values" },
                columns.len()
            )),
            Ok(record) => Ok(record
                .iter()
                .map(|value| Value::String(value.to_owned()))
                .collect()),
        });
    }
    Ok(Table { columns, rows })
}

fn read_jsonl(text: &str) -> Result<Table, String> {
    let mut columns: Vec<String> = Vec::new();
    let mut objects = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        objects.push(match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => {
                for key in object.keys() {
                    if !columns.contains(key) {
                        columns.push(key.clone());
                        check_columns(&columns)?;
                    }
                }
                Ok(object)
            }
            Ok(_) => Err("the line is JSON but not an object".to_owned()),
            Err(e) => Err(format!("the line is not JSON: {e}")),
        });
    }
    let rows = objects
        .into_iter()
        .map(|object| {
            object.map(|mut object| {
                columns
                    .iter()
                    .map(|column| object.remove(column).unwrap_or(Value::Null))
                    .collect()
            })
        })
        .collect();
    Ok(Table { columns, rows })
}

/// Which column feeds each input: as given (an empty column name: none), or, for inputs not
/// given, the column of the same name (letter case aside). Refuses columns that do not exist,
/// inputs that do not, and file inputs (a table holds no files).
pub fn mapping(
    specs: &IndexMap<String, InputSpec>,
    columns: &[String],
    given: Option<&BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>, String> {
    let mut mapping = BTreeMap::new();
    let mut unmapped = Vec::new();
    if let Some(given) = given {
        for (input, column) in given {
            let spec = specs
                .get(input)
                .ok_or_else(|| format!("the app has no input '{input}'"))?;
            if spec.kind == InputType::File {
                return Err(format!(
                    "{input} takes a file, which a table cannot hold; run it through the form or the API"
                ));
            }
            if column.is_empty() {
                unmapped.push(input);
                continue;
            }
            if !columns.contains(column) {
                return Err(format!("the table has no column '{column}' (for {input})"));
            }
            mapping.insert(input.clone(), column.clone());
        }
    }
    for (input, spec) in specs {
        if mapping.contains_key(input) || unmapped.contains(&input) || spec.kind == InputType::File
        {
            continue;
        }
        if let Some(column) = columns
            .iter()
            .find(|column| column.eq_ignore_ascii_case(input))
        {
            mapping.insert(input.clone(), column.clone());
        }
    }
    Ok(mapping)
}

/// The inputs a row of a table with `columns` makes through `mapping`, or every reason it
/// makes none (`inputs.x: …`, joined with "; "). Empty CSV cells are missing values.
pub fn row_inputs(
    specs: &IndexMap<String, InputSpec>,
    (columns, mapping): (&[String], &BTreeMap<String, String>),
    row: &[Value],
) -> Result<Value, String> {
    let mut given = Map::new();
    let mut problems = Vec::new();
    for (input, column) in mapping {
        let Some(spec) = specs.get(input) else {
            continue;
        };
        let at = columns.iter().position(|name| name == column);
        let value = match at.and_then(|at| row.get(at)) {
            None | Some(Value::Null) => continue,
            Some(Value::String(text)) if text.trim().is_empty() => continue,
            Some(Value::String(text)) => match inputs::from_text(spec, text) {
                Ok(value) => value,
                Err(problem) => {
                    problems.push(format!("inputs.{input} (column {column}): {problem}"));
                    continue;
                }
            },
            Some(other) => other.clone(),
        };
        given.insert(input.clone(), value);
    }
    match inputs::resolve(specs, &given) {
        Ok(resolved) if problems.is_empty() => Ok(Value::Object(resolved)),
        Ok(_) => Err(problems.join("; ")),
        Err(found) => {
            problems.extend(
                found
                    .0
                    .iter()
                    .map(|problem| format!("{}: {}", problem.path, problem.message)),
            );
            Err(problems.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn specs() -> IndexMap<String, InputSpec> {
        serde_json::from_value(json!({
            "subject": { "type": "string", "required": true },
            "count": { "type": "integer" },
            "evidence": { "type": "file" },
        }))
        .unwrap()
    }

    #[test]
    fn every_csv_row_is_kept_with_what_is_wrong() {
        let table = read("t.csv", b"subject,count\nA,1\nB,2,extra\nC\n").unwrap();
        assert_eq!(table.columns, ["subject", "count"]);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0], Ok(vec![json!("A"), json!("1")]));
        assert!(table.rows[1].as_ref().unwrap_err().contains("has 3 values"));
        assert!(table.rows[2].as_ref().unwrap_err().contains("has 1 value;"));
    }

    #[test]
    fn jsonl_lines_that_are_not_objects_are_named() {
        let table = read(
            "t.jsonl",
            b"{\"subject\":\"A\"}\n[1]\nnot json\n{\"count\":2}\n",
        )
        .unwrap();
        assert_eq!(table.columns, ["subject", "count"]);
        assert_eq!(table.rows.len(), 4);
        assert_eq!(table.rows[3], Ok(vec![Value::Null, json!(2)]));
        assert!(
            table.rows[1]
                .as_ref()
                .unwrap_err()
                .contains("not an object")
        );
        assert!(table.rows[2].as_ref().unwrap_err().contains("not JSON"));
    }

    #[test]
    fn tables_that_cannot_be_read_are_refused_whole() {
        assert!(read("t.csv", b"subject\n").unwrap_err().contains("no rows"));
        assert!(read("t.csv", b"a,a\n1,2\n").unwrap_err().contains("twice"));
        assert!(read("t.csv", b"\xff\xfe").unwrap_err().contains("UTF-8"));
        let wide = (0..=MAX_COLUMNS)
            .map(|n| format!("c{n}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(
            read("t.csv", format!("{wide}\n1\n").as_bytes())
                .unwrap_err()
                .contains("columns")
        );
        let long = "x".repeat(MAX_COLUMN_NAME_CHARS + 1);
        assert!(
            read("t.jsonl", format!("{{\"{long}\": 1}}\n").as_bytes())
                .unwrap_err()
                .contains("longer")
        );
    }

    #[test]
    fn columns_map_to_inputs_by_name_and_rows_make_inputs() {
        let specs = specs();
        let columns = ["Subject".to_owned(), "n".to_owned()];
        let given = BTreeMap::from([("count".to_owned(), "n".to_owned())]);
        let mapping = mapping(&specs, &columns, Some(&given)).unwrap();
        assert_eq!(mapping["subject"], "Subject");
        let cleared = BTreeMap::from([("subject".to_owned(), String::new())]);
        assert_eq!(
            super::mapping(&specs, &columns, Some(&cleared))
                .unwrap()
                .get("subject"),
            None
        );
        assert_eq!(
            row_inputs(&specs, (&columns, &mapping), &[json!("VPN"), json!("3")]).unwrap(),
            json!({ "subject": "VPN", "count": 3, "evidence": null })
        );
        let why =
            row_inputs(&specs, (&columns, &mapping), &[json!(""), json!("many")]).unwrap_err();
        assert!(
            why.contains("inputs.count (column n): 'many' is not a whole number"),
            "{why}"
        );
        assert!(why.contains("inputs.subject: required"), "{why}");
        let file = BTreeMap::from([("evidence".to_owned(), "n".to_owned())]);
        assert!(
            super::mapping(&specs, &columns, Some(&file))
                .unwrap_err()
                .contains("takes a file")
        );
    }
}
