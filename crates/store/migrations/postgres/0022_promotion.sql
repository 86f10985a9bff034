-- Promotion: each environment's publishing rule, reviews of versions for an environment, and
-- deployments (which version is live where, frozen or not). Runs record the version and the
-- deployment they ran, which is the evidence a review asks for.

-- The rule: approvals needed, whether the author may deploy without review, whether the
-- version must first have run successfully in the environment before, and freeze windows
-- (a JSON list of {starts_at, ends_at, reason}, instants in milliseconds).
ALTER TABLE environments ADD COLUMN approvals_required BIGINT NOT NULL DEFAULT 1;
ALTER TABLE environments ADD COLUMN author_may_deploy  BIGINT NOT NULL DEFAULT 0;
ALTER TABLE environments ADD COLUMN evidence_required  BIGINT NOT NULL DEFAULT 1;
ALTER TABLE environments ADD COLUMN freeze_windows     TEXT   NOT NULL DEFAULT '[]';
-- The first environment of the chain (dev) is the builders' own.
UPDATE environments SET approvals_required = 0, author_may_deploy = 1, evidence_required = 0
 WHERE position = (SELECT MIN(position) FROM environments);

-- Groups whose members may approve for an environment; none: any approver of the workspace.
CREATE TABLE environment_approver_groups (
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    group_id       TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (environment_id, group_id)
);

CREATE TABLE reviews (
    id             TEXT   PRIMARY KEY,
    workspace_id   TEXT   NOT NULL REFERENCES workspaces (id),
    workflow_id    TEXT   NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version_id     TEXT   NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
    environment_id TEXT   NOT NULL REFERENCES environments (id),
    status         TEXT   NOT NULL CHECK (status IN ('open', 'deployed', 'rejected', 'changes_requested')),
    message        TEXT   NOT NULL,
    submitted_by   TEXT   REFERENCES users (id),
    submitted_at   BIGINT NOT NULL,
    closed_at      BIGINT
);
-- One open review of a version for an environment at a time.
CREATE UNIQUE INDEX reviews_open ON reviews (version_id, environment_id) WHERE status = 'open';
CREATE INDEX reviews_by_status ON reviews (status, submitted_at);

-- What people said and decided on a review, in order.
CREATE TABLE review_events (
    id         TEXT   PRIMARY KEY,
    review_id  TEXT   NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('comment', 'approve', 'reject', 'request_changes')),
    user_id    TEXT   REFERENCES users (id),
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX review_events_review ON review_events (review_id, created_at);
-- An approver approves a review once.
CREATE UNIQUE INDEX review_events_one_approval ON review_events (review_id, user_id) WHERE kind = 'approve';

-- Every deployment of a version to an environment; the live one has not ended.
CREATE TABLE deployments (
    id             TEXT   PRIMARY KEY,
    workspace_id   TEXT   NOT NULL REFERENCES workspaces (id),
    workflow_id    TEXT   NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    environment_id TEXT   NOT NULL REFERENCES environments (id),
    version_id     TEXT   NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
    review_id      TEXT   REFERENCES reviews (id),
    -- review, direct (the rule lets the author deploy), rollback, or emergency_rollback.
    how            TEXT   NOT NULL CHECK (how IN ('review', 'direct', 'rollback', 'emergency_rollback')),
    -- Why, for a rollback.
    reason         TEXT,
    deployed_by    TEXT   REFERENCES users (id),
    deployed_at    BIGINT NOT NULL,
    ended_at       BIGINT,
    frozen_at      BIGINT,
    frozen_by      TEXT   REFERENCES users (id),
    freeze_reason  TEXT
);
CREATE UNIQUE INDEX deployments_live ON deployments (workflow_id, environment_id) WHERE ended_at IS NULL;
CREATE INDEX deployments_history ON deployments (workflow_id, environment_id, deployed_at);

ALTER TABLE runs ADD COLUMN version_id TEXT;
ALTER TABLE runs ADD COLUMN deployment_id TEXT;
CREATE INDEX runs_evidence ON runs (version_id, environment_id, status);

-- Policy drift: when a policy change makes a live deployment break policy, it is noticed once
-- (audited, so the audit stream tells the SIEM) until it complies again; an admin freezes it or
-- grants a time-limited exception, which lets its runs past the clearance checks at sinks.
ALTER TABLE deployments ADD COLUMN drift_noticed_at BIGINT;
CREATE TABLE policy_exceptions (
    id            TEXT    PRIMARY KEY,
    deployment_id TEXT    NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    reason        TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL,
    granted_by    TEXT    REFERENCES users (id),
    granted_at    BIGINT  NOT NULL
);
CREATE INDEX policy_exceptions_deployment ON policy_exceptions (deployment_id, expires_at);
