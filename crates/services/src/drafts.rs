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
use paddock_store::{Connection, Store};
use serde_json::json;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
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
    crate::workspaces::for_change(store, context, by, slug, Permission::EditWorkflows).await
}

pub async fn list(
    store: &Store,
    by: &Principal,
    workspace_slug: &str,
) -> Result<Vec<CheckedDraft>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = workspace(&mut conn, by, workspace_slug, Permission::ViewWorkflows).await?;
    let drafts = workflows::list(&mut conn, found.id).await?;
    let sinks = policy_context(&mut conn, &found, None, Some(&by.groups)).await?;
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
        .ok_or_else(|| crate::versions::no_such_workflow(name))?;
    let sinks = policy_context(&mut conn, &found, None, Some(&by.groups)).await?;
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
    let description = described(&name, definition)?;
    let sinks = {
        let mut conn = store.acquire().await?;
        policy_context(&mut conn, &found, None, Some(&by.groups)).await?
    };
    let mut tx = store.begin().await?;
    let written = write(
        &mut tx,
        context,
        &Actor::of(by),
        Some(by.user_id),
        &found,
        &sinks,
        Saving {
            name: &name,
            description: &description,
            definition,
            base_revision,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(written)
}

/// The description of a definition that must be named `name`; its problems otherwise.
fn described(name: &Slug, definition: &str) -> Result<String, ServiceError> {
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
    Ok(parsed.description.unwrap_or_default())
}

/// One draft to write.
struct Saving<'a> {
    name: &'a Slug,
    description: &'a str,
    definition: &'a str,
    base_revision: Option<u64>,
}

/// Writes a draft and its audit event in the caller's transaction.
async fn write(
    conn: &mut Connection,
    context: &RequestContext,
    actor: &Actor,
    by: Option<paddock_core::ids::UserId>,
    found: &Workspace,
    sinks: &Context,
    saving: Saving<'_>,
) -> Result<(bool, CheckedDraft), ServiceError> {
    let Saving {
        name,
        description,
        definition,
        base_revision,
    } = saving;
    let saved = workflows::save(
        conn,
        found.id,
        name.as_str(),
        description,
        definition,
        base_revision,
        by,
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
    let checked = CheckedDraft::new(found.slug.clone(), draft, sinks);
    let entry = Entry {
        actor: actor.clone(),
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
    record(conn, context, entry).await?;
    Ok((created, checked))
}

/// What importing did to one workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Created { revision: u64, problems: usize },
    Updated { revision: u64, problems: usize },
    Unchanged,
}

/// Every draft of a workspace as (name, definition as written), for `paddock workflow export`
/// (the shell is trusted: no principal).
pub async fn export(store: &Store, workspace: &str) -> Result<Vec<(String, String)>, ServiceError> {
    let mut conn = store.acquire().await?;
    let found = by_slug(&mut conn, workspace).await?;
    Ok(workflows::list(&mut conn, found.id)
        .await?
        .into_iter()
        .map(|draft| (draft.name, draft.definition))
        .collect())
}

/// Creates or updates drafts from definitions (`paddock workflow import`): each is saved over
/// the draft as it is, audited as the command line's. A definition that cannot be read, or two
/// of the same name, refuse the whole import: nothing is written. Nothing is ever deployed.
pub async fn import(
    store: &Store,
    workspace: &str,
    definitions: &[String],
) -> Result<Vec<(String, Imported)>, ServiceError> {
    let mut named: Vec<(Slug, String, &str)> = Vec::new();
    for definition in definitions {
        let parsed = parse::parse(definition, Format::detect(definition))
            .map_err(|problems| ServiceError::problems("definition", problems))?;
        let name = Slug::parse(&parsed.name).map_err(|e| ServiceError::invalid("name", e))?;
        if named.iter().any(|(seen, _, _)| *seen == name) {
            return Err(ServiceError::invalid(
                "name",
                format!("two definitions are named '{name}'"),
            ));
        }
        named.push((name, parsed.description.unwrap_or_default(), definition));
    }
    let mut tx = store.begin().await?;
    let found = by_slug(&mut tx, workspace).await?;
    let sinks = policy_context(&mut tx, &found, None, None).await?;
    let context = RequestContext::command_line();
    let actor = Actor::system("paddock workflow import");
    let mut outcomes = Vec::new();
    for (name, description, definition) in named {
        let current = workflows::find(&mut tx, found.id, name.as_str()).await?;
        if current
            .as_ref()
            .is_some_and(|draft| draft.definition == definition)
        {
            outcomes.push((name.to_string(), Imported::Unchanged));
            continue;
        }
        let saving = Saving {
            name: &name,
            description: &description,
            definition,
            base_revision: current.map(|draft| draft.revision),
        };
        let (created, checked) =
            write(&mut tx, &context, &actor, None, &found, &sinks, saving).await?;
        let (revision, problems) = (checked.draft.revision, checked.problems.len());
        outcomes.push((
            name.to_string(),
            if created {
                Imported::Created { revision, problems }
            } else {
                Imported::Updated { revision, problems }
            },
        ));
    }
    tx.commit().await?;
    Ok(outcomes)
}
