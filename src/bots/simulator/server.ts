import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import type { Config } from '../../kernel/config.ts';
import type { Db } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { createMessageHandler, type ChannelHandlerDeps } from '../message-handler.ts';
import type { InboundMessage } from '../../chat/message.ts';
import { qrSvg } from '../qr-code.ts';
import { EventStore, type PageItem } from './event-store.ts';
import { ensureSimulatorStaffGroup, ensureWebAccount, listIdentities } from './identities.ts';
import { setVoiceReply } from '../../people/accounts.ts';
import { createSimulatorAdapter } from './simulator-adapter.ts';
import type { WebhookRoute } from '../webhooks.ts';

const PAGE = fs.readFileSync(new URL('./page.html', import.meta.url), 'utf8');

/** What the page shows about the WeChat login (the QR code to scan while logging in). */
export interface WechatLoginStatus {
  state: 'off' | 'starting' | 'scan' | 'online';
  qrcode?: string;
  user?: string;
}

export interface SimulatorDeps extends ChannelHandlerDeps {
  db: Db;
  config: Pick<Config, 'JINQIU_HTTP_HOST' | 'JINQIU_HTTP_PORT'>;
  /** Present when WeChat is configured. */
  wechatStatus?: () => WechatLoginStatus;
  /**
   * The webhook routes (Telegram, 服务号, WeCom, SMS receipts): mounted as they are, with no login in
   * front of them, because each authenticates its caller itself (signature or secret).
   */
  webhooks?: WebhookRoute[];
}

const messageBody = z.object({
  id: z.string().min(1).max(100),
  identity: z.string().min(1).max(60),
  thread: z.enum(['private', 'group']),
  text: z.string().max(400_000).default(''),
  voice: z.object({ base64: z.string().max(14_000_000), mimeType: z.string().max(100) }).optional(),
});

const LABELS: Record<string, string> = { elder: '老干部', family: '家属', staff: '工作人员', unknown: '未绑定' };

/**
 * The local web page where anyone can chat as an elder, a family member, staff (privately or in the
 * staff group) or a stranger, through the same handler and agent the real bots use.
 */
