//! Roles, grants and the one permission table. Every authorization decision in Paddock is made
//! by [`authorize`]; handlers and the UI never compare role names themselves.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

use crate::ids::WorkspaceId;

/// A role of DESIGN.md. A person may hold several.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Steward,
    Builder,
    Approver,
    Operator,
    Consumer,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Steward,
        Role::Builder,
        Role::Approver,
        Role::Operator,
        Role::Consumer,
        Role::Auditor,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Steward => "steward",
            Role::Builder => "builder",
            Role::Approver => "approver",
            Role::Operator => "operator",
            Role::Consumer => "consumer",
            Role::Auditor => "auditor",
        }
    }

    /// Only admin and auditor may be granted for the whole organisation; the others are
    /// always tied to one workspace.
    pub const fn may_be_organisation_wide(self) -> bool {
        matches!(self, Role::Admin | Role::Auditor)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role '{0}': use one of admin, steward, builder, approver, operator, consumer, auditor"
)]
pub struct UnknownRole(String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Where a grant applies, or where an action takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Organisation,
    Workspace(WorkspaceId),
}

/// One role held by a person, organisation-wide or in one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grant {
    role: Role,
    scope: Scope,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {0} role is granted per workspace: name the workspace")]
pub struct RoleNeedsWorkspace(pub Role);

impl Grant {
    pub fn new(role: Role, scope: Scope) -> Result<Self, RoleNeedsWorkspace> {
        if scope == Scope::Organisation && !role.may_be_organisation_wide() {
            return Err(RoleNeedsWorkspace(role));
        }
        Ok(Self { role, scope })
    }

    pub const fn role(self) -> Role {
        self.role
    }

    pub const fn scope(self) -> Scope {
        self.scope
    }

    /// An organisation-wide grant covers every workspace.
    fn covers(self, scope: Scope) -> bool {
        self.scope == Scope::Organisation || self.scope == scope
    }
}

/// Something a person may be allowed to do. Extend this enum and [`PERMISSIONS`] together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Manage identity, workspaces, environments, connections, models, policies and settings.
    AdministerOrganisation,
    /// Read the audit trail and verify its chain.
    ViewAudit,
    /// See workflows and their versions.
    ViewWorkflows,
    /// See reviews of versions awaiting promotion.
    ViewReviews,
    /// Use the apps published to the person.
    UseApps,
    /// See run records.
    ViewRuns,
    /// See knowledge bases and their documents.
    ViewKnowledge,
    /// Create knowledge bases, upload and remove their documents, and say who may use them.
    ManageKnowledge,
    /// Run drafts in the workspace's dev environment, to try them.
    TestWorkflows,
    /// Create workflows and save their drafts.
    EditWorkflows,
    /// Cancel runs and retry them from a failed step.
    OperateRuns,
    /// Submit versions for review, and deploy them where the environment's rule lets authors
    /// deploy without one.
    PromoteWorkflows,
    /// Approve, reject or ask for changes to a review (never one's own change).
    ApproveReviews,
    /// See which version is live in which environment.
    ViewDeployments,
    /// Run the version deployed in an environment.
    RunDeployments,
    /// Suspend a deployment at once, and resume it.
    FreezeDeployments,
}

impl Permission {
    pub const ALL: [Permission; 16] = [
        Permission::AdministerOrganisation,
        Permission::ViewAudit,
        Permission::ViewWorkflows,
        Permission::ViewReviews,
        Permission::UseApps,
        Permission::ViewRuns,
        Permission::ViewKnowledge,
        Permission::ManageKnowledge,
        Permission::TestWorkflows,
        Permission::EditWorkflows,
        Permission::OperateRuns,
        Permission::PromoteWorkflows,
        Permission::ApproveReviews,
        Permission::ViewDeployments,
        Permission::RunDeployments,
        Permission::FreezeDeployments,
    ];

    /// The stable name, as stored (API key limits) and sent.
    pub const fn name(self) -> &'static str {
        match self {
            Permission::AdministerOrganisation => "administer_organisation",
            Permission::ViewAudit => "view_audit",
            Permission::ViewWorkflows => "view_workflows",
            Permission::ViewReviews => "view_reviews",
            Permission::UseApps => "use_apps",
            Permission::ViewRuns => "view_runs",
            Permission::ViewKnowledge => "view_knowledge",
            Permission::ManageKnowledge => "manage_knowledge",
            Permission::TestWorkflows => "test_workflows",
            Permission::EditWorkflows => "edit_workflows",
            Permission::OperateRuns => "operate_runs",
            Permission::PromoteWorkflows => "promote_workflows",
            Permission::ApproveReviews => "approve_reviews",
            Permission::ViewDeployments => "view_deployments",
            Permission::RunDeployments => "run_deployments",
            Permission::FreezeDeployments => "freeze_deployments",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Permission::ALL
            .into_iter()
            .find(|permission| permission.name() == name)
    }

