import type { Queryable } from '../db/types.ts';
import { prefixFor } from './catalog.ts';

/**
 * Cases (诉求). Every function takes the transaction it runs in: a case, its number and its first
 * event are written together, before anyone is told the case exists.
 */
export interface NewCase {
  kind: string;
  subkind?: string | undefined;
  urgent?: boolean;
  elderId: number | null;
  accountId: number | null;
  summary: string;
  details?: Record<string, unknown>;
  /** 'elder:12', 'family:5', 'staff:3', 'unknown:…', 'system' */
  actorTag: string;
  now: Date;
  timeZone: string;
  /** The year the number is counted in (default: now's year in timeZone). */
  year?: number;
  /** Default: two hours for urgent cases, a working day for others. */
  dueAt?: Date;
  /** A life event as understood: who (relative to the elder), what, when, where. */
  frame?: Record<string, unknown> | null;
  /** A change to the elder's ledger record that waits for staff to confirm it. */
  ledgerChange?: LedgerChange | null;
}

/** Ledger changes a life event asks for; staff confirm or reject each. */
export type LedgerChange = '已故' | '丧偶' | '再婚';

export interface CaseRow {
  id: number;
  number: string;
  kind: string;
  subkind: string | null;
  status: 'open' | 'in_progress' | 'closed';
  urgent: boolean;
  elder_id: number | null;
  account_id: number | null;
  summary: string;
  details: Record<string, unknown>;
  assignee_id: number | null;
  due_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  frame: Record<string, unknown> | null;
  ledger_change: LedgerChange | null;
  ledger_status: 'pending' | 'confirmed' | 'rejected' | null;
}

export interface CaseView extends CaseRow {
  elder_name: string | null;
  elder_town: string | null;
  elder_phone: string | null;
  assignee_name: string | null;
}

export function yearIn(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now));
}

/** Next number for a prefix and year; the counter row is locked until the transaction ends. */
export async function nextCaseNumber(tx: Queryable, prefix: string, year: number): Promise<string> {
  const r = await tx.query<{ last: number }>(
    `INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = case_counters.last + 1
     RETURNING last`,
    [prefix, year],
  );
  return `${prefix}-${year}-${String(r.rows[0]!.last).padStart(4, '0')}`;
}

