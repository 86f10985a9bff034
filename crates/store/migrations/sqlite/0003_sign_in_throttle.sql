-- Failed sign-ins counted per account and per client address, for temporary lockout.

CREATE TABLE sign_in_throttle (
    key                TEXT    PRIMARY KEY,
    failures           INTEGER NOT NULL,
    window_started_at  INTEGER NOT NULL,
    locked_until       INTEGER
);
