import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { InboundMessage } from '../../chat/message.ts';
import type { Db } from '../../db/types.ts';
import { setVoiceReply } from '../../people/accounts.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MessageHandler } from '../message-handler.ts';
import { qrSvg } from '../qr-code.ts';
import type { EventStore, PageItem } from './event-store.ts';
import { ensureWebAccount, listIdentities, type PickableIdentity } from './identities.ts';
import type { WechatLoginStatus } from './server.ts';
import type { createSimulatorAdapter } from './simulator-adapter.ts';
import { sniffAudio } from './sniff-audio.ts';
import type { WebEnv } from './web-auth.ts';

/**
 * The chat API of the page. A simulator session may be anyone, but reads only the threads of the
 * identities it picked; a staff session is one staff member and reads only their own chat and the
 * staff group. Media are served to whoever may read their thread, as attachments.
 */
export interface ChatRouteDeps {
  db: Db;
  store: EventStore;
  groupThread: string;
  handle: MessageHandler;
  adapter: ReturnType<typeof createSimulatorAdapter>;
  simulator: boolean;
  wechatStatus?: () => WechatLoginStatus;
}

const LABELS: Record<string, string> = { elder: '老干部', family: '家属', staff: '工作人员', unknown: '未绑定' };

const messageBody = z.object({
  id: z.string().min(1).max(100),
  identity: z.string().min(1).max(60),
  thread: z.enum(['private', 'group']),
  text: z.string().max(400_000).default(''),
  voice: z.object({ base64: z.string().max(14_000_000), mimeType: z.string().max(100) }).optional(),
  /** A file sent into the chat (a staff member's ledger spreadsheet). */
  file: z.object({ base64: z.string().max(14_000_000), name: z.string().min(1).max(200), mimeType: z.string().max(200).default('application/octet-stream') }).optional(),
});

