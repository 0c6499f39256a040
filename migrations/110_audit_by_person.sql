-- `jinqiu audit --person`: which entries read a given elder (elder_ids && ARRAY[…]) without a scan.
CREATE INDEX IF NOT EXISTS audit_log_elder_ids ON audit_log USING gin (elder_ids);
