-- A hold on every greeting to one elder: a reported death stops them at once (nothing sent, nothing put
-- on a call list) until staff confirm the death (the held rows are cancelled) or reject the report (they
-- go back to where they were). One active hold per elder; released holds stay as history.
CREATE TABLE greeting_holds (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  elder_id      bigint NOT NULL REFERENCES elders(id) ON DELETE CASCADE,
  reason        text NOT NULL,                -- what staff read: 家属报告老人去世，待核实
  case_id       bigint REFERENCES cases(id) ON DELETE SET NULL,
  held_by       text NOT NULL,                -- 'family-account:7', 'staff:3'
  held_at       timestamptz NOT NULL DEFAULT now(),
  released_at   timestamptz,
  released_by   text,
  outcome       text CHECK (outcome IN ('deceased', 'resumed'))
);
CREATE UNIQUE INDEX greeting_holds_active ON greeting_holds (elder_id) WHERE released_at IS NULL;

-- 'held': a greeting planned or pending for an elder under a hold.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'call', 'called', 'cancelled', 'held'));
