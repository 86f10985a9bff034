-- How far each audit sink (a SIEM webhook) has received the chain.

CREATE TABLE audit_deliveries (
    sink      TEXT    PRIMARY KEY,
    last_seq  INTEGER NOT NULL
);
