//! Recording audit events inside the transaction of the change they describe, and verifying
//! and exporting the chain.

use paddock_core::audit::{
    Action, ActorKind, AuditRecord, BrokenLink, ChainVerifier, ChainedRecord, Outcome,
};
use paddock_core::ids::{
    ApiKeyId, ConnectionId, DocumentId, EnvironmentId, GroupId, KnowledgeBaseId, ModelId, ReviewId,
    RunId, UserId, WorkspaceId,
};
use paddock_core::time::Timestamp;
use paddock_core::values::EmailAddress;
pub use paddock_store::audit::AuditFilter;
use paddock_store::{Connection, Store};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::auth::Principal;

/// Where a request came from, for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl RequestContext {
    /// A command run at the shell: no address, no request.
    pub fn command_line() -> Self {
        Self::default()
    }
}

/// Who did something.
#[derive(Debug, Clone)]
pub struct Actor {
    kind: ActorKind,
    id: Option<String>,
    label: Option<String>,
}

impl Actor {
    pub fn user(id: UserId, email: &str) -> Self {
        Self {
            kind: ActorKind::User,
            id: Some(id.to_string()),
            label: Some(email.to_owned()),
        }
    }

    /// Whoever `principal` is: the person, or their API key acting for them.
    pub fn of(principal: &Principal) -> Self {
        match &principal.key {
            Some((key, _)) => Self {
                kind: ActorKind::ApiKey,
                id: Some(key.to_string()),
                label: Some(principal.email.to_string()),
            },
            None => Self::user(principal.user_id, principal.email.as_str()),
        }
    }

    /// Paddock itself or an operator's command, named by what it was (`paddock admin create-user`).
    pub fn system(what: &str) -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            label: Some(what.to_owned()),
        }
    }

    /// Someone signing in as `email`. Only a well-formed address is kept: people type their
    /// password into the e-mail field, and the trail is forever.
    pub fn claiming(email: &str) -> Self {
        let label = EmailAddress::parse(email).map_or_else(
            |_| "(not an e-mail address)".to_owned(),
            |address| address.to_string(),
        );
        Self {
            kind: ActorKind::Anonymous,
            id: None,
            label: Some(label),
        }
    }

    /// Someone not identified, named by what they claimed to be.
    pub fn anonymous(claimed: &str) -> Self {
        Self {
            kind: ActorKind::Anonymous,
            id: None,
            label: Some(bounded(claimed, 254)),
        }
    }
}

/// What an event is about.
#[derive(Debug, Clone)]
pub struct Target {
    kind: &'static str,
    id: String,
    label: String,
}

impl Target {
    pub fn user(id: UserId, email: &str) -> Self {
        Self {
            kind: "user",
            id: id.to_string(),
            label: email.to_owned(),
        }
    }

    pub fn group(id: GroupId, name: &str) -> Self {
        Self {
            kind: "group",
            id: id.to_string(),
            label: name.to_owned(),
        }
    }

    pub fn run(id: RunId, workflow: &str) -> Self {
        Self {
            kind: "run",
            id: id.to_string(),
            label: workflow.to_owned(),
        }
    }

    pub fn workspace(id: WorkspaceId, slug: &str) -> Self {
        Self {
            kind: "workspace",
            id: id.to_string(),
            label: slug.to_owned(),
        }
    }

    pub fn environment(id: EnvironmentId, slug: &str) -> Self {
        Self {
            kind: "environment",
            id: id.to_string(),
            label: slug.to_owned(),
        }
    }

    /// A review, labelled with what it asks: `ticket-triage v3 → prod`.
    pub fn review(id: ReviewId, asks: &str) -> Self {
        Self {
            kind: "review",
            id: id.to_string(),
            label: asks.to_owned(),
        }
    }

    /// A workflow, by its name (unique in its workspace, which the entry names).
    pub fn workflow(name: &str) -> Self {
        Self {
            kind: "workflow",
            id: name.to_owned(),
            label: name.to_owned(),
        }
    }

