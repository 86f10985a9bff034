-- When a waiting approval decides itself (its timeout), so the clock finds overdue ones by index.
ALTER TABLE run_steps ADD COLUMN due_at INTEGER;
CREATE INDEX run_steps_due ON run_steps (due_at) WHERE status = 'waiting' AND due_at IS NOT NULL;
