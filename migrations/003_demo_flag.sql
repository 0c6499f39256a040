-- Demo rows (invented people shown to a newcomer on an empty data folder) are marked so that the
-- first real import can remove them instead of mixing invented elders into a real ledger.
ALTER TABLE elders ADD COLUMN demo boolean NOT NULL DEFAULT false;
ALTER TABLE staff ADD COLUMN demo boolean NOT NULL DEFAULT false;
