//! The audit trail's records and their hash chain.
//!
//! Each event stores the SHA-256 of its canonical encoding together with the previous event's
//! hash, so changing, removing or reordering any stored event breaks every link after it.
//! [`verify`] walks a chain and names the first broken link.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use utoipa::ToSchema;

use crate::time::Timestamp;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AuditActorKind)]
pub enum ActorKind {
    User,
    ApiKey,
    /// Paddock itself, or an operator at the command line.
    System,
    /// Someone not (yet) identified, such as a failed sign-in.
    Anonymous,
}

impl ActorKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "user",
            ActorKind::ApiKey => "api_key",
            ActorKind::System => "system",
            ActorKind::Anonymous => "anonymous",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            ActorKind::User,
            ActorKind::ApiKey,
            ActorKind::System,
            ActorKind::Anonymous,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AuditOutcome)]
pub enum Outcome {
    Success,
    /// Attempted and failed (a wrong password).
    Failure,
    /// Refused by the permission table.
    Denied,
}

impl Outcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Outcome::Success, Outcome::Failure, Outcome::Denied]
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// What happened. The names are stable: exports and SIEM rules match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignIn,
    SignOut,
    Lockout,
    UserCreated,
    UserDisabled,
    UserEnabled,
    PasswordReset,
    PasswordChanged,
    PermissionDenied,
    ApiKeyCreated,
    ApiKeyFirstUsed,
    ApiKeyRevoked,
    ApiKeyRejected,
    GroupCreated,
    GroupMemberAdded,
    GroupMemberRemoved,
    GrantAdded,
    GrantRemoved,
    UserUpdated,
    GroupUpdated,
    GroupDeleted,
    ScimTokenCreated,
    ScimTokenRevoked,
    SsoSettingsChanged,
    WriteRefused,
    ServiceAccountCreated,
    WorkspaceCreated,
    RunStarted,
    RunCancelRequested,
    ApprovalDecided,
    RunRetried,
    RunArtifactPurged,
    ModelCreated,
    ModelUpdated,
    ModelDeleted,
    ApprovalTimedOut,
    WorkflowDraftSaved,
    WorkflowVersionCut,
    ConnectionCreated,
    ConnectionUpdated,
    ConnectionDeleted,
    ConnectionBound,
    ConnectionUnbound,
    ConnectorBlocked,
    ModelBlocked,
    MasterKeyRotated,
    LabelLevelRenamed,
    LabelCategoryAdded,
    LabelCategoryRemoved,
    EnvironmentCreated,
    EnvironmentUpdated,
    EnvironmentDeleted,
    EnvironmentsReordered,
    ReviewSubmitted,
    ReviewCommented,
    ReviewApproved,
    ReviewRejected,
    ReviewChangesRequested,
    WorkflowDeployed,
    DeploymentRolledBack,
    DeploymentFrozen,
    DeploymentUnfrozen,
    DeploymentRefused,
    PolicyDrift,
    PolicyExceptionGranted,
    PolicyExceptionUsed,
    FileUploaded,
    BatchCreated,
    BatchCancelled,
    BatchResumed,
    BatchRetried,
    BatchFinished,
    CallbackGivenUp,
    RunOutputRefused,
    SigningKeyCreated,
    SigningKeyRevealed,
    AppOpenedAnonymously,
    AppClosedAnonymously,
    KnowledgeBaseCreated,
    KnowledgeBaseUpdated,
    KnowledgeBaseDeleted,
    KnowledgeAccessChanged,
    DocumentAdded,
    DocumentRemoved,
    DocumentRequeued,
    RetrievalRefused,
}