export async function createSimulatorServer(deps: SimulatorDeps) {
  const { db, log } = deps;
  const store = new EventStore();
  const adapter = createSimulatorAdapter(store);
  const groupThread = await ensureSimulatorStaffGroup(db);
  const handle = createMessageHandler({ ...deps, voiceFormat: 'mp3' });

  const app = new Hono();
  app.onError((e, c) => {
    if (isJinqiuError(e)) return c.json({ error: e.userMessage }, e.code === 'INPUT_INVALID' || e.code === 'FORBIDDEN' ? 400 : 500);
    log.error({ err: e }, 'simulator request failed');
    return c.json({ error: '服务器出了点问题，请稍后再试。' }, 500);
  });
  app.get('/', (c) => c.html(PAGE));
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/api/identities', async (c) => c.json({ identities: await listIdentities(db), groupThread }));

  app.post('/api/identity', async (c) => {
    const body = z.object({ identity: z.string().max(60) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请先选择一个身份。' }, 400);
    const who = await ensureWebAccount(db, body.data.identity);
    return c.json({ identity: who.authorId, name: who.name, kind: who.kind, label: LABELS[who.kind], groupThread, voiceReply: who.voiceReply });
  });

  app.post('/api/voice-reply', async (c) => {
    const body = z.object({ identity: z.string().max(60), on: z.boolean() }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '参数不对。' }, 400);
    await ensureWebAccount(db, body.data.identity);
    await setVoiceReply(db, 'web', body.data.identity, body.data.on);
    return c.json({ ok: true });
  });

  app.post('/api/messages', bodyLimit({ maxSize: 16 * 1024 * 1024, onError: (c) => c.json({ error: '内容太大了，请发短一点的语音或文字。' }, 413) }), async (c) => {
    const parsed = messageBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: '消息格式不对，请刷新页面再试。' }, 400);
    const b = parsed.data;
    const who = await ensureWebAccount(db, b.identity);
    if (b.thread === 'group' && who.kind !== 'staff') return c.json({ error: '只有工作人员可以在工作群里发言。' }, 403);
    const threadId = b.thread === 'group' ? groupThread : who.authorId;
    const voice = b.voice ? { data: Buffer.from(b.voice.base64, 'base64'), mimeType: b.voice.mimeType || 'audio/webm' } : undefined;
    const items: PageItem[] = [];
    if (b.text) items.push({ kind: 'text', text: b.text.length > 2000 ? `${b.text.slice(0, 2000)}…（共 ${b.text.length} 字）` : b.text });
    if (voice) items.push({ kind: 'voice', url: store.putBlob(voice.data, voice.mimeType) });
    store.pushItems(threadId, who.authorId, who.name, items);
    const msg: InboundMessage = {
      id: b.id,
      channel: 'web',
      threadId,
      chatKind: b.thread === 'group' ? 'group' : 'private',
      author: { id: who.authorId, name: who.name },
      text: b.text,
      voice,
      attachments: [],
      // Everything typed into the simulated group is addressed to the bot (as if it began with @金秋助手).
      mentionsBot: true,
      receivedAt: new Date(),
    };
    const target = { channel: 'web' as const, threadId, chatKind: msg.chatKind };
    const outcome = await handle(msg, async (replies) => {
      await adapter.deliver(target, replies);
    });
    return c.json({
      status: outcome.status,
      ...(outcome.status === 'answered' ? { intent: outcome.turn?.intent, caseId: outcome.turn?.caseId, transcript: outcome.transcript } : {}),
    });
  });

  app.get('/api/events', (c) => {
    const thread = c.req.query('thread') ?? '';
    const after = Number(c.req.query('after') ?? 0) || 0;
    return c.json({ events: store.since(thread, after) });
  });

  app.get('/api/blobs/:id', (c) => {
    const b = store.blob(c.req.param('id'));
    if (!b) return c.text('not found', 404);
    const headers: Record<string, string> = { 'content-type': b.mimeType, 'cache-control': 'private, max-age=3600' };
    if (b.filename) headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(b.filename)}`;
    return c.body(new Uint8Array(b.data), 200, headers);
  });

  app.get('/api/wechat', (c) => {
    const s = deps.wechatStatus?.() ?? { state: 'off' as const };
    return c.json({ state: s.state, user: s.user, ...(s.state === 'scan' && s.qrcode ? { qrSvg: qrSvg(s.qrcode) } : {}) });
  });

  // The platforms' routes: self-authenticating, exempt from any page login (see webhookPaths below).
  for (const m of deps.webhooks ?? []) app.all(m.path, (c) => m.handler(c.req.raw));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: deps.config.JINQIU_HTTP_HOST, port: deps.config.JINQIU_HTTP_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${deps.config.JINQIU_HTTP_HOST}:${port}`;
  log.info({ url }, 'simulator page ready');
  if (!/^(127\.|localhost$|::1$)/.test(deps.config.JINQIU_HTTP_HOST)) {
    // Anyone who can open the page can act as any staff member and read the ledger through it.
    log.warn({ host: deps.config.JINQIU_HTTP_HOST }, 'the simulator page is reachable from other machines; it has no login, keep it on a trusted network');
  }

  return {
    url,
    /** The web channel, for the Sender (greetings and staff notices appear on the page). */
    adapter,
    app,
    /** Paths that platforms call and that authenticate themselves: a login layer must let exactly these through. */
    webhookPaths: (deps.webhooks ?? []).map((w) => w.path),
    close: () =>
      new Promise<void>((resolve) => {
        const s = server as unknown as { close(cb: () => void): void; closeAllConnections?: () => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}

export type SimulatorServer = Awaited<ReturnType<typeof createSimulatorServer>>;
