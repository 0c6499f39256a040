import type { Actor } from '../chat/actor.ts';
import type { InboundMessage } from '../chat/message.ts';
import type { Db } from '../db/types.ts';
import type { AbuseLimits } from '../kernel/config.ts';

/**
 * The global and per-channel rate limits, beside the per-account flood control (flood.ts), checked
 * before the sender's account is created or a voice is transcribed. Messages are counted per minute
 * in the database (table inbound_counts), so every process answering chats shares one count.
 *
 * Scopes, checked in this order, each counted only if the one before let the message through (so a
 * flood of strangers refused at their own limit does not use up the bound people's share):
 * people not bound yet on this channel, everybody on this channel, everybody. Staff are not
 * counted: they are tens of people, each under the flood control, and must be able to act during a
 * flood.
 */
export type Admission = 'ok' | 'warn' | 'drop';

const WINDOW_MS = 60_000;
/** Identities told "too busy" in the current window; beyond this many the rest are dropped quietly. */
const MAX_WARNED = 10_000;

export interface InboundLimits {
  admit(msg: Pick<InboundMessage, 'channel' | 'author'>, kind: Actor['kind'] | null, now: Date): Promise<Admission>;
}

export function createInboundLimits(deps: { db: Db; limits: AbuseLimits }): InboundLimits {
  const { db, limits } = deps;
  let warnedWindow = 0;
  const warned = new Set<string>();
  let sweptWindow = 0;

  async function bump(scope: string, windowStart: Date): Promise<number> {
    const r = await db.query<{ n: number }>(
      `INSERT INTO inbound_counts (scope, window_start, n) VALUES ($1, $2, 1)
       ON CONFLICT (scope, window_start) DO UPDATE SET n = inbound_counts.n + 1 RETURNING n`,
      [scope, windowStart],
    );
    return r.rows[0]!.n;
  }

  return {
    async admit(msg, kind, now) {
      if (kind === 'staff') return 'ok';
      const start = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
      if (start !== sweptWindow) {
        sweptWindow = start;
        await db.query(`DELETE FROM inbound_counts WHERE window_start < $1`, [new Date(start - 60 * WINDOW_MS)]);
      }
      const stranger = kind === null || kind === 'unknown';
      const scopes: [string, number][] = [
        ...(stranger ? [[`strangers:${msg.channel}`, limits.strangersPerMinute] as [string, number]] : []),
        [`channel:${msg.channel}`, limits.channelPerMinute],
        ['all', limits.perMinute],
      ];
      for (const [scope, max] of scopes) {
        if ((await bump(scope, new Date(start))) <= max) continue;
        // One kind answer per person per minute; the rest of that minute is dropped quietly.
        if (warnedWindow !== start) {
          warnedWindow = start;
          warned.clear();
        }
        const who = `${msg.channel}\u0000${msg.author.id}`;
        if (warned.has(who) || warned.size >= MAX_WARNED) return 'drop';
        warned.add(who);
        return 'warn';
      }
      return 'ok';
    },
  };
}
