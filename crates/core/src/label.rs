//! Labels: how sensitive a piece of data is. A level (`public < internal < confidential <
//! restricted`) and categories (`pii`, `phi`, `pci`, …), written `level` or
//! `level/category,category`. Data derived from several labelled values carries their join.
//!
//! Clearances: what a sink (a model, a connection write, an audience) may receive. A level and
//! the categories it may receive, written like a label, with `*` for every category:
//! `internal`, `confidential/pii`, `restricted/*`.

use std::collections::BTreeSet;
use std::fmt;

use crate::values::InvalidValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Public,
    Internal,
    Confidential,
    Restricted,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Public,
        Level::Internal,
        Level::Confidential,
        Level::Restricted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Public => "public",
            Level::Internal => "internal",
            Level::Confidential => "confidential",
            Level::Restricted => "restricted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    pub level: Level,
    pub categories: BTreeSet<String>,
}

impl Label {
    const MAX_CATEGORIES: usize = 16;
    const MAX_CATEGORY_LEN: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let (level, categories) = raw.split_once('/').unwrap_or((raw, ""));
        let level = Level::ALL
            .into_iter()
            .find(|candidate| candidate.as_str() == level.trim())
            .ok_or_else(|| {
                InvalidValue::new(format!(
                    "'{raw}' is not a label: start with public, internal, confidential or restricted"
                ))
            })?;
        let mut parsed = BTreeSet::new();
        for category in categories
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let valid = category.len() <= Self::MAX_CATEGORY_LEN
                && category.starts_with(|c: char| c.is_ascii_lowercase())
                && category
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(InvalidValue::new(format!(
                    "'{category}' is not a category: use lower-case letters, digits and dashes"
                )));
            }
            parsed.insert(category.to_owned());
        }
        if parsed.len() > Self::MAX_CATEGORIES {
            return Err(InvalidValue::new(format!(
                "a label has at most {} categories",
                Self::MAX_CATEGORIES
            )));
        }
        Ok(Label {
            level,
            categories: parsed,
        })
    }

    /// The lowest label: public, no category.
    pub fn public() -> Label {
        Label {
            level: Level::Public,
            categories: BTreeSet::new(),
        }
    }

    /// The label of data derived from both: the higher level and every category.
    pub fn join(&self, other: &Label) -> Label {
        Label {
            level: self.level.max(other.level),
            categories: self.categories.union(&other.categories).cloned().collect(),
        }
    }
}

/// Which categories a clearance admits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Categories {
    All,
    Only(BTreeSet<String>),
}

/// What a sink may receive: data labelled at most `level`, with only admitted categories.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Clearance {
    pub level: Level,
    pub categories: Categories,
}

impl Clearance {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let (level, categories) = raw.split_once('/').unwrap_or((raw, ""));
        if categories.trim() == "*" {
            let label = Label::parse(level)?;
            return Ok(Clearance {
                level: label.level,
                categories: Categories::All,
            });
        }
        let label = Label::parse(raw).map_err(|e| {
            InvalidValue::new(format!(
                "{e} (a clearance is written like a label, with * for every category)"
            ))
        })?;
        Ok(Clearance {
            level: label.level,
            categories: Categories::Only(label.categories),
        })
    }

    /// Whether data labelled `label` may go to a sink with this clearance.
    pub fn admits(&self, label: &Label) -> bool {
        label.level <= self.level
            && match &self.categories {
                Categories::All => true,
                Categories::Only(admitted) => label.categories.is_subset(admitted),
            }
    }
}

impl fmt::Display for Clearance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.as_str())?;
        match &self.categories {
            Categories::All => f.write_str("/*"),
            Categories::Only(only) if only.is_empty() => Ok(()),
            Categories::Only(only) => {
                let only: Vec<&str> = only.iter().map(String::as_str).collect();
                write!(f, "/{}", only.join(","))
            }
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.as_str())?;
        if !self.categories.is_empty() {
            let categories: Vec<&str> = self.categories.iter().map(String::as_str).collect();
            write!(f, "/{}", categories.join(","))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_and_print_alike() {
        for raw in [
            "public",
            "internal",
            "confidential/pii",
            "restricted/pci,pii",
        ] {
            assert_eq!(Label::parse(raw).unwrap().to_string(), raw);
        }
        assert_eq!(
            Label::parse("confidential/pii, phi").unwrap().to_string(),
            "confidential/phi,pii"
        );
    }

    #[test]
    fn bad_labels_say_what_is_wrong() {
        let unknown = Label::parse("secret").unwrap_err().to_string();
        assert!(
            unknown.contains("public, internal, confidential or restricted"),
            "{unknown}"
        );
        assert!(Label::parse("internal/PII").is_err());
        assert!(Label::parse("internal/<script>").is_err());
    }

    #[test]
    fn a_clearance_admits_labels_up_to_its_level_with_its_categories() {
        let label = |raw| Label::parse(raw).unwrap();
        let internal = Clearance::parse("internal").unwrap();
        assert!(internal.admits(&label("public")) && internal.admits(&label("internal")));
        assert!(!internal.admits(&label("confidential")));
        assert!(!internal.admits(&label("internal/pii")));
        let pii = Clearance::parse("confidential/pii").unwrap();
        assert!(pii.admits(&label("confidential/pii")));
        assert!(!pii.admits(&label("confidential/pii,pci")));
        let all = Clearance::parse("restricted/*").unwrap();
        assert!(all.admits(&label("restricted/pci,phi,pii")));
        for raw in ["internal", "confidential/pii", "restricted/*"] {
            assert_eq!(Clearance::parse(raw).unwrap().to_string(), raw);
        }
        assert!(Clearance::parse("secret/*").is_err());
        assert!(Clearance::parse("internal/PII").is_err());
    }

    #[test]
    fn the_join_takes_the_higher_level_and_all_categories() {
        let a = Label::parse("internal/pii").unwrap();
        let b = Label::parse("confidential/pci").unwrap();
        assert_eq!(a.join(&b).to_string(), "confidential/pci,pii");
        assert_eq!(a.join(&a), a);
    }
}
