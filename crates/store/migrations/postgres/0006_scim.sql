-- SCIM provisioning: bearer tokens for the identity provider, and the provider's own ids for
-- the people and groups it manages.

CREATE TABLE scim_tokens (
    id            TEXT    PRIMARY KEY,
    token_hash    TEXT    NOT NULL UNIQUE,
    token_prefix  TEXT    NOT NULL,
    created_at    BIGINT NOT NULL,
    revoked_at    BIGINT
);

ALTER TABLE users ADD COLUMN external_id TEXT;
ALTER TABLE user_groups ADD COLUMN external_id TEXT;
