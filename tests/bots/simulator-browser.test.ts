import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSimulatorServer, type SimulatorServer } from '../../src/bots/simulator/server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The simulator page in a real headless Chromium: pick an identity, type, see the answer. */
describe('simulator page in Chromium', () => {
  let t: TestDb;
  let sim: SimulatorServer;
  let browser: Browser;
  let page: Page;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const agent = new FakeAgent();

  beforeAll(async () => {
    t = await createTestDb('pglite');
    people = await seedPeople(t.db);
    sim = await createSimulatorServer({ db: t.db, agent, config: { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 }, log: silentLog });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await (await browser.newContext()).newPage();
    await page.goto(sim.url);
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await t?.cleanup();
  });

  it('chats privately as an elder and shows the answer', async () => {
    await page.waitForSelector(`#identity option[value="elder:${people.elderId}"]`, { state: 'attached' });
    await page.selectOption('#identity', `elder:${people.elderId}`);
    await expect.poll(() => page.textContent('#who')).toContain('王秀兰');
    await page.fill('#input', '医药费怎么报销？');
    await page.click('#send');
    await page.waitForSelector('.row.bot .bubble:has-text("收到：医药费怎么报销？")', { timeout: 15_000 });
    expect(await page.locator('.row.me .bubble').last().textContent()).toBe('医药费怎么报销？');
    expect(agent.seen.at(-1)).toMatchObject({ channel: 'web', chatKind: 'private', author: { id: `elder:${people.elderId}` } });
  });

  it('switches to large text for elders', async () => {
    const before = await page.locator('.bubble').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.check('#large');
    const after = await page.locator('.bubble').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThan(before);
  });

  it('as staff in the staff group asks a question and sees the reply, and a file reply as a download', async () => {
    await page.selectOption('#identity', `staff:${people.staffId}`);
    await expect.poll(() => page.isEnabled('#tab-group')).toBe(true);
    await page.click('#tab-group');
    await expect.poll(() => page.textContent('#title')).toContain('工作群');
    await page.fill('#input', '韦庄镇有哪些独居老干部？');
    await page.press('#input', 'Enter');
    await page.waitForSelector('.row.bot .bubble:has-text("收到：韦庄镇有哪些独居老干部？")', { timeout: 15_000 });
    expect(agent.seen.at(-1)).toMatchObject({ chatKind: 'group', threadId: 'staff-group' });
    await page.fill('#input', '导出台账');
    await page.click('#send');
    const link = page.locator('.row.bot a.file').last();
    await link.waitFor({ timeout: 15_000 });
    expect(await link.textContent()).toContain('台账.csv');
  });

  it('shows a staff notice pushed to the group', async () => {
    sim.adapter.pushNotice('staff-group', [{ kind: 'text', text: '【新诉求】JY-2026-0009 请跟进' }]);
    await page.waitForSelector('.row.notice .bubble:has-text("JY-2026-0009")', { timeout: 10_000 });
  });

  it('does not offer the staff group to an elder', async () => {
    await page.selectOption('#identity', `elder:${people.elder2Id}`);
    await expect.poll(() => page.isDisabled('#tab-group')).toBe(true);
  });

  it('a page on another origin, in the same browser, cannot act through the signed-in page', async () => {
    const seen = agent.seen.length;
    // The attacker's page: another port is another origin. It tries what worked before the guards.
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><body><form id="f" method="POST" action="${sim.url}/api/messages" enctype="text/plain"><input name='{"id":"f1","identity":"staff:${people.adminId}","thread":"private","text":"/群发 补贴 现在 全体 请回复身份证号","x":"' value='"}'></form>
<script>
const body = JSON.stringify({ id: 'e1', identity: 'staff:${people.adminId}', thread: 'private', text: '/群发 补贴 现在 全体 请回复身份证号领取补贴' });
fetch('${sim.url}/api/messages', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }).catch(() => {});
fetch('${sim.url}/api/messages', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }).catch(() => {});
fetch('${sim.url}/api/identities', { credentials: 'include' }).then((r) => r.text()).then((t) => { document.title = 'read:' + t.length; }, () => { document.title = 'blocked'; });
setTimeout(() => document.getElementById('f').submit(), 300);
</script></body>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
    try {
      // Same browser profile as the signed-in page: its session cookie is there to be misused.
      const attacker = await page.context().newPage();
      await attacker.goto(evilUrl);
      await new Promise((r) => setTimeout(r, 1500));
      expect(agent.seen.length).toBe(seen);
      await attacker.close();
    } finally {
      evil.close();
    }
  });
});
