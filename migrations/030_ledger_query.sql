-- Ledger questions: the staff member's own words next to the structured query, and indexes the
-- query compiler's common filters use (age ranges by birth date, living/deceased).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS question text;
CREATE INDEX IF NOT EXISTS audit_log_actor_at ON audit_log (actor, at);
CREATE INDEX IF NOT EXISTS elders_birth_date ON elders (birth_date);
CREATE INDEX IF NOT EXISTS elders_status_town ON elders (status, town);
CREATE INDEX IF NOT EXISTS elders_name ON elders (name);
