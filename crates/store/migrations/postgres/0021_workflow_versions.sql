-- Every save of a draft, kept: the draft's edit history, and who edited it.
CREATE TABLE workflow_draft_history (
    workflow_id TEXT    NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    revision    BIGINT  NOT NULL,
    definition  TEXT    NOT NULL,
    saved_by    TEXT    REFERENCES users (id),
    saved_at    BIGINT  NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);

-- Versions: immutable snapshots of a draft, numbered per workflow and addressed by the digest
-- of their definition (one version per content). Promotion moves a version, never a draft.
CREATE TABLE workflow_versions (
    id             TEXT    PRIMARY KEY,
    workflow_id    TEXT    NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    number         BIGINT  NOT NULL,
    digest         TEXT    NOT NULL,
    definition     TEXT    NOT NULL,
    message        TEXT    NOT NULL,
    -- The draft revision it was cut from, and everyone who saved the draft since the version
    -- before (JSON list of user ids): none of them may approve it.
    draft_revision BIGINT  NOT NULL,
    editors        TEXT    NOT NULL DEFAULT '[]',
    created_by     TEXT    REFERENCES users (id),
    created_at     BIGINT  NOT NULL,
    UNIQUE (workflow_id, number),
    UNIQUE (workflow_id, digest)
);
