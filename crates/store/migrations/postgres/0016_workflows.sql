-- Workflows of a workspace and their drafts: the definition as the builder last saved it,
-- problems and all. Each save bumps the revision; a save names the revision it started from,
-- so two people editing one draft cannot overwrite each other unknowingly.
CREATE TABLE workflows (
    id           TEXT    PRIMARY KEY,
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    draft        TEXT    NOT NULL,
    revision     BIGINT  NOT NULL,
    created_by   TEXT    REFERENCES users (id),
    updated_by   TEXT    REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    UNIQUE (workspace_id, name)
);
