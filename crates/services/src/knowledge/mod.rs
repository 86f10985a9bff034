//! Knowledge bases, governed: the stewards of a workspace create them, label them, say which
//! workspaces' workflows (in which environments) and which groups of people may use them, and
//! fill them with documents ([`documents`]) that a background worker reads into passages
//! ([`ingest`]). Every change is audited in its transaction.

pub mod documents;
pub mod ingest;
pub mod retrieval;
pub mod search;

use std::collections::{BTreeMap, HashMap};

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{EnvironmentId, GroupId, KnowledgeBaseId, WorkspaceId};
use paddock_core::knowledge::{AccessEntry, AccessList, Grantee};
use paddock_core::label::Label;
use paddock_core::policy::KnowledgeSource;
use paddock_core::values::{DisplayName, Slug};
use paddock_core::{Permission, Scope};
use paddock_store::knowledge::{self, Details, DocumentCounts, KnowledgeBase};
use paddock_store::workspaces::{self, Environment, Workspace};
use paddock_store::{Connection, Store, groups};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::Principal;
use crate::forms::text;
use crate::labels::require_known_label;

const MAX_DESCRIPTION_CHARS: usize = 1_000;
const MAX_ACCESS_ENTRIES: usize = 200;

/// What stewards set on a knowledge base.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBaseForm {
    /// The display name.
    #[schema(example = "Claims policies")]
    pub name: String,
    /// What it holds, for the builders who pick it in the palette.
    #[serde(default)]
    pub description: String,
    /// The label of everything retrieved from it.
    #[schema(example = "confidential")]
    pub label: String,
}

/// A new knowledge base: its slug, its owning workspace, and what describes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKnowledgeBase {
    /// How workflows and URLs name it; unique in the organisation.
    #[schema(example = "claims-policies")]
    pub slug: String,
    /// The workspace whose stewards manage it.
    #[schema(example = "claims")]
    pub workspace: String,
    #[serde(flatten)]
    pub details: KnowledgeBaseForm,
}

/// One entry of an access list: a workspace (its workflows retrieve, in one environment or all)
/// or a group (its members search it themselves).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessEntryForm {
    /// A workspace's slug; give this or `group`.
    pub workspace: Option<String>,
    /// A group's id; give this or `workspace`.
    pub group: Option<String>,
    /// For a workspace: the one environment it may retrieve in (all when left out).
    pub environment: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessForm {
    pub entries: Vec<AccessEntryForm>,
}

/// An entry of an access list, with names to show.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessEntryView {
    /// `workspace` or `group`.
    pub kind: String,
    /// The workspace's slug or the group's id.
    pub id: String,
    /// The workspace's or the group's name.
    pub name: String,
    /// The environment's slug; none: every environment.
    pub environment: Option<String>,
}

/// How many of a knowledge base's documents stand where.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct DocumentCountsView {
    pub total: u64,
    /// Searchable.
    pub ready: u64,
    /// Waiting or being read.
    pub pending: u64,
    /// Could not be read; each says why.
    pub failed: u64,
}

