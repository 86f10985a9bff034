//! Governed knowledge: knowledge bases hold documents, carry a label like any source, and say
//! who may use them. This module is the pure part: who may retrieve ([`AccessList`]), how a
//! document is cut into passages with their provenance ([`chunk`]), and how rankings are fused
//! and measured ([`ranking`]).

pub mod chunk;
pub mod ranking;

use serde::{Deserialize, Serialize};

use crate::ids::{EnvironmentId, GroupId, WorkspaceId};

/// Who an entry of an access list admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Grantee {
    /// The workflows of a workspace may retrieve from the knowledge base.
    Workspace(WorkspaceId),
    /// The members of a group may search it and read its documents themselves (outside any
    /// environment: an entry for a group names none).
    Group(GroupId),
}

/// One entry of an access list: a grantee, in one environment or in all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AccessEntry {
    pub grantee: Grantee,
    /// `None`: every environment.
    pub environment: Option<EnvironmentId>,
}

impl AccessEntry {
    fn in_environment(&self, environment: EnvironmentId) -> bool {
        self.environment.is_none_or(|only| only == environment)
    }
}

/// Who may use a knowledge base besides its stewards. Workflows use it through their
/// workspace (a workflow of a workspace not on the list can neither reference it nor read it);
/// people search it through their groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessList {
    entries: Vec<AccessEntry>,
}

impl AccessList {
    /// The list of `entries`, each once, in a stable order.
    pub fn new(entries: impl IntoIterator<Item = AccessEntry>) -> Self {
        let mut entries: Vec<AccessEntry> = entries.into_iter().collect();
        entries.sort();
        entries.dedup();
        AccessList { entries }
    }

    pub fn entries(&self) -> &[AccessEntry] {
        &self.entries
    }

    /// Whether the workflows of `workspace` may retrieve from the knowledge base when they run
    /// in `environment`.
    pub fn admits_workflows(&self, workspace: WorkspaceId, environment: EnvironmentId) -> bool {
        self.entries.iter().any(|entry| {
            entry.grantee == Grantee::Workspace(workspace) && entry.in_environment(environment)
        })
    }

    /// Whether a person in `groups` may search the knowledge base.
    pub fn admits_person(&self, groups: &[GroupId]) -> bool {
        self.entries.iter().any(|entry| match entry.grantee {
            Grantee::Group(group) => groups.contains(&group),
            Grantee::Workspace(_) => false,
        })
    }

    /// The workspaces whose workflows may retrieve from the knowledge base in every
    /// environment.
    pub fn workspaces_everywhere(&self) -> impl Iterator<Item = WorkspaceId> + '_ {
        self.entries.iter().filter_map(|entry| match entry.grantee {
            Grantee::Workspace(workspace) if entry.environment.is_none() => Some(workspace),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_entry_admits_its_workflows_in_its_environment_only() {
        let (claims, it) = (WorkspaceId::generate(), WorkspaceId::generate());
        let (dev, prod) = (EnvironmentId::generate(), EnvironmentId::generate());
        let list = AccessList::new([
            AccessEntry {
                grantee: Grantee::Workspace(claims),
                environment: Some(prod),
            },
            AccessEntry {
                grantee: Grantee::Workspace(it),
                environment: None,
            },
        ]);
        assert!(list.admits_workflows(claims, prod));
        assert!(!list.admits_workflows(claims, dev), "only in prod");
        assert!(list.admits_workflows(it, dev), "every environment");
        assert!(!list.admits_workflows(WorkspaceId::generate(), prod));
        assert_eq!(
            list.workspaces_everywhere().collect::<Vec<_>>(),
            [it],
            "claims is shared in prod only"
        );
        assert!(!list.admits_person(&[]));
    }

    #[test]
    fn a_group_entry_admits_its_members_not_workflows() {
        let staff = GroupId::generate();
        let prod = EnvironmentId::generate();
        let list = AccessList::new([AccessEntry {
            grantee: Grantee::Group(staff),
            environment: None,
        }]);
        assert!(list.admits_person(&[GroupId::generate(), staff]));
        assert!(!list.admits_person(&[GroupId::generate()]));
        assert!(!list.admits_workflows(WorkspaceId::generate(), prod));
    }

    #[test]
    fn entries_are_kept_once_in_a_stable_order() {
        let group = GroupId::generate();
        let entry = AccessEntry {
            grantee: Grantee::Group(group),
            environment: None,
        };
        let list = AccessList::new([entry, entry]);
        assert_eq!(list.entries(), &[entry]);
        assert_eq!(AccessList::new([]).entries(), &[]);
    }
}
