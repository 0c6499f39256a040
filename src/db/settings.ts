import type { Queryable } from './types.ts';

/** Small key/value facts about this installation (e.g. whether the demo ledger may be seeded). */
export async function getSetting<T>(q: Queryable, key: string): Promise<T | undefined> {
  const r = await q.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
  return r.rows[0]?.value;
}

export async function setSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
