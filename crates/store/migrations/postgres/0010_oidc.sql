-- Single sign-on with OpenID Connect: the provider's settings (one), which provider groups
-- map to which Paddock groups, and sign-ins in progress (state, nonce and PKCE verifier).

CREATE TABLE oidc_settings (
    id             BIGINT PRIMARY KEY CHECK (id = 1),
    enabled        BIGINT NOT NULL,
    issuer         TEXT    NOT NULL,
    client_id      TEXT    NOT NULL,
    client_secret  TEXT    NOT NULL,
    groups_claim   TEXT    NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE oidc_group_mappings (
    provider_group  TEXT NOT NULL,
    group_id        TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (provider_group, group_id)
);

CREATE TABLE oidc_logins (
    state          TEXT    PRIMARY KEY,
    nonce          TEXT    NOT NULL,
    pkce_verifier  TEXT    NOT NULL,
    return_to      TEXT    NOT NULL,
    expires_at     BIGINT NOT NULL
);
