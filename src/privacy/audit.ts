import type { Queryable } from '../db/types.ts';

/** Who read or exported whose personal data, when, with what query. Every ledger read goes through here. */
export interface AuditEntry {
  /** 'staff:3', 'cli', 'system' */
  actor: string;
  /** ledger.query, ledger.export, elder.view, visit.record … */
  action: string;
  channel?: string | null;
  /** The LedgerQuery (or other structured request) that was run. */
  query?: unknown;
  /** The words the person used, when there were any. */
  question?: string | null;
  elderIds?: number[];
  rowCount?: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  channel: string | null;
  query: unknown;
  question: string | null;
  elderIds: number[];
  rowCount: number | null;
}

/** Ids kept per entry: enough to answer "who saw this person", without megabyte rows for a whole-county export. */
const MAX_IDS = 10_000;

export async function writeAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, action, channel, query, question, elder_ids, row_count) VALUES ($1, $2, $3, $4::jsonb, $5, $6::bigint[], $7)`,
    [e.actor, e.action, e.channel ?? null, e.query === undefined ? null : JSON.stringify(e.query), e.question ?? null, e.elderIds ? e.elderIds.slice(0, MAX_IDS) : null, e.rowCount ?? null],
  );
}

export interface AuditFilter {
  /** Inclusive, a YYYY-MM-DD day or an ISO instant. */
  since?: string;
  /** Exclusive. */
  until?: string;
  actor?: string;
  /** Any of these actors ('staff:3' …): one staff member may have been several. */
  actors?: string[];
  action?: string;
  /** Entries that read any of these elders. */
  elderIds?: number[];
  limit?: number;
  /** Days (YYYY-MM-DD) start at midnight in this zone; default UTC. */
  timeZone?: string;
}

/** A day means its midnight in the office's zone; anything else is taken as an instant. */
const instant = (p: string) => `(CASE WHEN ${p}::text ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (${p}::text::timestamp AT TIME ZONE $6::text) ELSE ${p}::text::timestamptz END)`;

export async function readAudit(db: Queryable, f: AuditFilter = {}): Promise<AuditRecord[]> {
  const r = await db.query<{
    id: number;
    at: Date;
    actor: string;
    action: string;
    channel: string | null;
    query: unknown;
    question: string | null;
    elder_ids: (number | string)[] | null;
    row_count: number | null;
  }>(
    `SELECT id, at, actor, action, channel, query, question, elder_ids, row_count FROM audit_log
      WHERE ($1::text IS NULL OR at >= ${instant('$1')}) AND ($2::text IS NULL OR at < ${instant('$2')})
        AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR action = $4)
        AND ($7::text[] IS NULL OR actor = ANY($7::text[])) AND ($8::bigint[] IS NULL OR elder_ids && $8::bigint[])
      ORDER BY at, id LIMIT $5`,
    [f.since ?? null, f.until ?? null, f.actor ?? null, f.action ?? null, f.limit ?? 10_000, f.timeZone ?? 'UTC', f.actors ?? null, f.elderIds ?? null],
  );
  return r.rows.map((x) => ({
    id: x.id,
    at: new Date(x.at).toISOString(),
    actor: x.actor,
    action: x.action,
    channel: x.channel,
    query: x.query,
    question: x.question,
    elderIds: (x.elder_ids ?? []).map(Number),
    rowCount: x.row_count,
  }));
}