impl Action {
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::SignIn => "auth.sign_in",
            Action::SignOut => "auth.sign_out",
            Action::Lockout => "auth.lockout",
            Action::UserCreated => "user.created",
            Action::UserDisabled => "user.disabled",
            Action::UserEnabled => "user.enabled",
            Action::PasswordReset => "user.password_reset",
            Action::PasswordChanged => "user.password_changed",
            Action::PermissionDenied => "permission.denied",
            Action::ApiKeyCreated => "api_key.created",
            Action::ApiKeyFirstUsed => "api_key.first_used",
            Action::ApiKeyRevoked => "api_key.revoked",
            Action::ApiKeyRejected => "auth.api_key_rejected",
            Action::GroupCreated => "group.created",
            Action::GroupMemberAdded => "group.member_added",
            Action::GroupMemberRemoved => "group.member_removed",
            Action::GrantAdded => "grant.added",
            Action::GrantRemoved => "grant.removed",
            Action::UserUpdated => "user.updated",
            Action::GroupUpdated => "group.updated",
            Action::GroupDeleted => "group.deleted",
            Action::ScimTokenCreated => "scim.token_created",
            Action::ScimTokenRevoked => "scim.token_revoked",
            Action::SsoSettingsChanged => "settings.sso_changed",
            Action::WriteRefused => "auth.write_refused",
            Action::ServiceAccountCreated => "service_account.created",
            Action::WorkspaceCreated => "workspace.created",
            Action::RunStarted => "run.started",
            Action::RunCancelRequested => "run.cancel_requested",
            Action::ApprovalDecided => "approval.decided",
            Action::RunRetried => "run.retried",
            Action::RunArtifactPurged => "run.artifact_purged",
            Action::ModelCreated => "model.created",
            Action::ModelUpdated => "model.updated",
            Action::ModelDeleted => "model.deleted",
            Action::ApprovalTimedOut => "approval.timed_out",
            Action::WorkflowDraftSaved => "workflow.draft_saved",
            Action::WorkflowVersionCut => "workflow.version_cut",
            Action::ConnectionCreated => "connection.created",
            Action::ConnectionUpdated => "connection.updated",
            Action::ConnectionDeleted => "connection.deleted",
            Action::ConnectionBound => "connection.bound",
            Action::ConnectionUnbound => "connection.unbound",
            Action::ConnectorBlocked => "connector.blocked",
            Action::ModelBlocked => "model.blocked",
            Action::MasterKeyRotated => "secrets.master_key_rotated",
            Action::LabelLevelRenamed => "label.level_renamed",
            Action::LabelCategoryAdded => "label.category_added",
            Action::LabelCategoryRemoved => "label.category_removed",
            Action::EnvironmentCreated => "environment.created",
            Action::EnvironmentUpdated => "environment.updated",
            Action::EnvironmentDeleted => "environment.deleted",
            Action::EnvironmentsReordered => "environment.reordered",
            Action::ReviewSubmitted => "review.submitted",
            Action::ReviewCommented => "review.commented",
            Action::ReviewApproved => "review.approved",
            Action::ReviewRejected => "review.rejected",
            Action::ReviewChangesRequested => "review.changes_requested",
            Action::WorkflowDeployed => "workflow.deployed",
            Action::DeploymentRolledBack => "deployment.rolled_back",
            Action::DeploymentFrozen => "deployment.frozen",
            Action::DeploymentUnfrozen => "deployment.unfrozen",
            Action::DeploymentRefused => "deployment.refused",
            Action::PolicyDrift => "deployment.policy_drift",
            Action::PolicyExceptionGranted => "deployment.exception_granted",
            Action::PolicyExceptionUsed => "policy.exception_used",
            Action::FileUploaded => "file.uploaded",
            Action::BatchCreated => "batch.created",
            Action::BatchCancelled => "batch.cancelled",
            Action::BatchResumed => "batch.resumed",
            Action::BatchRetried => "batch.retried",
            Action::BatchFinished => "batch.finished",
            Action::CallbackGivenUp => "callback.given_up",
            Action::RunOutputRefused => "run.output_refused",
            Action::SigningKeyCreated => "app.signing_key_created",
            Action::SigningKeyRevealed => "app.signing_key_revealed",
            Action::AppOpenedAnonymously => "app.anonymous_opened",
            Action::AppClosedAnonymously => "app.anonymous_closed",
            Action::KnowledgeBaseCreated => "knowledge.created",
            Action::KnowledgeBaseUpdated => "knowledge.updated",
            Action::KnowledgeBaseDeleted => "knowledge.deleted",
            Action::KnowledgeAccessChanged => "knowledge.access_changed",
            Action::DocumentAdded => "knowledge.document_added",
            Action::DocumentRemoved => "knowledge.document_removed",
            Action::DocumentRequeued => "knowledge.document_requeued",
            Action::RetrievalRefused => "knowledge.retrieval_refused",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One audit event as stored, without its chain fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1 without gaps.
    pub seq: i64,
    pub occurred_at: Timestamp,
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    pub actor_label: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub target_label: Option<String>,
    /// The workspace slug, for events inside one.
    pub workspace: Option<String>,
    pub outcome: Outcome,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// A JSON object describing the change; never holds a secret.
    pub summary: String,
}

