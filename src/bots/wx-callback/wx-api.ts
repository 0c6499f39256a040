/**
 * What the 服务号 and WeCom APIs share: JSON answers with errcode/errmsg, an access_token that expires
 * (about two hours) and must be fetched again when the API says it is invalid, media up- and downloads.
 */
export class WxApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`${api}: errcode ${errcode} ${errmsg}`);
    this.name = 'WxApiError';
  }
}

/** The token is invalid or expired: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

export interface TokenSource {
  /** Fetches a fresh token: [token, seconds valid]. */
  fetch(): Promise<[string, number]>;
}

export interface WxHttp {
  /** GET or POST JSON to `path` (access_token added); retries once with a new token when it was stale. */
  call<T extends Record<string, unknown>>(path: string, body?: unknown, query?: Record<string, string>): Promise<T>;
  /** Multipart upload of one file under `field`. */
  upload<T extends Record<string, unknown>>(path: string, field: string, data: Buffer, filename: string, mimeType: string, query?: Record<string, string>): Promise<T>;
  /** Binary download (JSON with errcode means an error). */
  download(path: string, query: Record<string, string>): Promise<{ data: Buffer; mimeType: string }>;
  /** A token now (cached). For `jinqiu doctor`. */
  token(): Promise<string>;
}

export function createWxHttp(apiRoot: string, source: TokenSource, timeoutMs = 15_000): WxHttp {
  const root = apiRoot.replace(/\/$/, '');
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  async function token(force = false): Promise<string> {
    if (!force && cached && cached.until > Date.now()) return cached.token;
    // One refresh at a time: parallel fetches of the same credential race each other on WeChat's side.
    pending ??= source
      .fetch()
      .then(([t, secs]) => {
        cached = { token: t, until: Date.now() + Math.max(60, secs - 300) * 1000 };
        return t;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  async function withToken<T>(api: string, run: (token: string) => Promise<T & { errcode?: number; errmsg?: string }>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const r = await run(await token(attempt > 0));
      const code = Number(r.errcode ?? 0);
      if (code === 0) return r;
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        cached = undefined;
        continue;
      }
      throw new WxApiError(code, String(r.errmsg ?? ''), api);
    }
  }

  const url = (path: string, token: string, query: Record<string, string> = {}) => `${root}${path}?${new URLSearchParams({ access_token: token, ...query })}`;

  return {
    token: () => token(),
    call: (path, body, query) =>
      withToken(path, async (t) => {
        const res = await fetch(url(path, t, query), {
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          // WeChat wants UTF-8 characters, not \u escapes; JSON.stringify writes them as they are.
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return (await res.json()) as never;
      }),
    upload: (path, fieldName, data, filename, mimeType, query) =>
      withToken(path, async (t) => {
        const form = new FormData();
        form.append(fieldName, new Blob([new Uint8Array(data)], { type: mimeType }), filename);
        const res = await fetch(url(path, t, query), { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs * 2) });
        return (await res.json()) as never;
      }),
    async download(path, query) {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(url(path, await token(attempt > 0), query), { signal: AbortSignal.timeout(timeoutMs * 2) });
        const type = res.headers.get('content-type') ?? '';
        const data = Buffer.from(await res.arrayBuffer());
        if (!/json|text\/plain/.test(type)) return { data, mimeType: type.split(';')[0]!.trim() };
        const r = JSON.parse(data.toString('utf8')) as { errcode?: number; errmsg?: string };
        const code = Number(r.errcode ?? -1);
        if (TOKEN_ERRORS.has(code) && attempt === 0) {
          cached = undefined;
          continue;
        }
        throw new WxApiError(code, String(r.errmsg ?? ''), path);
      }
    },
  };
}

/** Fetches JSON and throws WxApiError on a non-zero errcode (for the token endpoints themselves). */
export async function getJson<T>(url: string, init: RequestInit = {}, api = 'token'): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const r = (await res.json()) as T & { errcode?: number; errmsg?: string };
  if (Number(r.errcode ?? 0) !== 0) throw new WxApiError(Number(r.errcode), String(r.errmsg ?? ''), api);
  return r;
}
