import type { Queryable } from '../db/types.ts';
import type { VersionProbe } from './kb-version.ts';

/**
 * Chunks' token lists (kb_chunks.terms or .grams, space-joined), kept in process by chunk id. The
 * lexical retrievers score a few hundred candidates per question from these lists; reading them
 * from the database every time cost more than the search itself (about 400 KB of UTF-8 to decode
 * per question at 10,000 chunks), while the same chunks come back question after question.
 *
 * A chunk row is never changed after it is inserted (a changed document gets new rows with new ids,
 * from a sequence that never hands an id out twice), so an entry cannot go stale while its id
 * exists; the whole cache is still dropped when the knowledge base's version changes, so nothing
 * outlives a reload that reused ids. The number of entries is bounded: the oldest go first.
 */
export interface TokenLists {
  /** The lists of these chunks; a chunk deleted meanwhile is simply absent. */
  get(ids: number[]): Promise<Map<number, string>>;
}

/** About 1 KB each with both fields: a few tens of MB at most. */
const MAX_ENTRIES = 20_000;

export function createTokenLists(db: Queryable, column: 'terms' | 'grams', probe: VersionProbe, max = MAX_ENTRIES): TokenLists {
  let version: string | null = null;
  const lists = new Map<number, string>();
  return {
    async get(ids) {
      const v = await probe.current();
      if (v !== version) {
        lists.clear();
        version = v;
      }
      const out = new Map<number, string>();
      const missing: number[] = [];
      for (const id of ids) {
        const t = lists.get(id);
        if (t === undefined) missing.push(id);
        else out.set(id, t);
      }
      if (!missing.length) return out;
      // column is one of two fixed names.
      const r = await db.query<{ id: string; tokens: string }>(`SELECT id, ${column} AS tokens FROM kb_chunks WHERE id = ANY($1::bigint[])`, [missing]);
      for (const row of r.rows) {
        out.set(Number(row.id), row.tokens);
        lists.set(Number(row.id), row.tokens);
      }
      for (const id of lists.keys()) {
        if (lists.size <= max) break;
        lists.delete(id);
      }
      return out;
    },
  };
}
