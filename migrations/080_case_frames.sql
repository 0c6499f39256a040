-- A life event is read as a frame (who it happened to relative to the elder, what, when, where) and kept
-- on its case. Some events change the ledger once staff confirm them (已故 with the date, 丧偶, 丧偶
-- cleared by a remarriage): the change waits on the case until a staff member confirms or rejects it.
ALTER TABLE cases ADD COLUMN frame jsonb;
ALTER TABLE cases ADD COLUMN ledger_change text CHECK (ledger_change IN ('已故', '丧偶', '再婚'));
ALTER TABLE cases ADD COLUMN ledger_status text CHECK (ledger_status IN ('pending', 'confirmed', 'rejected'));
ALTER TABLE cases ADD CONSTRAINT cases_ledger_pair CHECK ((ledger_change IS NULL) = (ledger_status IS NULL));
CREATE INDEX cases_ledger_pending ON cases (elder_id) WHERE ledger_status = 'pending';
