import type { Queryable } from '../db/types.ts';
import type { CaseFact } from '../ledgers/query/run.ts';
import { CASE_CATALOG, CASE_KINDS, CASE_STATUS_WORDS, isCaseKind, kindLabel, type CaseStatus } from './catalog.ts';

/**
 * Cases as staff count them (诉求 by kind, town and month, open and overdue ones, the year's total):
 * one plain record per case, in the bureau's calendar. Ledger questions read them through this
 * (main.ts hands it to the ledger service as its case source); the ledger never reads the table.
 */
export interface CaseFactRow extends CaseFact {
  kind: string;
  subkind: string | null;
}


/** Words people use for the kinds beside the catalog's own labels. */
const KIND_SYNONYMS: Record<string, string[]> = {
  jieyou: ['解忧', '心理', '谈心', '聊天'],
  legal: ['法律咨询', '法律', '律师'],
  handoff: ['找人工', '人工', '回电'],
  help: ['帮扶', '困难帮扶'],
  life_event: ['五必到'],
};

function labelOf(kind: string, subkind: string | null): string {
  return kind === 'life_event' && subkind ? subkind : kindLabel(kind);
}

interface FactDbRow {
  id: number;
  number: string;
  kind: string;
  subkind: string | null;
  status: CaseStatus;
  elder_id: number | null;
  elder_name: string | null;
  town: string | null;
  opened_on: string;
  due_on: string | null;
  summary: string;
}

function toFact(x: FactDbRow): CaseFactRow {
  return {
    id: x.id,
    number: x.number,
    label: labelOf(x.kind, x.subkind),
    kind: x.kind,
    subkind: x.subkind,
    status: CASE_STATUS_WORDS[x.status],
    elderId: x.elder_id,
    elderName: x.elder_name,
    town: x.town,
    openedOn: x.opened_on,
    dueOn: x.due_on,
    summary: x.summary,
  };
}

/** Every word a ledger question may name a kind of case with (labels, subkinds, synonyms). */
export function caseKindWords(): string[] {
  const words = new Set<string>();
  for (const k of CASE_KINDS) {
    words.add(CASE_CATALOG[k].label);
    for (const s of CASE_CATALOG[k].subkinds) words.add(s);
    for (const w of KIND_SYNONYMS[k] ?? []) words.add(w);
  }
  return [...words].filter((w) => w.length >= 2);
}

/** Whether a case is of the kind a word names: its kind's label or synonym, or its subkind. */
export function caseIsKind(word: string, c: { kind?: string; subkind?: string | null; label: string }): boolean {
  if (word === c.label || word === c.subkind) return true;
  const kind = c.kind;
  if (!kind || !isCaseKind(kind)) return false;
  return CASE_CATALOG[kind].label === word || (KIND_SYNONYMS[kind] ?? []).includes(word);
}

export async function listCaseFacts(db: Queryable, f: { openedFrom?: string; openedTo: string; towns: string[] | null }, timeZone: string): Promise<CaseFactRow[]> {
  const r = await db.query<FactDbRow>(
    `SELECT c.id, c.number, c.kind, c.subkind, c.status, c.elder_id, e.name AS elder_name, e.town,
            to_char((c.created_at AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS opened_on,
            to_char((c.due_at AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS due_on, c.summary
       FROM cases c LEFT JOIN elders e ON e.id = c.elder_id
      WHERE (c.created_at AT TIME ZONE $1)::date <= $2::date
        AND ($3::date IS NULL OR (c.created_at AT TIME ZONE $1)::date >= $3::date)
        AND ($4::text[] IS NULL OR e.town = ANY($4::text[]))
      ORDER BY c.created_at, c.id`,
    [timeZone, f.openedTo, f.openedFrom ?? null, f.towns],
  );
  return r.rows.map(toFact);
}

/** The open (not yet closed) cases of one elder, newest first: what a look-up of the person shows. */
export async function openCasesOfElder(db: Queryable, elderId: number, timeZone: string): Promise<CaseFactRow[]> {
  const r = await db.query<FactDbRow>(
    // Name and town are the person's own, already on screen: not read again.
    `SELECT id, number, kind, subkind, status, elder_id, NULL::text AS elder_name, NULL::text AS town, to_char((created_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS opened_on,
            to_char((due_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS due_on, summary
       FROM cases WHERE elder_id = $1 AND status <> 'closed' ORDER BY created_at DESC LIMIT 10`,
    [elderId, timeZone],
  );
  return r.rows.map(toFact);
}
