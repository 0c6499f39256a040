-- pgvector: embeddings for the knowledge base live next to the ledgers.
CREATE EXTENSION IF NOT EXISTS vector;
