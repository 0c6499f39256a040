import type { Queryable } from '../db/types.ts';
import { ELDER_FIELDS, type ElderInput } from './elder-fields.ts';
import { refreshLunarBirthKeys } from './lunar-keys.ts';

const SQL_TYPE: Record<string, string> = {
  birth_date: 'date',
  death_date: 'date',
  lunar_birthday: 'boolean',
  party_member: 'boolean',
  lives_alone: 'boolean',
  widowed: 'boolean',
};
const KNOWN_COLUMNS = new Set([...ELDER_FIELDS.map((f) => f.column), 'birth_precision']);
const typeOf = (c: string) => SQL_TYPE[c] ?? 'text';
const BATCH = 1000;

/**
 * After a bulk change: the stored lunar birthday keys, and fresh planner statistics (without them
 * PostgreSQL keeps planning as if the ledger were empty and ignores the partial indexes until
 * autovacuum comes round).
 */
export async function refreshLedgerStatistics(q: Queryable): Promise<void> {
  // Lunar birthday keys of new or changed rows first, so a birthday question right after an import
  // does not pay for them, and the statistics see them.
  await refreshLunarBirthKeys(q);
  await q.query('ANALYZE elders');
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  ids: number[];
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i % n === 0) out.push([]);
    out[out.length - 1]!.push(xs[i]!);
  }
  return out;
}

/**
 * Inserts or updates elders in batches (unnest arrays: one statement per thousand rows), for the demo
 * ledger (an import matches and diffs first, then calls updateElders/insertElders). A person is
 * the same person by the sheet's id column when it has one, else by name and birth date. Only the
 * given columns are written, so a sheet without a 需求 column leaves 需求 as it was.
 */
export async function upsertElders(tx: Queryable, elders: ElderInput[], columns: string[]): Promise<UpsertResult> {
  const cols = [...new Set(['name', 'birth_date', ...columns])];
  for (const c of cols) if (!KNOWN_COLUMNS.has(c)) throw new Error(`unknown elder column ${c}`);
  const ids: number[] = new Array(elders.length);

  // Which rows are already in the ledger?
  const existing = new Map<number, number>(); // index in elders → elder id
  const withExt = elders.map((e, i) => [i, e.external_id] as const).filter(([, x]) => x);
  for (const part of chunks(withExt, BATCH)) {
    const r = await tx.query<{ id: number; external_id: string }>('SELECT id, external_id FROM elders WHERE external_id = ANY($1::text[])', [part.map(([, x]) => x)]);
    const byExt = new Map(r.rows.map((row) => [row.external_id, row.id]));
    for (const [i, x] of part) if (byExt.has(x!)) existing.set(i, byExt.get(x!)!);
  }
  const rest = elders.map((e, i) => [i, e] as const).filter(([i]) => !existing.has(i));
  for (const part of chunks(rest, BATCH)) {
    const r = await tx.query<{ id: number; name: string; birth_date: string }>(
      `SELECT e.id, e.name, e.birth_date FROM elders e
       JOIN unnest($1::text[], $2::date[]) AS k(name, birth_date) ON e.name = k.name AND e.birth_date = k.birth_date`,
      [part.map(([, e]) => e.name), part.map(([, e]) => e.birth_date)],
    );
    const byKey = new Map(r.rows.map((row) => [`${row.name}|${row.birth_date}`, row.id]));
    for (const [i, e] of part) {
      const id = byKey.get(`${e.name}|${e.birth_date}`);
      if (id !== undefined) existing.set(i, id);
    }
  }

  const toUpdate = elders.map((e, i) => [i, e] as const).filter(([i]) => existing.has(i));
  const toInsert = elders.map((e, i) => [i, e] as const).filter(([i]) => !existing.has(i));
  const setCols = cols.filter((c) => c !== 'external_id' || withExt.length);
  await updateElders(tx, toUpdate.map(([i, e]) => ({ id: existing.get(i)!, elder: e })), setCols);
  for (const [i] of toUpdate) ids[i] = existing.get(i)!;
  const newIds = await insertElders(tx, toInsert.map(([, e]) => e), cols);
  toInsert.forEach(([i], k) => (ids[i] = newIds[k]!));
  if (cols.includes('emergency_contact')) await upsertEmergencyContacts(tx, elders.map((e, i) => ({ id: ids[i]!, elder: e })));
  return { inserted: toInsert.length, updated: toUpdate.length, ids };
}

