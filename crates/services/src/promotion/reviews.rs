//! Reviews: a builder submits version V of a workflow for environment E; approvers read what
//! changes against what is live in E, the policy report and the evidence runs, then comment,
//! approve, reject or ask for changes. Nobody who wrote or edited V may decide on it. With
//! enough approvals V is deployed to E at once, gates checked again. Every step is audited.

use paddock_core::Code;
use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::{ReviewId, UserId};
use paddock_core::policy::Violation;
use paddock_core::promotion::{Authorship, DeploymentKind, ReviewEventKind, ReviewStatus};
use paddock_core::publishing::InterfacesSpec;
use paddock_core::{Permission, Scope};
use paddock_store::deployments;
use paddock_store::reviews::{self, NewReview, Review};
use paddock_store::versions::Version;
use paddock_store::{Connection, Store, StoreError, Transaction, workspaces};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{
    Deploying, Stage, WorkflowRef, deploy, evidence, is_gate_refusal, record_refusal,
    require_evidence, require_no_freeze_window, require_policy, stage, stage_of, version_numbered,
    workflow_ref,
};
use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, require_for_change};
use crate::versions::{Comparison, comparison};

/// The longest submission message or comment.
const MAX_TEXT_CHARS: usize = 4000;
/// How many reviews a list shows at most.
const LIST_LIMIT: i64 = 200;

/// A review in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewSummary {
    pub id: String,
    pub workspace: String,
    pub workflow: String,
    pub version: u64,
    /// The environment's slug.
    pub environment: String,
    pub status: ReviewStatus,
    pub message: String,
    pub submitted_by: Option<String>,
    pub submitted_at: String,
    pub closed_at: Option<String>,
    pub approvals: u32,
    pub approvals_required: u32,
    /// Whether the caller may approve it now.
    pub awaiting_you: bool,
    /// How the version is to be served once deployed.
    pub interfaces: InterfacesSpec,
}

/// Something said or decided on a review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewEventView {
    pub kind: ReviewEventKind,
    pub by: Option<String>,
    pub body: String,
    pub at: String,
}

/// A successful run of the version in the environment below.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceRun {
    pub run: String,
    pub environment: String,
    pub finished_at: Option<String>,
}

/// Whether the caller may decide, and why not when they may not.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YourPart {
    pub may_decide: bool,
    pub reason: Option<String>,
}

/// A review with all a reviewer needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewDetail {
    #[serde(flatten)]
    pub summary: ReviewSummary,
    /// The version live in the environment now.
    pub live_version: Option<u64>,
    /// What `changes` starts from: the version live in the environment (for an open review),
    /// or the one the review's deployment replaced (for a deployed one); none when nothing was.
    pub compared_with: Option<u64>,
    /// From `compared_with` (or nothing) to this version.
    pub changes: Comparison,
    /// The policy of the environment, checked now: violations block deployment.
    pub violations: Vec<Violation>,
    /// The environment runs must have succeeded in first, if the rule asks.
    pub evidence_environment: Option<String>,
    pub evidence_required: bool,
    pub evidence: Vec<EvidenceRun>,
    pub events: Vec<ReviewEventView>,
    /// Who wrote the change: none of them may approve it.
    pub authors: Vec<String>,
    pub your_part: YourPart,
}

/// A decision on a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approve,
    Reject,
    RequestChanges,
}

impl ReviewDecision {
    const fn event(self) -> ReviewEventKind {
        match self {
            ReviewDecision::Approve => ReviewEventKind::Approve,
            ReviewDecision::Reject => ReviewEventKind::Reject,
            ReviewDecision::RequestChanges => ReviewEventKind::RequestChanges,
        }
    }
}

