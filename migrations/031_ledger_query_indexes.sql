-- Ledger questions at county scale: the common yes/no ledgers and categories answered from small
-- indexes instead of a scan of every elder.
CREATE INDEX IF NOT EXISTS elders_widowed_town ON elders (town) WHERE widowed;
CREATE INDEX IF NOT EXISTS elders_alone_town ON elders (town) WHERE lives_alone;
CREATE INDEX IF NOT EXISTS elders_category ON elders (category);
CREATE INDEX IF NOT EXISTS elders_mobility ON elders (mobility);
