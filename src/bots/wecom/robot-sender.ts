import crypto from 'node:crypto';
import type { Logger } from '../../kernel/logger.ts';
import { parseNamedList } from '../../kernel/config.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { realClock, type Clock } from '../sending/rate-limiter.ts';
import { toWxParts, type WxPart } from '../wx-callback/wx-parts.ts';

/** One robot may post 20 messages a minute. */
export const ROBOT_PER_MINUTE = 20;
/** A robot's text may be 2048 bytes. */
const ROBOT_TEXT_BYTES = 2048;
/** The robot's rate-limit answers: 45009 (api freq out of limit) and 130101, both seen from webhooks. */
export const ROBOT_RATE_LIMITED = new Set([45009, 130101]);
/** The key does not name a robot (removed from the group, or mistyped). */
const ROBOT_GONE = new Set([93000, 93008]);
const SEPARATOR = '\n——————\n';

/** WECOM_ROBOTS: `韦庄镇工作群=<key>,…` (a whole webhook URL works as the value too). */
export function parseRobots(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, v] of value ? parseNamedList(value, 'WECOM_ROBOTS') : []) out.set(name, /key=([\w-]+)/.exec(v)?.[1] ?? v);
  return out;
}

interface Waiting {
  parts: WxPart[];
  done: (o: SendOutcome) => void;
}

/**
 * Staff-group notices through WeCom 群机器人 webhooks (send-only: a robot cannot read the group). Each
 * robot keeps to 20 posts a minute; notices that arrive while its minute is used up wait, and are
 * merged into one post (up to 2048 bytes) when it opens again, so a burst of cases becomes a few
 * longer messages instead of a backlog. A rate-limit answer (45009, 130101) pauses that robot a minute.
 * The target's threadId is the robot's name in WECOM_ROBOTS, as registered with `jinqiu group add`.
 */
