-- Publishing: the interfaces (form, batch, API) a version is served through, chosen when it is
-- submitted for review and live with its deployment; files uploaded for runs; batches of runs
-- over the rows of a table; API callers' idempotency keys and completion callbacks.

-- The interfaces as JSON ({"form": {"audience": [group ids], "clearance", …}, …}); '{}': none.
ALTER TABLE reviews     ADD COLUMN interfaces TEXT NOT NULL DEFAULT '{}';
ALTER TABLE deployments ADD COLUMN interfaces TEXT NOT NULL DEFAULT '{}';

-- How a run was started: through which interface of its deployment (none from the console),
-- with which API key, the clearance of that interface's audience (its outputs are held to it),
-- and, for a batch, which row (each row gets one run; a retry of the row another).
ALTER TABLE runs ADD COLUMN interface          TEXT;
ALTER TABLE runs ADD COLUMN api_key_id         TEXT;
ALTER TABLE runs ADD COLUMN audience_clearance TEXT;
ALTER TABLE runs ADD COLUMN batch_id           TEXT;
CREATE INDEX runs_batch ON runs (batch_id, status) WHERE batch_id IS NOT NULL;
-- A person's runs of a deployment, newest first: their recent runs, their rate and quota.
CREATE INDEX runs_starter ON runs (deployment_id, started_by, created_at);
CREATE INDEX runs_app_user ON runs (workspace_id, started_by, created_at) WHERE interface IS NOT NULL;

-- Files uploaded for a run's file inputs, kept in the database with the runs that read them.
CREATE TABLE uploads (
    id           TEXT   PRIMARY KEY,
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    name         TEXT   NOT NULL,
    media_type   TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    content      BYTEA  NOT NULL,
    uploaded_by  TEXT   REFERENCES users (id),
    created_at   BIGINT NOT NULL
);

-- A batch: one run of a deployment per row of an uploaded table, at most `concurrency` at once.
CREATE TABLE batches (
    id             TEXT   PRIMARY KEY,
    workspace_id   TEXT   NOT NULL REFERENCES workspaces (id),
    deployment_id  TEXT   NOT NULL REFERENCES deployments (id),
    source_name    TEXT   NOT NULL,
    status         TEXT   NOT NULL CHECK (status IN ('running', 'cancelled', 'finished')),
    concurrency    BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    -- The columns of the table, and which column feeds which input (JSON).
    columns        TEXT   NOT NULL,
    mapping        TEXT   NOT NULL,
    created_by     TEXT   REFERENCES users (id),
    api_key_id     TEXT,
    created_at     BIGINT NOT NULL,
    finished_at    BIGINT
);
CREATE INDEX batches_running ON batches (status) WHERE status = 'running';
CREATE INDEX batches_by_starter ON batches (deployment_id, created_by, created_at);

-- Each row: its values as read, the inputs made of them (or why none could be), and the run
-- that runs it. A row gets its run in the transaction that queues the run.
CREATE TABLE batch_rows (
    batch_id  TEXT   NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    raw       TEXT   NOT NULL,
    inputs    TEXT,
    error     TEXT,
    run_id    TEXT,
    attempts  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (batch_id, position)
);
CREATE INDEX batch_rows_pending ON batch_rows (batch_id, position) WHERE run_id IS NULL AND error IS NULL;

-- An API caller's Idempotency-Key: the same key with the same request answers with the run it
-- started; with another request it is refused.
CREATE TABLE idempotency_keys (
    holder        TEXT   NOT NULL,
    deployment_id TEXT   NOT NULL,
    key           TEXT   NOT NULL,
    request_hash  TEXT   NOT NULL,
    run_id        TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (holder, deployment_id, key)
);

-- A completion callback an API caller asked for: delivered once the run ends, retried.
CREATE TABLE run_callbacks (
    run_id          TEXT   PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    url             TEXT   NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at    BIGINT,
    given_up_at     BIGINT,
    last_error      TEXT
);
CREATE INDEX run_callbacks_due ON run_callbacks (next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL;

-- The key each app signs its callbacks with (HMAC-SHA256), sealed like other credentials; the
-- id is the workflow's.
CREATE TABLE app_signing_keys (
    id         TEXT   PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    credential TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
