import { Queue, Worker, type Job } from 'bullmq';
import { channelSchema, type Channel } from '../chat/message.ts';
import { Redis } from 'ioredis';
import type { Logger } from '../kernel/logger.ts';
import { redisRateGate } from './rate-gate.ts';
import {
  backoffMs, type QueueItem, cronPattern, DEFAULT_RETRY, RetryableError,
  type ChannelLimits, type JobHandlers, type JobsRuntime, type RetryPolicy, type ScheduleInfo, type ScheduleSpec, type TickName, type WorkerHandle,
} from './runtime.ts';

export interface BullmqRuntimeOptions {
  redisUrl: string;
  /** Redis key prefix; tests use a unique one per file. */
  prefix?: string;
  retry?: RetryPolicy;
  /** How often a worker looks for jobs whose worker died (BullMQ default 30 s). */
  stalledIntervalMs?: number;
  /** How long a job's lock lasts without renewal (BullMQ default 30 s); a dead worker's jobs return after it. */
  lockDurationMs?: number;
  log?: Logger;
  /** How often each process checks that the repeating ticks are still in Redis (also checked on every reconnect). */
  scheduleCheckMs?: number;
}

/** One delivery queue per channel, so each channel's rate limit is enforced across all workers. */
const CHANNELS: Channel[] = channelSchema.options;
const deliveryQueueName = (c: Channel) => `deliveries-${c}`;
const TICKS = 'ticks';
const BACKOFF_TYPE = 'jinqiu';

/** The job id is the delivery row id: the same row can never be queued twice. */
function deliveryJobId(id: number): string {
  return `delivery-${id}`;
}