    pub fn model(id: ModelId, name: &str) -> Self {
        Self {
            kind: "model",
            id: id.to_string(),
            label: name.to_owned(),
        }
    }

    pub fn connection(id: ConnectionId, name: &str) -> Self {
        Self {
            kind: "connection",
            id: id.to_string(),
            label: name.to_owned(),
        }
    }

    pub fn knowledge_base(id: KnowledgeBaseId, slug: &str) -> Self {
        Self {
            kind: "knowledge_base",
            id: id.to_string(),
            label: slug.to_owned(),
        }
    }

    pub fn document(id: DocumentId, name: &str) -> Self {
        Self {
            kind: "document",
            id: id.to_string(),
            label: name.to_owned(),
        }
    }

    pub fn api_key(id: ApiKeyId, name: &str) -> Self {
        Self {
            kind: "api_key",
            id: id.to_string(),
            label: name.to_owned(),
        }
    }
}

/// One event to record.
pub struct Entry {
    pub actor: Actor,
    pub action: Action,
    pub target: Option<Target>,
    pub workspace: Option<String>,
    pub outcome: Outcome,
    /// A JSON object describing the change. Never put a secret here.
    pub summary: Value,
}

/// Appends the event to the chain on `conn`, which should be the transaction of the change.
pub(crate) async fn record(
    conn: &mut Connection,
    context: &RequestContext,
    entry: Entry,
) -> Result<(), ServiceError> {
    paddock_store::audit::append(conn, entry.into_record(context)).await?;
    Ok(())
}

impl Entry {
    /// The event as the trail stores it, with the request's client fields bounded in size.
    pub(crate) fn into_record(self, context: &RequestContext) -> AuditRecord {
        let Entry {
            actor,
            action,
            target,
            workspace,
            outcome,
            summary,
        } = self;
        AuditRecord {
            seq: 0,
            occurred_at: Timestamp::now(),
            actor_kind: actor.kind,
            actor_id: actor.id,
            actor_label: actor.label,
            action: action.as_str().to_owned(),
            target_kind: target.as_ref().map(|t| t.kind.to_owned()),
            target_id: target.as_ref().map(|t| t.id.clone()),
            target_label: target.map(|t| t.label),
            workspace,
            outcome,
            client_address: context.client_address.clone(),
            user_agent: context
                .user_agent
                .as_deref()
                .map(|agent| bounded(agent, 512)),
            request_id: context.request_id.as_deref().map(|id| bounded(id, 128)),
            summary: summary.to_string(),
        }
    }
}

/// Events gathered while a transaction changes several rows, appended together at its end:
/// the end of the chain is then locked only for the commit, after every other row, which keeps
/// the order of locks the same in every transaction.
#[derive(Default)]
pub(crate) struct Journal(Vec<Entry>);

impl Journal {
    pub(crate) fn add(&mut self, entry: Entry) {
        self.0.push(entry);
    }

    pub(crate) async fn record_all(
        self,
        conn: &mut Connection,
        context: &RequestContext,
    ) -> Result<(), ServiceError> {
        let records = self.0.into_iter().map(|entry| entry.into_record(context));
        paddock_store::audit::append_all(conn, records.collect()).await?;
        Ok(())
    }
}

/// At most `max_chars` characters of `text`: client-supplied strings cannot bloat the trail.
fn bounded(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact { events: i64 },
    Broken(BrokenLink),
}

const PAGE: i64 = 10_000;

