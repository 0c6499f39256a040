import type { Db } from '../db/types.ts';
import type { NoticeOutbox } from '../chat/ports.ts';
import type { Logger } from '../kernel/logger.ts';
import { planDay, type PlanEnv } from './planner.ts';
import type { JobsRuntime } from './runtime.ts';
import { sendStaffDigest } from './staff-digest.ts';
import { todayIn } from '../kernel/time.ts';

export interface TickDeps {
  db: Db;
  runtime: JobsRuntime;
  env: PlanEnv;
  outbox?: NoticeOutbox | undefined;
  log?: Logger | undefined;
  now?: () => Date;
  /** A row left in 'sending' this long with no worker finishing it is taken as interrupted. */
  staleSendingMs?: number;
}

export interface CatchUpResult {
  day: string;
  planned: number;
  queued: number;
  missed: number;
  interrupted: number;
  reported: number;
}

/**
 * Plans today (idempotent), queues every pending row of today, gives up on rows of past days (a
 * birthday greeting a day late says the wrong thing: staff get them on the call list instead), turns
 * long-stuck 'sending' rows into 'uncertain', and sends staff the digest. Safe to run any time, by any
 * number of processes.
 */
export async function runCatchUp(deps: TickDeps): Promise<CatchUpResult> {
  const now = deps.now?.() ?? new Date();
  const day = todayIn(deps.env.tz, now);
  // planDay already lists every pending row of the day, including those planned before.
  const plan = await planDay(deps.db, day, deps.env, now);
  await deps.runtime.enqueueDeliveries(plan.toQueue, { requeue: true });
  const missed = await deps.db.query(
    `UPDATE deliveries SET status = 'failed', last_error = 'missed: the day passed before it was sent', updated_at = now()
     WHERE status = 'pending' AND occasion_date < $1`,
    [day],
  );
  const stale = await deps.db.query(
    `UPDATE deliveries SET status = 'uncertain', last_error = 'worker stopped while sending', updated_at = now()
     WHERE status = 'sending' AND sending_at < $1`,
    [new Date(now.getTime() - (deps.staleSendingMs ?? 15 * 60_000))],
  );
  const reported = deps.outbox ? await sendStaffDigest(deps.db, deps.outbox) : 0;
  const result = { day, planned: plan.planned, queued: plan.toQueue.length, missed: missed.rowCount ?? 0, interrupted: stale.rowCount ?? 0, reported };
  deps.log?.info(result, 'jobs catch-up');
  return result;
}

/** The midnight tick: plan the day and queue it; the hourly catch-up does the rest. */
export async function runPlanDay(deps: TickDeps): Promise<{ day: string; planned: number; queued: number }> {
  const now = deps.now?.() ?? new Date();
  const day = todayIn(deps.env.tz, now);
  const r = await planDay(deps.db, day, deps.env, now);
  await deps.runtime.enqueueDeliveries(r.toQueue);
  if (deps.outbox) await sendStaffDigest(deps.db, deps.outbox);
  deps.log?.info({ day, planned: r.planned, queued: r.toQueue.length, call: r.call, tasks: r.tasks }, 'jobs day planned');
  return { day, planned: r.planned, queued: r.toQueue.length };
}
