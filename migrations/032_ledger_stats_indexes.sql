-- County-wide statistics at 100,000 elders: the 患病 ledger by town and living elders by age band
-- are read from small partial indexes instead of evaluating every row (measured 52 → 15 ms and
-- 54 → 19 ms on PostgreSQL). The predicate is the one the query compiler and the elders_ill view use.
CREATE INDEX IF NOT EXISTS elders_ill_town ON elders (town)
  WHERE status = '在世' AND health IS NOT NULL AND btrim(health) <> '' AND health !~ '^(良好|健康|好|较好|一般|正常|无)$';
CREATE INDEX IF NOT EXISTS elders_living_birth ON elders (birth_date) WHERE status = '在世';