const value = (e: ElderInput, c: string) => (e as unknown as Record<string, unknown>)[c] ?? null;

function checkColumns(cols: string[]): void {
  for (const c of cols) if (!KNOWN_COLUMNS.has(c)) throw new Error(`unknown elder column ${c}`);
}

/** Rewrites the given columns of known elders (one statement per thousand). */
export async function updateElders(tx: Queryable, rows: { id: number; elder: ElderInput }[], cols: string[]): Promise<void> {
  checkColumns(cols);
  for (const part of chunks(rows, BATCH)) {
    const params = [part.map((r) => r.id), ...cols.map((c) => part.map((r) => value(r.elder, c)))];
    const unnestArgs = ['$1::bigint[]', ...cols.map((c, k) => `$${k + 2}::${typeOf(c)}[]`)].join(', ');
    const sets = cols
      .map((c) => (c === 'external_id' ? `external_id = COALESCE(v.external_id, e.external_id)` : c === 'birth_precision' ? `birth_precision = COALESCE(v.birth_precision, 'day')` : `${c} = v.${c}`))
      .join(', ');
    await tx.query(
      `UPDATE elders e SET ${sets}, updated_at = now()
       FROM unnest(${unnestArgs}) AS v(id, ${cols.join(', ')}) WHERE e.id = v.id`,
      params,
    );
  }
}

/** Inserts new elders; returns their ids in the order given. */
export async function insertElders(tx: Queryable, elders: ElderInput[], cols: string[]): Promise<number[]> {
  checkColumns(cols);
  const ids: number[] = [];
  for (const part of chunks(elders, BATCH)) {
    const params = cols.map((c) => part.map((e) => value(e, c)));
    const unnestArgs = cols.map((c, k) => `$${k + 1}::${typeOf(c)}[]`).join(', ');
    // Columns with NOT NULL defaults take the default when the sheet leaves them empty.
    const select = cols.map((c) =>
      ['lunar_birthday', 'lives_alone', 'widowed'].includes(c) ? `COALESCE(v.${c}, false)` : c === 'status' ? `COALESCE(v.status, '在世')` : c === 'birth_precision' ? `COALESCE(v.birth_precision, 'day')` : `v.${c}`,
    );
    const r = await tx.query<{ id: number; name: string; birth_date: string }>(
      `INSERT INTO elders (${cols.join(', ')})
       SELECT ${select.join(', ')} FROM unnest(${unnestArgs}) AS v(${cols.join(', ')})
       RETURNING id, name, birth_date`,
      params,
    );
    // RETURNING order is not promised; (name, birth_date) is unique, so map back by it.
    const byKey = new Map(r.rows.map((row) => [`${row.name}|${row.birth_date}`, row.id]));
    for (const e of part) ids.push(byKey.get(`${e.name}|${e.birth_date}`)!);
  }
  return ids;
}

/** The emergency contact is also a family contact, so staff find it with the others. */
export async function upsertEmergencyContacts(tx: Queryable, rows: { id: number; elder: ElderInput }[]): Promise<void> {
  const contacts = rows.filter((r) => r.elder.emergency_contact);
  for (const part of chunks(contacts, BATCH)) {
    await tx.query(
      `INSERT INTO family_contacts (elder_id, name, phone, is_emergency)
       SELECT id, name, phone, true FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, name, phone)
       ON CONFLICT (elder_id, name) DO UPDATE SET phone = COALESCE(EXCLUDED.phone, family_contacts.phone), is_emergency = true`,
      [part.map((r) => r.id), part.map((r) => r.elder.emergency_contact), part.map((r) => r.elder.emergency_phone ?? null)],
    );
  }
}