export async function createCase(tx: Queryable, c: NewCase): Promise<CaseRow> {
  const number = await nextCaseNumber(tx, prefixFor(c.kind), c.year ?? yearIn(c.now, c.timeZone));
  // Urgent cases are due within two hours, others within a working day.
  const due = c.dueAt ?? new Date(c.now.getTime() + (c.urgent ? 2 : 24) * 3600_000);
  const r = await tx.query<CaseRow>(
    `INSERT INTO cases (number, kind, subkind, urgent, elder_id, account_id, summary, details, due_at, created_at, frame, ledger_change, ledger_status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      number, c.kind, c.subkind ?? null, c.urgent ?? false, c.elderId, c.accountId, c.summary.slice(0, 500), JSON.stringify(c.details ?? {}), due, c.now,
      c.frame ? JSON.stringify(c.frame) : null, c.ledgerChange ?? null, c.ledgerChange ? 'pending' : null,
    ],
  );
  await addCaseEvent(tx, r.rows[0]!.id, c.actorTag, 'created', c.summary.slice(0, 500), c.now);
  return r.rows[0]!;
}

/** A case of an elder already opened for the same occasion (details[key] = value), so it is not opened twice. */
export async function findCaseFor(q: Queryable, f: { elderId: number; kind: string; subkind: string; detail: [string, string] }): Promise<string | null> {
  const r = await q.query<{ number: string }>(
    `SELECT number FROM cases WHERE elder_id = $1 AND kind = $2 AND subkind = $3 AND details->>$4 = $5 LIMIT 1`,
    [f.elderId, f.kind, f.subkind, f.detail[0], f.detail[1]],
  );
  return r.rows[0]?.number ?? null;
}

export async function addCaseEvent(tx: Queryable, caseId: number, actor: string, kind: string, note: string | null, at: Date): Promise<void> {
  await tx.query(`INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, $2, $3, $4, $5)`, [caseId, at, actor, kind, note]);
}

/** Merges one filled-in detail (slot) into the case and records it. */
export async function addCaseDetail(tx: Queryable, number: string, slot: string, value: string, actor: string, at: Date): Promise<CaseRow | null> {
  const r = await tx.query<CaseRow>(
    `UPDATE cases SET details = details || jsonb_build_object($2::text, $3::text) WHERE number = $1 RETURNING *`,
    [number, slot, value.slice(0, 500)],
  );
  const row = r.rows[0];
  if (row) await addCaseEvent(tx, row.id, actor, 'detail', `${slot}: ${value.slice(0, 500)}`, at);
  return row ?? null;
}

const VIEW_SQL = `SELECT c.*, e.name AS elder_name, e.town AS elder_town, e.phone AS elder_phone, s.name AS assignee_name
  FROM cases c LEFT JOIN elders e ON e.id = c.elder_id LEFT JOIN staff s ON s.id = c.assignee_id`;

export async function getCase(q: Queryable, number: string): Promise<CaseView | null> {
  const r = await q.query<CaseView>(`${VIEW_SQL} WHERE c.number = $1`, [number]);
  return r.rows[0] ?? null;
}

/** Open and in-progress cases, urgent first; towns null means every town (admin). */
export async function listOpenCases(q: Queryable, towns: string[] | null, limit = 20): Promise<CaseView[]> {
  const r = await q.query<CaseView>(
    `${VIEW_SQL} WHERE c.status <> 'closed' AND ($1::text[] IS NULL OR e.town = ANY($1) OR c.elder_id IS NULL)
     ORDER BY c.urgent DESC, c.created_at ASC LIMIT $2`,
    [towns, limit],
  );
  return r.rows;
}

export async function caseEvents(q: Queryable, caseId: number): Promise<{ at: Date; actor: string; kind: string; note: string | null }[]> {
  const r = await q.query<{ at: Date; actor: string; kind: string; note: string | null }>(
    `SELECT at, actor, kind, note FROM case_events WHERE case_id = $1 ORDER BY at, id`,
    [caseId],
  );
  return r.rows;
}

/** An open urgent case from this account in the last half hour: a second alarm joins it. */
export async function recentUrgentCase(q: Queryable, accountId: number, now: Date): Promise<CaseRow | null> {
  const r = await q.query<CaseRow>(
    `SELECT * FROM cases WHERE account_id = $1 AND urgent AND status <> 'closed' AND created_at > $2
     ORDER BY created_at DESC LIMIT 1`,
    [accountId, new Date(now.getTime() - 30 * 60_000)],
  );
  return r.rows[0] ?? null;
}

export async function assignCase(tx: Queryable, number: string, staffId: number, at: Date): Promise<CaseRow | null> {
  const r = await tx.query<CaseRow>(
    `UPDATE cases SET assignee_id = $2, status = 'in_progress' WHERE number = $1 AND status <> 'closed' RETURNING *`,
    [number, staffId],
  );
  const row = r.rows[0];
  if (row) await addCaseEvent(tx, row.id, `staff:${staffId}`, 'assigned', null, at);
  return row ?? null;
}

export async function closeCase(tx: Queryable, number: string, staffId: number, note: string, at: Date): Promise<CaseRow | null> {
  const r = await tx.query<CaseRow>(
    `UPDATE cases SET status = 'closed', closed_at = $3, assignee_id = COALESCE(assignee_id, $2)
     WHERE number = $1 AND status <> 'closed' RETURNING *`,
    [number, staffId, at],
  );
  const row = r.rows[0];
  if (row) await addCaseEvent(tx, row.id, `staff:${staffId}`, 'closed', note || null, at);
  return row ?? null;
}

/** An elder's cases that are not closed, newest first. */
export async function openCasesOf(q: Queryable, elderId: number): Promise<CaseView[]> {
  const r = await q.query<CaseView>(`${VIEW_SQL} WHERE c.elder_id = $1 AND c.status <> 'closed' ORDER BY c.created_at DESC, c.id DESC LIMIT 20`, [elderId]);
  return r.rows;
}

/** Adds what a later message told about the event to the case's frame (who was in hospital, when they left). */
export async function mergeCaseFrame(tx: Queryable, id: number, frame: Record<string, unknown>, actor: string, note: string, at: Date): Promise<void> {
  await tx.query(`UPDATE cases SET frame = coalesce(frame, '{}'::jsonb) || $2::jsonb WHERE id = $1`, [id, JSON.stringify(frame)]);
  await addCaseEvent(tx, id, actor, 'update', note.slice(0, 500), at);
}

/** Closes a case on news that settles it (出院 closes the hospital stay), without a staff member. */
export async function settleCase(tx: Queryable, id: number, actor: string, note: string, at: Date): Promise<boolean> {
  const r = await tx.query(`UPDATE cases SET status = 'closed', closed_at = $2 WHERE id = $1 AND status <> 'closed'`, [id, at]);
  if (r.rowCount) await addCaseEvent(tx, id, actor, 'closed', note.slice(0, 500), at);
  return (r.rowCount ?? 0) > 0;
}

/** Records a staff decision on the case's pending ledger change; null when none was pending. */
export async function decideLedgerChange(tx: Queryable, number: string, decision: 'confirmed' | 'rejected', actor: string, note: string, at: Date): Promise<CaseRow | null> {
  const r = await tx.query<CaseRow>(`UPDATE cases SET ledger_status = $2 WHERE number = $1 AND ledger_status = 'pending' RETURNING *`, [number, decision]);
  const row = r.rows[0];
  if (row) await addCaseEvent(tx, row.id, actor, decision === 'confirmed' ? 'ledger_confirmed' : 'ledger_rejected', note.slice(0, 500), at);
  return row ?? null;
}
