-- The model registry: the models administrators make available, what they cost, which
-- workspaces may use them and how many tokens a month each workspace may spend on them.

CREATE TABLE models (
    id                 TEXT    PRIMARY KEY,
    name               TEXT    NOT NULL UNIQUE,
    provider           TEXT    NOT NULL CHECK (provider IN ('builtin', 'openai', 'anthropic')),
    description        TEXT    NOT NULL DEFAULT '',
    endpoint           TEXT,
    model_id           TEXT,
    -- The API key, sealed with the master key (envelope encryption); never sent back.
    credential         TEXT,
    structured_output  TEXT    NOT NULL DEFAULT 'json_schema'
                               CHECK (structured_output IN ('json_schema', 'json_object', 'prompt')),
    context_limit      INTEGER,
    timeout_ms         INTEGER  NOT NULL DEFAULT 120000,
    input_price        INTEGER  NOT NULL DEFAULT 0,
    output_price       INTEGER  NOT NULL DEFAULT 0,
    all_workspaces     INTEGER  NOT NULL DEFAULT 0,
    -- Tokens a month each workspace may use, unless its own line says otherwise; NULL: no limit.
    monthly_token_budget INTEGER,
    enabled            INTEGER  NOT NULL DEFAULT 1,
    created_at         INTEGER  NOT NULL,
    updated_at         INTEGER  NOT NULL
);

-- Workspaces named on a model: allowed to use it (when it is not open to all), with their own
-- monthly budget when one is set.
CREATE TABLE model_workspaces (
    model_id             TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    workspace_id         TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    monthly_token_budget INTEGER,
    PRIMARY KEY (model_id, workspace_id)
);

-- Tokens and cost per model, workspace and calendar month (UTC, 'YYYY-MM').
CREATE TABLE model_usage (
    model_id       TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    month          TEXT NOT NULL,
    calls          INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    cost_micros    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model_id, workspace_id, month)
);

ALTER TABLE run_steps ADD COLUMN cost_micros INTEGER;

-- The built-in offline model is there from the start, for every workspace.
INSERT INTO models (id, name, provider, description, all_workspaces, created_at, updated_at)
VALUES ('00000000-0000-7000-8000-000000000001', 'builtin', 'builtin',
        'Built-in offline model for demos and tests: deterministic and not a language model.',
        1, 0, 0);
