import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { text } from '../../chat/message.ts';
import type { NoticeOutbox } from '../../chat/ports.ts';
import type { Db } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import { staffAccounts } from '../../people/accounts.ts';
import { findActiveStaff } from '../../people/staff.ts';
import {
  checkStaffPassword, createSession, deleteSession, findSession, issueLoginCode, recentLoginFailures, recordLoginFailure, useLoginCode, type WebSession,
} from '../../people/web-sessions.ts';
import { writeAudit } from '../../privacy/audit.ts';

/**
 * Who is using the page. On loopback (a developer or a newcomer on their own machine) the page gives
 * itself a 'simulator' session and may act as anyone. Anywhere else only staff sign in, with a
 * password an admin set or a one-time code sent to their own bound WeChat/Telegram account.
 */
export const SESSION_COOKIE = 'jq_session';

export type WebEnv = { Variables: { session: WebSession | null; sessionId: string | null } };

export interface WebAuthDeps {
  db: Db;
  log: Logger;
  /** True when the page listens on loopback only: simulator sessions allowed. */
  simulator: boolean;
  sessionHours: number;
  /** Sends the one-time sign-in code to the staff member's own chat accounts. */
  outbox?: NoticeOutbox | undefined;
}

const LOCK_AFTER = 5;
const LOCK_WINDOW_MS = 15 * 60_000;
/** Across all staff: many failures from anywhere slow everybody's guessing down. */
const GLOBAL_LOCK_AFTER = 50;

function cookieOptions(c: Context, maxAgeSec: number) {
  const https = c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https';
  return { httpOnly: true, sameSite: 'Strict' as const, path: '/', secure: https, maxAge: maxAgeSec };
}

/** Loads the session named by the cookie (or null) for every request. */
export function sessionLoader(db: Db): MiddlewareHandler<WebEnv> {
  return async function sessionLoader(c, next) {
    const id = getCookie(c, SESSION_COOKIE) ?? null;
    c.set('sessionId', id);
    c.set('session', id ? await findSession(db, id) : null);
    await next();
  };
}

/** API routes answer only a signed-in page. */
export function requireSession(): MiddlewareHandler<WebEnv> {
  return async function requireSession(c, next) {
    if (!c.get('session')) return c.json({ error: '请先登录。' }, 401);
    await next();
  };
}

export function mountAuthRoutes(app: Hono<WebEnv>, deps: WebAuthDeps): { ensureSimulatorSession(c: Context<WebEnv>): Promise<void> } {
  const ttlMs = deps.sessionHours * 3600_000;

  async function start(c: Context<WebEnv>, kind: 'simulator' | 'staff', staffId?: number) {
    const s = await createSession(deps.db, { kind, ttlMs, ...(staffId ? { staffId } : {}) });
    setCookie(c, SESSION_COOKIE, s.id, cookieOptions(c, Math.floor(ttlMs / 1000)));
    c.set('sessionId', s.id);
    c.set('session', { kind, staffId: staffId ?? null, csrf: s.csrf, expiresAt: s.expiresAt });
    return s;
  }

  app.get('/api/session', (c) => {
    const s = c.get('session');
    return c.json({ mode: deps.simulator ? 'simulator' : 'staff', signedIn: !!s, ...(s ? { csrf: s.csrf, kind: s.kind, staffId: s.staffId } : {}) });
  });

  const who = z.object({ staff: z.string().trim().min(1).max(40) });

  /** One staff member by id or unique name; several of one name must use the id. */
  async function oneStaff(ref: string) {
    const found = await findActiveStaff(deps.db, ref);
    return found.length === 1 ? found[0]! : null;
  }

  async function locked(staffId: number | null): Promise<boolean> {
    if ((await recentLoginFailures(deps.db, null, LOCK_WINDOW_MS)) >= GLOBAL_LOCK_AFTER) return true;
    return staffId !== null && (await recentLoginFailures(deps.db, staffId, LOCK_WINDOW_MS)) >= LOCK_AFTER;
  }

  app.post('/auth/code', async (c) => {
    if (deps.simulator) return c.json({ error: '本机模拟器不需要登录。' }, 400);
    const body = who.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请写上您的姓名或编号。' }, 400);
    const staff = await oneStaff(body.data.staff);
    // The same answer whether or not the name exists, so the page does not tell who works here.
    const reply = { ok: true, message: '如果您已绑定微信或 Telegram，验证码已经发到那里，10 分钟内有效。' };
    if (!staff || !deps.outbox || (await locked(staff.id))) return c.json(reply);
    const accounts = await staffAccounts(deps.db, staff.id);
    if (!accounts.length) return c.json(reply);
    const code = await issueLoginCode(deps.db, staff.id);
    await deps.db.transaction(async (tx) => {
      for (const a of accounts) await deps.outbox!.toAccount(tx, a, [text(`网页登录验证码：${code}（10 分钟内有效）。不是您本人在登录，请不要告诉任何人。`)]);
    });
    return c.json(reply);
  });

  const login = z.object({ staff: z.string().trim().min(1).max(40), code: z.string().trim().regex(/^\d{6}$/).optional(), password: z.string().min(1).max(200).optional() });

  app.post('/auth/login', async (c) => {
    if (deps.simulator) return c.json({ error: '本机模拟器不需要登录。' }, 400);
    const body = login.safeParse(await c.req.json().catch(() => null));
    if (!body.success || (!body.data.code && !body.data.password)) return c.json({ error: '请写上姓名，以及验证码或密码。' }, 400);
    const staff = await oneStaff(body.data.staff);
    if (await locked(staff?.id ?? null)) return c.json({ error: '试错次数太多，请 15 分钟后再试。' }, 429);
    const ok =
      !!staff &&
      (body.data.code ? await useLoginCode(deps.db, staff.id, body.data.code) : await checkStaffPassword(deps.db, staff.id, body.data.password!));
    if (!ok || !staff) {
      await recordLoginFailure(deps.db, staff?.id ?? null);
      return c.json({ error: '姓名、验证码或密码不对。' }, 401);
    }
    const s = await start(c, 'staff', staff.id);
    await writeAudit(deps.db, { actor: `staff:${staff.id}`, action: 'web.login', channel: 'web', query: { method: body.data.code ? 'code' : 'password' } });
    deps.log.info({ staff: staff.id }, 'staff signed in to the web page');
    return c.json({ ok: true, csrf: s.csrf, staffId: staff.id, name: staff.name });
  });

  app.post('/auth/logout', async (c) => {
    const id = c.get('sessionId');
    if (id) await deleteSession(deps.db, id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  return {
    async ensureSimulatorSession(c) {
      if (deps.simulator && !c.get('session')) await start(c, 'simulator');
    },
  };
}
