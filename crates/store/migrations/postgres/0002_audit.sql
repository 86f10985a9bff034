-- The audit trail: an append-only, hash-chained event log. audit_head records the end of the
-- chain, so that removing the newest events is detected too.

CREATE TABLE audit_events (
    seq             BIGINT PRIMARY KEY,
    occurred_at     BIGINT NOT NULL,
    actor_kind      TEXT    NOT NULL,
    actor_id        TEXT,
    actor_label     TEXT,
    action          TEXT    NOT NULL,
    target_kind     TEXT,
    target_id       TEXT,
    target_label    TEXT,
    workspace       TEXT,
    outcome         TEXT    NOT NULL,
    client_address  TEXT,
    user_agent      TEXT,
    request_id      TEXT,
    summary         TEXT    NOT NULL,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
CREATE INDEX audit_events_actor ON audit_events (actor_label);
CREATE INDEX audit_events_action ON audit_events (action);

CREATE TABLE audit_head (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    last_seq   BIGINT NOT NULL,
    last_hash  TEXT    NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
