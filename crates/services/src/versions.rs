//! Versions of a workflow: a builder cuts an immutable, content-addressed version of a valid
//! draft with a message; anyone who may see the workflow lists versions, reads the draft's
//! edit history and compares any two of them (or a version and the draft) — a semantic diff a
//! reviewer can read and the YAML's line diff; a version can be restored as the draft.
//! Promotion (reviews, deployments) moves versions, never drafts.

use paddock_core::Permission;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::WorkflowId;
use paddock_core::workflow::diff::{self, SemanticDiff, TextRun};
use paddock_core::workflow::parse::{self, Format};
use paddock_store::versions::{self, Cut, NewVersion, Version};
use paddock_store::workspaces::Workspace;
use paddock_store::{Connection, Store, users, workflows};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::drafts::{self, CheckedDraft};
use crate::workflows::check_once;

/// The longest version message.
const MAX_MESSAGE_CHARS: usize = 500;
/// How many saves of a draft the history shows.
const HISTORY_LIMIT: u32 = 100;

/// A version as people see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionView {
    #[schema(example = 3)]
    pub number: u64,
    /// `sha256:` and the digest of the definition: the same content is the same version.
    pub digest: String,
    pub message: String,
    /// The draft revision it was cut from.
    pub draft_revision: u64,
    /// Who cut it (an e-mail address).
    pub created_by: Option<String>,
    pub created_at: String,
    /// Everyone who saved the draft since the version before (e-mail addresses): none of them
    /// may approve this version.
    pub editors: Vec<String>,
}

/// A version with its definition.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionDetail {
    #[serde(flatten)]
    pub version: VersionView,
    pub definition: String,
}

/// One save of the draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DraftRevisionView {
    pub revision: u64,
    pub saved_by: Option<String>,
    pub saved_at: String,
}

/// Two definitions of a workflow compared.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comparison {
    /// `v3`, or `draft`.
    pub from: String,
    pub to: String,
    pub semantic: SemanticDiff,
    /// The YAML (or JSON) as written, line by line.
    pub text: Vec<TextRun>,
}

/// A side of a comparison: a version by number, or the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Version(u64),
    Draft,
}

impl Side {
    /// `draft`, or a version number (`3` or `v3`).
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        if text == "draft" {
            return Ok(Side::Draft);
        }
        text.trim_start_matches('v')
            .parse()
            .ok()
            .filter(|number| *number > 0)
            .map(Side::Version)
            .ok_or_else(|| ServiceError::invalid("from", "a version number (such as 3) or `draft`"))
    }

    fn name(self) -> String {
        match self {
            Side::Version(number) => format!("v{number}"),
            Side::Draft => "draft".to_owned(),
        }
    }
}

/// The digest that addresses a definition.
pub fn digest_of(definition: &str) -> String {
    format!(
        "sha256:{}",
        hex::encode(Sha256::digest(definition.as_bytes()))
    )
}

pub(crate) fn no_such_workflow(name: &str) -> ServiceError {
    ServiceError::NotFound(format!("There is no workflow '{name}' here."))
}

pub(crate) fn no_such_version(number: u64) -> ServiceError {
    ServiceError::NotFound(format!("There is no version {number} of this workflow."))
}

/// The workspace, checked for `permission`, and the workflow's id.
async fn workflow_of(
    conn: &mut Connection,
    by: &Principal,
    workspace: &str,
    name: &str,
    permission: Permission,
) -> Result<(Workspace, WorkflowId), ServiceError> {
    let found = crate::promotion::workflow_ref(conn, by, workspace, name, permission).await?;
    Ok((found.workspace, found.id))
}

async fn view(conn: &mut Connection, version: Version) -> Result<VersionDetail, ServiceError> {
    let mut editors = Vec::new();
    for id in &version.editors {
        if let Some(user) = users::find(conn, *id).await? {
            editors.push(user.email.to_string());
        }
    }
    Ok(VersionDetail {
        version: VersionView {
            number: version.number,
            digest: version.digest,
            message: version.message,
            draft_revision: version.draft_revision,
            created_by: version.created_by_email,
            created_at: version.created_at.to_rfc3339(),
            editors,
        },
        definition: version.definition,
    })
}

