import type { Config } from '../kernel/config.ts';
import type { Db } from '../db/types.ts';
import type { Sender } from '../chat/sender.ts';
import type { NoticeOutbox } from '../chat/ports.ts';
import type { Logger } from '../kernel/logger.ts';
import { runCatchUp, runPlanDay, type TickDeps } from './catch-up.ts';
import { createDeliverer } from './deliver.ts';
import { createInProcessRuntime } from './inprocess-runtime.ts';
import type { PlanEnv } from './planner.ts';
import type { PhoneChannel } from '../people/accounts.ts';
import { DEFAULT_SCHEDULES, defaultLimits, type ChannelLimits, type JobsRuntime, type ScheduleSpec, type WorkerHandle } from './runtime.ts';
import type { BullmqRuntimeOptions } from './bullmq-runtime.ts';
import { noticeOutbox } from '../notices/outbox.ts';

export type JobsConfig = Pick<Config, 'REDIS_URL' | 'JINQIU_TZ' | 'JINQIU_OFFICE_NAME'> &
  Partial<Pick<Config, 'WECHAT_SEND_INTERVAL_MS' | 'PHONE_PROVIDER' | 'SMS_TEMPLATE_GREETING' | 'VOICE_TEMPLATE_GREETING'>>;

/**
 * BullMQ when REDIS_URL is set, the in-process runner otherwise. Create ONE per process and hand the
 * same object to startScheduler, startWorkers and the 群发 skill (in-process mode needs them to share it).
 * BullMQ and ioredis (about 23 MB resident) load only when Redis is configured.
 */
export async function createJobsRuntime(config: JobsConfig, opts: Omit<BullmqRuntimeOptions, 'redisUrl'> = {}): Promise<JobsRuntime> {
  if (config.REDIS_URL) {
    const { createBullmqRuntime } = await import('./bullmq-runtime.ts');
    return createBullmqRuntime({ ...opts, redisUrl: config.REDIS_URL });
  }
  // The in-process runner takes only retry and log; the rest are Redis settings.
  return createInProcessRuntime(opts);
}

export function planEnv(config: JobsConfig): PlanEnv {
  // SMS and calls are routes for greetings only when a provider and their template are configured.
  const phoneChannels = config.PHONE_PROVIDER ? ([...(config.SMS_TEMPLATE_GREETING ? ['sms'] : []), ...(config.VOICE_TEMPLATE_GREETING ? ['voice_call'] : [])] as PhoneChannel[]) : [];
  return { tz: config.JINQIU_TZ, officeName: config.JINQIU_OFFICE_NAME, phoneChannels };
}

export interface SchedulerDeps {
  db: Db;
  log: Logger;
  config: JobsConfig;
  runtime: JobsRuntime;
  schedules?: ScheduleSpec[];
}

/**
 * Role `scheduler`: registers the repeating ticks (plan-day 00:05, catch-up hourly at :17, tz
 * JINQIU_TZ), asks for one catch-up now, and keeps the ticks registered (keepSchedules). Starting it
 * in several processes leaves one schedule. The ticks themselves run on the workers.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<{ close(): Promise<void> }> {
  const specs = deps.schedules ?? DEFAULT_SCHEDULES;
  await deps.runtime.ensureSchedules(specs, deps.config.JINQIU_TZ);
  await deps.runtime.enqueueTick('catch-up');
  deps.runtime.keepSchedules(specs, deps.config.JINQIU_TZ);
  deps.log.info({ runtime: deps.runtime.kind, schedules: (await deps.runtime.listSchedules()).map((s) => s.id) }, 'jobs scheduler started');
  return { close: async () => {} };
}

export interface WorkerDeps {
  db: Db;
  log: Logger;
  config: JobsConfig;
  runtime: JobsRuntime;
  /** Proactive sender for every channel (the channels' rate-limited senders behind one Sender). */
  sender: Sender;
  /** Staff groups hear about call lists, failures and uncertain sends. Default: the notice outbox. */
  outbox?: NoticeOutbox;
  concurrency?: number;
  /** The repeating ticks this worker keeps registered should Redis lose them (default: the scheduler's). */
  schedules?: ScheduleSpec[];
  /** Per-channel send rates across all workers; default Telegram 30/s, WeChat 1 per WECHAT_SEND_INTERVAL_MS. */
  limits?: ChannelLimits;
  now?: () => Date;
}

/** Role `worker`: sends deliveries and runs the plan-day / catch-up ticks. close() waits for running sends. */
export async function startWorkers(deps: WorkerDeps): Promise<WorkerHandle> {
  // Written in the same transaction that marks rows as reported.
  const outbox = deps.outbox ?? noticeOutbox;
  const tickDeps: TickDeps = { db: deps.db, runtime: deps.runtime, env: planEnv(deps.config), outbox, log: deps.log, ...(deps.now ? { now: deps.now } : {}) };
  const gate = deps.runtime.rateGate(deps.limits ?? defaultLimits(deps.config.WECHAT_SEND_INTERVAL_MS));
  const deliver = createDeliverer({ db: deps.db, sender: deps.sender, log: deps.log, gate });
  const concurrency = deps.concurrency ?? 10;
  const handle = await deps.runtime.startWorkers(
    {
      deliver: async (id, attempt) => {
        await deliver(id, attempt);
      },
      tick: async (name) => {
        if (name === 'plan-day') await runPlanDay(tickDeps);
        else await runCatchUp(tickDeps);
      },
    },
    { concurrency },
  );
  // A worker process heals lost schedules too: the scheduler role may be the one that is down.
  deps.runtime.keepSchedules(deps.schedules ?? DEFAULT_SCHEDULES, deps.config.JINQIU_TZ);
  deps.log.info({ runtime: deps.runtime.kind, concurrency }, 'jobs workers started');
  return handle;
}

/** Closes everything on SIGTERM/SIGINT (running sends finish first), then exits. */
export function closeOnSignals(closers: (() => Promise<void>)[], log: Logger, exit: (code: number) => void = (c) => process.exit(c)): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down jobs');
    void (async () => {
      for (const c of closers) await c().catch((e: unknown) => log.warn({ err: (e as Error).message }, 'close failed'));
      exit(0);
    })();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
