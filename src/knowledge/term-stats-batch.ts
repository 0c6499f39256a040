import type { Queryable } from '../db/types.ts';
import type { TermStats, TermStatsSource } from './retrievers.ts';

type Field = 'tsv' | 'gsv';

interface Request {
  field: Field;
  terms: string[];
  resolve(s: TermStats): void;
  reject(e: unknown): void;
}

/**
 * Term statistics (retrievers.ts termStats) for every request made in the same tick, read in one
 * round trip: a search asks for the word field twice (its retriever, the concept weights) and the
 * bigram field once, all at its start; three statements cost three round trips, and on a busy
 * process each one's socket write and reply parsing more than the lookup itself. Each requester
 * gets exactly what termStats would have returned for its own terms.
 */
export function createTermStatsBatch(db: Queryable): TermStatsSource {
  let pending: Request[] = [];

  async function flush(batch: Request[]): Promise<void> {
    const wanted = (f: Field) => [...new Set(batch.filter((r) => r.field === f).flatMap((r) => r.terms))];
    try {
      // Both fields' totals, each joined with the document frequency of its requested terms present.
      const r = await db.query<{ field: Field; n_chunks: number; total_len: number; term: string | null; df: number | null }>(
        `SELECT f.field, f.n_chunks, f.total_len, s.term, s.df
         FROM kb_field_stats f LEFT JOIN kb_term_stats s ON s.field = f.field AND s.term = ANY(CASE f.field WHEN 'tsv' THEN $1::text[] ELSE $2::text[] END)
         WHERE f.field IN ('tsv', 'gsv')`,
        [wanted('tsv'), wanted('gsv')],
      );
      for (const req of batch) {
        const rows = r.rows.filter((x) => x.field === req.field);
        const first = rows[0];
        const n = Number(first?.n_chunks ?? 0);
        const own = new Set(req.terms);
        const df = new Map<string, number>();
        for (const row of rows) if (row.term !== null && own.has(row.term)) df.set(row.term, Number(row.df));
        req.resolve({ n, avgLen: n ? Number(first!.total_len) / n : 1, df });
      }
    } catch (e) {
      for (const req of batch) req.reject(e);
    }
  }

  return (field, terms) =>
    new Promise<TermStats>((resolve, reject) => {
      if (!pending.length) {
        queueMicrotask(() => {
          const batch = pending;
          pending = [];
          void flush(batch);
        });
      }
      pending.push({ field, terms, resolve, reject });
    });
}
