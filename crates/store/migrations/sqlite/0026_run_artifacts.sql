-- Files runs generate (a `document` step's document), kept until `expires_at`; then the
-- content is purged and the row stays, so a run still says what it made and when it went.
CREATE TABLE run_artifacts (
    id           TEXT   PRIMARY KEY,
    run_id       TEXT   NOT NULL REFERENCES runs (id),
    step_key     TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    media_type   TEXT   NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT   NOT NULL,
    content      BLOB,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    -- A step run again after a crash replaces what it wrote the first time.
    UNIQUE (run_id, step_key)
);

CREATE INDEX run_artifacts_expiring ON run_artifacts (expires_at) WHERE content IS NOT NULL;