    /// What the permission allows, in words, for refusals and generated documentation.
    pub const fn describe(self) -> &'static str {
        match self {
            Permission::AdministerOrganisation => "administer the organisation",
            Permission::ViewAudit => "read the audit trail",
            Permission::ViewWorkflows => "see workflows",
            Permission::ViewReviews => "see reviews",
            Permission::UseApps => "use published apps",
            Permission::ViewRuns => "see runs",
            Permission::ViewKnowledge => "see knowledge bases",
            Permission::ManageKnowledge => "manage knowledge bases and their documents",
            Permission::TestWorkflows => "run drafts in the dev environment",
            Permission::EditWorkflows => "create workflows and save their drafts",
            Permission::OperateRuns => "cancel and retry runs",
            Permission::PromoteWorkflows => "submit versions for review and deploy them",
            Permission::ApproveReviews => "approve or reject reviews",
            Permission::ViewDeployments => "see what is deployed where",
            Permission::RunDeployments => "run deployed workflows",
            Permission::FreezeDeployments => "freeze and unfreeze deployments",
        }
    }
}

/// The permission table: one row per permission, with every role that holds it. Anything not
/// listed is denied.
pub const PERMISSIONS: &[(Permission, &[Role])] = &[
    (Permission::AdministerOrganisation, &[Role::Admin]),
    (Permission::ViewAudit, &[Role::Admin, Role::Auditor]),
    (Permission::ViewWorkflows, &[Role::Admin, Role::Builder]),
    (
        Permission::ViewReviews,
        &[Role::Admin, Role::Builder, Role::Approver],
    ),
    (
        Permission::UseApps,
        &[
            Role::Admin,
            Role::Steward,
            Role::Builder,
            Role::Approver,
            Role::Operator,
            Role::Consumer,
        ],
    ),
    (
        Permission::ViewRuns,
        &[Role::Admin, Role::Builder, Role::Operator, Role::Auditor],
    ),
    (
        Permission::ViewKnowledge,
        &[Role::Admin, Role::Steward, Role::Builder],
    ),
    // Stewards own the data; builders only use what they are given.
    (Permission::ManageKnowledge, &[Role::Admin, Role::Steward]),
    (Permission::TestWorkflows, &[Role::Admin, Role::Builder]),
    (Permission::EditWorkflows, &[Role::Admin, Role::Builder]),
    (
        Permission::OperateRuns,
        &[Role::Admin, Role::Builder, Role::Operator],
    ),
    (Permission::PromoteWorkflows, &[Role::Admin, Role::Builder]),
    // Admins set the rules; approving is the approvers' own duty.
    (Permission::ApproveReviews, &[Role::Approver]),
    (
        Permission::ViewDeployments,
        &[
            Role::Admin,
            Role::Builder,
            Role::Approver,
            Role::Operator,
            Role::Auditor,
        ],
    ),
    (
        Permission::RunDeployments,
        &[Role::Admin, Role::Builder, Role::Operator],
    ),
    (
        Permission::FreezeDeployments,
        &[Role::Admin, Role::Operator],
    ),
];

/// The roles that hold `permission`, from the table.
pub fn roles_holding(permission: Permission) -> &'static [Role] {
    PERMISSIONS
        .iter()
        .find(|(listed, _)| *listed == permission)
        .map_or(&[], |(_, roles)| roles)
}

/// The one authorization decision: may someone with `grants` do `permission` at `scope`?
pub fn authorize(grants: &[Grant], permission: Permission, scope: Scope) -> bool {
    let roles = roles_holding(permission);
    grants
        .iter()
        .any(|grant| grant.covers(scope) && roles.contains(&grant.role))
}

/// Whether `grants` allow `permission` in at least one place (used for navigation).
pub fn authorize_anywhere(grants: &[Grant], permission: Permission) -> bool {
    let roles = roles_holding(permission);
    grants.iter().any(|grant| roles.contains(&grant.role))
}

/// What an API key is limited to, beyond its holder's own rights: some permissions, some
/// workspaces, or both. A key limited to workspaces can do nothing organisation-wide.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyLimits {
    pub permissions: Option<Vec<Permission>>,
    pub workspaces: Option<Vec<WorkspaceId>>,
}

impl KeyLimits {
    pub fn allows(&self, permission: Permission, scope: Scope) -> bool {
        let permitted = self
            .permissions
            .as_ref()
            .is_none_or(|listed| listed.contains(&permission));
        let in_scope = match (&self.workspaces, scope) {
            (None, _) => true,
            (Some(listed), Scope::Workspace(workspace)) => listed.contains(&workspace),
            (Some(_), Scope::Organisation) => false,
        };
        permitted && in_scope
    }
}

/// A section of the web UI. Which sections a person sees follows from the permission table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Build,
    Review,
    Apps,
    Runs,
    Knowledge,
    Admin,
    Audit,
}

impl Section {
    /// In navigation order.
    pub const ALL: [Section; 7] = [
        Section::Build,
        Section::Review,
        Section::Apps,
        Section::Runs,
        Section::Knowledge,
        Section::Admin,
        Section::Audit,
    ];

    pub const fn required_permission(self) -> Permission {
        match self {
            Section::Build => Permission::ViewWorkflows,
            Section::Review => Permission::ViewReviews,
            Section::Apps => Permission::UseApps,
            Section::Runs => Permission::ViewRuns,
            Section::Knowledge => Permission::ViewKnowledge,
            Section::Admin => Permission::AdministerOrganisation,
            Section::Audit => Permission::ViewAudit,
        }
    }

