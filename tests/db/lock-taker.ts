/**
 * One of two processes racing for data-folder locks: for each round it waits (spinning, so both start
 * within the same millisecond) until the round's start time, tries the lock of that round's folder,
 * prints the outcome, holds a won lock until the round ends, then releases it.
 */
import path from 'node:path';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';

const [base, rounds, start, interval] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
for (let r = 0; r < rounds; r++) {
  const at = start + r * interval;
  while (Date.now() < at) {
    /* spin: a timer would wake up to a few ms late */
  }
  let outcome: string;
  let lock: { release(): void } | undefined;
  try {
    lock = lockDataDir(path.join(base, String(r)));
    outcome = 'held';
  } catch (e) {
    outcome = (e as { code?: string }).code === 'DATA_DIR_LOCKED' ? 'refused' : `error ${(e as Error).message}`;
  }
  const tookMs = Date.now() - at;
  process.stdout.write(`${JSON.stringify({ round: r, outcome, tookMs })}\n`);
  while (Date.now() < at + interval * 0.9) {
    /* hold while the other taker still tries */
  }
  lock?.release();
}
