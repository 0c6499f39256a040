import type { Queryable } from '../db/types.ts';
import type { PersonalTerms } from './model-boundary.ts';

/** Finds the ledger's personal values in texts about to leave the machine. */
export type TermFinder = (texts: readonly string[]) => Promise<PersonalTerms>;

/**
 * The elders' names and house addresses as the ledger holds them, wherever they occur in the texts:
 * a name is no pattern a regex can know. It only reads the ledger (the ledgers folder writes it) and
 * returns nothing but values already present in the texts, so nothing new is disclosed.
 */
export function ledgerTermFinder(db: Queryable): TermFinder {
  return async (texts) => {
    const joined = texts.join('\n');
    if (!/[\u4e00-\u9fa5]{2}/.test(joined)) return { names: [], addresses: [] };
    const r = await db.query<{ name: string | null; address: string | null }>(
      `SELECT CASE WHEN char_length(name) >= 2 AND strpos($1, name) > 0 THEN name END AS name,
              CASE WHEN char_length(address) >= 5 AND strpos($1, address) > 0 THEN address END AS address
       FROM elders
       WHERE (char_length(name) >= 2 AND strpos($1, name) > 0) OR (char_length(address) >= 5 AND strpos($1, address) > 0)`,
      [joined],
    );
    const names = new Set<string>();
    const addresses = new Set<string>();
    for (const row of r.rows) {
      if (row.name) names.add(row.name);
      if (row.address) addresses.add(row.address);
    }
    return { names: [...names], addresses: [...addresses] };
  };
}
