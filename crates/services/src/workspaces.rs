//! Workspaces, administered: create them, and see who may do what in each — the grants given
//! there (to people, service accounts and groups) and every account they reach.

use paddock_core::audit::{Action, Outcome};
use paddock_core::values::{DisplayName, Slug};
use paddock_core::{Permission, Scope};
use paddock_store::grants::{self, EffectiveRole, GrantHolder, WorkspaceGrant};
use paddock_store::workspaces::{self, Environment, Workspace};
use paddock_store::{Connection, Store};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;

/// A workspace with how many accounts have a role in it.
#[derive(Debug, Clone)]
pub struct WorkspaceOverview {
    pub workspace: Workspace,
    /// Accounts with a role given in this workspace (organisation-wide roles not counted).
    pub members: usize,
}

/// One account's access to a workspace: each of its roles there and where it comes from.
#[derive(Debug, Clone)]
pub struct Member {
    pub account: GrantHolder,
    pub roles: Vec<EffectiveRole>,
}

/// Who may do what in a workspace.
#[derive(Debug, Clone)]
pub struct WorkspaceMembers {
    pub workspace: Workspace,
    pub grants: Vec<WorkspaceGrant>,
    pub members: Vec<Member>,
}

fn no_such_workspace() -> ServiceError {
    ServiceError::NotFound("There is no such workspace.".to_owned())
}

/// The workspace `slug` names; one that does not exist (or could not) is not found.
pub(crate) async fn by_slug(conn: &mut Connection, slug: &str) -> Result<Workspace, ServiceError> {
    let missing = || ServiceError::NotFound(format!("There is no workspace '{slug}'."));
    let parsed = Slug::parse(slug).map_err(|_| missing())?;
    workspaces::find_workspace(conn, &parsed)
        .await?
        .ok_or_else(missing)
}

/// The workspace `slug` names, if `by` may do `permission` in it; a refusal is audited.
pub(crate) async fn for_change(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    permission: Permission,
) -> Result<Workspace, ServiceError> {
    let found = by_slug(&mut *store.acquire().await?, slug).await?;
    crate::auth::require_for_change(store, context, by, permission, Scope::Workspace(found.id))
        .await?;
    Ok(found)
}

/// The environment called `slug`, or the first of the chain when none is named.
pub(crate) async fn environment_named(
    conn: &mut Connection,
    slug: Option<&str>,
) -> Result<Environment, ServiceError> {
    let environments = workspaces::list_environments(conn).await?;
    let found = match slug {
        Some(slug) => environments.into_iter().find(|e| e.slug.as_str() == slug),
        None => environments.into_iter().next(),
    };
    found.ok_or_else(|| match slug {
        Some(slug) => ServiceError::NotFound(format!("There is no environment '{slug}'.")),
        None => ServiceError::NotFound("No environment is set up.".to_owned()),
    })
}

async fn members_of(
    conn: &mut Connection,
    workspace: &Workspace,
) -> Result<Vec<Member>, ServiceError> {
    let mut members: Vec<Member> = Vec::new();
    // Rows come ordered by account, so each account's roles are adjacent.
    for role in grants::effective_in_workspace(conn, workspace.id).await? {
        match members.last_mut() {
            Some(member) if member.account == role.user => member.roles.push(role),
            _ => members.push(Member {
                account: role.user.clone(),
                roles: vec![role],
            }),
        }
    }
    Ok(members)
}

pub async fn list(store: &Store) -> Result<Vec<WorkspaceOverview>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut all = Vec::new();
    for workspace in workspaces::list_workspaces(&mut conn).await? {
        let members = members_of(&mut conn, &workspace)
            .await?
            .iter()
            .filter(|member| member.roles.iter().any(|role| !role.organisation_wide))
            .count();
        all.push(WorkspaceOverview { workspace, members });
    }
    Ok(all)
}

pub async fn members(store: &Store, slug: &str) -> Result<WorkspaceMembers, ServiceError> {
    let slug = Slug::parse(slug).map_err(|_| no_such_workspace())?;
    let mut conn = store.acquire().await?;
    let workspace = workspaces::find_workspace(&mut conn, &slug)
        .await?
        .ok_or_else(no_such_workspace)?;
    Ok(WorkspaceMembers {
        grants: grants::in_workspace(&mut conn, workspace.id).await?,
        members: members_of(&mut conn, &workspace).await?,
        workspace,
    })
}

/// Creates a workspace. Nobody has a role in it until an administrator grants one.
pub async fn create(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    name: &str,
) -> Result<Workspace, ServiceError> {
    let slug = Slug::parse(slug.trim()).map_err(|e| ServiceError::invalid("slug", e))?;
    let name = DisplayName::parse(name).map_err(|e| ServiceError::invalid("name", e))?;
    let mut tx = store.begin().await?;
    let workspace = workspaces::insert_workspace(&mut tx, &slug, &name).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::WorkspaceCreated,
        target: Some(Target::workspace(workspace.id, slug.as_str())),
        workspace: Some(slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "name": name.as_str() }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(workspace)
}
