-- 文号 of the documents this one says replaced (part of) it, e.g. a note "已被民发〔2011〕192号…调整":
-- when both are in the knowledge base, the newer one is preferred for answers.
ALTER TABLE kb_documents ADD COLUMN superseded_by text[] NOT NULL DEFAULT '{}';
