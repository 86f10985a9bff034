-- Foundation: the organisation, people, workspaces, environments, role grants and sessions.
-- Instants are milliseconds since the Unix epoch; ids are UUIDv7 text.

CREATE TABLE organization (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    name        TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             TEXT    PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    password_hash  TEXT,
    disabled_at    BIGINT,
    created_at     BIGINT NOT NULL
);

CREATE TABLE workspaces (
    id          TEXT    PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE environments (
    id          TEXT    PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    position    BIGINT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE role_grants (
    id            TEXT    PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL,
    workspace_id  TEXT    REFERENCES workspaces (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, COALESCE(workspace_id, ''));

CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    TEXT    NOT NULL,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
