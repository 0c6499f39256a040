import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/cli.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { planDay } from '../../src/jobs/planner.ts';
import { createJobsRuntime, startWorkers } from '../../src/jobs/service.ts';
import { obliterateBullmq } from '../../src/jobs/bullmq-runtime.ts';
import { addManyElders, env, FakeSender, jobsConfig, silentLog, statusCounts, TEST_REDIS_URL, uniquePrefix, waitFor } from './fixtures.ts';

/** Crashes, restarts and races need real processes sharing one PostgreSQL and one Redis. */
const child = fileURLToPath(new URL('./fault-child.ts', import.meta.url));
const DAY = '2026-06-22';
const past = new Date(Date.now() - 60_000);

const forkChild = (vars: Record<string, string>) =>
  fork(child, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...vars }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

/** Resolves once the child's workers are ready. */
function startChild(vars: Record<string, string>): Promise<ChildProcess> {
  const p = forkChild(vars);
  return new Promise((resolve, reject) => {
    p.once('message', () => resolve(p));
    p.once('exit', (code) => reject(new Error(`fault child exited early (${code})`)));
  });
}
const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null || p.signalCode !== null ? r(p.exitCode) : p.once('exit', (c) => r(c))));
const records = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')) : []);
const lines = (file: string) => records(file).map((r) => r[0]!);

describe.skipIf(!process.env.TEST_DATABASE_URL)('fault tolerance on PostgreSQL and Redis', () => {
  let t: TestDb;
  let prefix: string;
  let tmp: string;
  /** Every greeting a child "delivered", one line each: `threadId calledAt`. */
  let log: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    t = await createTestDb('postgres');
    prefix = uniquePrefix('faults');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jq-faults-'));
    log = path.join(tmp, 'sent.log');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await obliterateBullmq(TEST_REDIS_URL, prefix);
    await t.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const vars = (extra: Record<string, string> = {}) => ({
    FAULT_DB_URL: t.url!, FAULT_REDIS_URL: TEST_REDIS_URL, FAULT_PREFIX: prefix, FAULT_SENT_LOG: log, ...extra,
  });
  async function startWorker(extra: Record<string, string>): Promise<ChildProcess> {
    const p = await startChild(vars(extra));
    children.push(p);
    return p;
  }

  async function queueCampaign(n: number): Promise<void> {
    await addManyElders(t.db, n, '1946-06-22');
    const r = await planDay(t.db, DAY, env);
    expect(r.toQueue).toHaveLength(n);
    const producer = await createJobsRuntime(jobsConfig(TEST_REDIS_URL), { prefix, log: silentLog });
    await producer.enqueueDeliveries(r.toQueue.map((q) => ({ ...q, runAt: past })));
    await producer.close();
  }

  it('a worker killed mid-campaign of 1,000: after restart every elder is greeted once, none twice', async () => {
    await queueCampaign(1000);
    const first = await startWorker({ FAULT_SEND_DELAY_MS: '5', FAULT_CONCURRENCY: '10' });
    await waitFor(() => lines(log).length >= 300, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = lines(log).length;
    expect(atKill).toBeLessThan(1000);

    const second = await startWorker({ FAULT_SEND_DELAY_MS: '1', FAULT_CONCURRENCY: '10' });
    await waitFor(async () => {
      const c = await statusCounts(t.db);
      return (c.sent ?? 0) + (c.uncertain ?? 0) === 1000;
    }, 90_000, 200);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);

    const sent = lines(log);
    const counts = new Map<string, number>();
    for (const s of sent) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect([...counts.values()].filter((v) => v > 1)).toEqual([]); // none twice
    const rows = await t.db.query<{ thread: string; status: string }>(
      `SELECT a.external_id AS thread, d.status FROM deliveries d JOIN channel_accounts a ON a.id = d.account_id`,
    );
    const byStatus = (s: string) => rows.rows.filter((r) => r.status === s).map((r) => r.thread);
    // Every row the database calls sent really went out, exactly once.
    for (const th of byStatus('sent')) expect(counts.get(th)).toBe(1);
    // The sends the crash interrupted are few (at most the worker's concurrency) and flagged for staff, not re-sent.
    const uncertain = byStatus('uncertain');
    expect(uncertain.length).toBeLessThanOrEqual(10);
    process.stderr.write(`kill test: ${atKill} logged at kill, ${uncertain.length} uncertain\n`);
    expect(byStatus('sent').length + uncertain.length).toBe(1000);
    const notInDb = sent.filter((th) => !byStatus('sent').includes(th) && !uncertain.includes(th));
    expect(notInDb).toEqual([]);
  });

  it('SIGTERM lets running sends finish: nothing is left uncertain', async () => {
    await queueCampaign(300);
    const w = await startWorker({ FAULT_SEND_DELAY_MS: '20', FAULT_CONCURRENCY: '5' });
    await waitFor(() => lines(log).length >= 50, 60_000);
    w.kill('SIGTERM');
    expect(await exited(w)).toBe(0);
    const c = await statusCounts(t.db);
    expect(c.sending ?? 0).toBe(0);
    expect(c.uncertain ?? 0).toBe(0);
    expect(c.sent).toBe(lines(log).length);
    await startWorker({ FAULT_SEND_DELAY_MS: '1' });
    await waitFor(async () => (await statusCounts(t.db)).sent === 300, 60_000, 200);
    expect(new Set(lines(log)).size).toBe(300);
    expect(lines(log)).toHaveLength(300);
  });

  it('two worker processes together stay under the Telegram rate', async () => {
    await queueCampaign(200);
    await startWorker({ FAULT_SEND_DELAY_MS: '1', FAULT_TG_LIMIT: '30' });
    await startWorker({ FAULT_SEND_DELAY_MS: '1', FAULT_TG_LIMIT: '30' });
    await waitFor(async () => (await statusCounts(t.db)).sent === 200, 60_000, 200);
    const at = records(log).map((r) => Number(r[1])).sort((x, y) => x - y);
    expect(at).toHaveLength(200);
    const maxInWindow = Math.max(...at.map((t0) => at.filter((x) => x >= t0 && x < t0 + 1000).length));
    process.stderr.write(`two workers: at most ${maxInWindow} sends in any second, ${at.at(-1)! - at[0]!} ms for 200\n`);
    expect(maxInWindow).toBeLessThanOrEqual(30);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(6000); // 200 at 30/s: at least six full windows
  });

  it('two schedulers starting at once leave one schedule per tick', async () => {
    const [a, b] = [forkChild(vars({ FAULT_MODE: 'scheduler' })), forkChild(vars({ FAULT_MODE: 'scheduler' }))];
    children.push(a, b);
    expect(await Promise.all([exited(a), exited(b)])).toEqual([0, 0]);
    const conn = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
    const ticks = new Queue('ticks', { connection: conn, prefix });
    try {
      const schedulers = await ticks.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['catch-up', 'plan-day']);
      expect(schedulers.every((s) => s.tz === 'Asia/Shanghai')).toBe(true);
      const delayed = await ticks.getDelayed();
      expect(delayed.map((j) => j.name).sort()).toEqual(['catch-up', 'plan-day']); // one next run each
      expect((await ticks.getWaiting()).filter((j) => j.name === 'catch-up').length).toBeLessThanOrEqual(1);
    } finally {
      await ticks.close();
      conn.disconnect();
    }
  });
});

