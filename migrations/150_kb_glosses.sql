-- Glosses (issue 12): how people say what a passage is about, in their own words, kept beside the
-- passage. They are searched with it and weigh in its shared characters, but are never quoted.
ALTER TABLE kb_chunks ADD COLUMN glosses text NOT NULL DEFAULT '';
