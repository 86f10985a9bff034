-- Runs and their step records; the runs table is also the durable queue. A run is claimed by
-- one worker at a time with a lease it renews; a worker that stops renewing loses the run to
-- another, which resumes it from its recorded steps.

CREATE TABLE runs (
    id                TEXT    PRIMARY KEY,
    workspace_id      TEXT    NOT NULL REFERENCES workspaces (id),
    environment_id    TEXT    NOT NULL REFERENCES environments (id),
    workflow_name     TEXT    NOT NULL,
    -- The validated definition as run, JSON: a run never changes what it runs.
    definition        TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
    inputs            TEXT    NOT NULL,
    outputs           TEXT,
    error             TEXT,
    failed_step       TEXT,
    started_by        TEXT    REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    started_at        INTEGER,
    finished_at       INTEGER,
    cancel_requested  INTEGER NOT NULL DEFAULT 0,
    available_at      INTEGER NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  INTEGER
);
CREATE INDEX runs_claimable ON runs (available_at) WHERE status IN ('queued', 'running');
CREATE INDEX runs_workspace ON runs (workspace_id, created_at);

CREATE TABLE run_steps (
    run_id         TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_key       TEXT    NOT NULL,
    step_id        TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'waiting')),
    attempts       INTEGER NOT NULL,
    -- Every start of the step, attempts and resumptions alike: 1 when it ran exactly once.
    starts         INTEGER NOT NULL DEFAULT 1,
    input          TEXT,
    output         TEXT,
    error          TEXT,
    model          TEXT,
    input_tokens   INTEGER,
    output_tokens  INTEGER,
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    PRIMARY KEY (run_id, step_key)
);
