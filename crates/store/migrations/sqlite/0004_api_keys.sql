-- API keys for scripts: stored as a SHA-256 of the token, restricted to a subset of the
-- holder's permissions and workspaces (NULL: no restriction beyond the holder's own rights).

CREATE TABLE api_keys (
    id            TEXT    PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    token_prefix  TEXT    NOT NULL,
    permissions   TEXT,
    workspaces    TEXT,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_keys_user ON api_keys (user_id);