export function createBullmqRuntime(opts: BullmqRuntimeOptions): JobsRuntime {
  const prefix = opts.prefix ?? 'jinqiu';
  const retry = opts.retry ?? DEFAULT_RETRY;
  // null: commands wait for Redis to come back instead of failing (a Redis restart resumes by itself).
  const connect = () => new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const connections: Redis[] = [];
  const conn = () => {
    const c = connect();
    c.on('error', (e) => opts.log?.debug({ err: e.message }, 'redis connection error'));
    connections.push(c);
    return c;
  };
  const producer = conn();
  const deliveries = new Map(CHANNELS.map((c) => [c, new Queue(deliveryQueueName(c), { connection: producer, prefix })]));
  const ticks = new Queue(TICKS, { connection: producer, prefix });
  const workers: Worker[] = [];
  // Without listeners BullMQ prints every reconnect attempt; Redis being away is logged once per error at debug.
  for (const q of [...deliveries.values(), ticks]) q.on('error', (e) => opts.log?.debug({ err: e.message }, 'queue error'));

  // Self-healing schedules (see keepSchedules): one watch per runtime, whatever asks for it.
  let kept: { specs: ScheduleSpec[]; tz: string } | undefined;
  // Only a loss is healed: a worker that starts before any scheduler has registered the ticks leaves that to it.
  let seen = false;
  let watch: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;
  let closed = false;
  const registerSchedules = async (specs: ScheduleSpec[], tz: string) => {
    // upsertJobScheduler is keyed by id: a second process starting does not add a second schedule.
    for (const s of specs) {
      await ticks.upsertJobScheduler(s.id, { pattern: cronPattern(s), tz }, { name: s.id, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
    }
  };
  const enqueueTick = async (name: TickName) => {
    // Several processes asking in the same minute get one run, not several.
    await ticks.add(name, {}, { jobId: `${name}-${Math.floor(Date.now() / 60_000)}`, attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
  };
  const checkSchedules = () => {
    if (!kept || closed) return Promise.resolve();
    const { specs, tz } = kept;
    checking ??= (async () => {
      try {
        const have = new Set((await ticks.getJobSchedulers()).map((s) => s.key));
        const missing = specs.filter((s) => !have.has(s.id)).map((s) => s.id);
        if (!missing.length) {
          seen = true;
          return;
        }
        if (!seen || closed) return;
        await registerSchedules(specs, tz);
        await enqueueTick('catch-up');
        opts.log?.warn({ missing }, 'repeating ticks were gone from Redis (restarted without persistence, or flushed): registered again, catch-up queued');
      } catch (e) {
        // Redis still away: the next reconnect or the next check tries again.
        opts.log?.debug({ err: (e as Error).message }, 'schedule check failed');
      } finally {
        checking = undefined;
      }
    })();
    return checking;
  };
  // A restarted Redis is noticed as soon as the producer reconnects; the timer covers a flush without a disconnect.
  producer.on('ready', () => void checkSchedules());

  /**
   * A pending row whose job already completed or failed (e.g. every attempt hit a database that was
   * down) would never run again: the job id blocks a new job. Those ended jobs are removed first. A
   * running job is locked and stays; the claim in the database still lets a row go out only once.
   */
  const removeEnded = async (items: QueueItem[]) => {
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      const states = await Promise.all(chunk.map((it) => deliveries.get(it.channel)!.getJobState(deliveryJobId(it.id))));
      const ended = chunk.filter((_, k) => states[k] === 'failed' || states[k] === 'completed');
      await Promise.all(ended.map((it) => deliveries.get(it.channel)!.remove(deliveryJobId(it.id))));
      if (ended.length) opts.log?.info({ requeued: ended.length }, 'pending deliveries whose jobs had ended are queued again');
    }
  };

  const jobOpts = {
    attempts: retry.attempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };

  return {
    kind: 'bullmq',
    async enqueueDeliveries(items, eopts) {
      const now = Date.now();
      if (eopts?.requeue) await removeEnded(items);
      // Chunks go out a few at a time: one round trip per chunk, several chunks in flight.
      const chunks: Promise<unknown>[] = [];
      for (const [channel, q] of deliveries) {
        const mine = items.filter((it) => it.channel === channel);
        for (let i = 0; i < mine.length; i += 1000) {
          chunks.push(
            q.addBulk(
              mine.slice(i, i + 1000).map((it) => ({
                name: 'deliver',
                data: { id: it.id },
                opts: { ...jobOpts, jobId: deliveryJobId(it.id), delay: Math.max(0, it.runAt.getTime() - now) },
              })),
            ),
          );
          if (chunks.length >= 4) await Promise.all(chunks.splice(0));
        }
      }
      await Promise.all(chunks);
    },
    enqueueTick,
    ensureSchedules: registerSchedules,
    keepSchedules(specs: ScheduleSpec[], tz: string) {
      kept = { specs, tz };
      void checkSchedules();
      if (watch || closed) return;
      watch = setInterval(() => void checkSchedules(), opts.scheduleCheckMs ?? 15_000);
      watch.unref();
    },
    async listSchedules(): Promise<ScheduleInfo[]> {
      const list = await ticks.getJobSchedulers();
      return list.map((s) => ({ id: s.key, pattern: s.pattern ?? '', tz: s.tz ?? '', next: s.next ? new Date(s.next).toISOString() : null }));
    },
    rateGate(limits: ChannelLimits) {
      return redisRateGate(producer, prefix, limits);
    },
    async startWorkers(handlers: JobHandlers, wopts): Promise<WorkerHandle> {
      const settings = { backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => backoffMs(retry, attemptsMade, err) };
      const common = { prefix, stalledInterval: opts.stalledIntervalMs ?? 30_000, lockDuration: opts.lockDurationMs ?? 30_000, maxStalledCount: 1, settings };
      const dws = CHANNELS.map((channel) => {
        return new Worker(
          deliveryQueueName(channel),
          async (job: Job<{ id: number }>) => {
            await handlers.deliver(job.data.id, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
          },
          { ...common, connection: conn(), concurrency: wopts.concurrency },
        );
      });
      const tw = new Worker(TICKS, async (job: Job) => handlers.tick(job.name as TickName), { ...common, connection: conn(), concurrency: 1 });
      const all = [...dws, tw];
      for (const w of all) {
        w.on('failed', (job, err) => {
          if (!(err instanceof RetryableError)) opts.log?.warn({ job: job?.id, err: err.message }, 'job failed');
        });
        w.on('error', (err) => opts.log?.debug({ err: err.message }, 'worker error'));
      }
      workers.push(...all);
      await Promise.all(all.map((w) => w.waitUntilReady()));
      return {
        async close() {
          await Promise.all(all.map((w) => w.close()));
        },
      };
    },
    async counts() {
      const out = { waiting: 0, delayed: 0, active: 0 };
      for (const q of deliveries.values()) {
        const c = await q.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        out.waiting += (c.waiting ?? 0) + (c.prioritized ?? 0);
        out.delayed += c.delayed ?? 0;
        out.active += c.active ?? 0;
      }
      return out;
    },
    async close() {
      closed = true;
      if (watch) clearInterval(watch);
      await checking;
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...[...deliveries.values()].map((q) => q.close()), ticks.close()]);
      for (const c of connections) c.disconnect();
    },
  };
}

/** Removes every key of a prefix (tests and the benchmark clean up after themselves). */
export async function obliterateBullmq(redisUrl: string, prefix: string): Promise<void> {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    for (const name of [...CHANNELS.map(deliveryQueueName), TICKS]) {
      const q = new Queue(name, { connection: c, prefix });
      await q.obliterate({ force: true });
      await q.close();
    }
  } finally {
    c.disconnect();
  }
}
