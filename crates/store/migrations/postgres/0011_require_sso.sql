-- Requiring single sign-on: local passwords then work only for organisation-wide
-- administrators (the break-glass accounts).

ALTER TABLE oidc_settings ADD COLUMN require_sso BIGINT NOT NULL DEFAULT 0;
