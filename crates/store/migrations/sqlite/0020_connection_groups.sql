-- Groups whose members may use a connection; none: everyone in the workspaces it is open to.
-- It limits who builds with the connection and whose runs may call it.
CREATE TABLE connection_groups (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    group_id      TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (connection_id, group_id)
);
