import crypto from 'node:crypto';
import type { Queryable } from '../db/types.ts';

/**
 * Web page logins (tables web_sessions, web_login_codes, web_login_failures, staff.password_hash).
 * Session ids, codes and passwords are stored only as hashes, so a copy of the database opens no
 * session. A 'simulator' session may act as anyone and exists only while the page is on loopback.
 */
export type SessionKind = 'simulator' | 'staff';

export interface WebSession {
  kind: SessionKind;
  staffId: number | null;
  csrf: string;
  expiresAt: Date;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const token = () => crypto.randomBytes(32).toString('base64url');

export async function createSession(q: Queryable, s: { kind: SessionKind; staffId?: number; ttlMs: number; now?: Date }): Promise<{ id: string; csrf: string; expiresAt: Date }> {
  const now = s.now ?? new Date();
  const id = token();
  const csrf = token();
  const expiresAt = new Date(now.getTime() + s.ttlMs);
  await q.query(`DELETE FROM web_sessions WHERE expires_at < $1`, [now]);
  await q.query(`INSERT INTO web_sessions (id_hash, kind, staff_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    sha256(id), s.kind, s.staffId ?? null, csrf, now, expiresAt,
  ]);
  return { id, csrf, expiresAt };
}

export async function findSession(q: Queryable, id: string, now = new Date()): Promise<WebSession | null> {
  if (!id || id.length > 100) return null;
  const r = await q.query<{ kind: SessionKind; staff_id: string | null; csrf: string; expires_at: Date; active: boolean | null }>(
    `SELECT w.kind, w.staff_id, w.csrf, w.expires_at, s.active FROM web_sessions w LEFT JOIN staff s ON s.id = w.staff_id
      WHERE w.id_hash = $1 AND w.expires_at > $2`,
    [sha256(id), now],
  );
  const row = r.rows[0];
  // A staff member switched off loses their sessions at once.
  if (!row || (row.kind === 'staff' && !row.active)) return null;
  return { kind: row.kind, staffId: row.staff_id === null ? null : Number(row.staff_id), csrf: row.csrf, expiresAt: new Date(row.expires_at) };
}

export async function deleteSession(q: Queryable, id: string): Promise<void> {
  await q.query(`DELETE FROM web_sessions WHERE id_hash = $1`, [sha256(id)]);
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** An admin sets (or, with null, removes) a staff member's web password. */
export async function setStaffPassword(q: Queryable, staffId: number, password: string | null): Promise<boolean> {
  let stored: string | null = null;
  if (password !== null) {
    const salt = crypto.randomBytes(16);
    stored = `scrypt$${salt.toString('base64url')}$${(await scrypt(password, salt)).toString('base64url')}`;
  }
  const r = await q.query(`UPDATE staff SET password_hash = $2 WHERE id = $1`, [staffId, stored]);
  return (r.rowCount ?? 0) > 0;
}

export async function checkStaffPassword(q: Queryable, staffId: number, password: string): Promise<boolean> {
  const r = await q.query<{ password_hash: string | null }>(`SELECT password_hash FROM staff WHERE id = $1 AND active`, [staffId]);
  const stored = r.rows[0]?.password_hash;
  const m = stored ? /^scrypt\$([\w-]+)\$([\w-]+)$/.exec(stored) : null;
  if (!m) return false;
  const want = Buffer.from(m[2]!, 'base64url');
  const got = await scrypt(password, Buffer.from(m[1]!, 'base64url'));
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** A six-digit code for one staff member, valid ten minutes, replacing any earlier one. */
export async function issueLoginCode(q: Queryable, staffId: number, now = new Date()): Promise<string> {
  const code = String(crypto.randomInt(100000, 1000000));
  await q.query(
    `INSERT INTO web_login_codes (staff_id, code_hash, expires_at, tries) VALUES ($1, $2, $3, 0)
     ON CONFLICT (staff_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, tries = 0`,
    [staffId, sha256(`${staffId}:${code}`), new Date(now.getTime() + 10 * 60_000)],
  );
  return code;
}

/** True once for the right code; five wrong tries spend the code. */
export async function useLoginCode(q: Queryable, staffId: number, code: string, now = new Date()): Promise<boolean> {
  const r = await q.query<{ ok: boolean }>(
    `UPDATE web_login_codes SET tries = tries + 1 WHERE staff_id = $1 AND expires_at > $2 AND tries < 5
     RETURNING code_hash = $3 AS ok`,
    [staffId, now, sha256(`${staffId}:${code}`)],
  );
  if (!r.rows[0]?.ok) return false;
  await q.query(`DELETE FROM web_login_codes WHERE staff_id = $1`, [staffId]);
  return true;
}

export async function recordLoginFailure(q: Queryable, staffId: number | null, now = new Date()): Promise<void> {
  await q.query(`INSERT INTO web_login_failures (staff_id, at) VALUES ($1, $2)`, [staffId, now]);
  await q.query(`DELETE FROM web_login_failures WHERE at < $1`, [new Date(now.getTime() - 24 * 3600_000)]);
}

/** Failed sign-ins in the last window: for one staff member, or (null) across everybody. */
export async function recentLoginFailures(q: Queryable, staffId: number | null, windowMs: number, now = new Date()): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM web_login_failures WHERE at > $1 AND ($2::bigint IS NULL OR staff_id = $2)`,
    [new Date(now.getTime() - windowMs), staffId],
  );
  return r.rows[0]!.n;
}
