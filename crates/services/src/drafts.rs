//! Workflows of a workspace and their drafts: builders save a draft as often as they like —
//! problems and all, which are reported with it — and try it with a test run. Each save is
//! audited and bumps the revision; a save based on an older revision is refused, so nobody
//! overwrites a colleague's work unknowingly. Versions and reviews come with the lifecycle.

use paddock_core::audit::{Action, Outcome};
use paddock_core::policy::{self, Context, Violation};
use paddock_core::values::Slug;
use paddock_core::workflow::parse::{self, Format};
use paddock_core::workflow::{Problem, Problems};
use paddock_core::{Permission, Scope};
use paddock_store::workflows::{self, Draft, Saved};
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store, groups};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, require_for_change};
use crate::policy::context as policy_context;
use crate::workflows::{catalog, check_once};
use crate::workspaces::by_slug;

/// A draft with what is wrong with it (nothing, when it can be run).
#[derive(Debug, Clone)]
pub struct CheckedDraft {
    pub workspace: Slug,
    pub draft: Draft,
    pub problems: Vec<Problem>,
    /// Where its data may not go in the workspace's first environment (dev); checked once it
    /// has no problems. Warnings: a draft is saved all the same.
    pub policy: Vec<Violation>,
}

impl CheckedDraft {
    fn new(workspace: Slug, draft: Draft, sinks: &Context) -> Self {
        let (problems, policy) = match check_once(&draft.definition) {
            Ok(checked) => (
                Vec::new(),
                policy::check(&checked.workflow, catalog(), sinks),
            ),
            Err(problems) => (problems.0, Vec::new()),
        };
        CheckedDraft {
            workspace,
            draft,
            problems,
            policy,
        }
    }
}

async fn workspace(
    conn: &mut Connection,
    by: &Principal,
    slug: &str,
    permission: Permission,
) -> Result<Workspace, ServiceError> {
    let found = by_slug(conn, slug).await?;
    by.require(permission, Scope::Workspace(found.id))?;
    Ok(found)
}

/// The workspace, if `by` may edit its workflows; a refusal is audited.
pub(crate) async fn workspace_to_edit(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
) -> Result<Workspace, ServiceError> {
    let found = by_slug(&mut *store.acquire().await?, slug).await?;
    require_for_change(
        store,
        context,
        by,
        Permission::EditWorkflows,
        Scope::Workspace(found.id),
    )
    .await?;
    Ok(found)
}

pub async fn list(
    store: &Store,
    by: &Principal,
    workspace_slug: &str,
) -> Result<Vec<CheckedDraft>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = workspace(&mut conn, by, workspace_slug, Permission::ViewWorkflows).await?;
    let drafts = workflows::list(&mut conn, found.id).await?;
    let member_of = groups::groups_of(&mut conn, by.user_id).await?;
    let sinks = policy_context(&mut conn, &found, None, Some(&member_of)).await?;
    Ok(drafts
        .into_iter()
        .map(|draft| CheckedDraft::new(found.slug.clone(), draft, &sinks))
        .collect())
}

pub async fn get(
    store: &Store,
    by: &Principal,
    workspace_slug: &str,
    name: &str,
) -> Result<CheckedDraft, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = workspace(&mut conn, by, workspace_slug, Permission::ViewWorkflows).await?;
    let draft = workflows::find(&mut conn, found.id, name)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no workflow '{name}' here.")))?;
    let member_of = groups::groups_of(&mut conn, by.user_id).await?;
    let sinks = policy_context(&mut conn, &found, None, Some(&member_of)).await?;
    Ok(CheckedDraft::new(found.slug, draft, &sinks))
}

/// Saves the draft of workflow `name`, creating the workflow on its first save. The definition
/// must be readable and carry the same name; other problems are kept and reported with it.
/// `base_revision` is the revision the change started from.
pub async fn save(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace_slug: &str,
    name: &str,
    definition: &str,
    base_revision: Option<u64>,
) -> Result<(bool, CheckedDraft), ServiceError> {
    // Refused before the definition is even read, and audited.
    let found = workspace_to_edit(store, context, by, workspace_slug).await?;
    let name = Slug::parse(name).map_err(|e| ServiceError::invalid("name", e))?;
    let parsed = parse::parse(definition, Format::detect(definition))
        .map_err(|problems| ServiceError::problems("definition", problems))?;
    if parsed.name != name.as_str() {
        return Err(ServiceError::problems(
            "definition",
            Problems(vec![Problem {
                path: "name".to_owned(),
                message: format!(
                    "the definition is named '{}', but it is saved as the workflow '{name}'",
                    parsed.name
                ),
            }]),
        ));
    }
    let description = parsed.description.unwrap_or_default();
    let sinks = {
        let mut conn = store.acquire().await?;
        let member_of = groups::groups_of(&mut conn, by.user_id).await?;
        policy_context(&mut conn, &found, None, Some(&member_of)).await?
    };
    let mut tx = store.begin().await?;
    let saved = workflows::save(
        &mut tx,
        found.id,
        name.as_str(),
        &description,
        definition,
        base_revision,
        Some(by.user_id),
    )
    .await?;
    let (created, draft) = match saved {
        Saved::Created(draft) => (true, draft),
        Saved::Updated(draft) => (false, draft),
        Saved::Stale { current } => {
            let message = match base_revision {
                None => format!(
                    "A workflow '{name}' already exists here (revision {current}); open it to change it."
                ),
                Some(base) => format!(
                    "Someone else saved '{name}' since you opened it (it is at revision {current}, yours was based on {base}). Reload it and apply your change again."
                ),
            };
            return Err(ServiceError::EditConflict {
                message,
                revision: current,
            });
        }
    };
    let checked = CheckedDraft::new(found.slug.clone(), draft, &sinks);
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::WorkflowDraftSaved,
        target: Some(Target::workflow(name.as_str())),
        workspace: Some(found.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "revision": checked.draft.revision,
            "created": created,
            "problems": checked.problems.len(),
            "policy_violations": checked.policy.len(),
        }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok((created, checked))
}
