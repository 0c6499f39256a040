import type { Db, Queryable } from '../db/types.ts';
import { NotFoundError } from './errors.ts';
import type { Chunk } from './chunker.ts';
import type { DocumentMeta } from './document-meta.ts';
import { indexFields } from './index-text.ts';
import { definitionContext, enumeratedDefinitions } from './definitions.ts';
import { saveEmbeddings } from './embeddings.ts';

export interface StoredDocument {
  id: number;
  source: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  format: string;
  chunks: number;
  ingestedAt: string;
}

export interface NewDocument {
  source: string;
  contentHash: string;
  format: string;
  meta: DocumentMeta;
  chars: number;
  chunks: Chunk[];
  /** One vector per chunk (same order), when an embeddings endpoint produced them. */
  embeddings?: { model: string; vectors: number[][] } | undefined;
}

export type SaveStatus = 'added' | 'updated' | 'unchanged';

/** Serialises knowledge writes so two ingests cannot interleave their statistics updates. */
const lockKb = (tx: Queryable) => tx.query(`SELECT pg_advisory_xact_lock(hashtext('jinqiu:kb'))`);

/** The indexed fields with their length columns; fixed names, safe to put into SQL. */
const FIELDS = [
  ['tsv', 'n_terms'],
  ['gsv', 'n_grams'],
] as const;

export interface StoredVersion {
  id: number;
  contentHash: string;
  title: string;
  docNumber: string | null;
  chunks: number;
}

/** What is stored for a source file, to tell an unchanged file from a new or changed one. */
export async function findBySource(db: Queryable, source: string): Promise<StoredVersion | null> {
  const r = await db.query<Record<string, unknown>>('SELECT id, content_hash, title, doc_number, chunk_count FROM kb_documents WHERE source = $1', [source]);
  const x = r.rows[0];
  if (!x) return null;
  return { id: Number(x.id), contentHash: String(x.content_hash), title: String(x.title), docNumber: (x.doc_number as string | null) ?? null, chunks: Number(x.chunk_count) };
}

