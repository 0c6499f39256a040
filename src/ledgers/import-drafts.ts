import type { Queryable } from '../db/types.ts';

/**
 * A ledger file a staff member sent in chat, previewed and waiting for their confirmation: one per
 * staff member (the next file replaces it), kept for a day. The file itself is kept, not the
 * preview, so the import that follows the 确认 reads the same bytes and is planned again.
 */
export interface ImportDraft {
  staffId: number;
  fileName: string;
  data: Buffer;
  planId: string;
  answers: DraftAnswers;
  createdAt: Date;
}

export interface DraftAnswers {
  newTowns?: string[];
  townAliases?: Record<string, string>;
  partial?: boolean;
}

const MAX_AGE_HOURS = 24;

export async function saveDraft(q: Queryable, d: Omit<ImportDraft, 'createdAt'>): Promise<void> {
  await q.query(
    `INSERT INTO ledger_import_drafts (staff_id, file_name, data, plan_id, answers) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (staff_id) DO UPDATE SET file_name = EXCLUDED.file_name, data = EXCLUDED.data, plan_id = EXCLUDED.plan_id,
       answers = EXCLUDED.answers, created_at = now()`,
    [d.staffId, d.fileName, d.data, d.planId, JSON.stringify(d.answers)],
  );
}

/** The staff member's waiting file, unless it is older than a day. */
export async function loadDraft(q: Queryable, staffId: number): Promise<ImportDraft | null> {
  const r = await q.query<{ file_name: string; data: Buffer | Uint8Array; plan_id: string; answers: DraftAnswers; created_at: Date }>(
    `SELECT file_name, data, plan_id, answers, created_at FROM ledger_import_drafts
      WHERE staff_id = $1 AND created_at > now() - make_interval(hours => $2)`,
    [staffId, MAX_AGE_HOURS],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { staffId, fileName: row.file_name, data: Buffer.from(row.data), planId: row.plan_id, answers: row.answers ?? {}, createdAt: new Date(row.created_at) };
}

export async function dropDraft(q: Queryable, staffId: number): Promise<void> {
  await q.query('DELETE FROM ledger_import_drafts WHERE staff_id = $1 OR created_at < now() - make_interval(hours => $2)', [staffId, MAX_AGE_HOURS]);
}
