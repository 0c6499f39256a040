import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serve } from '@hono/node-server';
import type { Config } from '../../kernel/config.ts';
import type { Db } from '../../db/types.ts';
import type { NoticeOutbox } from '../../chat/ports.ts';
import { ConfigError, isJinqiuError } from '../../kernel/errors.ts';
import { createMessageHandler, type ChannelHandlerDeps } from '../message-handler.ts';
import { EventStore } from './event-store.ts';
import { createSimulatorAdapter } from './simulator-adapter.ts';
import { ensureSimulatorStaffGroup } from './identities.ts';
import { changeGuard, hostGuard } from './web-security.ts';
import { mountAuthRoutes, requireSession, sessionLoader, type WebEnv } from './web-auth.ts';
import { mountChatRoutes } from './chat-routes.ts';
import type { WebhookRoute } from '../webhooks.ts';

const asset = (name: string) => fs.readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const PAGE = asset('page.html');
const SCRIPT = asset('page.js');
const STYLE = asset('page.css');

/** What the page shows about the WeChat login (the QR code to scan while logging in). */
export interface WechatLoginStatus {
  state: 'off' | 'starting' | 'scan' | 'online';
  qrcode?: string;
  user?: string;
}

export interface SimulatorDeps extends ChannelHandlerDeps {
  db: Db;
  config: Pick<Config, 'JINQIU_HTTP_HOST' | 'JINQIU_HTTP_PORT'> & Partial<Pick<Config, 'JINQIU_HTTP_ALLOWED_HOSTS' | 'JINQIU_WEB_SESSION_HOURS'>>;
  /** Present when WeChat is configured. */
  wechatStatus?: () => WechatLoginStatus;
  /**
   * The webhook routes (Telegram, 服务号, WeCom, SMS receipts): mounted as they are, with no login in
   * front of them, because each authenticates its caller itself (signature or secret).
   */
  webhooks?: WebhookRoute[];
  outbox?: NoticeOutbox;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Body sizes: a recorded voice message may be large, nothing else is. */
const SMALL_BODY = 64 * 1024;
const VOICE_BODY = 16 * 1024 * 1024;

const tooLarge = bodyLimit({ maxSize: SMALL_BODY, onError: (c) => c.json({ error: '内容太大了。' }, 413) });

/**
 * The web page and its API: on loopback it is the simulator (act as anyone, for a newcomer on their
 * own machine); elsewhere it is a staff page behind a login, and it refuses to start without the
 * host names it answers to. Webhooks mounted here check their own secrets.
 */
export async function createSimulatorServer(deps: SimulatorDeps) {
  const { db, log } = deps;
  const simulator = isLoopbackHost(deps.config.JINQIU_HTTP_HOST);
  const named = deps.config.JINQIU_HTTP_ALLOWED_HOSTS ?? [];
  if (!simulator && !named.length) {
    throw new ConfigError(
      `JINQIU_HTTP_ALLOWED_HOSTS: the page would listen on ${deps.config.JINQIU_HTTP_HOST}, beyond this machine. Set JINQIU_HTTP_ALLOWED_HOSTS to the host names people use (e.g. jinqiu.example.gov.cn); staff then sign in with a code sent to their chat account or a password (jinqiu staff password).`,
    );
  }
  const store = new EventStore();
  const adapter = createSimulatorAdapter(store);
  const groupThread = await ensureSimulatorStaffGroup(db);
  const handle = createMessageHandler({ ...deps, voiceFormat: 'mp3' });
  let port = deps.config.JINQIU_HTTP_PORT;

  // The Host header must name this server, as people reach it: DNS rebinding gets a 421.
  const allowedHost = (host: string) => {
    const [name, p] = host.startsWith('[') ? [host.slice(0, host.indexOf(']') + 1), host.split(']:')[1]] : host.split(':');
    if (simulator) return isLoopbackHost(name!) && (p === undefined ? port === 80 : Number(p) === port);
    return named.includes(host) || named.includes(name!);
  };
  const allowedOrigin = (origin: string) => {
    const m = /^https?:\/\/([^/]+)$/.exec(origin.toLowerCase());
    return !!m && allowedHost(m[1]!);
  };

  const app = new Hono<WebEnv>();
  app.onError((e, c) => {
    if (isJinqiuError(e)) return c.json({ error: e.userMessage }, e.code === 'INPUT_INVALID' || e.code === 'FORBIDDEN' ? 400 : 500);
    log.error({ err: e }, 'web request failed');
    return c.json({ error: '服务器出了点问题，请稍后再试。' }, 500);
  });
  // Webhooks first: they prove themselves with the platform's signature or secret, and arrive with
  // whatever Host the bureau's proxy forwards; the page's own guards are not theirs.
  for (const w of deps.webhooks ?? []) app.all(w.path, bodyLimit({ maxSize: 2 * 1024 * 1024, onError: (c) => c.text('too large', 413) }), (c) => w.handler(c.req.raw));
  app.use(hostGuard(allowedHost));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], mediaSrc: ["'self'"],
        connectSrc: ["'self'"], baseUri: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
    }),
  );
  app.get('/healthz', (c) => c.json({ ok: true }));

  app.use(sessionLoader(db));
  app.use('/api/messages', bodyLimit({ maxSize: VOICE_BODY, onError: (c) => c.json({ error: '内容太大了，请发短一点的语音或文字。' }, 413) }));
  app.use('*', async (c, next) => (c.req.path === '/api/messages' ? next() : tooLarge(c, next)));
  app.use(changeGuard<WebEnv>({ origins: allowedOrigin, csrf: (c) => c.get('session')?.csrf ?? null, exempt: (path) => path.startsWith('/auth/') }));

  const auth = mountAuthRoutes(app, { db, log, simulator, sessionHours: deps.config.JINQIU_WEB_SESSION_HOURS ?? 12, outbox: deps.outbox });
  app.get('/', async (c) => {
    await auth.ensureSimulatorSession(c);
    return c.html(PAGE);
  });
  app.get('/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/app.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.use('/api/*', async (c, next) => (c.req.path === '/api/session' ? next() : requireSession()(c, next)));
  mountChatRoutes(app, { db, store, groupThread, handle, adapter, simulator, ...(deps.wechatStatus ? { wechatStatus: deps.wechatStatus } : {}) });
  app.notFound((c) => c.json({ error: '没有这个地址。' }, 404));

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: deps.config.JINQIU_HTTP_HOST, port: deps.config.JINQIU_HTTP_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${deps.config.JINQIU_HTTP_HOST}:${port}`;
  log.info({ url, mode: simulator ? 'simulator' : 'staff login' }, 'web page ready');

  return {
    url,
    /** The web channel, for the Sender (greetings and staff notices appear on the page). */
    adapter,
    app,
    /** Paths that platforms call and that authenticate themselves: exactly these bypass the page's login. */
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
