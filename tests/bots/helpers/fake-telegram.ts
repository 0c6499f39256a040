import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export const BOT_INFO: UserFromGetMe = {
  id: 7000001,
  is_bot: true,
  first_name: '金秋助手',
  username: 'jinqiu_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/**
 * A local Bot API server (apiRoot): answers like api.telegram.org, records every call (JSON or
 * multipart), serves files, hands out queued updates to getUpdates, and fails calls on request.
 */
export async function startFakeTelegram() {
  const calls: ApiCall[] = [];
  const failures = new Map<string, { error_code: number; description: string; parameters?: Record<string, unknown> }[]>();
  const files = new Map<string, Buffer>();
  let updates: Update[] = [];
  let nextMessageId = 1000;
  let latencyMs = 0;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const fileMatch = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const f = files.get(fileMatch[1]!);
      res.writeHead(f ? 200 : 404);
      return res.end(f ?? '');
    }
    const method = url.pathname.split('/').pop() ?? '';
    const params = await parseBody(raw, String(req.headers['content-type'] ?? ''), url);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (method === 'getUpdates') {
      const down = failures.get('getUpdates')?.shift();
      if (down) {
        calls.push({ method, params, at: Date.now() });
        res.writeHead(down.error_code, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ ok: false, ...down }));
      }
      const offset = Number(params.offset ?? 0);
      updates = updates.filter((u) => u.update_id >= offset);
      if (!updates.length) await new Promise((r) => setTimeout(r, 50));
      return reply({ ok: true, result: updates.slice(0, Number(params.limit ?? 100)) });
    }
    calls.push({ method, params, at: Date.now() });
    if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
    const queued = failures.get(method);
    const fail = queued?.shift();
    if (fail) {
      res.writeHead(fail.error_code, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ ok: false, ...fail }));
    }
    switch (method) {
      case 'getMe':
        return reply({ ok: true, result: BOT_INFO });
      case 'getFile':
        return reply({ ok: true, result: { file_id: params.file_id, file_unique_id: 'u', file_path: `voice/${params.file_id}.oga` } });
      case 'setWebhook':
      case 'deleteWebhook':
        return reply({ ok: true, result: true });
      default:
        return reply({ ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, text: params.text } });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    /** The next call(s) of `method` answer with this error. */
    fail(method: string, error: { error_code: number; description: string; parameters?: Record<string, unknown> }, times = 1) {
      const q = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) q.push(error);
      failures.set(method, q);
    },
    putFile(fileId: string, data: Buffer) {
      files.set(`voice/${fileId}.oga`, data);
    },
    queueUpdates(u: Update[]) {
      updates.push(...u);
    },
    pendingUpdates: () => updates.length,
    setLatency(ms: number) {
      latencyMs = ms;
    },
    sent: (method?: string) => calls.filter((c) => (method ? c.method === method : c.method.startsWith('send'))),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function parseBody(raw: Buffer, contentType: string, url: URL): Promise<Record<string, unknown>> {
  if (!raw.length) return Object.fromEntries(url.searchParams);
  if (contentType.includes('application/json')) return JSON.parse(raw.toString('utf8'));
  if (contentType.includes('multipart/form-data')) return parseMultipart(raw, /boundary=("?)([^";]+)\1/.exec(contentType)?.[2] ?? '');
  return { raw: raw.toString('utf8') };
}

/** A small multipart/form-data reader: fields as strings, files as {filename, size, bytes}. */
function parseMultipart(raw: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const delim = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delim, start);
    if (next < 0) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headEnd).toString('utf8');
    const body = part.subarray(headEnd + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="?([^";\r\n]*)"?/.exec(head)?.[1] ?? (/content-type:/i.test(head) ? '' : undefined);
    if (name) out[name] = filename !== undefined ? { filename, size: body.length, bytes: Buffer.from(body) } : body.toString('utf8');
    pos = next;
  }
  return out;
}

/** grammY uploads a file as a separate part and points at it with "attach://<part>". */
export function uploaded(call: ApiCall, field: string): { filename: string; bytes: Buffer } | undefined {
  const ref = call.params[field];
  if (typeof ref === 'string' && ref.startsWith('attach://')) return call.params[ref.slice(9)] as { filename: string; bytes: Buffer };
  return ref as { filename: string; bytes: Buffer } | undefined;
}

let updateId = 1;
/** Real Bot API update JSON for a message. */
export function messageUpdate(opts: {
  chatId: number;
  fromId: number;
  messageId?: number;
  text?: string;
  group?: boolean;
  entities?: unknown[];
  replyToBot?: boolean;
  extra?: Record<string, unknown>;
  updateId?: number;
}): Update {
  const chat = opts.group ? { id: opts.chatId, type: 'supergroup', title: '韦庄镇工作群' } : { id: opts.chatId, type: 'private', first_name: '秀兰' };
  return {
    update_id: opts.updateId ?? updateId++,
    message: {
      message_id: opts.messageId ?? updateId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: opts.fromId, is_bot: false, first_name: '秀兰', last_name: '王', language_code: 'zh-hans' },
      ...(opts.text !== undefined ? { text: opts.text } : {}),
      ...(opts.entities ? { entities: opts.entities } : {}),
      ...(opts.replyToBot ? { reply_to_message: { message_id: 5, date: 0, chat, from: { id: BOT_INFO.id, is_bot: true, first_name: '金秋助手' }, text: '您好' } } : {}),
      ...opts.extra,
    },
  } as unknown as Update;
}
