import fs from 'node:fs';
import type { Queryable } from '../../src/db/types.ts';

/**
 * What a fault did to a campaign, one bucket per greeting row: sent exactly once (and recorded so),
 * uncertain (staff check by phone; never re-sent blindly), doubled (sent more than once: must be 0),
 * missing (never sent, or recorded sent with nothing sent: must be 0).
 */
export interface GreetingCounts {
  total: number;
  sentOnce: number;
  uncertain: number;
  doubled: number;
  missing: number;
  /** Sends to a thread no row asked for (must be 0). */
  stray: number;
}

/** `sentLog`: one line per send the fake platform saw, `threadId calledAt`. */
export function sentThreads(sentLog: string): string[] {
  return fs.existsSync(sentLog) ? fs.readFileSync(sentLog, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]!) : [];
}

export async function greetingCounts(db: Queryable, sends: string[]): Promise<GreetingCounts> {
  const rows = await db.query<{ thread: string; status: string }>(
    `SELECT a.external_id AS thread, d.status FROM deliveries d JOIN channel_accounts a ON a.id = d.account_id`,
  );
  const times = new Map<string, number>();
  for (const s of sends) times.set(s, (times.get(s) ?? 0) + 1);
  const c: GreetingCounts = { total: rows.rows.length, sentOnce: 0, uncertain: 0, doubled: 0, missing: 0, stray: 0 };
  const known = new Set<string>();
  for (const r of rows.rows) {
    known.add(r.thread);
    const n = times.get(r.thread) ?? 0;
    if (n > 1) c.doubled++;
    else if (r.status === 'uncertain') c.uncertain++;
    else if (r.status === 'sent' && n === 1) c.sentOnce++;
    else c.missing++;
  }
  c.stray = [...times.keys()].filter((t) => !known.has(t)).length;
  return c;
}

/** One line per fault in the test output (CI's log shows them). */
export function printCounts(fault: string, c: GreetingCounts, note = ''): void {
  process.stderr.write(`fault suite | ${fault}: sent once ${c.sentOnce}, uncertain ${c.uncertain}, doubled ${c.doubled}, missing ${c.missing} (of ${c.total}${note ? `; ${note}` : ''})\n`);
}
