-- Anonymous use of published forms: an administrator may open a live deployment's form to
-- people who are not signed in, when everything it outputs is public. A new deployment starts
-- closed again. Runs started so keep the caller's address (their rate and quota count by it)
-- and a hash of the token that lets them follow the run.
ALTER TABLE deployments ADD COLUMN anonymous_since INTEGER;
ALTER TABLE deployments ADD COLUMN anonymous_by    TEXT REFERENCES users (id);

ALTER TABLE runs ADD COLUMN client_address    TEXT;
ALTER TABLE runs ADD COLUMN follow_token_hash TEXT;
CREATE INDEX runs_anonymous_client ON runs (deployment_id, client_address, created_at)
    WHERE client_address IS NOT NULL;