impl AuditRecord {
    /// The bytes that are hashed: every field, in a fixed order, as a JSON array.
    fn canonical_encoding(&self) -> Vec<u8> {
        let fields = (
            self.seq,
            self.occurred_at.as_millis(),
            self.actor_kind.as_str(),
            &self.actor_id,
            &self.actor_label,
            &self.action,
            &self.target_kind,
            &self.target_id,
            &self.target_label,
            &self.workspace,
            self.outcome.as_str(),
            &self.client_address,
            &self.user_agent,
            &self.request_id,
            &self.summary,
        );
        serde_json::to_vec(&fields).expect("a tuple of strings and integers always serialises")
    }

    /// This event's hash, given the previous event's.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(b"\n");
        hasher.update(self.canonical_encoding());
        hex::encode(hasher.finalize())
    }
}

/// An event with the chain fields stored beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedRecord {
    pub record: AuditRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// The end of the chain as recorded separately, so that removing the newest events is caught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub last_seq: i64,
    pub last_hash: String,
}

/// Where and why a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the audit chain is broken at event {seq}: {reason}")]
pub struct BrokenLink {
    pub seq: i64,
    pub reason: String,
}

/// Walks a chain in order and checks every link; on success returns how many events it holds.
/// Feed it in pieces with [`ChainVerifier`] when the chain does not fit in memory.
pub fn verify(
    records: impl IntoIterator<Item = ChainedRecord>,
    head: &ChainHead,
) -> Result<i64, BrokenLink> {
    let mut verifier = ChainVerifier::new();
    for record in records {
        verifier.check(&record)?;
    }
    verifier.finish(head)
}

