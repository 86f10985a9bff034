-- The organisation's labels: the four levels, which administrators may name and describe in
-- their own words (the order and the stored names stay), and the categories they may add.
CREATE TABLE label_levels (
    level        TEXT PRIMARY KEY CHECK (level IN ('public', 'internal', 'confidential', 'restricted')),
    display_name TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT ''
);
INSERT INTO label_levels (level, display_name, description) VALUES
    ('public', 'Public', 'May be published: nothing is lost if anyone reads it.'),
    ('internal', 'Internal', 'The organisation''s everyday data: not for outsiders.'),
    ('confidential', 'Confidential', 'For the people who need it: harm if it leaks.'),
    ('restricted', 'Restricted', 'The most sensitive data: serious harm if it leaks.');

CREATE TABLE label_categories (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT ''
);
INSERT INTO label_categories (name, description) VALUES
    ('pii', 'Personal data: anything that identifies a person.'),
    ('phi', 'Health information about a person.'),
    ('pci', 'Payment card data.');
