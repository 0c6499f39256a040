/**
 * A separate process for the fault tests: `worker` sends through a fake sender that appends each
 * greeting to a file the moment it is "delivered" (so a SIGKILL cannot hide a send), `scheduler`
 * registers the schedules and exits.
 */
import fs from 'node:fs';
import { openDatabase } from '../../src/db/open-database.ts';
import { createJobsRuntime, closeOnSignals, startScheduler, startWorkers } from '../../src/jobs/service.ts';
import type { Sender } from '../../src/chat/sender.ts';
import { createLogger } from '../../src/kernel/logger.ts';

const e = process.env;
const log = createLogger('silent');
const db = await openDatabase({ url: e.FAULT_DB_URL!, poolSize: 12 });
const config = { REDIS_URL: e.FAULT_REDIS_URL!, JINQIU_TZ: 'Asia/Shanghai', JINQIU_OFFICE_NAME: '县委老干部局' };
const runtime = await createJobsRuntime(config, {
  prefix: e.FAULT_PREFIX!,
  log,
  stalledIntervalMs: 1000,
  lockDurationMs: 2000,
  retry: { attempts: Number(e.FAULT_RETRY_ATTEMPTS ?? '5'), baseDelayMs: Number(e.FAULT_RETRY_BASE_MS ?? '100'), maxDelayMs: Number(e.FAULT_RETRY_MAX_MS ?? '1000') },
  // How soon a process notices that Redis lost the repeating ticks (production: 15 s, and at every reconnect).
  ...(e.FAULT_SCHEDULE_CHECK_MS ? { scheduleCheckMs: Number(e.FAULT_SCHEDULE_CHECK_MS) } : {}),
});

if (e.FAULT_MODE === 'scheduler') {
  await startScheduler({ db, log, config, runtime });
  await runtime.close();
  await db.close();
  process.exit(0);
}

const delay = Number(e.FAULT_SEND_DELAY_MS ?? '5');
const sender: Sender = {
  async send(target) {
    // The moment the platform would be called (the rate is about this), then the platform's latency.
    const calledAt = Date.now();
    await new Promise((r) => setTimeout(r, delay));
    fs.appendFileSync(e.FAULT_SENT_LOG!, `${target.threadId} ${calledAt}\n`);
    return { ok: true, messageIds: [String(Date.now())] };
  },
};
const limits = e.FAULT_TG_LIMIT ? { telegram: { max: Number(e.FAULT_TG_LIMIT), durationMs: 1000 } } : {};
const workers = await startWorkers({ db, log, config, runtime, sender, concurrency: Number(e.FAULT_CONCURRENCY ?? '10'), limits });
closeOnSignals([() => workers.close(), () => runtime.close(), () => db.close()], log);
process.send?.('ready');