/// Walks the whole chain from the first event and checks every link and the recorded end.
pub async fn verify_chain(store: &Store) -> Result<ChainStatus, ServiceError> {
    let mut conn = store.acquire().await?;
    // The head is read first: events appended during the walk lie beyond it and are left for
    // the next verification.
    let head = paddock_store::audit::head(&mut conn).await?;
    let mut verifier = ChainVerifier::new();
    let mut after = 0;
    while after < head.last_seq {
        let page =
            paddock_store::audit::page(&mut conn, after, PAGE.min(head.last_seq - after)).await?;
        let Some(last) = page.last() else { break };
        after = last.record.seq;
        for chained in page.iter().take_while(|c| c.record.seq <= head.last_seq) {
            if let Err(broken) = verifier.check(chained) {
                return Ok(ChainStatus::Broken(broken));
            }
        }
    }
    Ok(match verifier.finish(&head) {
        Ok(events) => ChainStatus::Intact { events },
        Err(broken) => ChainStatus::Broken(broken),
    })
}

/// Calls `each` with every event that occurred in `[since, until)`, oldest first; the window
/// is chosen by the database, page by page, so an export holds one page at a time.
pub async fn export(
    store: &Store,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    mut each: impl FnMut(&ChainedRecord) -> std::io::Result<()>,
) -> Result<u64, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut after = 0;
    let mut exported = 0;
    loop {
        let page =
            paddock_store::audit::page_in_window(&mut conn, after, since, until, PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(exported);
        };
        after = last.record.seq;
        for chained in &page {
            each(chained).map_err(|e| ServiceError::invalid("output", e))?;
            exported += 1;
        }
    }
}

/// An event as exported and served: every stored field, the time also in RFC 3339, the summary
/// as an object, and the chain hashes for independent verification.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditEvent)]
pub struct AuditEventView {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// RFC 3339, UTC.
    #[schema(example = "2026-11-27T09:30:00.123Z")]
    pub occurred_at: String,
    pub occurred_at_ms: i64,
    pub actor: ActorView,
    /// A stable name such as `auth.sign_in` or `user.created`.
    #[schema(example = "auth.sign_in")]
    pub action: String,
    pub target: Option<TargetView>,
    /// The workspace slug, for events inside one.
    pub workspace: Option<String>,
    pub outcome: Outcome,
    pub client: ClientView,
    /// What changed; never holds a secret.
    #[schema(value_type = Object)]
    pub summary: Value,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditActor)]
pub struct ActorView {
    pub kind: ActorKind,
    pub id: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditTarget)]
pub struct TargetView {
    pub kind: String,
    pub id: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditClient)]
pub struct ClientView {
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl From<&ChainedRecord> for AuditEventView {
    fn from(chained: &ChainedRecord) -> Self {
        let r = &chained.record;
        AuditEventView {
            seq: r.seq,
            occurred_at: r.occurred_at.to_rfc3339(),
            occurred_at_ms: r.occurred_at.as_millis(),
            actor: ActorView {
                kind: r.actor_kind,
                id: r.actor_id.clone(),
                label: r.actor_label.clone(),
            },
            action: r.action.clone(),
            target: r.target_kind.as_ref().map(|kind| TargetView {
                kind: kind.clone(),
                id: r.target_id.clone(),
                label: r.target_label.clone(),
            }),
            workspace: r.workspace.clone(),
            outcome: r.outcome,
            client: ClientView {
                address: r.client_address.clone(),
                user_agent: r.user_agent.clone(),
                request_id: r.request_id.clone(),
            },
            summary: serde_json::from_str(&r.summary)
                .unwrap_or_else(|_| Value::String(r.summary.clone())),
            prev_hash: chained.prev_hash.clone(),
            hash: chained.hash.clone(),
        }
    }
}

/// Up to `limit` events matching `filter`, newest first, and the cursor for the page after.
pub async fn search(
    store: &Store,
    filter: &AuditFilter,
    limit: i64,
) -> Result<(Vec<AuditEventView>, Option<i64>), ServiceError> {
    let mut conn = store.acquire().await?;
    let found = paddock_store::audit::search(&mut conn, filter, limit).await?;
    let next = (found.len() as i64 == limit)
        .then(|| found.last().map(|c| c.record.seq))
        .flatten();
    Ok((found.iter().map(AuditEventView::from).collect(), next))
}