export function mountChatRoutes(app: Hono<WebEnv>, deps: ChatRouteDeps): void {
  const { db, store, groupThread } = deps;
  /** Threads each simulator session has opened by picking an identity (kept with the page's own memory). */
  const opened = new Map<string, Set<string>>();

  function sessionKey(c: Context<WebEnv>): string {
    return c.get('sessionId') ?? '';
  }

  /** The identity a staff session is, or null for a simulator session (any identity). */
  function fixedIdentity(c: Context<WebEnv>): string | null {
    const s = c.get('session');
    return s?.kind === 'staff' ? `staff:${s.staffId}` : null;
  }

  function mayUse(c: Context<WebEnv>, identity: string): boolean {
    const fixed = fixedIdentity(c);
    return fixed === null ? deps.simulator : identity === fixed;
  }

  function mayRead(c: Context<WebEnv>, thread: string): boolean {
    const fixed = fixedIdentity(c);
    if (fixed !== null) return thread === fixed || thread === groupThread;
    const own = opened.get(sessionKey(c));
    return !!own && (own.has(thread) || (thread === groupThread && [...own].some((t) => t.startsWith('staff:'))));
  }

  /** The reader for the audit log: the signed-in staff member, or the simulator page by its address. */
  function reader(c: Context<WebEnv>): string {
    const s = c.get('session');
    return s?.kind === 'staff' ? `staff:${s.staffId}` : `web:${getConnInfo(c).remote.address ?? 'unknown'}`;
  }

  function elderOf(identity: string): number[] {
    const m = /^elder:(\d+)$/.exec(identity);
    return m ? [Number(m[1])] : [];
  }

  function open(c: Context<WebEnv>, identity: string) {
    if (fixedIdentity(c) !== null) return;
    const key = sessionKey(c);
    const set = opened.get(key) ?? new Set<string>();
    set.add(identity);
    opened.set(key, set);
  }

  app.get('/api/identities', async (c) => {
    const fixed = fixedIdentity(c);
    const all: PickableIdentity[] = fixed === null ? await listIdentities(db) : (await listIdentities(db)).filter((i) => i.id === fixed);
    // Names and towns of the ledger's elders, family and staff: a read of personal data.
    await writeAudit(db, { actor: reader(c), action: 'simulator.identities', channel: 'web', query: { path: '/api/identities' }, elderIds: all.flatMap((i) => elderOf(i.id)), rowCount: all.length });
    return c.json({ identities: all, groupThread });
  });

  app.post('/api/identity', async (c) => {
    const body = z.object({ identity: z.string().max(60) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请先选择一个身份。' }, 400);
    if (!mayUse(c, body.data.identity)) return c.json({ error: '只能用您自己的身份。' }, 403);
    const who = await ensureWebAccount(db, body.data.identity);
    open(c, who.authorId);
    return c.json({ identity: who.authorId, name: who.name, kind: who.kind, label: LABELS[who.kind], groupThread, voiceReply: who.voiceReply });
  });

  app.post('/api/voice-reply', async (c) => {
    const body = z.object({ identity: z.string().max(60), on: z.boolean() }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '参数不对。' }, 400);
    if (!mayUse(c, body.data.identity)) return c.json({ error: '只能用您自己的身份。' }, 403);
    await ensureWebAccount(db, body.data.identity);
    await setVoiceReply(db, 'web', body.data.identity, body.data.on);
    return c.json({ ok: true });
  });

  app.post('/api/messages', async (c) => {
    const parsed = messageBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: '消息格式不对，请刷新页面再试。' }, 400);
    const b = parsed.data;
    if (!mayUse(c, b.identity)) return c.json({ error: '只能用您自己的身份。' }, 403);
    const who = await ensureWebAccount(db, b.identity);
    open(c, who.authorId);
    if (b.thread === 'group' && who.kind !== 'staff') return c.json({ error: '只有工作人员可以在工作群里发言。' }, 403);
    const threadId = b.thread === 'group' ? groupThread : who.authorId;
    let voice: { data: Buffer; mimeType: string } | undefined;
    if (b.voice) {
      const data = Buffer.from(b.voice.base64, 'base64');
      // What the bytes are, not what the page says they are.
      const mimeType = sniffAudio(data);
      if (!mimeType) return c.json({ error: '只能发送语音录音。' }, 415);
      voice = { data, mimeType };
    }
    const items: PageItem[] = [];
    if (b.text) items.push({ kind: 'text', text: b.text.length > 2000 ? `${b.text.slice(0, 2000)}…（共 ${b.text.length} 字）` : b.text });
    if (voice) items.push({ kind: 'voice', url: store.putBlob(threadId, voice.data, voice.mimeType) });
    const file = b.file ? { name: b.file.name, mimeType: b.file.mimeType, data: Buffer.from(b.file.base64, 'base64') } : undefined;
    if (file) items.push({ kind: 'file', url: store.putBlob(threadId, file.data, file.mimeType, file.name), filename: file.name });
    store.pushItems(threadId, who.authorId, who.name, items);
    const msg: InboundMessage = {
      id: b.id,
      channel: 'web',
      threadId,
      chatKind: b.thread === 'group' ? 'group' : 'private',
      author: { id: who.authorId, name: who.name },
      text: b.text,
      ...(voice ? { voice } : {}),
      attachments: file ? [{ kind: 'file', name: file.name, mimeType: file.mimeType, size: file.data.length, data: file.data }] : [],
      // Everything typed into the simulated group is addressed to the bot (as if it began with @金秋助手).
      mentionsBot: true,
      receivedAt: new Date(),
    };
    const target = { channel: 'web' as const, threadId, chatKind: msg.chatKind };
    const outcome = await deps.handle(msg, async (replies) => {
      await deps.adapter.deliver(target, replies);
    });
    return c.json({
      status: outcome.status,
      ...(outcome.status === 'answered' ? { intent: outcome.turn?.intent, caseId: outcome.turn?.caseId, transcript: outcome.transcript } : {}),
    });
  });

  app.get('/api/events', async (c) => {
    const thread = c.req.query('thread') ?? '';
    if (!mayRead(c, thread)) return c.json({ error: '没有这个对话。' }, 403);
    const after = Number(c.req.query('after') ?? 0) || 0;
    const events = store.since(thread, after);
    // The page polls: only answers that carry messages are reads worth a line (each message once per reader).
    if (events.length) await writeAudit(db, { actor: reader(c), action: 'simulator.events', channel: 'web', query: { thread, after }, elderIds: elderOf(thread), rowCount: events.length });
    return c.json({ events });
  });

  app.get('/api/blobs/:id', async (c) => {
    const b = store.blob(c.req.param('id'));
    if (!b || !mayRead(c, b.threadId)) return c.text('not found', 404);
    // Voice recordings and exported files (a ledger export reaches the page as a blob).
    await writeAudit(db, { actor: reader(c), action: 'simulator.blob', channel: 'web', query: { blob: c.req.param('id'), mimeType: b.mimeType, filename: b.filename ?? null, bytes: b.data.length }, elderIds: elderOf(b.threadId), rowCount: 1 });
    const name = b.filename ?? 'media';
    return c.body(new Uint8Array(b.data), 200, {
      'content-type': b.mimeType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, max-age=3600',
    });
  });

  app.get('/api/wechat', (c) => {
    // Scanning the QR code logs the bot into WeChat: only the machine's own operator sees it.
    const s = deps.simulator ? (deps.wechatStatus?.() ?? { state: 'off' as const }) : { state: 'off' as const };
    return c.json({ state: s.state, user: 'user' in s ? s.user : undefined, ...(s.state === 'scan' && 'qrcode' in s && s.qrcode ? { qrSvg: qrSvg(s.qrcode) } : {}) });
  });
}
