-- Questions the knowledge base could not answer well: refused ("not found") or answered weakly.
-- Kept so the bureau sees which local documents are missing, and so the waiting questions can be
-- asked again after a document is added. Who asked is an actor tag (elder:12, family:3, staff:2,
-- unknown), never a name or a phone number.
CREATE TABLE kb_gaps (
  id           bigserial PRIMARY KEY,
  question     text NOT NULL,
  asked_at     timestamptz NOT NULL DEFAULT now(),
  asker        text NOT NULL DEFAULT 'unknown',
  -- 'refused': no grounded answer was given; 'weak': answered, but with little support.
  reason       text NOT NULL CHECK (reason IN ('refused', 'weak')),
  topic        text NOT NULL,
  -- The closest passage found: {title, article, coverage}, or null.
  closest      jsonb,
  -- Set once a later knowledge base answers it (after an ingest): which document, and when.
  answered_at  timestamptz,
  answered_by  text
);
CREATE INDEX kb_gaps_waiting_idx ON kb_gaps (topic, asked_at) WHERE answered_at IS NULL;
