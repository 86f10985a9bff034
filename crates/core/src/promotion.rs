//! Promotion: the publishing rule of an environment, and the decisions it makes about reviews
//! and deployments — who may approve, when enough have, when nothing may be deployed.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ids::UserId;
use crate::time::Timestamp;

/// The most approvals a rule may ask for.
pub const MAX_APPROVALS: u32 = 10;
/// The most freeze windows an environment may have.
pub const MAX_FREEZE_WINDOWS: usize = 50;

/// A time during which nothing is deployed to an environment (an emergency rollback aside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreezeWindow {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub reason: String,
}

impl FreezeWindow {
    pub fn covers(&self, at: Timestamp) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

/// How versions reach an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishingRule {
    /// Approvals a review needs before its version is deployed; 0 deploys on submission.
    pub approvals_required: u32,
    /// Whether whoever may promote workflows deploys a version without a review.
    pub author_may_deploy: bool,
    /// Whether a version must have run successfully in the environment before this one first.
    pub evidence_required: bool,
    pub freeze_windows: Vec<FreezeWindow>,
}

impl PublishingRule {
    /// The rule of a builders' own environment (dev): deploy at will.
    pub fn open() -> Self {
        Self {
            approvals_required: 0,
            author_may_deploy: true,
            evidence_required: false,
            freeze_windows: Vec::new(),
        }
    }

    /// The rule of a reviewed environment: `approvals` approvals, after a successful run below.
    pub fn reviewed(approvals: u32) -> Self {
        Self {
            approvals_required: approvals,
            author_may_deploy: false,
            evidence_required: true,
            freeze_windows: Vec::new(),
        }
    }

    /// The freeze window in force at `at`, if any.
    pub fn frozen_at(&self, at: Timestamp) -> Option<&FreezeWindow> {
        self.freeze_windows.iter().find(|window| window.covers(at))
    }
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for approvals.
    Open,
    /// Approved enough, and the version deployed.
    Deployed,
    Rejected,
    /// Closed with a request for a new version.
    ChangesRequested,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Open,
        ReviewStatus::Deployed,
        ReviewStatus::Rejected,
        ReviewStatus::ChangesRequested,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Open => "open",
            ReviewStatus::Deployed => "deployed",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What someone said on a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewEventKind {
    Comment,
    Approve,
    Reject,
    RequestChanges,
}

impl ReviewEventKind {
    pub const ALL: [ReviewEventKind; 4] = [
        ReviewEventKind::Comment,
        ReviewEventKind::Approve,
        ReviewEventKind::Reject,
        ReviewEventKind::RequestChanges,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ReviewEventKind::Comment => "comment",
            ReviewEventKind::Approve => "approve",
            ReviewEventKind::Reject => "reject",
            ReviewEventKind::RequestChanges => "request_changes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// How a version came to be live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentKind {
    /// After a review's approvals.
    Review,
    /// By its author, where the rule allows it.
    Direct,
    /// Back to a version deployed there before.
    Rollback,
    /// Back to a version deployed there before, by an admin, past the rule.
    EmergencyRollback,
}

impl DeploymentKind {
    pub const ALL: [DeploymentKind; 4] = [
        DeploymentKind::Review,
        DeploymentKind::Direct,
        DeploymentKind::Rollback,
        DeploymentKind::EmergencyRollback,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            DeploymentKind::Review => "review",
            DeploymentKind::Direct => "direct",
            DeploymentKind::Rollback => "rollback",
            DeploymentKind::EmergencyRollback => "emergency_rollback",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Why someone may not approve a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// They submitted the review.
    Submitter,
    /// They cut the version.
    Author,
    /// They saved the draft the version was cut from.
    Editor,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Conflict::Submitter => "you submitted this review",
            Conflict::Author => "you cut this version",
            Conflict::Editor => "you edited this version",
        })
    }
}

/// The people behind a version under review: none of them may approve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorship<'a> {
    pub submitted_by: Option<UserId>,
    pub cut_by: Option<UserId>,
    pub editors: &'a [UserId],
}

impl Authorship<'_> {
    /// Separation of duties: why `approver` may not approve, if they may not.
    pub fn conflict_of(&self, approver: UserId) -> Option<Conflict> {
        if self.submitted_by == Some(approver) {
            Some(Conflict::Submitter)
        } else if self.cut_by == Some(approver) {
            Some(Conflict::Author)
        } else if self.editors.contains(&approver) {
            Some(Conflict::Editor)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anyone_who_wrote_the_change_is_in_conflict() {
        let (submitter, author, editor, other) = (
            UserId::generate(),
            UserId::generate(),
            UserId::generate(),
            UserId::generate(),
        );
        let editors = [editor];
        let authorship = Authorship {
            submitted_by: Some(submitter),
            cut_by: Some(author),
            editors: &editors,
        };
        assert_eq!(authorship.conflict_of(submitter), Some(Conflict::Submitter));
        assert_eq!(authorship.conflict_of(author), Some(Conflict::Author));
        assert_eq!(authorship.conflict_of(editor), Some(Conflict::Editor));
        assert_eq!(authorship.conflict_of(other), None);
    }

    #[test]
    fn a_freeze_window_covers_its_start_but_not_its_end() {
        let window = FreezeWindow {
            starts_at: Timestamp::from_millis(1_000),
            ends_at: Timestamp::from_millis(2_000),
            reason: "quarter close".to_owned(),
        };
        let rule = PublishingRule {
            freeze_windows: vec![window.clone()],
            ..PublishingRule::reviewed(1)
        };
        assert_eq!(rule.frozen_at(Timestamp::from_millis(999)), None);
        assert_eq!(rule.frozen_at(Timestamp::from_millis(1_000)), Some(&window));
        assert_eq!(rule.frozen_at(Timestamp::from_millis(1_999)), Some(&window));
        assert_eq!(rule.frozen_at(Timestamp::from_millis(2_000)), None);
    }

    #[test]
    fn names_round_trip() {
        for status in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(status.as_str()), Some(status));
        }
        for kind in ReviewEventKind::ALL {
            assert_eq!(ReviewEventKind::parse(kind.as_str()), Some(kind));
        }
        for kind in DeploymentKind::ALL {
            assert_eq!(DeploymentKind::parse(kind.as_str()), Some(kind));
        }
    }
}
