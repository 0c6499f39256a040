-- Knowledge is written in batches and read on every question: GIN's pending list (fastupdate)
-- makes every search scan the unmerged entries linearly, which dominated retrieval time. Merge
-- on write instead, and flush whatever is pending now.
ALTER INDEX kb_chunks_tsv_idx SET (fastupdate = off);
ALTER INDEX kb_chunks_gsv_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('kb_chunks_tsv_idx'::regclass);
SELECT gin_clean_pending_list('kb_chunks_gsv_idx'::regclass);
