import type { Context, Env, MiddlewareHandler } from 'hono';

/**
 * The page's defences that do not depend on who is signed in: requests must name an expected host
 * (DNS rebinding), and a change must come from the page itself (JSON, same origin, the session's
 * CSRF token). Response headers (nosniff, CSP, frame-ancestors) come from hono's secureHeaders.
 */
export function hostGuard(allowed: (host: string) => boolean): MiddlewareHandler {
  return async function hostGuard(c, next) {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!allowed(host)) return c.text('unknown host', 421);
    await next();
  };
}

const SAFE = new Set(['GET', 'HEAD']);

/**
 * A change (anything but GET/HEAD) needs a JSON body, an Origin naming one of this server's own
 * origins and the CSRF token of the session; a page elsewhere can send none of these together.
 */
export function changeGuard<E extends Env>(opts: {
  origins: (origin: string) => boolean;
  csrf: (c: Context<E>) => string | null;
  /** Paths that need JSON and the right Origin but no token yet (signing in). */
  exempt?: (path: string) => boolean;
}): MiddlewareHandler<E> {
  return async function changeGuard(c, next) {
    if (SAFE.has(c.req.method)) return next();
    if (c.req.method === 'OPTIONS') return c.body(null, 204);
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return c.json({ error: '请求格式不对。' }, 415);
    const origin = c.req.header('origin') ?? '';
    if (!opts.origins(origin)) return c.json({ error: '请从金秋的页面操作。' }, 403);
    if (opts.exempt?.(c.req.path)) return next();
    const want = opts.csrf(c);
    const got = c.req.header('x-csrf-token') ?? '';
    if (!want || got !== want) return c.json({ error: '页面已过期，请刷新后再试。' }, 403);
    await next();
  };
}
