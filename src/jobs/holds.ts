import type { Queryable } from '../db/types.ts';

/**
 * A hold on every greeting to one elder (table `greeting_holds`). A reported death puts one in place in
 * the same transaction as its case: pending and call-list rows of that elder become 'held' at once, the
 * planner plans new ones as 'held', and the deliverer refuses to send a held elder's row even if one
 * slipped in between. Staff end it: a confirmed death cancels the held rows (the ledger now says 已故),
 * a rejected report puts them back where they were (pending, or the call list for elders nobody can
 * reach), and the hourly catch-up queues what is still due today.
 */
export interface HoldInput {
  reason: string;
  caseId: number | null;
  /** 'family-account:7', 'staff:3' */
  by: string;
  now: Date;
}

export interface ActiveHold {
  elderId: number;
  reason: string;
  heldAt: Date;
}

/** Puts the hold in place (a second report joins the first) and pauses the elder's open rows. */
export async function holdGreetings(tx: Queryable, elderId: number, h: HoldInput): Promise<{ created: boolean; paused: number }> {
  const ins = await tx.query(
    `INSERT INTO greeting_holds (elder_id, reason, case_id, held_by, held_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (elder_id) WHERE released_at IS NULL DO NOTHING`,
    [elderId, h.reason.slice(0, 300), h.caseId, h.by, h.now],
  );
  const paused = await tx.query(
    `UPDATE deliveries SET status = 'held', last_error = $2, updated_at = now() WHERE elder_id = $1 AND status IN ('pending', 'call')`,
    [elderId, `held: ${h.reason.slice(0, 200)}`],
  );
  return { created: (ins.rowCount ?? 0) > 0, paused: paused.rowCount ?? 0 };
}

/**
 * Ends the hold. 'deceased': the held rows are cancelled for good; 'resumed': they go back to pending
 * (or to the call list when no account reaches the elder). Returns how many rows it touched.
 */
export async function releaseGreetings(tx: Queryable, elderId: number, r: { outcome: 'deceased' | 'resumed'; by: string; now: Date }): Promise<{ released: boolean; rows: number }> {
  const rel = await tx.query(
    `UPDATE greeting_holds SET released_at = $2, released_by = $3, outcome = $4 WHERE elder_id = $1 AND released_at IS NULL`,
    [elderId, r.now, r.by, r.outcome],
  );
  const rows =
    r.outcome === 'deceased'
      ? await tx.query(`UPDATE deliveries SET status = 'cancelled', last_error = 'elder confirmed deceased', updated_at = now() WHERE elder_id = $1 AND status = 'held'`, [elderId])
      : await tx.query(
          `UPDATE deliveries SET status = CASE WHEN account_id IS NULL THEN 'call' ELSE 'pending' END, last_error = NULL, updated_at = now()
           WHERE elder_id = $1 AND status = 'held'`,
          [elderId],
        );
  return { released: (rel.rowCount ?? 0) > 0, rows: rows.rowCount ?? 0 };
}

/** Every elder under a hold now, for the planner and `jobs due`. */
export async function activeHolds(q: Queryable): Promise<Map<number, ActiveHold>> {
  const r = await q.query<{ elder_id: number | string; reason: string; held_at: Date }>(`SELECT elder_id, reason, held_at FROM greeting_holds WHERE released_at IS NULL`);
  return new Map(r.rows.map((h) => [Number(h.elder_id), { elderId: Number(h.elder_id), reason: h.reason, heldAt: new Date(h.held_at) }]));
}

export async function isHeld(q: Queryable, elderId: number): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM greeting_holds WHERE elder_id = $1 AND released_at IS NULL`, [elderId]);
  return r.rows.length > 0;
}
