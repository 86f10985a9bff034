-- Failed sign-ins counted per account and per client address, for temporary lockout.

CREATE TABLE sign_in_throttle (
    key                TEXT    PRIMARY KEY,
    failures           BIGINT NOT NULL,
    window_started_at  BIGINT NOT NULL,
    locked_until       BIGINT
);