impl From<DocumentCounts> for DocumentCountsView {
    fn from(counts: DocumentCounts) -> Self {
        DocumentCountsView {
            total: counts.queued + counts.ingesting + counts.ready + counts.failed,
            ready: counts.ready,
            pending: counts.queued + counts.ingesting,
            failed: counts.failed,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KnowledgeBaseView {
    #[schema(example = "claims-policies")]
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The owning workspace's slug.
    pub workspace: String,
    pub workspace_name: String,
    #[schema(example = "confidential")]
    pub label: String,
    pub documents: DocumentCountsView,
    /// Who may use it; shown only to those who may manage it.
    pub access: Vec<AccessEntryView>,
    /// Whether the caller may change it, upload to it and set its access.
    pub may_manage: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What the caller may do with a knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Standing {
    /// Nothing: it is not theirs to see.
    None,
    /// Search it and read its documents.
    Search,
    /// Also change it, its documents and its access list.
    Manage,
}

/// What `by` may do with `base`, from the permission table and the access list: stewards and
/// admins of its workspace manage it; those who may see knowledge in its workspace or in a
/// workspace it is shared with in every environment (what their workflows may read anywhere),
/// and members of groups on its list, search it. A workspace's share limited to one
/// environment is for its workflows there, not for its people.
pub(crate) fn standing(by: &Principal, base: &KnowledgeBase, access: &AccessList) -> Standing {
    let home = Scope::Workspace(base.workspace);
    if by.require(Permission::ManageKnowledge, home).is_ok() {
        return Standing::Manage;
    }
    let sees_in = |scope| by.require(Permission::ViewKnowledge, scope).is_ok();
    let key_allows = by
        .key
        .as_ref()
        .is_none_or(|(_, limits)| limits.allows(Permission::ViewKnowledge, home));
    if sees_in(home)
        || access
            .workspaces_everywhere()
            .any(|w| sees_in(Scope::Workspace(w)))
        || (key_allows && access.admits_person(&by.groups))
    {
        Standing::Search
    } else {
        Standing::None
    }
}

pub(crate) fn no_such_knowledge_base(slug: &str) -> ServiceError {
    ServiceError::NotFound(format!("There is no knowledge base '{slug}'."))
}

/// The knowledge base `slug`, if `by` may at least search it; one they may not see is answered
/// as missing, so its name gives nothing away.
pub(crate) async fn visible(
    conn: &mut Connection,
    by: &Principal,
    slug: &str,
) -> Result<(KnowledgeBase, AccessList, Standing), ServiceError> {
    let base = knowledge::find(conn, slug)
        .await?
        .ok_or_else(|| no_such_knowledge_base(slug))?;
    let access = knowledge::access(conn, base.id).await?;
    match standing(by, &base, &access) {
        Standing::None => Err(no_such_knowledge_base(slug)),
        standing => Ok((base, access, standing)),
    }
}

/// Like [`visible`], for a change: one they may search but not manage is refused, and the
/// refusal audited.
pub(crate) async fn managed(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
) -> Result<KnowledgeBase, ServiceError> {
    let (base, _, _) = visible(&mut *store.acquire().await?, by, slug).await?;
    crate::auth::require_for_change(
        store,
        context,
        by,
        Permission::ManageKnowledge,
        Scope::Workspace(base.workspace),
    )
    .await?;
    Ok(base)
}

/// Every knowledge base as a source of data for the workflows of `workspace` in `environment`:
/// its label, and whether its access list admits them.
pub(crate) async fn sources(
    conn: &mut Connection,
    workspace: WorkspaceId,
    environment: EnvironmentId,
) -> Result<BTreeMap<String, KnowledgeSource>, ServiceError> {
    let owners = workspaces::list_workspaces(conn).await?;
    let mut sources = BTreeMap::new();
    for base in knowledge::list(conn).await? {
        let access = knowledge::access(conn, base.id).await?;
        let label = Label::parse(&base.label)
            .map_err(|e| ServiceError::Internal(format!("knowledge base {}: {e}", base.slug)))?;
        let owner = owners
            .iter()
            .find(|w| w.id == base.workspace)
            .map_or_else(|| base.workspace.to_string(), |w| w.name.to_string());
        sources.insert(
            base.slug,
            KnowledgeSource {
                label,
                admitted: access.admits_workflows(workspace, environment),
                owner,
            },
        );
    }
    Ok(sources)
}

/// Refuses, before an upload is read, whoever may not change the knowledge base `slug`.
pub async fn require_manager(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
) -> Result<(), ServiceError> {
    managed(store, context, by, slug).await.map(|_| ())
}

/// Names to show for workspaces, environments and groups.
struct Names {
    workspaces: Vec<Workspace>,
    environments: Vec<Environment>,
    groups: HashMap<GroupId, String>,
}

impl Names {
    async fn load(conn: &mut Connection) -> Result<Self, ServiceError> {
        Ok(Names {
            workspaces: workspaces::list_workspaces(conn).await?,
            environments: workspaces::list_environments(conn).await?,
            groups: groups::list(conn)
                .await?
                .into_iter()
                .map(|group| (group.id, group.name.to_string()))
                .collect(),
        })
    }

    fn workspace(&self, id: WorkspaceId) -> Option<&Workspace> {
        self.workspaces.iter().find(|w| w.id == id)
    }

    fn entry(&self, entry: &AccessEntry) -> AccessEntryView {
        let (kind, id, name) = match entry.grantee {
            Grantee::Workspace(id) => match self.workspace(id) {
                Some(w) => ("workspace", w.slug.to_string(), w.name.to_string()),
                None => ("workspace", id.to_string(), id.to_string()),
            },
            Grantee::Group(id) => (
                "group",
                id.to_string(),
                self.groups
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string()),
            ),
        };
        AccessEntryView {
            kind: kind.to_owned(),
            id,
            name,
            environment: entry.environment.map(|environment| {
                self.environments
                    .iter()
                    .find(|e| e.id == environment)
                    .map_or_else(|| environment.to_string(), |e| e.slug.to_string())
            }),
        }
    }

    fn view(
        &self,
        base: &KnowledgeBase,
        access: &AccessList,
        counts: DocumentCounts,
        standing: Standing,
    ) -> KnowledgeBaseView {
        let home = self.workspace(base.workspace);
        KnowledgeBaseView {
            slug: base.slug.clone(),
            name: base.name.clone(),
            description: base.description.clone(),
            workspace: home.map_or_else(|| base.workspace.to_string(), |w| w.slug.to_string()),
            workspace_name: home.map_or_else(String::new, |w| w.name.to_string()),
            label: base.label.clone(),
            documents: counts.into(),
            // Who else may use it is for those who decide it.
            access: if standing == Standing::Manage {
                access.entries().iter().map(|e| self.entry(e)).collect()
            } else {
                Vec::new()
            },
            may_manage: standing == Standing::Manage,
            created_at: base.created_at.to_rfc3339(),
            updated_at: base.updated_at.to_rfc3339(),
        }
    }
}

/// The knowledge bases `by` may see, by slug.
pub async fn list(store: &Store, by: &Principal) -> Result<Vec<KnowledgeBaseView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let names = Names::load(&mut conn).await?;
    let counts = knowledge::document_counts(&mut conn, None).await?;
    let mut views = Vec::new();
    for base in knowledge::list(&mut conn).await? {
        let access = knowledge::access(&mut conn, base.id).await?;
        let standing = standing(by, &base, &access);
        if standing != Standing::None {
            let counts = counts.get(&base.id).copied().unwrap_or_default();
            views.push(names.view(&base, &access, counts, standing));
        }
    }
    Ok(views)
}

pub async fn get(
    store: &Store,
    by: &Principal,
    slug: &str,
) -> Result<KnowledgeBaseView, ServiceError> {
    let mut conn = store.acquire().await?;
    let (base, access, standing) = visible(&mut conn, by, slug).await?;
    view_of(&mut conn, &base, &access, standing).await
}

async fn view_of(
    conn: &mut Connection,
    base: &KnowledgeBase,
    access: &AccessList,
    standing: Standing,
) -> Result<KnowledgeBaseView, ServiceError> {
    let names = Names::load(conn).await?;
    let counts = counts_of(conn, base.id).await?;
    Ok(names.view(base, access, counts, standing))
}

struct ParsedForm {
    name: DisplayName,
    description: String,
    label: Label,
}

async fn counts_of(
    conn: &mut Connection,
    id: KnowledgeBaseId,
) -> Result<DocumentCounts, ServiceError> {
    let mut all = knowledge::document_counts(conn, Some(id)).await?;
    Ok(all.remove(&id).unwrap_or_default())
}

async fn parse_form(
    conn: &mut Connection,
    form: KnowledgeBaseForm,
) -> Result<ParsedForm, ServiceError> {
    let name = DisplayName::parse(&form.name).map_err(|e| ServiceError::invalid("name", e))?;
    let description = form.description.trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ServiceError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    let label = Label::parse(&form.label).map_err(|e| ServiceError::invalid("label", e))?;
    require_known_label(conn, "label", &label).await?;
    Ok(ParsedForm {
        name,
        description,
        label,
    })
}

fn entry(by: &Principal, action: Action, base: &KnowledgeBase, workspace: &str) -> Entry {
    Entry {
        actor: Actor::of(by),
        action,
        target: Some(Target::knowledge_base(base.id, &base.slug)),
        workspace: Some(workspace.to_owned()),
        outcome: Outcome::Success,
        summary: json!({}),
    }
}

/// Creates a knowledge base owned by a workspace where `by` may manage knowledge; it starts
/// empty and shared with nobody.
pub async fn create(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    new: NewKnowledgeBase,
) -> Result<KnowledgeBaseView, ServiceError> {
    let slug = Slug::parse(&new.slug).map_err(|e| ServiceError::invalid("slug", e))?;
    let workspace = crate::workspaces::for_change(
        store,
        context,
        by,
        &new.workspace,
        Permission::ManageKnowledge,
    )
    .await?;
    let mut tx = store.begin().await?;
    let form = parse_form(&mut tx, new.details).await?;
    let details = Details {
        name: form.name.as_str(),
        description: &form.description,
        label: &form.label.to_string(),
    };
    let base = knowledge::create(
        &mut tx,
        slug.as_str(),
        workspace.id,
        details,
        Some(by.user_id),
    )
    .await?;
    let mut created = entry(
        by,
        Action::KnowledgeBaseCreated,
        &base,
        workspace.slug.as_str(),
    );
    created.summary = json!({ "name": base.name, "label": base.label });
    record(&mut tx, context, created).await?;
    let view = view_of(&mut tx, &base, &AccessList::default(), Standing::Manage).await?;
    tx.commit().await?;
    Ok(view)
}

/// Changes a knowledge base's name, description or label.
pub async fn update(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    form: KnowledgeBaseForm,
) -> Result<KnowledgeBaseView, ServiceError> {
    let base = managed(store, context, by, slug).await?;
    let mut tx = store.begin().await?;
    let form = parse_form(&mut tx, form).await?;
    let before = knowledge::find(&mut tx, slug)
        .await?
        .ok_or_else(|| no_such_knowledge_base(slug))?;
    let label = form.label.to_string();
    let details = Details {
        name: form.name.as_str(),
        description: &form.description,
        label: &label,
    };
    if !knowledge::update(&mut tx, base.id, details).await? {
        return Err(no_such_knowledge_base(slug));
    }
    let workspace = workspace_slug(&mut tx, &base).await?;
    let mut changed = entry(by, Action::KnowledgeBaseUpdated, &base, &workspace);
    changed.summary = json!({
        "name": form.name.as_str(),
        "label": { "from": before.label, "to": label },
    });
    record(&mut tx, context, changed).await?;
    let updated = knowledge::find(&mut tx, slug)
        .await?
        .ok_or_else(|| no_such_knowledge_base(slug))?;
    let access = knowledge::access(&mut tx, base.id).await?;
    let view = view_of(&mut tx, &updated, &access, Standing::Manage).await?;
    tx.commit().await?;
    Ok(view)
}

/// Deletes a knowledge base with its documents and passages.
pub async fn delete(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
) -> Result<(), ServiceError> {
    let base = managed(store, context, by, slug).await?;
    let mut tx = store.begin().await?;
    let workspace = workspace_slug(&mut tx, &base).await?;
    let documents = counts_of(&mut tx, base.id).await?;
    if !knowledge::delete(&mut tx, base.id).await? {
        return Err(no_such_knowledge_base(slug));
    }
    let mut deleted = entry(by, Action::KnowledgeBaseDeleted, &base, &workspace);
    deleted.summary = json!({ "documents": DocumentCountsView::from(documents).total });
    record(&mut tx, context, deleted).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces who may use the knowledge base.
pub async fn set_access(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    form: AccessForm,
) -> Result<KnowledgeBaseView, ServiceError> {
    let base = managed(store, context, by, slug).await?;
    if form.entries.len() > MAX_ACCESS_ENTRIES {
        return Err(ServiceError::invalid(
            "entries",
            format!("at most {MAX_ACCESS_ENTRIES} entries"),
        ));
    }
    let mut tx = store.begin().await?;
    let names = Names::load(&mut tx).await?;
    let mut entries = Vec::with_capacity(form.entries.len());
    for given in form.entries {
        entries.push(parse_entry(&names, given)?);
    }
    let list = AccessList::new(entries);
    let before = knowledge::access(&mut tx, base.id).await?;
    knowledge::set_access(&mut tx, base.id, &list).await?;
    let workspace = workspace_slug(&mut tx, &base).await?;
    let describe = |list: &AccessList| -> Vec<serde_json::Value> {
        list.entries()
            .iter()
            .map(|e| {
                let view = names.entry(e);
                json!({ "kind": view.kind, "name": view.name, "environment": view.environment })
            })
            .collect()
    };
    let mut changed = entry(by, Action::KnowledgeAccessChanged, &base, &workspace);
    changed.summary = json!({ "from": describe(&before), "to": describe(&list) });
    record(&mut tx, context, changed).await?;
    let view = names.view(
        &base,
        &list,
        counts_of(&mut tx, base.id).await?,
        Standing::Manage,
    );
    tx.commit().await?;
    Ok(view)
}

fn parse_entry(names: &Names, given: AccessEntryForm) -> Result<AccessEntry, ServiceError> {
    let workspace = text("entries.workspace", given.workspace, 100)?;
    let group = text("entries.group", given.group, 100)?;
    let environment = text("entries.environment", given.environment, 100)?;
    let grantee = match (workspace, group) {
        (Some(slug), None) => {
            let found = names
                .workspaces
                .iter()
                .find(|w| w.slug.as_str() == slug)
                .ok_or_else(|| {
                    ServiceError::invalid(
                        "entries.workspace",
                        format!("there is no workspace '{slug}'"),
                    )
                })?;
            Grantee::Workspace(found.id)
        }
        (None, Some(id)) => {
            let unknown = || {
                ServiceError::invalid("entries.group", format!("there is no group with id '{id}'"))
            };
            let id: GroupId = id.parse().map_err(|_| unknown())?;
            if !names.groups.contains_key(&id) {
                return Err(unknown());
            }
            if environment.is_some() {
                return Err(ServiceError::invalid(
                    "entries.environment",
                    "a group's members search the knowledge base themselves, outside any environment; name an environment only for a workspace",
                ));
            }
            Grantee::Group(id)
        }
        _ => {
            return Err(ServiceError::invalid(
                "entries",
                "each entry names either a workspace or a group",
            ));
        }
    };
    let environment = match environment {
        None => None,
        Some(slug) => Some(
            names
                .environments
                .iter()
                .find(|e| e.slug.as_str() == slug)
                .ok_or_else(|| {
                    ServiceError::invalid(
                        "entries.environment",
                        format!("there is no environment '{slug}'"),
                    )
                })?
                .id,
        ),
    };
    Ok(AccessEntry {
        grantee,
        environment,
    })
}

async fn workspace_slug(
    conn: &mut Connection,
    base: &KnowledgeBase,
) -> Result<String, ServiceError> {
    Ok(workspaces::find_workspace_by_id(conn, base.workspace)
        .await?
        .map_or_else(|| base.workspace.to_string(), |w| w.slug.to_string()))
}