/// Cuts a version of the draft as it is now; true when it is new, false when a version with
/// the same definition exists (that one is answered, nothing is written). The draft must be
/// valid: a version is something that can run.
pub async fn cut(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    message: &str,
) -> Result<(bool, VersionDetail), ServiceError> {
    let found = drafts::workspace_to_edit(store, context, by, workspace).await?;
    let message = message.trim();
    if message.is_empty() || message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ServiceError::invalid(
            "message",
            format!("say what changed, in 1 to {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    let mut tx = store.begin().await?;
    let workflow = versions::workflow_id(&mut tx, found.id, name)
        .await?
        .ok_or_else(|| no_such_workflow(name))?;
    let draft = workflows::find(&mut tx, found.id, name)
        .await?
        .ok_or_else(|| no_such_workflow(name))?;
    check_once(&draft.definition)
        .map_err(|problems| ServiceError::problems("definition", problems))?;
    let digest = digest_of(&draft.definition);
    let cut = versions::cut(
        &mut tx,
        NewVersion {
            workflow,
            definition: &draft.definition,
            digest: &digest,
            message,
            draft_revision: draft.revision,
            by: Some(by.user_id),
        },
    )
    .await?;
    let (created, version) = match cut {
        Cut::Created(version) => (true, version),
        Cut::Unchanged(version) => (false, version),
    };
    if created {
        let entry = Entry {
            actor: Actor::of(by),
            action: Action::WorkflowVersionCut,
            target: Some(Target::workflow(name)),
            workspace: Some(found.slug.to_string()),
            outcome: Outcome::Success,
            summary: json!({
                "version": version.number,
                "digest": version.digest,
                "draft_revision": version.draft_revision,
                "message": version.message,
            }),
        };
        record(&mut tx, context, entry).await?;
    }
    let detail = view(&mut tx, version).await?;
    tx.commit().await?;
    Ok((created, detail))
}

/// The workflow's versions, newest first.
pub async fn list(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
) -> Result<Vec<VersionView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let (_, workflow) =
        workflow_of(&mut conn, by, workspace, name, Permission::ViewWorkflows).await?;
    let mut all = Vec::new();
    for version in versions::list(&mut conn, workflow).await? {
        all.push(view(&mut conn, version).await?.version);
    }
    Ok(all)
}

pub async fn get(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
    number: u64,
) -> Result<VersionDetail, ServiceError> {
    let mut conn = store.acquire().await?;
    let (_, workflow) =
        workflow_of(&mut conn, by, workspace, name, Permission::ViewWorkflows).await?;
    let version = versions::find(&mut conn, workflow, number)
        .await?
        .ok_or_else(|| no_such_version(number))?;
    view(&mut conn, version).await
}

/// The draft's saves, newest first.
pub async fn history(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
) -> Result<Vec<DraftRevisionView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let (_, workflow) =
        workflow_of(&mut conn, by, workspace, name, Permission::ViewWorkflows).await?;
    Ok(versions::history(&mut conn, workflow, HISTORY_LIMIT)
        .await?
        .into_iter()
        .map(|saved| DraftRevisionView {
            revision: saved.revision,
            saved_by: saved.saved_by,
            saved_at: saved.saved_at.to_rfc3339(),
        })
        .collect())
}

/// Compares two sides; `from` defaults to the newest version (nothing, for a workflow with
/// none) and `to` to the draft.
pub async fn compare(
    store: &Store,
    by: &Principal,
    workspace: &str,
    name: &str,
    from: Option<Side>,
    to: Option<Side>,
) -> Result<Comparison, ServiceError> {
    let mut conn = store.acquire().await?;
    let (found, workflow) =
        workflow_of(&mut conn, by, workspace, name, Permission::ViewWorkflows).await?;
    let newest = versions::list(&mut conn, workflow)
        .await?
        .first()
        .map(|version| Side::Version(version.number));
    let from = from.or(newest);
    let to = to.unwrap_or(Side::Draft);
    let mut text_of = async |side: Side| -> Result<String, ServiceError> {
        match side {
            Side::Draft => Ok(workflows::find(&mut conn, found.id, name)
                .await?
                .ok_or_else(|| no_such_workflow(name))?
                .definition),
            Side::Version(number) => Ok(versions::find(&mut conn, workflow, number)
                .await?
                .ok_or_else(|| no_such_version(number))?
                .definition),
        }
    };
    let before = match from {
        Some(side) => Some(text_of(side).await?),
        None => None,
    };
    let after = text_of(to).await?;
    comparison(
        from.map_or_else(|| "nothing".to_owned(), Side::name),
        before.as_deref(),
        to.name(),
        &after,
    )
}

/// The semantic and line diffs from `before` (nothing, for a first version) to `after`.
pub(crate) fn comparison(
    from: String,
    before: Option<&str>,
    to: String,
    after: &str,
) -> Result<Comparison, ServiceError> {
    let readable = |text: &str, side: &'static str| {
        parse::parse(text, Format::detect(text)).map_err(|_| {
            ServiceError::invalid(
                side,
                "this definition cannot be read, so only its text can be compared; fix the draft first",
            )
        })
    };
    let after_definition = readable(after, "to")?;
    let before_definition = before.map(|text| readable(text, "from")).transpose()?;
    Ok(Comparison {
        from,
        to,
        semantic: diff::semantic(before_definition.as_ref(), &after_definition),
        text: diff::lines(before.unwrap_or_default(), after),
    })
}

/// Makes version `number` the draft again, as a save based on `base_revision` (audited as
/// one, and refused when someone saved meanwhile).
pub async fn restore(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    number: u64,
    base_revision: u64,
) -> Result<CheckedDraft, ServiceError> {
    let version = {
        let mut conn = store.acquire().await?;
        let (_, workflow) =
            workflow_of(&mut conn, by, workspace, name, Permission::EditWorkflows).await?;
        versions::find(&mut conn, workflow, number)
            .await?
            .ok_or_else(|| no_such_version(number))?
    };
    let (_, restored) = drafts::save(
        store,
        context,
        by,
        workspace,
        name,
        &version.definition,
        Some(base_revision),
    )
    .await?;
    Ok(restored)
}
