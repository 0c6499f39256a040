import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { planDay } from '../../src/jobs/planner.ts';
import { createJobsRuntime, startScheduler, startWorkers } from '../../src/jobs/service.ts';
import { obliterateBullmq } from '../../src/jobs/bullmq-runtime.ts';
import type { ChannelLimits, JobsRuntime, WorkerHandle } from '../../src/jobs/runtime.ts';
import { runCatchUp } from '../../src/jobs/catch-up.ts';
import { resolveDelivery } from '../../src/jobs/report.ts';
import { readAudit } from '../../src/privacy/audit.ts';
import { addElder, addStaffGroup, env, FakeSender, jobsConfig, silentLog, statusCounts, TEST_REDIS_URL, uniquePrefix, waitFor } from './fixtures.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';

const prefix = uniquePrefix('runtime');
const retry = { attempts: 4, baseDelayMs: 50, maxDelayMs: 500 };
const runtimes = ['inprocess', 'bullmq'] as const;
const cases = testDbKinds.flatMap((db) => runtimes.map((rt) => [db, rt] as const));

afterAll(async () => obliterateBullmq(TEST_REDIS_URL, prefix));

describe.each(cases)('jobs on %s with the %s runner', (dbKind, rtKind) => {
  let t: TestDb;
  let runtime: JobsRuntime;
  let workers: WorkerHandle | undefined;
  const past = new Date(Date.now() - 60_000);

  beforeEach(async () => {
    t = await createTestDb(dbKind);
    runtime = await createJobsRuntime(jobsConfig(rtKind === 'bullmq' ? TEST_REDIS_URL : undefined), { prefix: `${prefix}-${dbKind}`, retry, log: silentLog, stalledIntervalMs: 1000 });
  });
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
    await runtime.close();
    await obliterateBullmq(TEST_REDIS_URL, `${prefix}-${dbKind}`);
    await t.cleanup();
  });

  const start = (sender: FakeSender, limits: ChannelLimits = {}) =>
    startWorkers({ db: t.db, log: silentLog, config: jobsConfig(), runtime, sender, concurrency: 4, limits }).then((w) => (workers = w));
  const queueDay = async (day: string) => {
    const r = await planDay(t.db, day, env);
    await runtime.enqueueDeliveries(r.toQueue.map((q) => ({ ...q, runAt: past })));
    return r;
  };

  it('sends each planned greeting once, even when queued twice', async () => {
    for (let i = 0; i < 12; i++) await addElder(t.db, { name: `张${i}号`, birth: '1946-06-20', account: 'telegram' });
    await addElder(t.db, { name: '李无号', birth: '1946-06-20' });
    const sender = new FakeSender();
    const r = await queueDay('2026-06-20');
    await runtime.enqueueDeliveries(r.toQueue.map((q) => ({ ...q, runAt: past })));
    await start(sender);
    await waitFor(async () => (await statusCounts(t.db)).sent === 12);
    await new Promise((res) => setTimeout(res, 300));
    expect(sender.sent).toHaveLength(12);
    expect(new Set(sender.sent.map((s) => s.target.threadId)).size).toBe(12);
    expect(await statusCounts(t.db)).toEqual({ sent: 12, call: 1 });
  });

  it('keeps each channel under its rate limit across workers', async () => {
    for (let i = 0; i < 25; i++) await addElder(t.db, { name: `张${i}号`, birth: '1946-06-20', account: 'telegram' });
    const at: number[] = [];
    const sender = new FakeSender(() => {
      at.push(Date.now());
      return { ok: true };
    });
    await queueDay('2026-06-20');
    const started = Date.now();
    await start(sender, { telegram: { max: 10, durationMs: 1000 } });
    await waitFor(async () => (await statusCounts(t.db)).sent === 25);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900); // 25 at 10/s needs two full windows
    const maxInWindow = Math.max(...at.map((t0) => at.filter((x) => x >= t0 && x < t0 + 1000).length));
    expect(maxInWindow).toBeLessThanOrEqual(10);
  });

  it('retries temporary errors with backoff and honours retry_after', async () => {
    await addElder(t.db, { name: '张建国', birth: '1946-06-20', account: 'telegram' });
    const at: number[] = [];
    const sender = new FakeSender((_t, n) => {
      at.push(Date.now());
      return n === 1 ? { ok: false, permanent: false, reason: '429', retryAfterMs: 300 } : n === 2 ? { ok: false, permanent: false, reason: 'ETIMEDOUT' } : { ok: true };
    });
    await queueDay('2026-06-20');
    await start(sender);
    await waitFor(async () => (await statusCounts(t.db)).sent === 1);
    expect(sender.calls).toBe(3);
    const row = await t.db.query<{ attempts: number }>(`SELECT attempts FROM deliveries`);
    expect(row.rows[0]!.attempts).toBe(3);
    // retry_after (300 ms) replaces the first backoff (about 50 ms); the second is the doubled backoff (about 100 ms).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(280);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(70);
  });

  it('gives up after the last attempt and stops at once on a permanent error, then tells staff', async () => {
    const g = await addStaffGroup(t.db, '韦庄镇工作群', ['韦庄镇']);
    const blocked = await addElder(t.db, { name: '张拉黑', birth: '1946-06-20', account: 'telegram' });
    await addElder(t.db, { name: '李超时', birth: '1946-06-20', account: 'wechat' });
    const sender = new FakeSender((tg) =>
      tg.chatKind === 'group' ? { ok: true } : tg.channel === 'telegram' ? { ok: false, permanent: true, reason: 'Forbidden: bot was blocked by the user' } : { ok: false, permanent: false, reason: 'timeout' },
    );
    await queueDay('2026-06-20');
    await start(sender);
    await waitFor(async () => (await statusCounts(t.db)).failed === 2);
    expect(sender.calls).toBe(1 + retry.attempts);
    const acct = await t.db.query<{ unreachable: boolean }>(`SELECT unreachable FROM channel_accounts WHERE elder_id = $1`, [blocked]);
    expect(acct.rows[0]!.unreachable).toBe(true);
    const errors = await t.db.query<{ elder_id: number; last_error: string }>(`SELECT elder_id, last_error FROM deliveries WHERE status = 'failed' ORDER BY elder_id`);
    expect(errors.rows.map((r) => r.last_error)).toEqual(['permanent: Forbidden: bot was blocked by the user', `gave up after ${retry.attempts} attempts: timeout`]);
    await runCatchUp({ db: t.db, runtime, env, outbox: noticeOutbox, now: () => new Date('2026-06-20T03:00:00Z') });
    const notices = await t.db.query<{ messages: { text: string }[] }>(`SELECT messages FROM staff_notices WHERE towns = '{韦庄镇}'`);
    const digest = notices.rows.map((r) => r.messages[0]!.text).join('\n');
    expect(digest).toContain('张拉黑');
    expect(digest).toContain('李超时');
    expect(g).toBeGreaterThan(0);
    // Naming elders to a staff group is a disclosure the audit log records.
    const [disclosed] = await readAudit(t.db, { action: 'jobs.call-list' });
    expect(disclosed).toMatchObject({ actor: 'system', rowCount: 2 });
    expect(disclosed!.elderIds).toContain(Number(blocked));
  });

  it('marks a row left in sending as uncertain and does not send it again', async () => {
    await addElder(t.db, { name: '张建国', birth: '1946-06-20', account: 'telegram' });
    await queueDay('2026-06-20'); // nothing runs before the workers start
    await t.db.query(`UPDATE deliveries SET status = 'sending', sending_at = now(), attempts = 1`);
    const sender = new FakeSender();
    await start(sender);
    await waitFor(async () => (await statusCounts(t.db)).uncertain === 1);
    expect(sender.calls).toBe(0);
  });

  it('cancels a greeting for an elder who passed away after it was planned', async () => {
    const id = await addElder(t.db, { name: '张建国', birth: '1946-06-20', account: 'telegram' });
    await queueDay('2026-06-20');
    await t.db.query(`UPDATE elders SET status = '已故', death_date = '2026-06-19' WHERE id = $1`, [id]);
    const sender = new FakeSender();
    await start(sender);
    await waitFor(async () => (await statusCounts(t.db)).cancelled === 1);
    expect(sender.calls).toBe(0);
  });

  it('keeps one schedule per tick however many schedulers start, in Asia/Shanghai', async () => {
    const other = await createJobsRuntime(jobsConfig(rtKind === 'bullmq' ? TEST_REDIS_URL : undefined), { prefix: `${prefix}-${dbKind}`, log: silentLog });
    try {
      await startScheduler({ db: t.db, log: silentLog, config: jobsConfig(), runtime });
      await startScheduler({ db: t.db, log: silentLog, config: jobsConfig(), runtime });
      if (rtKind === 'bullmq') await startScheduler({ db: t.db, log: silentLog, config: jobsConfig(), runtime: other });
      const s = await runtime.listSchedules();
      expect(s.map((x) => x.id).sort()).toEqual(['catch-up', 'plan-day']);
      expect(s.every((x) => x.tz === 'Asia/Shanghai')).toBe(true);
      const planDayNext = new Date(s.find((x) => x.id === 'plan-day')!.next!);
      expect(planDayNext.getUTCHours() * 60 + planDayNext.getUTCMinutes()).toBe(16 * 60 + 5); // 00:05 in Shanghai
    } finally {
      await other.close();
    }
  });

  it('the catch-up queues what is pending today and gives up on past days', async () => {
    await addElder(t.db, { name: '张昨天', birth: '1946-06-21', account: 'telegram' });
    await addElder(t.db, { name: '李今天', birth: '1946-06-22', account: 'telegram' });
    await planDay(t.db, '2026-06-21', env);
    const sender = new FakeSender();
    const now = () => new Date('2026-06-22T02:00:00Z'); // 10:00 in Shanghai, after the 08:30 send time
    await startWorkers({ db: t.db, log: silentLog, config: jobsConfig(), runtime, sender, concurrency: 2, now }).then((w) => (workers = w));
    const r = await runCatchUp({ db: t.db, runtime, env, now });
    expect(r).toMatchObject({ day: '2026-06-22', queued: 1, missed: 1 });
    await waitFor(async () => (await statusCounts(t.db)).sent === 1);
    expect(sender.sent.map((s) => s.text)).toEqual([expect.stringContaining('李老')]);
  });

  it('a greeting that ran out of attempts and that staff asked to resend goes out at the next catch-up (its ended job does not block it)', async () => {
    await addElder(t.db, { name: '王重发', birth: '1946-06-22', account: 'telegram' });
    // Every attempt of the first job times out; the resend succeeds.
    const sender = new FakeSender((_, n) => (n <= retry.attempts ? { ok: false, permanent: false, reason: 'timeout' } : { ok: true }));
    const now = () => new Date('2026-06-22T02:00:00Z');
    await startWorkers({ db: t.db, log: silentLog, config: jobsConfig(), runtime, sender, concurrency: 2, now }).then((w) => (workers = w));
    await runCatchUp({ db: t.db, runtime, env, now });
    await waitFor(async () => (await statusCounts(t.db)).failed === 1, 20_000);
    const id = Number((await t.db.query<{ id: string }>(`SELECT id FROM deliveries`)).rows[0]!.id);
    await resolveDelivery(t.db, id, 'resend', 'staff:1');
    await runCatchUp({ db: t.db, runtime, env, now });
    await waitFor(async () => (await statusCounts(t.db)).sent === 1, 20_000);
    expect(sender.sent).toHaveLength(1);
    expect(sender.calls).toBe(retry.attempts + 1);
  });
});