/// Checks a chain one event at a time.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }

    pub fn check(&mut self, chained: &ChainedRecord) -> Result<(), BrokenLink> {
        let seq = chained.record.seq;
        let broken = |reason: String| Err(BrokenLink { seq, reason });
        if seq != self.expected_seq {
            return broken(if seq > self.expected_seq {
                format!("events {} to {} are missing", self.expected_seq, seq - 1)
            } else {
                format!(
                    "event {seq} appears out of order (expected {})",
                    self.expected_seq
                )
            });
        }
        if chained.prev_hash != self.prev_hash {
            return broken(
                "it does not link to the event before it (an event was removed or replaced)"
                    .to_owned(),
            );
        }
        if chained.record.chain_hash(&self.prev_hash) != chained.hash {
            return broken(
                "its content does not match its hash (the event was changed)".to_owned(),
            );
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&chained.hash);
        Ok(())
    }

    /// Compares the end of the walk with the recorded head.
    pub fn finish(self, head: &ChainHead) -> Result<i64, BrokenLink> {
        let verified = self.expected_seq - 1;
        if head.last_seq != verified {
            return Err(BrokenLink {
                seq: verified + 1,
                reason: format!(
                    "the chain ends at event {verified} but {} events were recorded (the newest were removed)",
                    head.last_seq
                ),
            });
        }
        if head.last_hash != self.prev_hash {
            return Err(BrokenLink {
                seq: verified,
                reason: "the last event does not match the recorded end of the chain".to_owned(),
            });
        }
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: i64) -> AuditRecord {
        AuditRecord {
            seq,
            occurred_at: Timestamp::from_millis(1_700_000_000_000 + seq),
            actor_kind: ActorKind::User,
            actor_id: Some("u1".into()),
            actor_label: Some("ada@example.com".into()),
            action: Action::SignIn.as_str().into(),
            target_kind: None,
            target_id: None,
            target_label: None,
            workspace: None,
            outcome: Outcome::Success,
            client_address: Some("127.0.0.1".into()),
            user_agent: None,
            request_id: Some(format!("req-{seq}")),
            summary: "{}".into(),
        }
    }

    fn chain(length: i64) -> (Vec<ChainedRecord>, ChainHead) {
        let mut prev = GENESIS_HASH.to_owned();
        let records: Vec<ChainedRecord> = (1..=length)
            .map(|seq| {
                let record = record(seq);
                let hash = record.chain_hash(&prev);
                let chained = ChainedRecord {
                    record,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                chained
            })
            .collect();
        (
            records,
            ChainHead {
                last_seq: length,
                last_hash: prev,
            },
        )
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (records, head) = chain(5);
        assert_eq!(verify(records, &head), Ok(5));
        let empty = ChainHead {
            last_seq: 0,
            last_hash: GENESIS_HASH.into(),
        };
        assert_eq!(verify(Vec::new(), &empty), Ok(0));
    }

    #[test]
    fn a_changed_field_is_caught_at_its_event() {
        let (mut records, head) = chain(5);
        records[2].record.outcome = Outcome::Failure;
        assert_eq!(verify(records.clone(), &head).unwrap_err().seq, 3);
        records[2].record.outcome = Outcome::Success;
        records[2].record.summary = "{\"x\":1}".into();
        assert_eq!(verify(records, &head).unwrap_err().seq, 3);
    }

    #[test]
    fn a_rehashed_forgery_breaks_the_next_link() {
        let (mut records, head) = chain(5);
        records[1].record.actor_label = Some("mallory@example.com".into());
        records[1].hash = records[1].record.chain_hash(&records[1].prev_hash);
        assert_eq!(verify(records, &head).unwrap_err().seq, 3);
    }

    #[test]
    fn removed_events_are_caught() {
        let (mut records, head) = chain(5);
        records.remove(1);
        let broken = verify(records, &head).unwrap_err();
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("missing"), "{broken}");

        let (mut records, head) = chain(5);
        records.pop();
        let broken = verify(records, &head).unwrap_err();
        assert!(broken.reason.contains("newest were removed"), "{broken}");
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let base = record(1);
        let hash = base.chain_hash(GENESIS_HASH);
        let mut variants = Vec::new();
        let mut push = |change: &dyn Fn(&mut AuditRecord)| {
            let mut changed = base.clone();
            change(&mut changed);
            variants.push(changed.chain_hash(GENESIS_HASH));
        };
        push(&|r| r.seq = 2);
        push(&|r| r.occurred_at = Timestamp::from_millis(0));
        push(&|r| r.actor_kind = ActorKind::System);
        push(&|r| r.actor_id = None);
        push(&|r| r.actor_label = Some("x".into()));
        push(&|r| r.action = "x".into());
        push(&|r| r.target_kind = Some("x".into()));
        push(&|r| r.target_id = Some("x".into()));
        push(&|r| r.target_label = Some("x".into()));
        push(&|r| r.workspace = Some("x".into()));
        push(&|r| r.outcome = Outcome::Denied);
        push(&|r| r.client_address = None);
        push(&|r| r.user_agent = Some("x".into()));
        push(&|r| r.request_id = None);
        push(&|r| r.summary = "[]".into());
        assert!(variants.iter().all(|variant| *variant != hash));
        assert_eq!(base.chain_hash("other"), base.chain_hash("other"));
        assert_ne!(base.chain_hash("other"), hash);
    }

    #[test]
    fn names_round_trip() {
        for kind in [
            ActorKind::User,
            ActorKind::ApiKey,
            ActorKind::System,
            ActorKind::Anonymous,
        ] {
            assert_eq!(ActorKind::parse(kind.as_str()), Some(kind));
        }
        for outcome in [Outcome::Success, Outcome::Failure, Outcome::Denied] {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
    }
}