/** A private Redis with an append-only file, so restarting it does not disturb other test files. */
function startRedis(port: number, dir: string): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('Redis restart during a campaign', () => {
  let t: TestDb;
  let redis: ChildProcess | undefined;
  let dir: string;
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await t?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes within a minute and sends each greeting once', async () => {
    t = await createTestDb('postgres');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jq-redis-'));
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    redis = startRedis(port, dir);
    await waitFor(async () => {
      const c = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
      c.on('error', () => {});
      try {
        await c.connect();
        return (await c.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        c.disconnect();
      }
    }, 10_000, 100);
    await addManyElders(t.db, 400, '1946-06-22');
    const r = await planDay(t.db, DAY, env);
    const runtime = await createJobsRuntime(jobsConfig(url), { prefix: 'jq-restart', log: silentLog, stalledIntervalMs: 1000, lockDurationMs: 2000, retry: { attempts: 8, baseDelayMs: 200, maxDelayMs: 2000 } });
    await runtime.enqueueDeliveries(r.toQueue.map((q) => ({ ...q, runAt: past })));
    const sender = new FakeSender(async () => {
      await new Promise((res) => setTimeout(res, 10));
      return { ok: true };
    });
    const workers = await startWorkers({ db: t.db, log: silentLog, config: jobsConfig(url), runtime, sender, concurrency: 4 });
    try {
      await waitFor(() => sender.sent.length >= 60, 30_000);
      redis.kill('SIGTERM'); // Redis writes its append-only file and exits
      await exited(redis);
      const during = sender.sent.length;
      await new Promise((res) => setTimeout(res, 2000));
      redis = startRedis(port, dir);
      const restartedAt = Date.now();
      await waitFor(async () => (await statusCounts(t.db)).sent === 400, 60_000, 200);
      expect(Date.now() - restartedAt).toBeLessThan(60_000);
      expect(during).toBeLessThan(400);
      expect(sender.sent).toHaveLength(400);
      expect(new Set(sender.sent.map((s) => s.target.threadId)).size).toBe(400);
    } finally {
      await workers.close();
      await runtime.close();
    }
  });
});
