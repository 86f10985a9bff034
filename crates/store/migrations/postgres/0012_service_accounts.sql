-- Service accounts: non-person accounts that act only through API keys an administrator gives
-- them. They have no password and can never sign in or be provisioned by an identity provider.

ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'));
ALTER TABLE users ADD COLUMN description TEXT NOT NULL DEFAULT '';
