//! What is wrong with a definition, each problem at the exact path where it is, in words a
//! builder understands: `steps[3].with.prompt: unknown reference steps.sumary — did you mean
//! steps.summary?`

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where, e.g. `steps[3].with.prompt` (empty for the document as a whole).
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found, in document order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Collects problems as validation walks the document.
#[derive(Debug, Default)]
pub(crate) struct Report(Vec<Problem>);

impl Report {
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn finish<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Problems(self.0))
        }
    }
}

/// The closest of `candidates` to a misspelt `word`, if one is close enough to be what was
/// meant: `… — did you mean steps.summary?`
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let tolerance = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= tolerance)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_matches_only() {
        let ids = ["summary", "urgency", "route"];
        assert_eq!(did_you_mean("sumary", ids), Some("summary"));
        assert_eq!(did_you_mean("urgncy", ids), Some("urgency"));
        assert_eq!(did_you_mean("banana", ids), None);
        assert_eq!(did_you_mean("x", ids), None);
    }

    #[test]
    fn problems_print_one_per_line_with_their_path() {
        let problems = Problems(vec![
            Problem {
                path: "steps[0].uses".into(),
                message: "unknown step kind".into(),
            },
            Problem {
                path: String::new(),
                message: "no steps".into(),
            },
        ]);
        assert_eq!(
            problems.to_string(),
            "steps[0].uses: unknown step kind\nno steps"
        );
    }
}
