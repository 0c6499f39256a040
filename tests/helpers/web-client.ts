/**
 * The page's side of the API as a browser holds it: the session cookie the server set, the CSRF token
 * it handed out, and its own Origin on every change.
 */
export interface WebClient {
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<{ status: number; json: any }>;
  json<T = any>(path: string): Promise<T>;
  cookie: string;
  csrf: string;
}

export async function webClient(base: string): Promise<WebClient> {
  const first = await fetch(`${base}/`);
  const set = first.headers.get('set-cookie') ?? '';
  const cookie = /jq_session=[^;]+/.exec(set)?.[0] ?? '';
  const s = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrf?: string };
  const client: WebClient = {
    cookie,
    csrf: s.csrf ?? '',
    get: (path) => fetch(`${base}${path}`, { headers: { cookie: client.cookie } }),
    async post(path, body) {
      const r = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, 'x-csrf-token': client.csrf, cookie: client.cookie },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: await r.json().catch(() => null) };
    },
    async json(path) {
      return (await client.get(path)).json();
    },
  };
  return client;
}
