-- Connections: the systems workflows reach (an HTTP API, a mail server, a database), each configured by
-- IT with its credential and its policy. Workflows name a connection by alias; each
-- environment of a workspace binds the alias to a connection (a sandbox in dev, the real
-- system in prod).
CREATE TABLE connections (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('http', 'smtp', 'sql', 'webhook', 'ticketing', 'files')),
    description     TEXT    NOT NULL DEFAULT '',
    -- What the kind needs to reach the system and its actions, as JSON; nothing secret.
    settings        TEXT    NOT NULL,
    -- The credential (token, password, key, webhook address), sealed with the master key;
    -- never sent back.
    credential      TEXT,
    -- The label of data read from the system, and what data may be sent to it.
    read_label      TEXT    NOT NULL DEFAULT 'internal',
    write_clearance TEXT    NOT NULL DEFAULT 'internal',
    -- Host patterns (with ports) requests may go to, as JSON; empty: the base address's host.
    egress          TEXT    NOT NULL DEFAULT '[]',
    -- Address ranges (CIDR) an administrator allows although they are private, as JSON.
    allowed_ranges  TEXT    NOT NULL DEFAULT '[]',
    -- Actions workflows may call; NULL: all the kind declares.
    allowed_actions TEXT,
    all_workspaces  INTEGER NOT NULL DEFAULT 0,
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Workspaces allowed to use a connection that is not open to all.
CREATE TABLE connection_workspaces (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    PRIMARY KEY (connection_id, workspace_id)
);

-- Which connection an alias means in one environment of one workspace.
CREATE TABLE connection_bindings (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    alias          TEXT NOT NULL,
    connection_id  TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    PRIMARY KEY (workspace_id, environment_id, alias)
);
CREATE INDEX connection_bindings_by_connection ON connection_bindings (connection_id);
