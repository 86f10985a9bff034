//! Publishing: the interfaces a deployment is served through — a web form, a batch over a
//! table, an API endpoint — each to an audience of groups, with the highest label of output
//! that audience may receive and how much each person may run. They are chosen when a version
//! is submitted for review, so the approver sees who will be served and with what.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::connection::HostRule;
use crate::egress::Cidr;
use crate::ids::GroupId;
use crate::label::Clearance;
use crate::values::InvalidValue;

/// How people reach a published app.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum InterfaceKind {
    Form,
    Batch,
    Api,
}

impl InterfaceKind {
    pub const ALL: [InterfaceKind; 3] = [
        InterfaceKind::Form,
        InterfaceKind::Batch,
        InterfaceKind::Api,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            InterfaceKind::Form => "form",
            InterfaceKind::Batch => "batch",
            InterfaceKind::Api => "api",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        InterfaceKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
    }

    /// The interface in words: "form", "batch interface", "API".
    pub const fn title(self) -> &'static str {
        match self {
            InterfaceKind::Form => "form",
            InterfaceKind::Batch => "batch interface",
            InterfaceKind::Api => "API",
        }
    }

    /// Who the interface serves, in words: "the form's audience".
    pub const fn audience_name(self) -> &'static str {
        match self {
            InterfaceKind::Form => "the form's audience",
            InterfaceKind::Batch => "the batch interface's audience",
            InterfaceKind::Api => "the API's audience",
        }
    }
}

impl fmt::Display for InterfaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most groups one interface names.
pub const MAX_AUDIENCE_GROUPS: usize = 50;
/// The most runs a minute or a day a limit may allow; more is no limit at all.
pub const MAX_LIMIT: u32 = 10_000_000;

/// One way an app is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// Members of any of these groups may use it.
    pub audience: BTreeSet<GroupId>,
    /// The highest label of output its audience may receive.
    pub clearance: Clearance,
    /// Runs one person may start in a minute.
    pub rate_per_minute: Option<u32>,
    /// Runs one person may start in a day (UTC).
    pub daily_quota: Option<u32>,
}

impl Interface {
    /// Whether someone in `groups` is in the audience.
    pub fn admits_member_of(&self, groups: &[GroupId]) -> bool {
        groups.iter().any(|group| self.audience.contains(group))
    }
}

/// A deployment's interfaces; none means it is not published.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interfaces {
    pub form: Option<Interface>,
    pub batch: Option<Interface>,
    pub api: Option<Interface>,
    /// Where an API caller's completion callbacks may be sent: hosts, and the private address
    /// ranges among them (callbacks, like connections, reach only public addresses otherwise).
    pub callback_hosts: Vec<HostRule>,
    pub callback_ranges: Vec<Cidr>,
}

impl Interfaces {
    pub fn get(&self, kind: InterfaceKind) -> Option<&Interface> {
        match kind {
            InterfaceKind::Form => self.form.as_ref(),
            InterfaceKind::Batch => self.batch.as_ref(),
            InterfaceKind::Api => self.api.as_ref(),
        }
    }

    /// The interfaces there are, in order.
    pub fn offered(&self) -> impl Iterator<Item = (InterfaceKind, &Interface)> {
        InterfaceKind::ALL
            .into_iter()
            .filter_map(|kind| self.get(kind).map(|interface| (kind, interface)))
    }

    pub fn is_empty(&self) -> bool {
        self.offered().next().is_none()
    }

    /// Each interface with its audience's clearance, for the policy check of the outputs.
    pub fn audiences(&self) -> Vec<(InterfaceKind, Clearance)> {
        self.offered()
            .map(|(kind, interface)| (kind, interface.clearance.clone()))
            .collect()
    }

    /// The interfaces someone in `groups` may use.
    pub fn open_to(&self, groups: &[GroupId]) -> Vec<InterfaceKind> {
        self.offered()
            .filter(|(_, interface)| interface.admits_member_of(groups))
            .map(|(kind, _)| kind)
            .collect()
    }
}

/// One interface as written in a request and stored: groups by id, the clearance as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterfaceSpec {
    /// Ids of the groups whose members may use the interface.
    pub audience: Vec<String>,
    /// The highest label of output the audience may receive, e.g. `internal` or `confidential/pii`.
    #[schema(example = "internal")]
    pub clearance: String,
    /// Runs one person may start in a minute; none for no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_minute: Option<u32>,
    /// Runs one person may start in a day (UTC); none for no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_quota: Option<u32>,
}

/// A deployment's interfaces as written in a request and stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterfacesSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<InterfaceSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<InterfaceSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<InterfaceSpec>,
    /// Hosts API callers' completion callbacks may be sent to (`hooks.example.com`,
    /// `*.example.com:8443`); none: no callbacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callback_hosts: Vec<String>,
    /// Private address ranges among those hosts that callbacks may reach (`10.0.0.0/8`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callback_ranges: Vec<String>,
}

/// What is wrong with an interfaces spec, at its path (`interfaces.api.clearance`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SpecProblem {
    pub path: String,
    pub message: String,
}

fn problem(path: impl Into<String>, message: impl fmt::Display) -> SpecProblem {
    SpecProblem {
        path: path.into(),
        message: message.to_string(),
    }
}

