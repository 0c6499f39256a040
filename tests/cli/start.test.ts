import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, freePort, runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { webClient, type WebClient } from '../helpers/web-client.ts';

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
}

async function start(dataDir: string, args: string[] = []): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'start', '--json', ...args], {
    env: cliEnv({ JINQIU_DATA_DIR: dataDir, JINQIU_HTTP_PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${err}`);
    if (Date.now() - t0 > 150_000) throw new Error('page did not answer');
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, stdout: () => out };
}

async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGTERM');
  if (s.child.exitCode === null) await new Promise((r) => s.child.once('exit', r));
  return s.child.exitCode;
}

async function botReplies(web: WebClient, thread: string): Promise<string> {
  const r = (await web.json(`/api/events?thread=${encodeURIComponent(thread)}`)) as { events: { authorId: string; items: { kind: string; text?: string }[] }[] };
  return r.events.filter((e) => e.authorId === 'bot').flatMap((e) => e.items.map((i) => i.text ?? `[${i.kind}]`)).join('\n');
}

describe('jinqiu start (embedded default)', () => {
  const tmp = tmpDir('jq-start-');
  afterAll(() => tmp.cleanup());

  it('fills the demo, serves the page, answers an elder and staff through the real path, and holds the folder', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const s = await start(dataDir);
    try {
      const summary = JSON.parse(s.stdout().trim().split('\n').pop()!);
      expect(summary).toMatchObject({ url: s.url, database: 'pglite', jobs: 'inprocess', demo: { seeded: true } });
      expect(summary.demo.elders).toBeGreaterThan(50);
      expect(await (await fetch(s.url)).text()).toContain('金秋');

      const web = await webClient(s.url);
      const ids = (await web.json('/api/identities')) as { identities: { id: string; kind: string }[]; groupThread: string };
      const elder = ids.identities.find((i) => i.kind === 'elder')!;
      const staff = ids.identities.find((i) => i.kind === 'staff')!;
      expect(elder && staff).toBeTruthy();

      const who = (await web.post('/api/identity', { identity: elder.id })).json;
      // Worded as the law words it: this checks the real path end to end; how well colloquial questions
      // are understood is measured by `npm run eval -- policy`.
      const asked = (await web.post('/api/messages', { id: 'e2e-1', identity: elder.id, thread: 'private', text: '老年人是指多少周岁以上的公民？' })).json;
      expect(asked).toMatchObject({ status: 'answered', intent: 'policy' });
      const answer = await botReplies(web, who.identity);
      expect(answer).toContain('老年人权益保障法');
      expect(answer).toContain('六十周岁');

      await web.post('/api/identity', { identity: staff.id });
      const q = (await web.post('/api/messages', { id: 'e2e-2', identity: staff.id, thread: 'group', text: '本县独居老干部有多少人？' })).json;
      expect(q.status).toBe('answered');
      const groupText = await botReplies(web, ids.groupThread);
      expect(groupText).toMatch(/\d+/);
      expect(groupText).not.toMatch(/1[3-9]\d{9}/); // no full phone number in a group

      // A second process on the same folder is refused with a clear message.
      const second = await runCli(['ledger', 'export', path.join(tmp.dir, 'x.xlsx'), '--json'], { JINQIU_DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('DATA_DIR_LOCKED');
    } finally {
      expect(await stop(s)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'jinqiu.lock'))).toBe(false);

    // After a clean stop the folder opens again, and the data is still there.
    const exp = await runCli(['ledger', 'export', path.join(tmp.dir, 'all.xlsx'), '--json'], { JINQIU_DATA_DIR: dataDir });
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json.rows).toBeGreaterThan(50);
  }, 300_000);

  it('--no-demo starts with an empty ledger', async () => {
    const s = await start(path.join(tmp.dir, 'empty'), ['--no-demo']);
    try {
      const ids = (await (await webClient(s.url)).json('/api/identities')) as { identities: { kind: string }[] };
      expect(ids.identities.filter((i) => i.kind === 'elder')).toEqual([]);
      expect(JSON.parse(s.stdout().trim().split('\n').pop()!)).toMatchObject({ demo: { seeded: false } });
    } finally {
      expect(await stop(s)).toBe(0);
    }
  }, 300_000);
});
