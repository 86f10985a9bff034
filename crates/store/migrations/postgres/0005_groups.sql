-- Groups of people, their members, and the roles granted to a whole group.

CREATE TABLE user_groups (
    id           TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    description  TEXT    NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE group_grants (
    id            TEXT    PRIMARY KEY,
    group_id      TEXT    NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL,
    workspace_id  TEXT    REFERENCES workspaces (id) ON DELETE CASCADE,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX group_grants_unique ON group_grants (group_id, role, COALESCE(workspace_id, ''));
