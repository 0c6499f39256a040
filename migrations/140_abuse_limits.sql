-- Abuse limits (issue 17). Binding tries are counted per elder and per channel, not only per account:
-- the name a name-and-digits try named is kept, so wrong tries spread over many new accounts still
-- add up for that elder. It is kept whether or not the ledger knows the name, so a lock never tells
-- a stranger that a name is in the ledger.
ALTER TABLE binding_attempts ADD COLUMN target_name text;
CREATE INDEX binding_attempts_target ON binding_attempts (target_name, at) WHERE target_name IS NOT NULL;
CREATE INDEX binding_attempts_at ON binding_attempts (at);

-- Messages counted per fixed minute window and scope ('all', 'channel:telegram',
-- 'strangers:telegram'), shared by every process that answers chats. Old windows are deleted.
CREATE TABLE inbound_counts (
  scope         text NOT NULL,
  window_start  timestamptz NOT NULL,
  n             int NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, window_start)
);
CREATE INDEX inbound_counts_window ON inbound_counts (window_start);