    /// The sections a person with `grants` may open, in navigation order.
    pub fn visible_to(grants: &[Grant]) -> Vec<Section> {
        Section::ALL
            .into_iter()
            .filter(|section| authorize_anywhere(grants, section.required_permission()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_grant(role: Role, workspace: WorkspaceId) -> Grant {
        Grant::new(role, Scope::Workspace(workspace)).unwrap()
    }

    #[test]
    fn every_permission_has_exactly_one_row() {
        for permission in Permission::ALL {
            let rows = PERMISSIONS.iter().filter(|(p, _)| *p == permission).count();
            assert_eq!(rows, 1, "{permission:?} must have exactly one row");
        }
        assert_eq!(PERMISSIONS.len(), Permission::ALL.len());
    }

    #[test]
    fn the_table_decides_every_role_and_permission_in_a_workspace() {
        let here = WorkspaceId::generate();
        for (permission, allowed) in PERMISSIONS {
            for role in Role::ALL {
                let grants = [workspace_grant(role, here)];
                assert_eq!(
                    authorize(&grants, *permission, Scope::Workspace(here)),
                    allowed.contains(&role),
                    "{role} / {permission:?}"
                );
            }
        }
    }

    #[test]
    fn a_workspace_grant_does_not_reach_another_workspace_or_the_organisation() {
        let (here, elsewhere) = (WorkspaceId::generate(), WorkspaceId::generate());
        for (permission, _) in PERMISSIONS {
            for role in Role::ALL {
                let grants = [workspace_grant(role, here)];
                assert!(!authorize(
                    &grants,
                    *permission,
                    Scope::Workspace(elsewhere)
                ));
                assert!(!authorize(&grants, *permission, Scope::Organisation));
            }
        }
    }

    #[test]
    fn organisation_wide_grants_cover_every_workspace() {
        let grants = [Grant::new(Role::Auditor, Scope::Organisation).unwrap()];
        assert!(authorize(
            &grants,
            Permission::ViewAudit,
            Scope::Workspace(WorkspaceId::generate())
        ));
        assert!(authorize(
            &grants,
            Permission::ViewAudit,
            Scope::Organisation
        ));
        assert!(!authorize(
            &grants,
            Permission::AdministerOrganisation,
            Scope::Organisation
        ));
    }

    #[test]
    fn no_grants_means_no_access() {
        for (permission, _) in PERMISSIONS {
            assert!(!authorize(&[], *permission, Scope::Organisation));
        }
        assert!(Section::visible_to(&[]).is_empty());
    }

    #[test]
    fn only_admin_and_auditor_may_be_organisation_wide() {
        for role in Role::ALL {
            assert_eq!(
                Grant::new(role, Scope::Organisation).is_ok(),
                matches!(role, Role::Admin | Role::Auditor),
                "{role}"
            );
        }
    }

    #[test]
    fn navigation_follows_the_table() {
        let here = WorkspaceId::generate();
        let admin = [Grant::new(Role::Admin, Scope::Organisation).unwrap()];
        assert_eq!(Section::visible_to(&admin), Section::ALL.to_vec());
        assert_eq!(
            Section::visible_to(&[workspace_grant(Role::Consumer, here)]),
            vec![Section::Apps]
        );
        assert_eq!(
            Section::visible_to(&[workspace_grant(Role::Builder, here)]),
            vec![
                Section::Build,
                Section::Review,
                Section::Apps,
                Section::Runs,
                Section::Knowledge
            ]
        );
        let auditor = [Grant::new(Role::Auditor, Scope::Organisation).unwrap()];
        assert_eq!(
            Section::visible_to(&auditor),
            vec![Section::Runs, Section::Audit]
        );
    }

    #[test]
    fn key_limits_only_narrow() {
        let (here, elsewhere) = (WorkspaceId::generate(), WorkspaceId::generate());
        let unlimited = KeyLimits::default();
        assert!(unlimited.allows(Permission::ViewAudit, Scope::Organisation));
        let audit_only = KeyLimits {
            permissions: Some(vec![Permission::ViewAudit]),
            workspaces: None,
        };
        assert!(audit_only.allows(Permission::ViewAudit, Scope::Organisation));
        assert!(!audit_only.allows(Permission::AdministerOrganisation, Scope::Organisation));
        let claims_only = KeyLimits {
            permissions: None,
            workspaces: Some(vec![here]),
        };
        assert!(claims_only.allows(Permission::ViewRuns, Scope::Workspace(here)));
        assert!(!claims_only.allows(Permission::ViewRuns, Scope::Workspace(elsewhere)));
        assert!(!claims_only.allows(Permission::ViewAudit, Scope::Organisation));
    }

    #[test]
    fn permissions_round_trip_through_their_names() {
        for permission in Permission::ALL {
            assert_eq!(Permission::parse(permission.name()), Some(permission));
        }
        assert_eq!(Permission::parse("root"), None);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("root".parse::<Role>().is_err());
    }
}
