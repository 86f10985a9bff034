-- Which people and groups the identity provider manages through SCIM. SCIM sees and changes
-- only those: never a local account (such as the break-glass administrator) or a group an
-- administrator made.

ALTER TABLE users ADD COLUMN scim_managed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_groups ADD COLUMN scim_managed INTEGER NOT NULL DEFAULT 0;
