//! The environment chain, administered: add, rename, reorder and remove environments, and set
//! each one's publishing rule. Every change is audited in its transaction.

use paddock_core::audit::{Action, Outcome};
use paddock_core::ids::GroupId;
use paddock_core::promotion::{FreezeWindow, MAX_APPROVALS, MAX_FREEZE_WINDOWS, PublishingRule};
use paddock_core::time::Timestamp;
use paddock_core::values::{DisplayName, Slug};
use paddock_core::{Permission, Scope};
use paddock_store::environments::{self, Governed};
use paddock_store::groups::{self, Group};
use paddock_store::{Connection, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::audit::{Actor, Entry, RequestContext, Target, record};
use crate::auth::{Principal, require_for_change};

/// The longest reason for a freeze window.
const MAX_REASON_CHARS: usize = 200;

/// A time when nothing is deployed to the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeWindowView {
    /// RFC 3339.
    #[schema(example = "2026-12-20T00:00:00Z")]
    pub starts_at: String,
    #[schema(example = "2027-01-04T00:00:00Z")]
    pub ends_at: String,
    #[schema(example = "Year-end change freeze")]
    pub reason: String,
}

/// How versions reach an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleView {
    /// Approvals a review needs (0 to 10); 0 deploys as soon as it is submitted.
    pub approvals_required: u32,
    /// Groups (by name) whose members may approve; empty: any approver of the workspace.
    #[serde(default)]
    pub approver_groups: Vec<String>,
    /// Whether builders deploy here without a review (the default for dev).
    pub author_may_deploy: bool,
    /// Whether a version must have run successfully in the environment before this one.
    pub evidence_required: bool,
    #[serde(default)]
    pub freeze_windows: Vec<FreezeWindowView>,
}

/// An environment of the chain with its rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnvironmentView {
    #[schema(example = "prod")]
    pub slug: String,
    #[schema(example = "Production")]
    pub name: String,
    /// Place in the chain, from 0 (dev).
    pub position: i64,
    pub rule: RuleView,
    /// The freeze window in force now, if any.
    pub frozen_now: Option<FreezeWindowView>,
}

fn window_view(window: &FreezeWindow) -> FreezeWindowView {
    FreezeWindowView {
        starts_at: window.starts_at.to_rfc3339(),
        ends_at: window.ends_at.to_rfc3339(),
        reason: window.reason.clone(),
    }
}

pub(crate) fn view(governed: &Governed, groups: &[Group]) -> EnvironmentView {
    let rule = &governed.rule;
    EnvironmentView {
        slug: governed.environment.slug.to_string(),
        name: governed.environment.name.to_string(),
        position: governed.environment.position,
        rule: RuleView {
            approvals_required: rule.approvals_required,
            approver_groups: groups
                .iter()
                .filter(|group| governed.approver_groups.contains(&group.id))
                .map(|group| group.name.to_string())
                .collect(),
            author_may_deploy: rule.author_may_deploy,
            evidence_required: rule.evidence_required,
            freeze_windows: rule.freeze_windows.iter().map(window_view).collect(),
        },
        frozen_now: rule.frozen_at(Timestamp::now()).map(window_view),
    }
}

/// The chain, in promotion order. Anyone signed in may read it: it is what the UI shows
/// where a version may go next.
pub async fn list(store: &Store) -> Result<Vec<EnvironmentView>, ServiceError> {
    let mut conn = store.acquire().await?;
    let all = environments::list(&mut conn).await?;
    let groups = groups::list(&mut conn).await?;
    Ok(all.iter().map(|governed| view(governed, &groups)).collect())
}

/// A rule as given, checked: every group exists, windows end after they start.
fn parse_rule(
    given: &RuleView,
    groups: &[Group],
) -> Result<(PublishingRule, Vec<GroupId>), ServiceError> {
    if given.approvals_required > MAX_APPROVALS {
        return Err(ServiceError::invalid(
            "approvals_required",
            format!("ask for 0 to {MAX_APPROVALS} approvals"),
        ));
    }
    let mut approver_groups = Vec::new();
    for name in &given.approver_groups {
        let group = groups
            .iter()
            .find(|group| group.name.as_str() == name)
            .ok_or_else(|| {
                ServiceError::invalid("approver_groups", format!("there is no group '{name}'"))
            })?;
        if !approver_groups.contains(&group.id) {
            approver_groups.push(group.id);
        }
    }
    if given.freeze_windows.len() > MAX_FREEZE_WINDOWS {
        return Err(ServiceError::invalid(
            "freeze_windows",
            format!("at most {MAX_FREEZE_WINDOWS} freeze windows"),
        ));
    }
    let mut freeze_windows = Vec::new();
    for window in &given.freeze_windows {
        let instant = |text: &str| {
            Timestamp::parse_rfc3339(text).map_err(|_| {
                ServiceError::invalid(
                    "freeze_windows",
                    format!("'{text}' is not a time such as 2026-12-20T00:00:00Z"),
                )
            })
        };
        let (starts_at, ends_at) = (instant(&window.starts_at)?, instant(&window.ends_at)?);
        if ends_at <= starts_at {
            return Err(ServiceError::invalid(
                "freeze_windows",
                "a freeze window must end after it starts",
            ));
        }
        let reason = window.reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
            return Err(ServiceError::invalid(
                "freeze_windows",
                format!("give each freeze window a reason of 1 to {MAX_REASON_CHARS} characters"),
            ));
        }
        freeze_windows.push(FreezeWindow {
            starts_at,
            ends_at,
            reason: reason.to_owned(),
        });
    }
    let rule = PublishingRule {
        approvals_required: given.approvals_required,
        author_may_deploy: given.author_may_deploy,
        evidence_required: given.evidence_required,
        freeze_windows,
    };
    Ok((rule, approver_groups))
}

