-- Governed knowledge: knowledge bases, who may use them, their documents (the documents are
-- also the queue of ingestion work), the passages each document was cut into, and the log every
-- node's search index follows.

-- A knowledge base: owned by a workspace, whose stewards manage it; its label is the label of
-- everything retrieved from it.
CREATE TABLE knowledge_bases (
    id           TEXT    PRIMARY KEY,
    slug         TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    label        TEXT    NOT NULL,
    -- The last entry of its index log: a node's index that has applied it is up to date.
    index_seq    BIGINT NOT NULL DEFAULT 0,
    created_by   TEXT    REFERENCES users (id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- Who may use it: the workflows of a workspace, or the members of a group, in one environment
-- or (environment_id NULL) in all.
CREATE TABLE knowledge_access (
    knowledge_base_id TEXT NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    grantee_kind      TEXT NOT NULL CHECK (grantee_kind IN ('workspace', 'group')),
    grantee_id        TEXT NOT NULL,
    environment_id    TEXT REFERENCES environments (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX knowledge_access_entry
    ON knowledge_access (knowledge_base_id, grantee_kind, grantee_id, COALESCE(environment_id, ''));

-- A document, its file and where ingesting it stands. Documents waiting to be ingested are
-- claimed by workers under a lease, as runs are.
CREATE TABLE knowledge_documents (
    id                TEXT    PRIMARY KEY,
    knowledge_base_id TEXT    NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    name              TEXT    NOT NULL,
    media_type        TEXT    NOT NULL,
    size              BIGINT NOT NULL,
    sha256            TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'ingesting', 'ready', 'failed')),
    -- Why ingesting failed, for people: the file is not what its name says, a page could not be read…
    error             TEXT,
    pages             BIGINT,
    pages_done        BIGINT NOT NULL DEFAULT 0,
    ocr_pages         BIGINT NOT NULL DEFAULT 0,
    chunks            BIGINT NOT NULL DEFAULT 0,
    available_at      BIGINT NOT NULL,
    -- How many times a worker took it up; a document that keeps stopping its readers is failed.
    attempts          INTEGER NOT NULL DEFAULT 0,
    lease_owner       TEXT,
    lease_expires_at  BIGINT,
    uploaded_by       TEXT    REFERENCES users (id),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX knowledge_documents_of ON knowledge_documents (knowledge_base_id, created_at);
-- A name names one document of a knowledge base: uploading it again replaces it.
CREATE UNIQUE INDEX knowledge_documents_named ON knowledge_documents (knowledge_base_id, name);
CREATE INDEX knowledge_documents_waiting ON knowledge_documents (available_at)
    WHERE status IN ('queued', 'ingesting');

CREATE TABLE knowledge_document_content (
    document_id TEXT PRIMARY KEY REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    content     BYTEA NOT NULL
);

-- The passages of a document, as the last ingestion cut them: where each is (pages, characters
-- of the document's text) and its text.
CREATE TABLE knowledge_chunks (
    document_id       TEXT    NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    ordinal           BIGINT NOT NULL,
    knowledge_base_id TEXT    NOT NULL,
    first_page        BIGINT NOT NULL,
    last_page         BIGINT NOT NULL,
    char_start        BIGINT NOT NULL,
    char_end          BIGINT NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('text', 'table')),
    context           TEXT    NOT NULL,
    text              TEXT    NOT NULL,
    PRIMARY KEY (document_id, ordinal)
);

-- What changed in a knowledge base, in order: each node's search index applies the entries past
-- the last it applied, so indexes are derived from the database and any can be rebuilt.
CREATE TABLE knowledge_index_log (
    knowledge_base_id TEXT    NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
    seq               BIGINT NOT NULL,
    document_id       TEXT    NOT NULL,
    change            TEXT    NOT NULL CHECK (change IN ('indexed', 'removed')),
    at                BIGINT NOT NULL,
    PRIMARY KEY (knowledge_base_id, seq)
);