impl InterfaceSpec {
    fn parse(&self, kind: InterfaceKind) -> Result<Interface, SpecProblem> {
        let path = |field: &str| format!("interfaces.{kind}.{field}");
        if self.audience.is_empty() {
            return Err(problem(
                path("audience"),
                "name at least one group whose members may use it",
            ));
        }
        if self.audience.len() > MAX_AUDIENCE_GROUPS {
            return Err(problem(
                path("audience"),
                format!("at most {MAX_AUDIENCE_GROUPS} groups"),
            ));
        }
        let audience = self
            .audience
            .iter()
            .map(|raw| {
                raw.parse::<GroupId>()
                    .map_err(|_| problem(path("audience"), format!("'{raw}' is not a group id")))
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        let clearance =
            Clearance::parse(&self.clearance).map_err(|e| problem(path("clearance"), e))?;
        let limit = |field: &str, value: Option<u32>| match value {
            Some(n) if n == 0 || n > MAX_LIMIT => Err(problem(
                path(field),
                format!("between 1 and {MAX_LIMIT}, or none for no limit"),
            )),
            other => Ok(other),
        };
        Ok(Interface {
            audience,
            clearance,
            rate_per_minute: limit("rate_per_minute", self.rate_per_minute)?,
            daily_quota: limit("daily_quota", self.daily_quota)?,
        })
    }
}

impl Interface {
    fn spec(&self) -> InterfaceSpec {
        InterfaceSpec {
            audience: self.audience.iter().map(ToString::to_string).collect(),
            clearance: self.clearance.to_string(),
            rate_per_minute: self.rate_per_minute,
            daily_quota: self.daily_quota,
        }
    }
}

/// The most callback hosts or ranges one deployment names.
const MAX_CALLBACK_RULES: usize = 20;

impl InterfacesSpec {
    pub fn parse(&self) -> Result<Interfaces, SpecProblem> {
        let one = |kind, spec: &Option<InterfaceSpec>| {
            spec.as_ref().map(|spec| spec.parse(kind)).transpose()
        };
        if self.callback_hosts.len() > MAX_CALLBACK_RULES
            || self.callback_ranges.len() > MAX_CALLBACK_RULES
        {
            return Err(problem(
                "interfaces.callback_hosts",
                format!("at most {MAX_CALLBACK_RULES} hosts and {MAX_CALLBACK_RULES} ranges"),
            ));
        }
        let callback_hosts = self
            .callback_hosts
            .iter()
            .map(|raw| HostRule::parse(raw).map_err(|e| problem("interfaces.callback_hosts", e)))
            .collect::<Result<Vec<_>, _>>()?;
        let callback_ranges = self
            .callback_ranges
            .iter()
            .map(|raw| {
                Cidr::parse(raw).map_err(|e: InvalidValue| problem("interfaces.callback_ranges", e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let interfaces = Interfaces {
            form: one(InterfaceKind::Form, &self.form)?,
            batch: one(InterfaceKind::Batch, &self.batch)?,
            api: one(InterfaceKind::Api, &self.api)?,
            callback_hosts,
            callback_ranges,
        };
        if interfaces.api.is_none() && !interfaces.callback_hosts.is_empty() {
            return Err(problem(
                "interfaces.callback_hosts",
                "callbacks are sent to API callers: publish the API too, or allow no callback hosts",
            ));
        }
        Ok(interfaces)
    }
}

impl Interfaces {
    pub fn spec(&self) -> InterfacesSpec {
        InterfacesSpec {
            form: self.form.as_ref().map(Interface::spec),
            batch: self.batch.as_ref().map(Interface::spec),
            api: self.api.as_ref().map(Interface::spec),
            callback_hosts: self
                .callback_hosts
                .iter()
                .map(ToString::to_string)
                .collect(),
            callback_ranges: self
                .callback_ranges
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(value: serde_json::Value) -> Result<Interfaces, SpecProblem> {
        serde_json::from_value::<InterfacesSpec>(value)
            .unwrap()
            .parse()
    }

    #[test]
    fn a_spec_reads_back_as_written() {
        let group = GroupId::generate().to_string();
        let written = json!({
            "form": { "audience": [group], "clearance": "confidential/pii", "rate_per_minute": 10 },
            "api": { "audience": [group], "clearance": "internal", "daily_quota": 500 },
            "callback_hosts": ["hooks.example.com:8443"],
            "callback_ranges": ["10.0.0.0/8"],
        });
        let interfaces = spec(written.clone()).unwrap();
        assert_eq!(serde_json::to_value(interfaces.spec()).unwrap(), written);
        let member = [group.parse().unwrap()];
        assert_eq!(
            interfaces.open_to(&member),
            [InterfaceKind::Form, InterfaceKind::Api]
        );
        assert!(interfaces.open_to(&[GroupId::generate()]).is_empty());
    }

    #[test]
    fn each_problem_is_named_where_it_is() {
        let group = GroupId::generate().to_string();
        let cases = [
            (
                json!({ "form": { "audience": [], "clearance": "internal" } }),
                "interfaces.form.audience",
            ),
            (
                json!({ "api": { "audience": ["x"], "clearance": "internal" } }),
                "interfaces.api.audience",
            ),
            (
                json!({ "batch": { "audience": [group], "clearance": "secret" } }),
                "interfaces.batch.clearance",
            ),
            (
                json!({ "api": { "audience": [group], "clearance": "internal", "rate_per_minute": 0 } }),
                "interfaces.api.rate_per_minute",
            ),
            (
                json!({ "form": { "audience": [group], "clearance": "internal" }, "callback_hosts": ["a.example.com"] }),
                "interfaces.callback_hosts",
            ),
            (
                json!({ "api": { "audience": [group], "clearance": "internal" }, "callback_ranges": ["nowhere"] }),
                "interfaces.callback_ranges",
            ),
        ];
        for (written, path) in cases {
            assert_eq!(spec(written.clone()).unwrap_err().path, path, "{written}");
        }
    }
}
