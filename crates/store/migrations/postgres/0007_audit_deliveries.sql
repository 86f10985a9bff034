-- How far each audit sink (a SIEM webhook) has received the chain.

CREATE TABLE audit_deliveries (
    sink      TEXT    PRIMARY KEY,
    last_seq  BIGINT NOT NULL
);
