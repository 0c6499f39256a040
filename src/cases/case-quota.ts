import type { Queryable } from '../db/types.ts';
import type { CaseRow } from './store.ts';

/**
 * How many cases one chat account may open in a while. Staff read every case, so a hostile or confused
 * account must not fill their list: past the quota, what the person says is added to their latest
 * case instead (the conversation decides; see agents/case-service.ts).
 */
export interface CaseQuota {
  perHour: number;
  perDay: number;
}

/**
 * Whether this account may open one more case now. Takes a lock on the account until the transaction
 * ends, so two messages handled at once cannot both take the last place.
 */
export async function caseQuotaAllows(tx: Queryable, accountId: number, now: Date, quota: CaseQuota): Promise<boolean> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`jinqiu:case-quota:${accountId}`]);
  const r = await tx.query<{ hour: number; day: number }>(
    `SELECT count(*) FILTER (WHERE created_at > $2)::int AS hour, count(*)::int AS day
       FROM cases WHERE account_id = $1 AND created_at > $3`,
    [accountId, new Date(now.getTime() - 3600_000), new Date(now.getTime() - 24 * 3600_000)],
  );
  const { hour, day } = r.rows[0]!;
  return hour < quota.perHour && day < quota.perDay;
}

/** The account's latest case that is still open, else its latest case. */
export async function latestCaseOfAccount(q: Queryable, accountId: number): Promise<CaseRow | null> {
  const r = await q.query<CaseRow>(
    `SELECT * FROM cases WHERE account_id = $1 ORDER BY (status <> 'closed') DESC, created_at DESC, id DESC LIMIT 1`,
    [accountId],
  );
  return r.rows[0] ?? null;
}
