import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, freePort, runCli } from '../helpers/cli.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { privatePostgres, type PrivatePostgres } from '../helpers/private-services.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { webClient } from '../helpers/web-client.ts';

/** The fault suite's command-line half: what a crash or a database restart does to chat, import and ingest. */
const FAULTS = !!process.env.TEST_DATABASE_URL && !!process.env.TEST_REDIS_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const line = (s: string) => process.stderr.write(`fault suite | ${s}\n`);

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}
const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

async function killAfter(args: string[], env: Record<string, string>, ms: number): Promise<boolean> {
  const p = spawnCli(args, env);
  await Promise.race([sleep(ms), exited(p)]);
  const killed = p.exitCode === null;
  if (killed) p.kill('SIGKILL');
  await exited(p);
  return killed;
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const TOWNS = ['城关街道', '冯原镇', '王庄镇', '尧头镇', '韦庄镇'];

/** A valid ledger of n invented elders (distinct names), as a CSV. */
function ledgerCsv(file: string, n: number): void {
  const rows = ['姓名,性别,出生日期,镇(街道),联系电话'];
  for (let i = 0; i < n; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${String.fromCharCode(0x4e00 + ((i * 7919) % 20000))}${String.fromCharCode(0x4e00 + ((i * 104729) % 20000))}`;
    rows.push(`${name},${i % 2 ? '男' : '女'},19${30 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${TOWNS[i % TOWNS.length]},13${String(100000000 + i).padStart(9, '0')}`);
  }
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
}

describe.skipIf(!FAULTS)('fault suite: chat, import and ingest', () => {
  const tmp = tmpDir('jq-cli-faults-');
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    tmp.cleanup();
  });

  it('PostgreSQL restarted during chat: a clear answer while it is away, the first message after it works, no restart of jinqiu', async () => {
    const pg: PrivatePostgres = await privatePostgres();
    cleanups.push(() => pg.cleanup());
    const port = await freePort();
    const child = spawnCli(['start', '--no-demo', '--json'], { DATABASE_URL: pg.url, JINQIU_HTTP_PORT: String(port), JINQIU_DATA_DIR: path.join(tmp.dir, 'unused') });
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited(child);
    });
    const url = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}`);
      if (Date.now() - t0 > 120_000) throw new Error('page did not answer');
      await sleep(200);
    }
    let n = 0;
    const web = await webClient(url);
    const say = async (text: string) => {
      const started = Date.now();
      const r = await fetch(`${url}/api/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: url, cookie: web.cookie, 'x-csrf-token': web.csrf },
        body: JSON.stringify({ id: `m${++n}`, identity: 'unknown:faults', thread: 'private', text }),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: r.status, body: (await r.json()) as { status?: string; intent?: string; error?: string }, ms: Date.now() - started };
    };
    const before = [await say('医药费怎么报销？'), await say('体检一年几次？')];
    expect(before.map((b) => b.body.status)).toEqual(['answered', 'answered']);

    await pg.stop();
    const during = [await say('丧葬费有多少？'), await say('护理费怎么申请？')];
    // Away: a kind error, quickly, and the process stays up.
    for (const d of during) {
      expect(d.ms).toBeLessThan(15_000);
      expect(d.status === 200 ? d.body.status : d.body.error).toBeTruthy();
    }
    expect(child.exitCode).toBeNull();

    await pg.start();
    const after = await say('医药费怎么报销？');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'answered', intent: 'policy' });
    line(`PostgreSQL restarted during chat: ${before.length} answered before, ${during.length} refused with a kind message while down (HTTP ${during.map((d) => d.status).join('/')}), process still up, the first message after the restart answered in ${after.ms} ms`);
  }, 240_000);

  it('ledger import killed (SIGKILL) at several points: the ledger has all rows or none, and the next import completes', async () => {
    const csv = path.join(tmp.dir, 'ledger.csv');
    ledgerCsv(csv, 10_000);
    const dbs: TestDb[] = [await createTestDb('postgres'), await createTestDb('postgres')];
    cleanups.push(async () => {
      for (const d of dbs) await d.cleanup();
    });
    const count = async (t: TestDb) => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM elders')).rows[0]!.n);
    // How long a whole import takes here, so the kills land inside it.
    const started = Date.now();
    const full = await runCli(['ledger', 'import', csv, '--json'], { DATABASE_URL: dbs[0]!.url! }, { timeoutMs: 120_000 });
    const took = Date.now() - started;
    expect(full.json).toMatchObject({ imported: 10_000, applied: true });
    const seen: number[] = [];
    for (const share of [0.3, 0.6, 0.85]) {
      const killed = await killAfter(['ledger', 'import', csv, '--json'], { DATABASE_URL: dbs[1]!.url! }, Math.round(took * share));
      const n = await count(dbs[1]!);
      seen.push(n);
      expect([0, 10_000]).toContain(n);
      if (!killed) break;
    }
    const again = await runCli(['ledger', 'import', csv, '--json'], { DATABASE_URL: dbs[1]!.url! }, { timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    expect(await count(dbs[1]!)).toBe(10_000);
    line(`ledger import killed at 30/60/85% of ${took} ms: elders after each kill ${seen.join('/')} (all or none: half-written 0), then a complete import of ${await count(dbs[1]!)}`);
  }, 300_000);

  it('kb ingest killed (SIGKILL) on the embedded database: every document is whole or absent, the lock is taken over, the next run completes', async () => {
    const folder = path.join(tmp.dir, 'policies');
    fs.mkdirSync(folder);
    const shipped = fs.readdirSync(DEFAULT_KNOWLEDGE_DIR).filter((f) => f.endsWith('.txt'));
    for (let copy = 0; copy < 1; copy++) {
      for (const f of shipped) fs.writeFileSync(path.join(folder, `${copy}-${f}`), `${fs.readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, f), 'utf8')}\n附：第${copy}份。\n`);
    }
    const total = shipped.length;
    const dataDir = path.join(tmp.dir, 'pglite');
    const env = { JINQIU_DATA_DIR: dataDir };
    // How long a whole ingest takes here (another folder), so the kills land inside it.
    const started = Date.now();
    expect((await runCli(['kb', 'ingest', folder, '--json'], { JINQIU_DATA_DIR: path.join(tmp.dir, 'pglite-timing') }, { timeoutMs: 120_000 })).code).toBe(0);
    const took = Date.now() - started;
    expect((await runCli(['kb', 'list', '--json'], env)).code).toBe(0); // the database exists before the kills
    const states: string[] = [];
    for (const share of [0.5, 0.8]) {
      await killAfter(['kb', 'ingest', folder, '--json'], env, Math.round(took * share));
      const listed = await runCli(['kb', 'list', '--json'], env); // takes over the stale lock
      expect(listed.code).toBe(0);
      states.push('?');
      const db = await openDatabase({ dataDir });
      try {
        const r = await db.query<{ source: string; chunk_count: number; n: string }>(
          `SELECT d.source, d.chunk_count, (SELECT count(*) FROM kb_chunks c WHERE c.document_id = d.id) AS n FROM kb_documents d WHERE d.source LIKE '_-%'`,
        );
        const partial = r.rows.filter((x) => Number(x.n) !== x.chunk_count || x.chunk_count === 0);
        expect(partial).toEqual([]);
        states[states.length - 1] = `${r.rows.length}`;
      } finally {
        await db.close();
      }
    }
    const done = await runCli(['kb', 'ingest', folder, '--json'], env, { timeoutMs: 120_000 });
    expect(done.code).toBe(0);
    expect(done.json.documents).toHaveLength(total);
    expect(fs.existsSync(path.join(dataDir, 'jinqiu.lock'))).toBe(false);
    line(`kb ingest killed at 50% and 80% of ${took} ms: documents whole after each kill ${states.join('/')} of ${total}, partial 0; the next run completed all ${total} and released the lock`);
  }, 300_000);
});
