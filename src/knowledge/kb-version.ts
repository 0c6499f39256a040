import type { Queryable } from '../db/types.ts';

/**
 * A cheap token that changes whenever documents are added, replaced or removed (the totals of the
 * indexed fields), read at most once per `ttlMs`: caches built from the whole knowledge base (the
 * sound index, character rarities) rebuild when it changes, and another process's ingest is seen
 * within that time.
 */
export interface VersionProbe {
  current(): Promise<string>;
}

export function createVersionProbe(db: Queryable, ttlMs = 2000, now: () => number = Date.now): VersionProbe {
  let last: { at: number; version: string } | null = null;
  return {
    async current() {
      const t = now();
      if (last && t - last.at < ttlMs) return last.version;
      const r = await db.query<{ field: string; n_chunks: number; total_len: string }>('SELECT field, n_chunks, total_len FROM kb_field_stats ORDER BY field');
      last = { at: t, version: r.rows.map((x) => `${x.field}:${x.n_chunks}:${x.total_len}`).join('|') || '0' };
      return last.version;
    },
  };
}