/** Adds or replaces a document and all its chunks in one transaction. */
export async function saveDocument(db: Db, doc: NewDocument): Promise<{ status: SaveStatus; id: number }> {
  return db.transaction(async (tx) => {
    await lockKb(tx);
    const existing = await findBySource(tx, doc.source);
    if (existing?.contentHash === doc.contentHash) return { status: 'unchanged' as const, id: existing.id };
    if (existing) await deleteDocument(tx, existing.id);
    const m = doc.meta;
    const ins = await tx.query<{ id: string }>(
      `INSERT INTO kb_documents (source, content_hash, format, title, doc_number, issuer, issued_on, chars, chunk_count, superseded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [doc.source, doc.contentHash, doc.format, m.title, m.docNumber, m.issuer, m.issuedOn, doc.chars, doc.chunks.length, m.supersededBy],
    );
    const id = Number(ins.rows[0]!.id);
    await insertChunks(tx, id, m.title, doc.chunks, doc.embeddings);
    return { status: existing ? ('updated' as const) : ('added' as const), id };
  });
}

export async function insertChunks(
  tx: Queryable,
  documentId: number,
  title: string,
  chunks: Chunk[],
  embeddings?: NewDocument['embeddings'],
  opts: { stats?: boolean } = {},
): Promise<void> {
  if (!chunks.length) return;
  const definitions = enumeratedDefinitions(chunks.map((c) => c.text).join('\n'));
  const fields = chunks.map((c) => indexFields(title, c.path, c.text, [definitionContext(c.text, definitions), ...(c.glosses ?? [])].filter(Boolean).join('\n')));
  const rows = await tx.query<{ id: string; ord: number }>(
    `INSERT INTO kb_chunks (document_id, ord, article, article_no, path, text, terms, grams, n_terms, n_grams, glosses)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::text[])
     RETURNING id, ord`,
    [
      documentId,
      chunks.map((c) => c.ord),
      chunks.map((c) => c.article),
      chunks.map((c) => c.articleNo),
      chunks.map((c) => c.path),
      chunks.map((c) => c.text),
      fields.map((f) => f.terms.join(' ')),
      fields.map((f) => f.grams.join(' ')),
      fields.map((f) => f.terms.length),
      fields.map((f) => f.grams.length),
      chunks.map((c) => (c.glosses ?? []).join('；')),
    ],
  );
  if (opts.stats !== false) await adjustStats(tx, documentId, +1);
  if (embeddings && embeddings.vectors.length === chunks.length) {
    const byOrd = new Map(rows.rows.map((r) => [r.ord, Number(r.id)]));
    await saveEmbeddings(tx, chunks.map((c) => byOrd.get(c.ord)!), embeddings.model, embeddings.vectors);
  }
}

/** Keeps document frequencies and lengths in step with the chunks of one document (sign +1 after insert, -1 before delete). */
async function adjustStats(tx: Queryable, documentId: number, sign: 1 | -1): Promise<void> {
  for (const [field, len] of FIELDS) {
    if (sign > 0) {
      await tx.query(
        `INSERT INTO kb_term_stats (field, term, df)
         SELECT $2, u.lexeme, count(*) FROM kb_chunks c, unnest(c.${field}) u WHERE c.document_id = $1 GROUP BY u.lexeme
         ON CONFLICT (field, term) DO UPDATE SET df = kb_term_stats.df + excluded.df`,
        [documentId, field],
      );
    } else {
      await tx.query(
        `UPDATE kb_term_stats s SET df = s.df - d.n
         FROM (SELECT u.lexeme, count(*) AS n FROM kb_chunks c, unnest(c.${field}) u WHERE c.document_id = $1 GROUP BY u.lexeme) d
         WHERE s.field = $2 AND s.term = d.lexeme`,
        [documentId, field],
      );
      await tx.query('DELETE FROM kb_term_stats WHERE field = $1 AND df <= 0', [field]);
    }
    await tx.query(
      `UPDATE kb_field_stats f SET n_chunks = f.n_chunks + $3 * d.n, total_len = f.total_len + $3 * d.len
       FROM (SELECT count(*) AS n, coalesce(sum(${len}), 0) AS len FROM kb_chunks WHERE document_id = $1) d
       WHERE f.field = $2`,
      [documentId, field, sign],
    );
  }
}

/**
 * Recounts document frequencies and lengths from the chunks themselves: after a bulk load that
 * skipped per-document updates, or to repair statistics.
 */
export async function rebuildStats(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await lockKb(tx);
    await tx.query('DELETE FROM kb_term_stats');
    for (const [field, len] of FIELDS) {
      await tx.query(`INSERT INTO kb_term_stats (field, term, df) SELECT $1, u.lexeme, count(*) FROM kb_chunks c, unnest(c.${field}) u GROUP BY u.lexeme`, [field]);
      await tx.query(`UPDATE kb_field_stats SET n_chunks = (SELECT count(*) FROM kb_chunks), total_len = (SELECT coalesce(sum(${len}), 0) FROM kb_chunks) WHERE field = $1`, [field]);
    }
  });
}

async function deleteDocument(tx: Queryable, id: number): Promise<void> {
  await adjustStats(tx, id, -1);
  await tx.query('DELETE FROM kb_documents WHERE id = $1', [id]);
}

const DOCUMENT_COLUMNS = 'id, source, title, doc_number, issuer, issued_on, format, chunk_count, ingested_at';

const toStoredDocument = (x: Record<string, unknown>): StoredDocument => ({
  id: Number(x.id),
  source: String(x.source),
  title: String(x.title),
  docNumber: (x.doc_number as string | null) ?? null,
  issuer: (x.issuer as string | null) ?? null,
  issuedOn: (x.issued_on as string | null) ?? null,
  format: String(x.format),
  chunks: Number(x.chunk_count),
  ingestedAt: new Date(x.ingested_at as string).toISOString(),
});

export async function listDocuments(db: Queryable): Promise<StoredDocument[]> {
  const r = await db.query<Record<string, unknown>>(`SELECT ${DOCUMENT_COLUMNS} FROM kb_documents ORDER BY source`);
  return r.rows.map(toStoredDocument);
}

/** Removes a document by id or by its source file name. */
export async function removeDocument(db: Db, ref: string): Promise<StoredDocument> {
  return db.transaction(async (tx) => {
    await lockKb(tx);
    const byId = /^\d+$/.test(ref) ? Number(ref) : null;
    const r = await tx.query<Record<string, unknown>>(`SELECT ${DOCUMENT_COLUMNS} FROM kb_documents WHERE source = $1 OR id = $2`, [ref, byId]);
    if (!r.rows[0]) throw new NotFoundError(ref);
    const doc = toStoredDocument(r.rows[0]);
    await deleteDocument(tx, doc.id);
    return doc;
  });
}
