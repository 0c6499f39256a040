import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { encrypt, getSignature, decrypt } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';

export interface WxCall {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** For multipart uploads: the file part. */
  file?: { filename: string; bytes: Buffer; contentType: string };
  at: number;
}

/**
 * A local stand-in for api.weixin.qq.com (服务号) and qyapi.weixin.qq.com (WeCom, incl. 群机器人
 * webhooks): real paths, real JSON answers and errcodes. It hands out access tokens and refuses calls
 * without a valid one (40001), refuses 客服消息 to anyone whose 48-hour window it was not told is open
 * (45015), keeps robots to 20 posts a minute (45009 or 130101 after that), and serves media.
 */
export async function startFakeWechat(opts: { appId?: string; appSecret?: string; corpId?: string; corpSecret?: string; robotKeys?: string[]; robotLimitCode?: number; now?: () => number } = {}) {
  const clockNow = opts.now ?? Date.now;
  const appId = opts.appId ?? 'wx1234567890abcdef';
  const appSecret = opts.appSecret ?? 'oa-secret';
  const corpId = opts.corpId ?? 'ww0123456789abcdef';
  const corpSecret = opts.corpSecret ?? 'corp-secret';
  const robots = new Set(opts.robotKeys ?? []);
  const calls: WxCall[] = [];
  const tokens = new Set<string>();
  const windowOpen = new Set<string>();
  const granted = new Set<string>();
  const media = new Map<string, { data: Buffer; type: string }>();
  const failures = new Map<string, { errcode: number; errmsg: string }[]>();
  const robotPosts = new Map<string, number[]>();
  let nextId = 1;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const type = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown> = {};
    let file: WxCall['file'];
    if (type.includes('application/json') && raw.length) body = JSON.parse(raw.toString('utf8'));
    if (type.includes('multipart/form-data')) file = multipartFile(raw, /boundary=("?)([^";]+)\1/.exec(type)?.[2] ?? '');
    const call: WxCall = { path: url.pathname, query, body, ...(file ? { file } : {}), at: Date.now() };
    const json = (o: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
      res.end(JSON.stringify(o));
    };
    const token = () => {
      const t = crypto.randomBytes(12).toString('hex');
      tokens.add(t);
      return t;
    };

    // Token endpoints.
    if (url.pathname === '/cgi-bin/stable_token') {
      calls.push(call);
      if (body.appid !== appId || body.secret !== appSecret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
      return json({ access_token: token(), expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/gettoken') {
      calls.push(call);
      if (query.corpid !== corpId || query.corpsecret !== corpSecret) return json({ errcode: 40001, errmsg: 'invalid credential' });
      return json({ errcode: 0, errmsg: 'ok', access_token: token(), expires_in: 7200 });
    }

    // 群机器人: authenticated by the key alone.
    if (url.pathname === '/cgi-bin/webhook/send' || url.pathname === '/cgi-bin/webhook/upload_media') {
      calls.push(call);
      const key = query.key ?? '';
      if (!robots.has(key)) return json({ errcode: 93000, errmsg: 'invalid webhook url' });
      if (url.pathname.endsWith('upload_media')) return json({ errcode: 0, errmsg: 'ok', type: 'file', media_id: `rm-${nextId++}`, created_at: String(Math.floor(Date.now() / 1000)) });
      const f = failures.get('webhook/send')?.shift();
      if (f) return json(f);
      const now = clockNow();
      const recent = (robotPosts.get(key) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= 20) {
        robotPosts.set(key, recent);
        return json({ errcode: opts.robotLimitCode ?? 45009, errmsg: 'api freq out of limit' });
      }
      if (!['text', 'markdown', 'image', 'file', 'news'].includes(String(body.msgtype))) return json({ errcode: 40008, errmsg: 'invalid message type' });
      recent.push(now);
      robotPosts.set(key, recent);
      return json({ errcode: 0, errmsg: 'ok' });
    }

    calls.push(call);
    if (!tokens.has(query.access_token ?? '')) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    const name = url.pathname.replace(/^\/cgi-bin\//, '');
    const f = failures.get(name)?.shift();
    if (f) return json(f);
    switch (name) {
      case 'message/custom/send':
        if (!windowOpen.has(String(body.touser))) return json({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
        return json({ errcode: 0, errmsg: 'ok' });
      case 'message/template/send':
        return json({ errcode: 0, errmsg: 'ok', msgid: 200228332 + nextId++ });
      case 'message/subscribe/bizsend':
        if (!granted.has(`${body.touser}:${body.template_id}`)) return json({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        return json({ errcode: 0, errmsg: 'ok', msgid: 300228332 + nextId++ });
      case 'media/upload': {
        const id = `media-${nextId++}`;
        if (file) media.set(id, { data: file.bytes, type: file.contentType });
        if (query.type === 'voice' && file && file.bytes.length > 2 * 1024 * 1024) return json({ errcode: 40006, errmsg: 'invalid media size' });
        return json({ type: query.type, media_id: id, created_at: Math.floor(Date.now() / 1000) });
      }
      case 'media/get': {
        const m = media.get(query.media_id ?? '');
        if (!m) return json({ errcode: 40007, errmsg: 'invalid media_id' });
        res.writeHead(200, { 'content-type': m.type, 'content-disposition': 'attachment; filename="voice.amr"' });
        return res.end(m.data);
      }
      case 'template/get_all_private_template':
        return json({ template_list: [{ template_id: 'tpl-birthday-0123456789', title: '生日祝福通知', content: '{{thing1.DATA}}{{thing2.DATA}}{{time3.DATA}}' }] });
      case 'message/send':
        return json({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `wm-${nextId++}` });
      case 'agent/get':
        return json({ errcode: 0, errmsg: 'ok', agentid: Number(query.agentid), name: '金秋助手' });
      default:
        return json({ errcode: 48001, errmsg: 'api unauthorized' });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    root,
    appId,
    appSecret,
    corpId,
    corpSecret,
    calls,
    /** The person wrote: 客服消息 to them is allowed (WeChat's 48-hour window, as the fake sees it). */
    openWindow: (openid: string) => windowOpen.add(openid),
    closeWindow: (openid: string) => windowOpen.delete(openid),
    /** The person accepted this 订阅通知 template. */
    grant: (openid: string, templateId: string) => granted.add(`${openid}:${templateId}`),
    putMedia(id: string, data: Buffer, type = 'audio/amr') {
      media.set(id, { data, type });
    },
    media: (id: string) => media.get(id),
    fail(name: string, errcode: number, errmsg = 'error', times = 1) {
      const q = failures.get(name) ?? [];
      for (let i = 0; i < times; i++) q.push({ errcode, errmsg });
      failures.set(name, q);
    },
    invalidateTokens: () => tokens.clear(),
    sent: (path: string) => calls.filter((c) => c.path === path),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function multipartFile(raw: Buffer, boundary: string): WxCall['file'] {
  const delim = Buffer.from(`--${boundary}`);
  const start = raw.indexOf(delim);
  const next = raw.indexOf(delim, start + delim.length);
  if (start < 0 || next < 0) return undefined;
  const part = raw.subarray(start + delim.length + 2, next - 2);
  const headEnd = part.indexOf('\r\n\r\n');
  const head = part.subarray(0, headEnd).toString('utf8');
  return { filename: /filename="([^"]*)"/.exec(head)?.[1] ?? '', contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? '', bytes: Buffer.from(part.subarray(headEnd + 4)) };
}

const xmlParser = new XMLParser({ parseTagValue: false, processEntities: false });

/** A callback XML document as WeChat writes it: strings in CDATA, CreateTime a number. */
export function wxXml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('')}</xml>`;
}

export interface CallbackKeys {
  token: string;
  aesKey?: string;
  receiverId: string;
}

/**
 * Builds the request WeChat's servers send to a callback URL: plain (signature over token, timestamp,
 * nonce) or encrypted (Encrypt envelope + msg_signature), with fresh timestamp and nonce like the real
 * thing, and reads the answer (decrypting an encrypted passive reply and checking its signature).
 */
export function wxCallbackClient(url: string, keys: CallbackKeys, call: (req: Request) => Promise<Response>) {
  const sign = (...parts: string[]) => crypto.createHash('sha1').update(parts.sort().join('')).digest('hex');
  return {
    async post(fields: Record<string, string | number>, mode: 'plain' | 'aes' | 'wecom' = 'plain', tamper = false): Promise<{ status: number; body: string; reply?: Record<string, string> }> {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = String(crypto.randomInt(1e9));
      const inner = wxXml(fields);
      let body = inner;
      const q = new URLSearchParams({ timestamp, nonce });
      if (mode === 'plain') {
        q.set('signature', tamper ? '0'.repeat(40) : sign(keys.token, timestamp, nonce));
        q.set('openid', String(fields.FromUserName ?? ''));
      } else {
        const cipher = encrypt(keys.aesKey!, inner, keys.receiverId);
        body = mode === 'wecom' ? wxXml({ ToUserName: keys.receiverId, AgentID: '1000002', Encrypt: cipher }) : wxXml({ ToUserName: String(fields.ToUserName ?? ''), Encrypt: cipher });
        const msgSig = tamper ? '0'.repeat(40) : getSignature(keys.token, timestamp, nonce, cipher);
        if (mode === 'aes') {
          q.set('signature', sign(keys.token, timestamp, nonce));
          q.set('encrypt_type', 'aes');
        }
        q.set('msg_signature', msgSig);
      }
      const res = await call(new Request(`${url}?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body }));
      const text = await res.text();
      if (res.status !== 200 || !text.startsWith('<xml>')) return { status: res.status, body: text };
      const doc = (xmlParser.parse(text) as { xml: Record<string, string> }).xml;
      if (!doc.Encrypt) return { status: res.status, body: text, reply: doc };
      if (getSignature(keys.token, String(doc.TimeStamp), String(doc.Nonce), doc.Encrypt) !== doc.MsgSignature) throw new Error('reply signature does not verify');
      const plain = decrypt(keys.aesKey!, doc.Encrypt);
      if (plain.id !== keys.receiverId) throw new Error('reply not sealed for this receiver');
      return { status: res.status, body: text, reply: (xmlParser.parse(plain.message) as { xml: Record<string, string> }).xml };
    },
    /** The GET WeChat sends when the URL is saved in the console. */
    async verify(mode: 'plain' | 'wecom', tamper = false): Promise<{ status: number; body: string; echo: string }> {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = String(crypto.randomInt(1e9));
      const echo = String(crypto.randomInt(1e12));
      const q = new URLSearchParams({ timestamp, nonce });
      if (mode === 'plain') {
        q.set('signature', tamper ? '1'.repeat(40) : sign(keys.token, timestamp, nonce));
        q.set('echostr', echo);
      } else {
        const cipher = encrypt(keys.aesKey!, echo, keys.receiverId);
        q.set('msg_signature', tamper ? '1'.repeat(40) : getSignature(keys.token, timestamp, nonce, cipher));
        q.set('echostr', cipher);
      }
      const res = await call(new Request(`${url}?${q}`));
      return { status: res.status, body: await res.text(), echo };
    },
  };
}

/** A random EncodingAESKey the way the console makes one: 43 base64 characters. */
export function newAesKey(): string {
  return crypto.randomBytes(32).toString('base64').replace(/=+$/, '').slice(0, 43);
}
