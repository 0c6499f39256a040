-- Birth dates known only to the month (出生年月 1938.5, 1940-2): birth_date holds the 1st of that
-- month and birth_precision says so. No birthday greeting goes out for them until staff add the day;
-- the import report lists them for completion.
ALTER TABLE elders ADD COLUMN IF NOT EXISTS birth_precision text NOT NULL DEFAULT 'day'
  CHECK (birth_precision IN ('day', 'month'));
CREATE INDEX IF NOT EXISTS elders_birth_incomplete ON elders (town) WHERE birth_precision <> 'day';

-- A ledger file a staff member sent in chat, previewed and waiting for their 确认导入 (one per staff
-- member; replaced by the next file, gone once applied or cancelled).
CREATE TABLE IF NOT EXISTS ledger_import_drafts (
  staff_id    bigint PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
  file_name   text NOT NULL,
  data        bytea NOT NULL,
  plan_id     text NOT NULL,
  answers     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The 患病/丧偶/独居 views were expanded when created: recreate them so they carry the new column.
CREATE OR REPLACE VIEW elders_ill AS
  SELECT * FROM elders
  WHERE status = '在世' AND health IS NOT NULL AND btrim(health) <> ''
    AND health !~ '^(良好|健康|好|较好|一般|正常|无)$';
CREATE OR REPLACE VIEW elders_widowed AS
  SELECT * FROM elders WHERE status = '在世' AND widowed;
CREATE OR REPLACE VIEW elders_alone AS
  SELECT * FROM elders WHERE status = '在世' AND lives_alone;
