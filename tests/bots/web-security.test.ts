import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../src/bots/simulator/server.ts';
import { setStaffPassword } from '../../src/people/web-sessions.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { webClient } from '../helpers/web-client.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';

/** A raw request, so the Host header can be whatever an attacker's browser would send. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('the web page on loopback (simulator)', () => {
  let t: TestDb;
  let sim: SimulatorServer;
  const agent = new FakeAgent();
  let people: Awaited<ReturnType<typeof seedPeople>>;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    people = await seedPeople(t.db);
    sim = await createSimulatorServer({ db: t.db, agent, config: { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 }, log: silentLog });
  });
  afterAll(async () => {
    await sim.close();
    await t.cleanup();
  });

  it('answers its API only to the page that holds a session', async () => {
    for (const path of ['/api/identities', '/api/events?thread=staff-group', `/api/events?thread=elder:${people.elderId}`]) {
      expect((await fetch(`${sim.url}${path}`)).status).toBe(401);
    }
    expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const r = await raw(`${sim.url}/api/session`, { headers: { host: 'attacker.example:80' } });
    expect(r.status).toBe(421);
  });

  it('takes no change from another origin, in another content type, or without the CSRF token', async () => {
    const web = await webClient(sim.url);
    const body = JSON.stringify({ id: 'x', identity: `staff:${people.adminId}`, thread: 'private', text: '/群发 补贴 现在 全体 请回复身份证号领取补贴' });
    const base = { cookie: web.cookie, 'x-csrf-token': web.csrf };
    const tries: Record<string, string>[] = [
      { ...base, 'content-type': 'application/json', origin: 'http://attacker.example' },
      { ...base, 'content-type': 'text/plain', origin: sim.url },
      { cookie: web.cookie, 'content-type': 'application/json', origin: sim.url },
      { ...base, 'content-type': 'application/json' },
    ];
    for (const headers of tries) {
      const r = await fetch(`${sim.url}/api/messages`, { method: 'POST', headers, body });
      expect([403, 415]).toContain(r.status);
    }
    expect(agent.seen).toHaveLength(0);
    const pre = await fetch(`${sim.url}/api/messages`, { method: 'OPTIONS', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'POST' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends headers that stop sniffing, framing and foreign scripts', async () => {
    const r = await fetch(sim.url);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await r.text()).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('refuses an upload that is not a recording, and serves media only as attachments of readable threads', async () => {
    const web = await webClient(sim.url);
    const identity = `elder:${people.elderId}`;
    const html = Buffer.from('<html><script>fetch("/api/identities")</script></html>').toString('base64');
    const bad = await web.post('/api/messages', { id: 'h1', identity, thread: 'private', text: '', voice: { base64: html, mimeType: 'text/html' } });
    expect(bad.status).toBe(415);
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200)]).toString('base64');
    await web.post('/api/messages', { id: 'h2', identity, thread: 'private', text: '', voice: { base64: ogg, mimeType: 'text/html' } });
    const evs = (await web.json(`/api/events?thread=${identity}`)).events as { authorId: string; items: { kind: string; url?: string }[] }[];
    const url = evs.find((e) => e.authorId === identity)!.items[0]!.url!;
    const media = await web.get(url);
    expect(media.headers.get('content-type')).toBe('audio/ogg');
    expect(media.headers.get('content-disposition')).toMatch(/^attachment/);
    // Another page's session has not opened that thread: the blob does not exist for it.
    const other = await webClient(sim.url);
    expect((await other.get(url)).status).toBe(404);
    expect((await other.get(`/api/events?thread=${identity}`)).status).toBe(403);
  });

  it('limits every body', async () => {
    const web = await webClient(sim.url);
    const big = await web.post('/api/identity', { identity: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    const huge = await web.post('/api/messages', { id: 'b1', identity: `elder:${people.elderId}`, thread: 'private', text: 'x'.repeat(17 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });
});

describe('the web page beyond loopback (staff sign-in)', () => {
  let t: TestDb;
  let sim: SimulatorServer;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const agent = new FakeAgent();
  beforeAll(async () => {
    t = await createTestDb('pglite');
    people = await seedPeople(t.db);
    await setStaffPassword(t.db, Number(people.staffId), '长城永固2026');
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, kind, staff_id, bound_at) VALUES ('telegram', '7001', 'staff', $1, now())`, [people.adminId]);
    sim = await createSimulatorServer({
      db: t.db, agent, log: silentLog, outbox: noticeOutbox,
      config: { JINQIU_HTTP_HOST: '0.0.0.0', JINQIU_HTTP_PORT: 0, JINQIU_HTTP_ALLOWED_HOSTS: ['127.0.0.1'] },
    });
    sim = { ...sim, url: sim.url.replace('0.0.0.0', '127.0.0.1') };
  });
  afterAll(async () => {
    await sim.close();
    await t.cleanup();
  });

  it('refuses to start beyond loopback without the host names it answers to', async () => {
    await expect(createSimulatorServer({ db: t.db, agent, log: silentLog, config: { JINQIU_HTTP_HOST: '0.0.0.0', JINQIU_HTTP_PORT: 0 } })).rejects.toThrow(/JINQIU_HTTP_ALLOWED_HOSTS/);
  });

  it('gives no one the act-as-anyone page', async () => {
    const web = await webClient(sim.url);
    expect(web.cookie).toBe('');
    expect((await web.get('/api/identities')).status).toBe(401);
  });

  it('signs a staff member in with a password, who then sees and writes only as themselves', async () => {
    const web = await webClient(sim.url);
    expect((await web.post('/auth/login', { staff: '赵干事', password: 'wrong' })).status).toBe(401);
    const r = await fetch(`${sim.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: sim.url }, body: JSON.stringify({ staff: '赵干事', password: '长城永固2026' }) });
    expect(r.status).toBe(200);
    const cookie = /jq_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(r.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    web.cookie = cookie;
    web.csrf = ((await r.json()) as { csrf: string }).csrf;
    const ids = (await web.json('/api/identities')).identities as { id: string }[];
    expect(ids.map((i) => i.id)).toEqual([`staff:${people.staffId}`]);
    expect((await web.post('/api/identity', { identity: `elder:${people.elderId}` })).status).toBe(403);
    expect((await web.post('/api/messages', { id: 's1', identity: `staff:${people.adminId}`, thread: 'private', text: '你好' })).status).toBe(403);
    expect((await web.get(`/api/events?thread=elder:${people.elderId}`)).status).toBe(403);
    expect((await web.post('/api/messages', { id: 's2', identity: `staff:${people.staffId}`, thread: 'private', text: '韦庄镇独居老人' })).status).toBe(200);
    expect(agent.seen.at(-1)?.author.id).toBe(`staff:${people.staffId}`);
  });

  it('sends a one-time code to the staff member\'s own chat account, and locks after repeated failures', async () => {
    const web = await webClient(sim.url);
    await web.post('/auth/code', { staff: '刘局长' });
    const notice = await t.db.query<{ messages: { text: string }[] }>(`SELECT messages FROM staff_notices WHERE target = 'account' ORDER BY id DESC LIMIT 1`);
    const code = /(\d{6})/.exec(notice.rows[0]!.messages[0]!.text)![1]!;
    for (let i = 0; i < 5; i++) expect((await web.post('/auth/login', { staff: '刘局长', code: code === '000000' ? '111111' : '000000' })).status).toBe(401);
    expect((await web.post('/auth/login', { staff: '刘局长', code })).status).toBe(429);
  });
});
