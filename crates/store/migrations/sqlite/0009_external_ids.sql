-- Identity providers look people and groups up by their own ids: index them, one each.

CREATE UNIQUE INDEX users_external_id ON users (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX user_groups_external_id ON user_groups (external_id) WHERE external_id IS NOT NULL;
