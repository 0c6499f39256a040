/**
 * The jobs interface both runners implement: BullMQ on Redis when REDIS_URL is set, an in-process
 * runner otherwise. Payloads carry ids only; everything personal stays in the database.
 */
import type { Channel } from '../chat/message.ts';
import type { RateGate } from './rate-gate.ts';

export type TickName = 'plan-day' | 'catch-up';

/** A delivery to queue: its row id, when, and the channel whose rate limit it counts against. */
export interface QueueItem {
  id: number;
  runAt: Date;
  channel: Channel;
}

/**
 * Sends per channel per window, across every worker process (BullMQ keeps the counter in Redis, so
 * three workers together still stay under Telegram's limit). The channel senders may space sends further.
 */
export type ChannelLimits = Partial<Record<Channel, { max: number; durationMs: number }>>;

export function defaultLimits(wechatIntervalMs = 3000): ChannelLimits {
  return { telegram: { max: 30, durationMs: 1000 }, wechat: { max: 1, durationMs: Math.max(1, wechatIntervalMs) } };
}

/** A repeating tick: daily at hour:minute, or hourly at :minute when hour is absent. Wall time in tz. */
export interface ScheduleSpec {
  id: TickName;
  minute: number;
  hour?: number;
}

export const DEFAULT_SCHEDULES: ScheduleSpec[] = [
  // Plans today's greetings just after midnight; they wait as delayed jobs until their send time.
  { id: 'plan-day', hour: 0, minute: 5 },
  // Hourly sweep: anything missed while workers or Redis were down, stale 'sending' rows, staff digest.
  { id: 'catch-up', minute: 17 },
];

export function cronPattern(s: ScheduleSpec): string {
  return `0 ${s.minute} ${s.hour ?? '*'} * * *`;
}

export interface AttemptInfo {
  /** Attempts already made before this one. */
  attemptsMade: number;
  maxAttempts: number;
}

/** Thrown by a handler for a temporary failure: the runner retries after a backoff (or retryAfterMs). */
export class RetryableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'RetryableError';
  }
}

export interface JobHandlers {
  deliver(deliveryId: number, attempt: AttemptInfo): Promise<void>;
  tick(name: TickName): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** First backoff; doubles each attempt (with jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 5_000, maxDelayMs: 10 * 60_000 };

export function backoffMs(policy: RetryPolicy, attemptsMade: number, err?: unknown): number {
  if (err instanceof Error && typeof (err as RetryableError).retryAfterMs === 'number') {
    return Math.min((err as RetryableError).retryAfterMs!, policy.maxDelayMs);
  }
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.min(Math.round(exp * (0.8 + Math.random() * 0.4)), policy.maxDelayMs);
}

export interface WorkerHandle {
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export interface ScheduleInfo {
  id: string;
  pattern: string;
  tz: string;
  next: string | null;
}

export interface JobsRuntime {
  readonly kind: 'bullmq' | 'inprocess';
  /**
   * Idempotent: a delivery already queued (same id) is not queued twice. With `requeue` (the catch-up,
   * which passes only rows still pending in the database), a job that already ended without settling
   * its row (it failed while the database was away, say) is replaced, so the row is not stuck behind it.
   */
  enqueueDeliveries(items: QueueItem[], opts?: { requeue?: boolean }): Promise<void>;
  /** Runs a tick soon (e.g. the catch-up at start). */
  enqueueTick(name: TickName): Promise<void>;
  /** Creates or updates the repeating ticks; calling it from several processes leaves one of each. */
  ensureSchedules(specs: ScheduleSpec[], tz: string): Promise<void>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /**
   * Keeps the repeating ticks there: whenever the queue store is found without ticks this process has
   * seen there (Redis restarted without persistence, or flushed), registers them again and asks for a
   * catch-up, which re-queues today's pending rows from the database. Checked at once, on every
   * reconnect and every 15 s. Every process holding a scheduler or a worker calls it, so healing needs
   * no restart and no particular role to be alive. Several calls on one runtime keep one watch.
   */
  keepSchedules(specs: ScheduleSpec[], tz: string): void;
  startWorkers(handlers: JobHandlers, opts: { concurrency: number }): Promise<WorkerHandle>;
  /** Per-channel send limits shared by every worker on this runtime (Redis: across processes). */
  rateGate(limits: ChannelLimits): RateGate;
  /** Jobs waiting, delayed or running (for reports and tests). */
  counts(): Promise<{ waiting: number; delayed: number; active: number }>;
  close(): Promise<void>;
}
