import { openAiClient } from '../kernel/openai-client.ts';
import type { Config } from '../kernel/config.ts';
import type { Db, Queryable } from '../db/types.ts';
import { JinqiuError } from '../kernel/errors.ts';
import type { Logger } from '../kernel/logger.ts';
import { vectorParam } from '../db/vector.ts';
import { createModelGuard, type ModelGuard } from '../privacy/model-guard.ts';

export interface Embedder {
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * An OpenAI-compatible embeddings client, or null when OPENAI_EMBEDDING_MODEL is not configured. Texts
 * leave through the model boundary (a question may carry a phone or a name); without a guard given,
 * the detectors alone apply.
 */
export function createEmbedder(config: Config, guard: ModelGuard = createModelGuard()): Embedder | null {
  const model = config.OPENAI_EMBEDDING_MODEL;
  if (!model) return null;
  const client = openAiClient(config);
  const dimensions = config.OPENAI_EMBEDDING_DIMENSIONS;
  return {
    model,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) {
        const batch = texts.slice(i, i + 64);
        try {
          const input = (await guard.request(batch)).texts;
          const r = await client.embeddings.create({ model, input, ...(dimensions ? { dimensions } : {}), encoding_format: 'float' });
          const sorted = [...r.data].sort((a, b) => a.index - b.index);
          if (sorted.length !== batch.length) throw new Error(`asked for ${batch.length} embeddings, got ${sorted.length}`);
          out.push(...sorted.map((d) => d.embedding));
        } catch (e) {
          throw new JinqiuError('UPSTREAM_FAILED', `embeddings endpoint failed: ${(e as Error).message}`, { cause: e });
        }
      }
      return out;
    },
  };
}

/** Stores one vector per chunk (same order), replacing a vector another model made for the chunk. */
export async function saveEmbeddings(db: Queryable, chunkIds: (number | string)[], model: string, vectors: number[][]): Promise<void> {
  await db.query(
    `INSERT INTO kb_embeddings (chunk_id, model, dims, embedding)
     SELECT id, $2, $3, v::vector FROM unnest($1::bigint[], $4::text[]) AS t(id, v)
     ON CONFLICT (chunk_id) DO UPDATE SET model = excluded.model, dims = excluded.dims, embedding = excluded.embedding`,
    [chunkIds, model, vectors[0]?.length ?? 0, vectors.map(vectorParam)],
  );
}

// Per database handle: CREATE INDEX IF NOT EXISTS is cheap, but not free on every query.
const indexed = new WeakMap<Queryable, Set<number>>();

/**
 * The HNSW index is an expression index per dimension (the column is untyped because the
 * dimension is only known once an endpoint answers). dims is an integer we validated, not input.
 */
export async function ensureVectorIndex(db: Queryable, dims: number): Promise<void> {
  if (!Number.isInteger(dims) || dims <= 0) throw new Error(`bad embedding dimension ${dims}`);
  const done = indexed.get(db) ?? new Set<number>();
  indexed.set(db, done);
  if (done.has(dims)) return;
  // pgvector's HNSW index supports up to 2,000 dimensions for the vector type; above that, exact search.
  if (dims <= 2000) {
    await db.query(`CREATE INDEX IF NOT EXISTS kb_embeddings_hnsw_${dims} ON kb_embeddings USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WHERE dims = ${dims}`);
  }
  done.add(dims);
}

/** Embeds every chunk that has no embedding for this model yet (after an outage, or a model change). */
export async function syncEmbeddings(db: Db, embedder: Embedder, log?: Logger): Promise<number> {
  let done = 0;
  for (;;) {
    const r = await db.query<{ id: string; text: string; path: string; title: string }>(
      `SELECT c.id, c.text, c.path, d.title FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
       LEFT JOIN kb_embeddings e ON e.chunk_id = c.id AND e.model = $1
       WHERE e.chunk_id IS NULL ORDER BY c.id LIMIT 256`,
      [embedder.model],
    );
    if (!r.rows.length) break;
    const vectors = await embedder.embed(r.rows.map((x) => embeddingInput(x.title, x.path, x.text)));
    await saveEmbeddings(db, r.rows.map((x) => x.id), embedder.model, vectors);
    await ensureVectorIndex(db, vectors[0]!.length);
    done += r.rows.length;
  }
  if (done) log?.info({ chunks: done, model: embedder.model }, 'knowledge embeddings added');
  return done;
}

/** The text sent for embedding: the citation context and the passage. */
export const embeddingInput = (title: string, path: string, text: string): string => `《${title}》${path}\n${text}`;
