import crypto from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { bindAccount } from './accounts.ts';

/**
 * Binding a channel account to an elder (or to a family member of one). Two proofs: a one-time
 * code issued by staff, or the elder's name plus the last four digits of the phone in the ledger.
 * Three wrong tries within a day lock binding for that account until a day after the last one; tries
 * are also limited per elder and per channel across accounts (binding-limits.ts).
 */
export const MAX_TRIES = 3;
const LOCK_MS = 24 * 3600_000;
const CODE_TTL_MS = 3 * 24 * 3600_000;

/** The proof someone offers: a one-time code, or the elder's name with the last four phone digits. */
export type BindRequest =
  | { method: 'code'; code: string }
  | { method: 'name_phone'; name: string; last4: string; relation: string | null };

/** Wrong tries within the lock window and since the account's last successful binding. */
async function recentFailures(q: Queryable, accountId: number, now: Date): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM binding_attempts
      WHERE account_id = $1 AND NOT ok AND at > $2
        AND at > COALESCE((SELECT max(at) FROM binding_attempts WHERE account_id = $1 AND ok), '-infinity')`,
    [accountId, new Date(now.getTime() - LOCK_MS)],
  );
  return r.rows[0]!.n;
}

export async function bindingLocked(q: Queryable, accountId: number, now: Date): Promise<boolean> {
  return (await recentFailures(q, accountId, now)) >= MAX_TRIES;
}

/**
 * When a locked account may try again: a day after the oldest of the wrong tries that make up the
 * lock (the window slides); null when it is not locked.
 */
export async function bindingLockedUntil(q: Queryable, accountId: number, now: Date): Promise<Date | null> {
  const r = await q.query<{ at: Date }>(
    `SELECT at FROM binding_attempts
      WHERE account_id = $1 AND NOT ok AND at > $2
        AND at > COALESCE((SELECT max(at) FROM binding_attempts WHERE account_id = $1 AND ok), '-infinity')
      ORDER BY at DESC OFFSET $3 LIMIT 1`,
    [accountId, new Date(now.getTime() - LOCK_MS), MAX_TRIES - 1],
  );
  const at = r.rows[0]?.at;
  return at ? new Date(new Date(at).getTime() + LOCK_MS) : null;
}

/**
 * Ledger names (of living elders) that occur in a message: "我外爷叫冯德旺 我是他外孙" names 冯德旺
 * wherever it stands. Used only to read a binding attempt; the proof is still the phone digits.
 */
export async function elderNamesIn(q: Queryable, text: string): Promise<string[]> {
  if (!/[\u4e00-\u9fa5]{2}/.test(text)) return [];
  const r = await q.query<{ name: string }>(
    `SELECT DISTINCT name FROM elders WHERE status = '在世' AND length(name) >= 2 AND strpos($1, name) > 0 ORDER BY name`,
    [text],
  );
  // "王淑贤" also contains "淑贤" if someone is called that: keep the longest names only.
  const names = r.rows.map((x) => x.name);
  return names.filter((n) => !names.some((m) => m !== n && m.includes(n)));
}

export type BindOutcome =
  | { ok: true; kind: 'elder' | 'family'; elderId: number; elderName: string; relation: string | null }
  | { ok: true; kind: 'staff'; staffId: number; staffName: string }
  | { ok: false; locked: boolean; triesLeft: number };

/** A try; `targetName` is the name a name-and-digits try named, so tries add up per elder across accounts. */
async function record(tx: Queryable, accountId: number, method: BindRequest['method'], ok: boolean, now: Date, targetName: string | null = null): Promise<void> {
  await tx.query(`INSERT INTO binding_attempts (account_id, at, method, ok, target_name) VALUES ($1, $2, $3, $4, $5)`, [accountId, now, method, ok, targetName]);
}

async function failed(tx: Queryable, accountId: number, method: BindRequest['method'], now: Date, targetName: string | null = null): Promise<BindOutcome> {
  await record(tx, accountId, method, false, now, targetName);
  const n = await recentFailures(tx, accountId, now);
  return { ok: false, locked: n >= MAX_TRIES, triesLeft: Math.max(0, MAX_TRIES - n) };
}


/** Tries a binding; the caller checks bindingLocked first. Every try is recorded. */
export async function tryBind(tx: Queryable, accountId: number, req: BindRequest, now: Date): Promise<BindOutcome> {
  if (req.method === 'code') {
    const r = await tx.query<{ elder_id: number | null; staff_id: number | null; kind: 'elder' | 'family' | 'staff'; relation: string | null }>(
      `UPDATE binding_codes SET used_at = $2, used_by = $3 WHERE code = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING elder_id, staff_id, kind, relation`,
      [req.code, now, accountId],
    );
    const row = r.rows[0];
    if (row?.kind === 'staff' && row.staff_id) {
      const st = await tx.query<{ name: string }>(`SELECT name FROM staff WHERE id = $1 AND active`, [row.staff_id]);
      if (st.rows[0]) {
        await bindAccount(tx, accountId, { kind: 'staff', staffId: row.staff_id });
        await record(tx, accountId, 'code', true, now);
        return { ok: true, kind: 'staff', staffId: row.staff_id, staffName: st.rows[0].name };
      }
    }
    const elder = row?.elder_id
      ? (await tx.query<{ name: string }>(`SELECT name FROM elders WHERE id = $1 AND status = '在世'`, [row.elder_id])).rows[0]
      : undefined;
    if (!row || !row.elder_id || !elder || row.kind === 'staff') return failed(tx, accountId, 'code', now);
    await bindAccount(tx, accountId, { kind: row.kind, elderId: row.elder_id, relation: row.relation });
    await record(tx, accountId, 'code', true, now);
    return { ok: true, kind: row.kind, elderId: row.elder_id, elderName: elder.name, relation: row.relation };
  }
  const r = await tx.query<{ id: number; name: string; gender: string | null }>(
    `SELECT id, name, gender FROM elders WHERE name = $1 AND status = '在世'
        AND right(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), 4) = $2`,
    [req.name, req.last4],
  );
  // Two namesakes with the same last digits cannot be told apart this way: the code is needed.
  if (r.rows.length !== 1) return failed(tx, accountId, 'name_phone', now, req.name);
  const e = r.rows[0]!;
  const kind = req.relation && req.relation !== '本人' ? 'family' : 'elder';
  const relation = kind === 'family' ? relationFor(req.relation!, e.gender) : null;
  await bindAccount(tx, accountId, { kind, elderId: e.id, relation });
  await record(tx, accountId, 'name_phone', true, now, req.name);
  return { ok: true, kind, elderId: e.id, elderName: e.name, relation };
}

/** 媳妇 of a man is his wife (老伴); of a woman, her son's wife (儿媳). */
function relationFor(relation: string, elderGender: string | null): string {
  if (relation !== '媳妇') return relation;
  return elderGender === '女' ? '儿媳' : '老伴';
}

export type IssueOutcome =
  | { ok: true; code: string; elderId: number; elderName: string; expiresAt: Date }
  | { ok: false; reason: 'not_found' | 'ambiguous' | 'out_of_scope'; candidates?: { id: number; town: string | null; village: string | null }[] };

/**
 * Issues a one-time code for an elder named by name (or by ledger id). Staff who are not admin may
 * only issue codes for elders in their towns.
 */
export async function issueBindingCode(
  tx: Queryable,
  opts: { elderRef: string; kind: 'elder' | 'family'; relation: string | null; staffId: number; towns: string[] | null; now: Date },
): Promise<IssueOutcome> {
  const ref = opts.elderRef.trim();
  const byId = /^\d+$/.test(ref);
  const r = await tx.query<{ id: number; name: string; town: string | null; village: string | null }>(
    `SELECT id, name, town, village FROM elders WHERE ${byId ? 'id = $1' : 'name = $1'} AND status = '在世' ORDER BY id`,
    [byId ? Number(ref) : ref],
  );
  if (!r.rows.length) return { ok: false, reason: 'not_found' };
  const inScope = r.rows.filter((e) => !opts.towns || (e.town !== null && opts.towns.includes(e.town)));
  if (!inScope.length) return { ok: false, reason: 'out_of_scope' };
  if (inScope.length > 1) return { ok: false, reason: 'ambiguous', candidates: inScope.map(({ id, town, village }) => ({ id, town, village })) };
  const e = inScope[0]!;
  await tx.query(`DELETE FROM binding_codes WHERE expires_at < $1::timestamptz - interval '30 days'`, [opts.now]);
  const { code, expiresAt } = await insertCode(tx, { elderId: e.id, kind: opts.kind, relation: opts.relation, issuedBy: opts.staffId, now: opts.now });
  return { ok: true, code, elderId: e.id, elderName: e.name, expiresAt };
}

/** A one-time code that binds a staff member's own account; only admins issue them. */
export async function issueStaffCode(tx: Queryable, opts: { staffRef: string; issuedBy: number | null; now: Date }): Promise<{ ok: true; code: string; staffName: string } | { ok: false; reason: 'not_found' | 'ambiguous' }> {
  const ref = opts.staffRef.trim();
  const byId = /^\d+$/.test(ref);
  const r = await tx.query<{ id: number; name: string }>(`SELECT id, name FROM staff WHERE ${byId ? 'id = $1' : 'name = $1'} AND active ORDER BY id`, [byId ? Number(ref) : ref]);
  if (!r.rows.length) return { ok: false, reason: 'not_found' };
  if (r.rows.length > 1) return { ok: false, reason: 'ambiguous' };
  const st = r.rows[0]!;
  const { code } = await insertCode(tx, { staffId: st.id, kind: 'staff', issuedBy: opts.issuedBy, now: opts.now });
  return { ok: true, code, staffName: st.name };
}

/** Stores a one-time code under a random six-digit number that no other code holds. */
async function insertCode(
  tx: Queryable,
  c: { elderId?: number; staffId?: number; kind: 'elder' | 'family' | 'staff'; relation?: string | null; issuedBy: number | null; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(c.now.getTime() + CODE_TTL_MS);
  for (let i = 0; i < 20; i++) {
    const code = String(crypto.randomInt(100000, 1000000));
    const ins = await tx.query(
      `INSERT INTO binding_codes (code, elder_id, staff_id, kind, relation, issued_by, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING`,
      [code, c.elderId ?? null, c.staffId ?? null, c.kind, c.relation ?? null, c.issuedBy, c.now, expiresAt],
    );
    if (ins.rowCount) return { code, expiresAt };
  }
  throw new Error('could not find a free binding code');
}
