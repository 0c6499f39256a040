-- Knowledge base: regulations and local policies, split along their own structure for citation.

CREATE TABLE kb_documents (
  id            bigserial PRIMARY KEY,
  -- The file name it came from: ingesting a file of the same name again replaces the document.
  source        text NOT NULL UNIQUE,
  content_hash  text NOT NULL,
  format        text NOT NULL,
  title         text NOT NULL,
  doc_number    text,
  issuer        text,
  issued_on     date,
  chars         integer NOT NULL,
  chunk_count   integer NOT NULL DEFAULT 0,
  ingested_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kb_chunks (
  id           bigserial PRIMARY KEY,
  document_id  bigint NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
  ord          integer NOT NULL,
  -- Citation label: 第十七条, or a numbering chain such as 二、（一） for notices and reports.
  article      text,
  -- Article number (17 for 第十七条) so a question naming an article goes straight to it.
  article_no   integer,
  -- Full structural path, e.g. 第二章 基本养老保险 › 第十七条.
  path         text NOT NULL,
  text         text NOT NULL,
  -- jieba search-mode tokens and Han-character bigrams, space-joined; the tsvectors are derived
  -- with the 'simple' configuration so the default parser never sees an unsegmented sentence.
  terms        text NOT NULL,
  grams        text NOT NULL,
  n_terms      integer NOT NULL,
  n_grams      integer NOT NULL,
  tsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED,
  gsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', grams)) STORED,
  UNIQUE (document_id, ord)
);
CREATE INDEX kb_chunks_tsv_idx ON kb_chunks USING gin (tsv);
CREATE INDEX kb_chunks_gsv_idx ON kb_chunks USING gin (gsv);
CREATE INDEX kb_chunks_article_idx ON kb_chunks (document_id, article_no);

-- Document frequencies per indexed field, kept up to date inside each ingest/remove transaction,
-- so ranking can weigh rare words (抚恤金) above common ones (规定) without scanning the corpus.
CREATE TABLE kb_term_stats (
  field  text NOT NULL,
  term   text NOT NULL,
  df     integer NOT NULL,
  PRIMARY KEY (field, term)
);

CREATE TABLE kb_field_stats (
  field      text PRIMARY KEY,
  n_chunks   integer NOT NULL,
  total_len  bigint NOT NULL
);
INSERT INTO kb_field_stats (field, n_chunks, total_len) VALUES ('tsv', 0, 0), ('gsv', 0, 0);

-- Embeddings exist only when an embeddings endpoint is configured. The dimension is known only
-- then, so the column is untyped and the HNSW index (an expression index per dimension) is
-- created at runtime by src/knowledge/embeddings.ts.
CREATE TABLE kb_embeddings (
  chunk_id   bigint PRIMARY KEY REFERENCES kb_chunks(id) ON DELETE CASCADE,
  model      text NOT NULL,
  dims       integer NOT NULL,
  embedding  vector NOT NULL
);
