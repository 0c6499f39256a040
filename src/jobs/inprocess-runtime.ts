import type { Logger } from '../kernel/logger.ts';
import {
  backoffMs, cronPattern, DEFAULT_RETRY,
  type ChannelLimits, type JobHandlers, type JobsRuntime, type RetryPolicy, type ScheduleInfo, type ScheduleSpec, type TickName, type WorkerHandle,
} from './runtime.ts';
import { todayIn } from '../kernel/time.ts';
import { addDays } from '../kernel/time.ts';
import { timeIn, zonedInstant } from '../kernel/zoned-time.ts';
import { memoryRateGate } from './rate-gate.ts';

/**
 * The embedded default: the same jobs interface without Redis. Nothing survives a restart here, and
 * nothing needs to: the database is the record, and the catch-up at start re-queues what was pending.
 */
interface Pending {
  kind: 'deliver' | 'tick';
  id: number | TickName;
  runAt: number;
  attemptsMade: number;
}

export function createInProcessRuntime(opts: { retry?: RetryPolicy; log?: Logger } = {}): JobsRuntime {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const queued = new Map<string, Pending>();
  const ready: Pending[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const schedules = new Map<string, { spec: ScheduleSpec; tz: string; next: Date }>();
  let handlers: JobHandlers | null = null;

  let concurrency = 1;
  let active = 0;
  let closing = false;
  const idleWaiters: (() => void)[] = [];
  const idle = () => (active > 0 ? new Promise<void>((r) => idleWaiters.push(r)) : Promise.resolve());
  const keyOf = (p: Pending) => `${p.kind}:${p.id}`;

  const later = (ms: number, fn: () => void) => {
    // setTimeout caps at ~24.8 days; longer waits re-arm.
    const wait = Math.min(Math.max(0, ms), 2 ** 31 - 1);
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, wait);
    t.unref?.();
    timers.add(t);
  };

  const arm = (p: Pending) => {
    const wait = p.runAt - Date.now();
    if (wait <= 0) {
      ready.push(p);
      pump();
    } else {
      later(wait, () => arm(p));
    }
  };

  const pump = () => {
    while (handlers && !closing && active < concurrency && ready.length) {
      const p = ready.shift()!;
      active++;
      void run(p).finally(() => {
        active--;
        if (active === 0 && idleWaiters.length) idleWaiters.splice(0).forEach((f) => f());
        pump();
      });
    }
  };

  const run = async (p: Pending) => {
    const h = handlers!;
    try {
      if (p.kind === 'deliver') await h.deliver(p.id as number, { attemptsMade: p.attemptsMade, maxAttempts: retry.attempts });
      else await h.tick(p.id as TickName);
      queued.delete(keyOf(p));
    } catch (e) {
      p.attemptsMade++;
      const max = p.kind === 'deliver' ? retry.attempts : 3;
      if (p.attemptsMade >= max || closing) {
        queued.delete(keyOf(p));
        opts.log?.warn({ job: keyOf(p), err: (e as Error).message }, 'job failed');
        return;
      }
      p.runAt = Date.now() + backoffMs(retry, p.attemptsMade, e);
      arm(p);
    }
  };

  const add = (p: Pending) => {
    if (closing || queued.has(keyOf(p))) return;
    queued.set(keyOf(p), p);
    arm(p);
  };

  const nextRun = (spec: ScheduleSpec, tz: string, after: Date): Date => {
    const today = todayIn(tz, after);
    const hhmm = (h: number) => `${String(h).padStart(2, '0')}:${String(spec.minute).padStart(2, '0')}`;
    if (spec.hour !== undefined) {
      const t = zonedInstant(today, hhmm(spec.hour), tz);
      // Tomorrow's wall time, not t + 24 h, so a day with a DST change still runs at the hour asked for.
      return t > after ? t : zonedInstant(addDays(today, 1), hhmm(spec.hour), tz);
    }
    const [h] = timeIn(tz, after).split(':').map(Number) as [number];
    const t = zonedInstant(today, hhmm(h), tz);
    return t > after ? t : new Date(t.getTime() + 3_600_000);
  };

  const armSchedule = (id: string) => {
    const s = schedules.get(id);
    if (!s || closing) return;
    later(s.next.getTime() - Date.now(), () => {
      add({ kind: 'tick', id: s.spec.id, runAt: Date.now(), attemptsMade: 0 });
      s.next = nextRun(s.spec, s.tz, new Date(Date.now() + 1000));
      armSchedule(id);
    });
  };

  return {
    kind: 'inprocess',
    async enqueueDeliveries(items) {
      for (const it of items) add({ kind: 'deliver', id: it.id, runAt: it.runAt.getTime(), attemptsMade: 0 });
    },
    async enqueueTick(name) {
      add({ kind: 'tick', id: name, runAt: Date.now(), attemptsMade: 0 });
    },
    async ensureSchedules(specs, tz) {
      for (const spec of specs) {
        if (schedules.has(spec.id)) continue;
        schedules.set(spec.id, { spec, tz, next: nextRun(spec, tz, new Date()) });
        armSchedule(spec.id);
      }
    },
    async listSchedules(): Promise<ScheduleInfo[]> {
      return [...schedules.values()].map((s) => ({ id: s.spec.id, pattern: cronPattern(s.spec), tz: s.tz, next: s.next.toISOString() }));
    },
    keepSchedules() {
      // The schedules live in this process's memory: they cannot be lost while it runs.
    },
    rateGate(limits: ChannelLimits) {
      return memoryRateGate(limits);
    },
    async startWorkers(h, wopts): Promise<WorkerHandle> {
      handlers = h;
      concurrency = Math.max(1, wopts.concurrency);
      pump();
      return {
        async close() {
          closing = true;
          await idle();
        },
      };
    },
    async counts() {
      let delayed = 0;
      const now = Date.now();
      for (const p of queued.values()) if (p.runAt > now) delayed++;
      return { waiting: ready.length, delayed, active };
    },
    async close() {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await idle();
    },
  };
}