export function createRobotSender(deps: { robots: Map<string, string>; apiRoot: string; log?: Logger; clock?: Clock; perMinute?: number }): Sender & { idle(): Promise<void> } {
  const clock = deps.clock ?? realClock;
  const perMinute = deps.perMinute ?? ROBOT_PER_MINUTE;
  const root = deps.apiRoot.replace(/\/$/, '');
  const queues = new Map<string, { waiting: Waiting[]; sent: number[]; pausedUntil: number; pump?: Promise<void> }>();

  function queueOf(name: string) {
    let q = queues.get(name);
    if (!q) queues.set(name, (q = { waiting: [], sent: [], pausedUntil: 0 }));
    return q;
  }

  async function post(key: string, body: unknown): Promise<{ errcode: number; errmsg: string; media_id?: string }> {
    const res = await fetch(`${root}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return (await res.json()) as { errcode: number; errmsg: string };
  }

  async function upload(key: string, data: Buffer, filename: string, mimeType: string): Promise<string> {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(data)], { type: mimeType }), filename);
    const res = await fetch(`${root}/cgi-bin/webhook/upload_media?key=${encodeURIComponent(key)}&type=file`, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
    const r = (await res.json()) as { errcode: number; errmsg: string; media_id?: string };
    if (r.errcode !== 0 || !r.media_id) throw Object.assign(new Error(`upload_media: ${r.errcode} ${r.errmsg}`), { errcode: r.errcode });
    return r.media_id;
  }

  function bodyOf(p: WxPart, key: string): Promise<unknown> | unknown {
    if (p.kind === 'text') return { msgtype: 'text', text: { content: p.text } };
    if (p.kind === 'image') return { msgtype: 'image', image: { base64: p.data.toString('base64'), md5: crypto.createHash('md5').update(p.data).digest('hex') } };
    return upload(key, p.data, p.kind === 'file' ? p.filename : p.filename, p.mimeType).then((id) => ({ msgtype: 'file', file: { media_id: id } }));
  }

  /** The next post: the waiting texts that fit in one message, or the first non-text part. */
  function takeBatch(waiting: Waiting[]): { parts: WxPart[]; owners: Waiting[]; rest?: WxPart[] } {
    const head = waiting[0]!;
    const first = head.parts[0]!;
    if (first.kind !== 'text' || head.parts.some((p) => p.kind !== 'text')) {
      // Mixed content goes part by part, in order.
      return { parts: [first], owners: [head], rest: head.parts.slice(1) };
    }
    const owners: Waiting[] = [];
    let merged = '';
    for (const w of waiting) {
      if (w.parts.some((p) => p.kind !== 'text')) break;
      const t = w.parts.map((p) => (p as { text: string }).text).join('\n');
      const next = merged ? `${merged}${SEPARATOR}${t}` : t;
      if (owners.length && Buffer.byteLength(next) > ROBOT_TEXT_BYTES) break;
      merged = next;
      owners.push(w);
    }
    return { parts: splitBytes(merged).map((t) => ({ kind: 'text' as const, text: t })), owners };
  }

  async function pump(name: string, key: string): Promise<void> {
    const q = queueOf(name);
    while (q.waiting.length) {
      const now = clock.now();
      q.sent = q.sent.filter((t) => t > now - 60_000);
      const wait = Math.max(q.pausedUntil - now, q.sent.length >= perMinute ? q.sent[0]! + 60_000 - now : 0);
      if (wait > 0) {
        await clock.sleep(wait);
        continue;
      }
      const batch = takeBatch(q.waiting);
      let failure: SendOutcome | undefined;
      let sentParts = 0;
      for (const p of batch.parts) {
        // Pieces of one long text each count against the minute too.
        const t = clock.now();
        q.sent = q.sent.filter((x) => x > t - 60_000);
        if (sentParts > 0 && q.sent.length >= perMinute) await clock.sleep(q.sent[0]! + 60_000 - t);
        let r: { errcode: number; errmsg: string };
        try {
          r = await post(key, await bodyOf(p, key));
        } catch (e) {
          const code = (e as { errcode?: number }).errcode;
          r = { errcode: code ?? -1, errmsg: e instanceof Error ? e.message : String(e) };
        }
        q.sent.push(clock.now());
        if (r.errcode === 0) {
          sentParts++;
          continue;
        }
        if (ROBOT_RATE_LIMITED.has(r.errcode)) {
          q.pausedUntil = clock.now() + 60_000;
          deps.log?.warn({ robot: name, errcode: r.errcode }, 'WeCom robot rate limit: pausing a minute');
          break;
        }
        failure = { ok: false, permanent: ROBOT_GONE.has(r.errcode), reason: `robot ${name}: ${r.errcode} ${r.errmsg}` };
        break;
      }
      const finished = failure !== undefined || sentParts === batch.parts.length;
      if (!finished) {
        // Rate limited part-way: what was not posted stays at the head and goes after the pause.
        if (sentParts > 0 && batch.owners.length === 1) batch.owners[0]!.parts = [...batch.parts.slice(sentParts), ...(batch.rest ?? [])];
        continue;
      }
      if (batch.rest?.length && !failure) {
        batch.owners[0]!.parts = batch.rest;
        continue;
      }
      q.waiting.splice(0, batch.owners.length);
      for (const o of batch.owners) o.done(failure ?? { ok: true });
    }
  }

  function kick(name: string, key: string): void {
    const q = queueOf(name);
    if (q.pump) return;
    q.pump = pump(name, key)
      .catch((e: unknown) => deps.log?.error({ err: e, robot: name }, 'WeCom robot queue failed'))
      .finally(() => {
        q.pump = undefined;
        // Something queued between the loop's last check and here.
        if (q.waiting.length) kick(name, key);
      });
  }

  return {
    send(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
      const key = deps.robots.get(target.threadId);
      if (!key) return Promise.resolve({ ok: false, permanent: true, reason: `no robot named ${target.threadId} in WECOM_ROBOTS` });
      const q = queueOf(target.threadId);
      const outcome = new Promise<SendOutcome>((done) => q.waiting.push({ parts: toWxParts(messages, { files: true }), done }));
      kick(target.threadId, key);
      return outcome;
    },
    async idle() {
      for (const q of queues.values()) await q.pump;
    },
  };
}

/** Splits text into pieces of at most 2048 UTF-8 bytes, at line ends where possible. */
function splitBytes(t: string): string[] {
  if (Buffer.byteLength(t) <= ROBOT_TEXT_BYTES) return [t];
  const out: string[] = [];
  let cur = '';
  for (const ch of t) {
    if (Buffer.byteLength(cur + ch) > ROBOT_TEXT_BYTES) {
      const cut = cur.lastIndexOf('\n');
      if (cut > cur.length / 2) {
        out.push(cur.slice(0, cut));
        cur = cur.slice(cut + 1);
      } else {
        out.push(cur);
        cur = '';
      }
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