async fn administer(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
) -> Result<(), ServiceError> {
    require_for_change(
        store,
        context,
        by,
        Permission::AdministerOrganisation,
        Scope::Organisation,
    )
    .await
}

fn no_such_environment(slug: &str) -> ServiceError {
    ServiceError::NotFound(format!("There is no environment '{slug}'."))
}

async fn governed_named(conn: &mut Connection, slug: &str) -> Result<Governed, ServiceError> {
    environments::list(conn)
        .await?
        .into_iter()
        .find(|governed| governed.environment.slug.as_str() == slug)
        .ok_or_else(|| no_such_environment(slug))
}

/// Adds an environment at the end of the chain.
pub async fn create(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    name: &str,
    rule: &RuleView,
) -> Result<EnvironmentView, ServiceError> {
    administer(store, context, by).await?;
    let slug = Slug::parse(slug).map_err(|e| ServiceError::invalid("slug", e))?;
    let name = DisplayName::parse(name).map_err(|e| ServiceError::invalid("name", e))?;
    let mut tx = store.begin().await?;
    let groups = groups::list(&mut tx).await?;
    let (parsed, approver_groups) = parse_rule(rule, &groups)?;
    let created = environments::insert(&mut tx, &slug, &name, &parsed).await?;
    environments::update(&mut tx, created.id, &name, &parsed, &approver_groups).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::EnvironmentCreated,
        target: Some(Target::environment(created.id, slug.as_str())),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "name": name.as_str(), "position": created.position, "rule": rule }),
    };
    record(&mut tx, context, entry).await?;
    let governed = governed_named(&mut tx, slug.as_str()).await?;
    tx.commit().await?;
    Ok(view(&governed, &groups))
}

/// Renames an environment and replaces its rule.
pub async fn update(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
    name: &str,
    rule: &RuleView,
) -> Result<EnvironmentView, ServiceError> {
    administer(store, context, by).await?;
    let name = DisplayName::parse(name).map_err(|e| ServiceError::invalid("name", e))?;
    let mut tx = store.begin().await?;
    let before = governed_named(&mut tx, slug).await?;
    let groups = groups::list(&mut tx).await?;
    let (parsed, approver_groups) = parse_rule(rule, &groups)?;
    let id = before.environment.id;
    environments::update(&mut tx, id, &name, &parsed, &approver_groups).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::EnvironmentUpdated,
        target: Some(Target::environment(id, slug)),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({
            "before": view(&before, &groups).rule,
            "after": rule,
            "name": name.as_str(),
        }),
    };
    record(&mut tx, context, entry).await?;
    let governed = governed_named(&mut tx, slug).await?;
    tx.commit().await?;
    Ok(view(&governed, &groups))
}

/// Removes an environment nothing refers to (no runs, bindings, reviews or deployments).
pub async fn delete(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    slug: &str,
) -> Result<(), ServiceError> {
    administer(store, context, by).await?;
    let mut tx = store.begin().await?;
    let found = governed_named(&mut tx, slug).await?;
    if environments::list(&mut tx).await?.len() == 1 {
        return Err(ServiceError::InUse(
            "This is the only environment; add another before removing it.".to_owned(),
        ));
    }
    let uses = environments::uses(&mut tx, found.environment.id).await?;
    if !uses.is_empty() {
        return Err(ServiceError::InUse(format!(
            "The environment '{slug}' still has {}; it cannot be removed.",
            uses.join(", ")
        )));
    }
    environments::delete(&mut tx, found.environment.id).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::EnvironmentDeleted,
        target: Some(Target::environment(found.environment.id, slug)),
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "name": found.environment.name.as_str() }),
    };
    record(&mut tx, context, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Puts the chain in the order given, which must name every environment once.
pub async fn reorder(
    store: &Store,
    context: &RequestContext,
    by: &Principal,
    order: &[String],
) -> Result<Vec<EnvironmentView>, ServiceError> {
    administer(store, context, by).await?;
    let mut tx = store.begin().await?;
    let all = environments::list(&mut tx).await?;
    let mut ids = Vec::with_capacity(order.len());
    for slug in order {
        let found = all
            .iter()
            .find(|governed| governed.environment.slug.as_str() == slug)
            .ok_or_else(|| {
                ServiceError::invalid("order", format!("there is no environment '{slug}'"))
            })?;
        if ids.contains(&found.environment.id) {
            return Err(ServiceError::invalid(
                "order",
                format!("'{slug}' is named twice"),
            ));
        }
        ids.push(found.environment.id);
    }
    if ids.len() != all.len() {
        return Err(ServiceError::invalid(
            "order",
            "name every environment once, in the order promotion goes",
        ));
    }
    let before: Vec<&str> = all.iter().map(|g| g.environment.slug.as_str()).collect();
    environments::reorder(&mut tx, &ids).await?;
    let entry = Entry {
        actor: Actor::of(by),
        action: Action::EnvironmentsReordered,
        target: None,
        workspace: None,
        outcome: Outcome::Success,
        summary: json!({ "before": before, "after": order }),
    };
    record(&mut tx, context, entry).await?;
    let groups = groups::list(&mut tx).await?;
    let reordered = environments::list(&mut tx).await?;
    tx.commit().await?;
    Ok(reordered
        .iter()
        .map(|governed| view(governed, &groups))
        .collect())
}
