import type { Queryable } from '../db/types.ts';
import { ELDER_FIELDS, type ElderInput } from './elder-fields.ts';
import { showBirth } from './parse-date.ts';
import type { FileElder, RejectedRow, RowRef } from './import-rows.ts';

/**
 * What a file would change in the ledger: who is new, who is already there and which fields change
 * (old → new), who in the towns the file covers is not in it. A person is the same person by the
 * sheet's id column (编号), else by name and birth date; a birth date known only to the month matches
 * the same name born that month, and a full date completes a ledger entry that had only the month
 * (never the other way round: a file with 1938.5 does not erase a known 1938-05-17).
 */
export interface ExistingElder {
  id: number;
  name: string;
  birth_date: string;
  birth_precision: 'day' | 'month';
  external_id: string | null;
  town: string | null;
  village: string | null;
  [column: string]: unknown;
}

export interface FieldChange {
  /** The Chinese header. */
  field: string;
  column: string;
  old: string;
  new: string;
}

export interface ChangedElder extends RowRef {
  id: number;
  name: string;
  changes: FieldChange[];
}

export interface MissingElder {
  id: number;
  name: string;
  town: string | null;
  village: string | null;
  birthDate: string;
}

export interface Diff {
  inserts: FileElder[];
  updates: (FileElder & { id: number; changes: FieldChange[] })[];
  unchanged: number;
  rejected: RejectedRow[];
  matchedIds: Set<number>;
}

const HEADER = new Map<string, string>([...ELDER_FIELDS.map((f) => [f.column, f.header] as const), ['birth_precision', '出生日期']]);
const SELECT = ['id', 'birth_precision', ...ELDER_FIELDS.map((f) => f.column)].join(', ');
const BATCH = 5000;

function shown(column: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

async function candidates(q: Queryable, elders: FileElder[]): Promise<{ byExt: Map<string, ExistingElder>; byName: Map<string, ExistingElder[]> }> {
  const byExt = new Map<string, ExistingElder>();
  const byName = new Map<string, ExistingElder[]>();
  const exts = [...new Set(elders.map((e) => e.elder.external_id).filter((x): x is string => !!x))];
  const names = [...new Set(elders.map((e) => e.elder.name))];
  for (let i = 0; i < exts.length; i += BATCH) {
    const r = await q.query<ExistingElder>(`SELECT ${SELECT} FROM elders WHERE NOT demo AND external_id = ANY($1::text[])`, [exts.slice(i, i + BATCH)]);
    for (const row of r.rows) byExt.set(row.external_id!, row);
  }
  for (let i = 0; i < names.length; i += BATCH) {
    const r = await q.query<ExistingElder>(`SELECT ${SELECT} FROM elders WHERE NOT demo AND name = ANY($1::text[])`, [names.slice(i, i + BATCH)]);
    for (const row of r.rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  }
  return { byExt, byName };
}

type Match = { kind: 'new' } | { kind: 'same'; existing: ExistingElder } | { kind: 'ambiguous'; reason: string };

function matchOne(e: ElderInput, c: { byExt: Map<string, ExistingElder>; byName: Map<string, ExistingElder[]> }): Match {
  if (e.external_id) {
    const x = c.byExt.get(e.external_id);
    if (x) return { kind: 'same', existing: x };
  }
  const sameName = c.byName.get(e.name) ?? [];
  const month = e.birth_date.slice(0, 7);
  const exact = sameName.filter((x) => x.birth_date === e.birth_date && (e.birth_precision === 'month') === (x.birth_precision === 'month'));
  if (exact.length === 1) return { kind: 'same', existing: exact[0]! };
  const byMonth = sameName.filter((x) => x.birth_date.slice(0, 7) === month && (e.birth_precision === 'month' || x.birth_precision === 'month'));
  if (byMonth.length === 1) return { kind: 'same', existing: byMonth[0]! };
  if (byMonth.length > 1) return { kind: 'ambiguous', reason: `台账里有${byMonth.length}位${e.name}都是${Number(month.slice(0, 4))}年${Number(month.slice(5))}月出生，请写全出生日期（年月日）` };
  const dayClash = sameName.find((x) => x.birth_date === e.birth_date);
  if (dayClash) return { kind: 'same', existing: dayClash };
  return { kind: 'new' };
}

/** old → new for the columns the file gives; an elder whose fields all agree is unchanged. */
function changesOf(e: ElderInput, x: ExistingElder): FieldChange[] {
  const rec = e as unknown as Record<string, unknown>;
  const out: FieldChange[] = [];
  for (const column of Object.keys(rec)) {
    if (column === 'birth_precision' || column === 'external_id' && !rec.external_id) continue;
    const before = column === 'birth_date' ? showBirth(x.birth_date, x.birth_precision) : shown(column, x[column]);
    const after = column === 'birth_date' ? showBirth(e.birth_date, e.birth_precision) : shown(column, rec[column]);
    // A missing boolean column defaults to 否 in the file; the ledger's false reads the same.
    if (before === after || (before === '' && after === '否') || (before === '否' && after === '')) continue;
    out.push({ field: HEADER.get(column) ?? column, column, old: before, new: after });
  }
  return out;
}

export async function diffWithLedger(q: Queryable, elders: FileElder[]): Promise<Diff> {
  const c = await candidates(q, elders);
  const diff: Diff = { inserts: [], updates: [], unchanged: 0, rejected: [], matchedIds: new Set() };
  const claimedBy = new Map<number, RowRef>();
  for (const fe of elders) {
    const m = matchOne(fe.elder, c);
    if (m.kind === 'ambiguous') {
      diff.rejected.push({ ...(fe.sheet ? { sheet: fe.sheet } : {}), row: fe.row, reason: m.reason });
      continue;
    }
    if (m.kind === 'new') {
      diff.inserts.push(fe);
      continue;
    }
    const x = m.existing;
    const earlier = claimedBy.get(x.id);
    if (earlier) {
      const at = earlier.sheet ? `“${earlier.sheet}”第${earlier.row}行` : `第${earlier.row}行`;
      diff.rejected.push({ ...(fe.sheet ? { sheet: fe.sheet } : {}), row: fe.row, reason: `与${at}是台账里的同一个人（${x.name}），请删去重复的一行` });
      continue;
    }
    claimedBy.set(x.id, fe);
    diff.matchedIds.add(x.id);
    // A file that knows only the month keeps the day the ledger already has.
    if (fe.elder.birth_precision === 'month' && x.birth_precision === 'day') {
      fe.elder.birth_date = x.birth_date;
      fe.elder.birth_precision = 'day';
    }
    const changes = changesOf(fe.elder, x);
    if (changes.length) diff.updates.push({ ...fe, id: x.id, changes });
    else diff.unchanged++;
  }
  return diff;
}

/** Living elders of the towns the file covers (null: every town) that the file does not name. */
export async function missingFromFile(q: Queryable, towns: string[] | null, matched: Set<number>): Promise<MissingElder[]> {
  const r = await q.query<{ id: number; name: string; town: string | null; village: string | null; birth_date: string; birth_precision: string }>(
    `SELECT id, name, town, village, birth_date, birth_precision FROM elders
      WHERE NOT demo AND status = '在世' AND ($1::text[] IS NULL OR town = ANY($1::text[])) AND NOT (id = ANY($2::bigint[]))
      ORDER BY town NULLS LAST, village NULLS LAST, name`,
    [towns, [...matched]],
  );
  return r.rows.map((x) => ({ id: x.id, name: x.name, town: x.town, village: x.village, birthDate: showBirth(x.birth_date, x.birth_precision) }));
}