fn text(field: &'static str, given: &str, required: bool) -> Result<String, ServiceError> {
    let trimmed = given.trim();
    if (required && trimmed.is_empty()) || trimmed.chars().count() > MAX_TEXT_CHARS {
        let need = if required { "1" } else { "0" };
        return Err(ServiceError::invalid(
            field,
            format!("write {need} to {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

fn no_such_review() -> ServiceError {
    ServiceError::NotFound("There is no such review.".to_owned())
}

fn asks(review: &Review, environment: &str) -> String {
    format!(
        "{} v{} → {environment}",
        review.workflow_name, review.version_number
    )
}

/// Submits version `number` of a workflow for `environment`. Refused when the environment's
/// rule wants evidence from below that is missing, or the version breaks its policy — its
/// outputs held to the clearance of each audience it is to be published to. `interfaces`: how
/// it is to be served; none: as the version live there now is. With a rule of no approvals the
/// version is deployed at once.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    workspace: &str,
    name: &str,
    number: u64,
    environment: &str,
    message: &str,
    interfaces: Option<&InterfacesSpec>,
) -> Result<ReviewDetail, ServiceError> {
    crate::workspaces::for_change(store, context, by, workspace, Permission::PromoteWorkflows)
        .await?;
    let message = text("message", message, true)?;
    let mut tx = store.begin().await?;
    let workflow = workflow_ref(&mut tx, by, workspace, name, Permission::PromoteWorkflows).await?;
    let stage = stage(&mut tx, environment).await?;
    let version = version_numbered(&mut tx, workflow.id, number).await?;
    let live = deployments::live(&mut tx, workflow.id, stage.governed.environment.id).await?;
    if live.as_ref().is_some_and(|live| live.version == version.id) {
        return Err(ServiceError::invalid(
            "version",
            format!("version {number} is live in {environment} already"),
        ));
    }
    let interfaces = match interfaces {
        Some(given) => {
            crate::publishing::check_interfaces(&mut tx, by, given).await?;
            given.clone()
        }
        None => live.map(|live| live.interfaces).unwrap_or_default(),
    };
    require_evidence(&mut tx, &version, &stage).await?;
    require_policy(&mut tx, &workflow, &version, &stage, &interfaces).await?;
    let id = reviews::insert(
        &mut tx,
        NewReview {
            workspace: workflow.workspace.id,
            workflow: workflow.id,
            version: version.id,
            environment: stage.governed.environment.id,
            message: &message,
            by: by.user_id,
            interfaces: &interfaces,
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::UniqueViolation(_) => ServiceError::refused(
            Code::AlreadyExists,
            format!("Version {number} is already waiting for review in {environment}."),
            json!({}),
        ),
        other => other.into(),
    })?;
    let review = reviews::find(&mut tx, id)
        .await?
        .ok_or_else(no_such_review)?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ReviewSubmitted,
        target: Some(Target::review(id, &asks(&review, environment))),
        workspace: Some(workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "workflow": name,
            "version": number,
            "environment": environment,
            "message": message,
            "approvals_required": stage.governed.rule.approvals_required,
        }),
    };
    record(&mut tx, context, entry).await?;
    if stage.governed.rule.approvals_required == 0 {
        require_no_freeze_window(&stage)?;
        deploy_reviewed(&mut tx, context, by, &workflow, &version, &stage, &review).await?;
    }
    tx.commit().await?;
    get(store, by, id).await
}

async fn deploy_reviewed(
    tx: &mut Transaction,
    context: &RequestContext,
    by: &Principal,
    workflow: &WorkflowRef,
    version: &Version,
    stage: &Stage,
    review: &Review,
) -> Result<(), ServiceError> {
    deploy(
        tx,
        context,
        by,
        Deploying {
            workflow,
            version,
            stage,
            kind: DeploymentKind::Review,
            review: Some(review.id),
            reason: None,
            interfaces: Some(&review.interfaces),
        },
    )
    .await?;
    reviews::close(tx, review.id, ReviewStatus::Deployed).await?;
    Ok(())
}

/// A review and where it stands, loaded for someone allowed to see it.
struct Loaded {
    review: Review,
    workflow: WorkflowRef,
    version: Version,
    stage: Stage,
    approvals: Vec<UserId>,
}

async fn load(
    conn: &mut Connection,
    by: &Principal,
    id: &str,
    permission: Permission,
) -> Result<Loaded, ServiceError> {
    let id: ReviewId = id.parse().map_err(|_| no_such_review())?;
    let review = reviews::find(conn, id).await?.ok_or_else(no_such_review)?;
    if by
        .require(Permission::ViewReviews, Scope::Workspace(review.workspace))
        .is_err()
    {
        return Err(no_such_review());
    }
    by.require(permission, Scope::Workspace(review.workspace))?;
    let workspace = workspaces::find_workspace_by_id(conn, review.workspace)
        .await?
        .ok_or_else(no_such_review)?;
    let workflow = WorkflowRef {
        workspace,
        id: review.workflow,
        name: review.workflow_name.clone(),
    };
    let stage = stage_of(conn, review.environment)
        .await?
        .ok_or_else(no_such_review)?;
    let version = version_numbered(conn, review.workflow, review.version_number).await?;
    let approvals = reviews::events(conn, id)
        .await?
        .into_iter()
        .filter(|event| event.kind == ReviewEventKind::Approve)
        .filter_map(|event| event.by)
        .collect();
    Ok(Loaded {
        review,
        workflow,
        version,
        stage,
        approvals,
    })
}

impl Loaded {
    fn authorship(&self) -> Authorship<'_> {
        Authorship {
            submitted_by: self.review.submitted_by,
            cut_by: self.version.created_by,
            editors: &self.version.editors,
        }
    }

    /// Why `by` may not decide on this review now, if they may not.
    fn refusal_for(&self, by: &Principal) -> Option<ServiceError> {
        if self.review.status != ReviewStatus::Open {
            return Some(ServiceError::refused(
                Code::ReviewClosed,
                format!(
                    "This review is {} already.",
                    self.review.status.as_str().replace('_', " ")
                ),
                json!({ "status": self.review.status }),
            ));
        }
        // Whoever wrote the change hears that first: it is the reason that holds whatever roles
        // they are given.
        if let Some(conflict) = self.authorship().conflict_of(by.user_id) {
            return Some(ServiceError::refused(
                Code::SeparationOfDuties,
                format!("You may not decide on this review: {conflict}. Another approver must."),
                json!({ "conflict": conflict.to_string() }),
            ));
        }
        if let Err(refusal) = by.require(
            Permission::ApproveReviews,
            Scope::Workspace(self.review.workspace),
        ) {
            return Some(refusal);
        }
        let approver_groups = &self.stage.governed.approver_groups;
        if !approver_groups.is_empty()
            && !approver_groups
                .iter()
                .any(|group| by.groups.contains(group))
        {
            return Some(ServiceError::Forbidden(format!(
                "Only members of the approver groups of {} may decide on its reviews.",
                self.stage.governed.environment.name
            )));
        }
        None
    }

    fn summary(&self, awaiting_you: bool) -> ReviewSummary {
        summary(
            &self.review,
            &self.workflow.workspace.slug.to_string(),
            self.stage.slug(),
            u32::try_from(self.approvals.len()).unwrap_or(u32::MAX),
            self.stage.governed.rule.approvals_required,
            awaiting_you,
        )
    }
}

fn summary(
    review: &Review,
    workspace: &str,
    environment: &str,
    approvals: u32,
    approvals_required: u32,
    awaiting_you: bool,
) -> ReviewSummary {
    ReviewSummary {
        id: review.id.to_string(),
        workspace: workspace.to_owned(),
        workflow: review.workflow_name.clone(),
        version: review.version_number,
        environment: environment.to_owned(),
        status: review.status,
        message: review.message.clone(),
        submitted_by: review.submitted_by_email.clone(),
        submitted_at: review.submitted_at.to_rfc3339(),
        closed_at: review.closed_at.map(|at| at.to_rfc3339()),
        approvals,
        approvals_required,
        awaiting_you,
        interfaces: review.interfaces.clone(),
    }
}

/// A review with its diff, policy report, evidence and thread.
pub async fn get(
    store: &Store,
    by: &Principal,
    id: impl ToString,
) -> Result<ReviewDetail, ServiceError> {
    let mut conn = store.acquire().await?;
    let loaded = load(&mut conn, by, &id.to_string(), Permission::ViewReviews).await?;
    let refusal = loaded.refusal_for(by);
    let already_approved = loaded.approvals.contains(&by.user_id);
    let your_part = match (&refusal, already_approved) {
        (Some(refusal), _) => YourPart {
            may_decide: false,
            reason: Some(refusal.to_string()),
        },
        (None, true) => YourPart {
            may_decide: false,
            reason: Some("You approved this review already.".to_owned()),
        },
        (None, false) => YourPart {
            may_decide: true,
            reason: None,
        },
    };
    let environment = loaded.stage.governed.environment.id;
    let live = deployments::live(&mut conn, loaded.workflow.id, environment).await?;
    // A deployed review keeps showing what it changed: the version it replaced.
    let compared_with = match loaded.review.status {
        ReviewStatus::Deployed => {
            deployments::replaced_by_review(&mut conn, loaded.review.id).await?
        }
        _ => live.as_ref().map(|live| live.version_number),
    };
    let before = match compared_with {
        Some(number) => Some(
            version_numbered(&mut conn, loaded.workflow.id, number)
                .await?
                .definition,
        ),
        None => None,
    };
    let changes = comparison(
        compared_with.map_or_else(|| "nothing".to_owned(), |number| format!("v{number}")),
        before.as_deref(),
        format!("v{}", loaded.version.number),
        &loaded.version.definition,
    )?;
    let violations = crate::policy::report(
        &mut conn,
        &loaded.workflow.workspace,
        Some(loaded.stage.slug()),
        None,
        &loaded.version.definition,
        &crate::publishing::interfaces_of(&loaded.review.interfaces).audiences(),
    )
    .await?
    .violations;
    let evidence_environment = loaded
        .stage
        .previous
        .as_ref()
        .map(|previous| previous.environment.slug.to_string());
    let evidence = evidence(&mut conn, &loaded.version, &loaded.stage)
        .await?
        .into_iter()
        .map(|run| EvidenceRun {
            run: run.id.to_string(),
            environment: evidence_environment.clone().unwrap_or_default(),
            finished_at: run.finished_at.map(|at| at.to_rfc3339()),
        })
        .collect();
    let events = reviews::events(&mut conn, loaded.review.id)
        .await?
        .into_iter()
        .map(|event| ReviewEventView {
            kind: event.kind,
            by: event.by_email,
            body: event.body,
            at: event.at.to_rfc3339(),
        })
        .collect();
    let mut authors = Vec::new();
    let authorship = loaded.authorship();
    let people = authorship
        .submitted_by
        .into_iter()
        .chain(authorship.cut_by)
        .chain(authorship.editors.iter().copied());
    for person in people {
        if let Some(user) = paddock_store::users::find(&mut conn, person).await? {
            let email = user.email.to_string();
            if !authors.contains(&email) {
                authors.push(email);
            }
        }
    }
    Ok(ReviewDetail {
        summary: loaded.summary(your_part.may_decide),
        live_version: live.map(|live| live.version_number),
        compared_with,
        changes,
        violations,
        evidence_environment,
        evidence_required: loaded.stage.governed.rule.evidence_required,
        evidence,
        events,
        authors,
        your_part,
    })
}

/// Reviews the caller may see, newest first: open ones only, or all.
pub async fn list(
    store: &Store,
    by: &Principal,
    status: Option<ReviewStatus>,
) -> Result<Vec<ReviewSummary>, ServiceError> {
    let mut conn = store.acquire().await?;
    let mut visible = Vec::new();
    for review in reviews::list(&mut conn, status, LIST_LIMIT).await? {
        if by
            .require(Permission::ViewReviews, Scope::Workspace(review.workspace))
            .is_err()
        {
            continue;
        }
        let loaded = load(
            &mut conn,
            by,
            &review.id.to_string(),
            Permission::ViewReviews,
        )
        .await?;
        let awaiting_you =
            loaded.refusal_for(by).is_none() && !loaded.approvals.contains(&by.user_id);
        visible.push(loaded.summary(awaiting_you));
    }
    Ok(visible)
}

/// Adds a comment to a review, open or closed.
pub async fn comment(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: &str,
    body: &str,
) -> Result<ReviewDetail, ServiceError> {
    let body = text("body", body, true)?;
    let mut tx = store.begin().await?;
    let loaded = load(&mut tx, by, id, Permission::ViewReviews).await?;
    reviews::add_event(
        &mut tx,
        loaded.review.id,
        ReviewEventKind::Comment,
        by.user_id,
        &body,
    )
    .await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::ReviewCommented,
        target: Some(Target::review(
            loaded.review.id,
            &asks(&loaded.review, loaded.stage.slug()),
        )),
        workspace: Some(loaded.workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({ "comment": body }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    get(store, by, loaded.review.id).await
}

/// Approves, rejects or asks for changes. The approval that meets the rule deploys the version,
/// after the freeze, evidence and policy gates: when one refuses, nothing is recorded but the
/// refusal (in the audit trail), and the approver can try again once it is resolved.
pub async fn decide(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    id: &str,
    decision: ReviewDecision,
    comment: &str,
) -> Result<ReviewDetail, ServiceError> {
    let comment = text("comment", comment, decision != ReviewDecision::Approve)?;
    let review_workspace = {
        let mut conn = store.acquire().await?;
        load(&mut conn, by, id, Permission::ViewReviews)
            .await?
            .review
            .workspace
    };
    require_for_change(
        store,
        context,
        by,
        Permission::ApproveReviews,
        Scope::Workspace(review_workspace),
    )
    .await?;
    let mut tx = store.begin().await?;
    let loaded = load(&mut tx, by, id, Permission::ApproveReviews).await?;
    if let Some(refusal) = loaded.refusal_for(by) {
        return Err(refusal);
    }
    let review = loaded.review.id;
    reviews::add_event(&mut tx, review, decision.event(), by.user_id, &comment)
        .await
        .map_err(|error| match error {
            StoreError::UniqueViolation(_) => ServiceError::refused(
                Code::AlreadyExists,
                "You approved this review already.",
                json!({}),
            ),
            other => other.into(),
        })?;
    let approvals = u32::try_from(loaded.approvals.len()).unwrap_or(u32::MAX)
        + u32::from(decision == ReviewDecision::Approve);
    let (action, closes) = match decision {
        ReviewDecision::Approve => (Action::ReviewApproved, None),
        ReviewDecision::Reject => (Action::ReviewRejected, Some(ReviewStatus::Rejected)),
        ReviewDecision::RequestChanges => (
            Action::ReviewChangesRequested,
            Some(ReviewStatus::ChangesRequested),
        ),
    };
    if let Some(status) = closes
        && !reviews::close(&mut tx, review, status).await?
    {
        return Err(ServiceError::refused(
            Code::ReviewClosed,
            "Someone decided on this review meanwhile.",
            json!({}),
        ));
    }
    let entry = Entry {
        actor: Actor::of(by),
        action,
        target: Some(Target::review(
            review,
            &asks(&loaded.review, loaded.stage.slug()),
        )),
        workspace: Some(loaded.workflow.workspace.slug.to_string()),
        outcome: Outcome::Success,
        summary: json!({
            "comment": comment,
            "approvals": approvals,
            "approvals_required": loaded.stage.governed.rule.approvals_required,
        }),
    };
    record(&mut tx, context, entry).await?;
    if decision == ReviewDecision::Approve
        && approvals >= loaded.stage.governed.rule.approvals_required
    {
        let gates = async {
            require_no_freeze_window(&loaded.stage)?;
            require_evidence(&mut tx, &loaded.version, &loaded.stage).await?;
            deploy_reviewed(
                &mut tx,
                context,
                by,
                &loaded.workflow,
                &loaded.version,
                &loaded.stage,
                &loaded.review,
            )
            .await
        };
        if let Err(refusal) = gates.await {
            drop(tx);
            if is_gate_refusal(&refusal) {
                record_refusal(
                    store,
                    context,
                    by,
                    &loaded.workflow,
                    loaded.stage.slug(),
                    loaded.version.number,
                    &refusal,
                )
                .await?;
            }
            return Err(refusal);
        }
    }
    tx.commit().await?;
    get(store, by, review).await
}
