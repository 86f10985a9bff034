-- What data each model may receive: a clearance (`internal`, `confidential/pii`, `restricted/*`).
-- Models registered before clearances existed are cleared for internal data without categories;
-- the built-in model runs inside Paddock and may see everything.
ALTER TABLE models ADD COLUMN clearance TEXT NOT NULL DEFAULT 'internal';
UPDATE models SET clearance = 'restricted/*' WHERE provider = 'builtin';
