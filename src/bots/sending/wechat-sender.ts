import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { ChannelAdapter } from '../adapter.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { addDays } from '../../kernel/time.ts';
import { timeIn, zonedInstant } from '../../kernel/zoned-time.ts';
import { todayIn } from '../../kernel/time.ts';
import { realClock, type Clock } from './rate-limiter.ts';

export interface WechatSendPolicy {
  /** Gap between proactive sends (WECHAT_SEND_INTERVAL_MS), plus up to half of it again as jitter. */
  intervalMs: number;
  /** Proactive sends per account per local day (WECHAT_DAILY_CAP). */
  dailyCap: number;
  timeZone: string;
  /** Quiet hours for private chats: from quietStart:00 to quietEnd:00 local time. */
  quietStart: number;
  quietEnd: number;
}

/** The reason the WeChat adapter gives a send that met a frequency warning. */
export const FREQUENCY_WARNING = /^frequency/;

/**
 * Proactive WeChat sends, shaped so a personal account is not banned for bulk sending: one at a time,
 * spaced with jitter, capped per account per day (counted in the database, so restarts do not reset it),
 * nothing to private chats in quiet hours, and a full stop until tomorrow after a frequency warning.
 * Staff rooms still get notices at night: an urgent case must not wait until seven.
 */
export function createWechatSender(deps: {
  db: Queryable;
  adapter: Pick<ChannelAdapter, 'deliver'> & { accountId(): string | undefined };
  policy: Partial<WechatSendPolicy> & Pick<WechatSendPolicy, 'intervalMs' | 'dailyCap' | 'timeZone'>;
  log?: Logger;
  clock?: Clock;
  random?: () => number;
}): Sender {
  const p: WechatSendPolicy = { quietStart: 22, quietEnd: 7, ...deps.policy };
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  let lastSentAt = 0;
  let chain: Promise<unknown> = Promise.resolve();

  const untilTomorrowMorning = (now: number) => msUntilHour(now, p.timeZone, p.quietEnd, true);

  async function sendNow(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
    const account = deps.adapter.accountId();
    if (!account) return { ok: false, permanent: false, reason: 'wechat: not logged in', retryAfterMs: 60_000 };
    const now = clock.now();
    if (target.chatKind === 'private' && inQuietHours(now, p)) {
      return { ok: false, permanent: false, reason: 'quiet_hours', retryAfterMs: msUntilHour(now, p.timeZone, p.quietEnd, false) };
    }
    const day = todayIn(p.timeZone, new Date(now));
    const budget = await deps.db.query<{ sent: number; stopped_reason: string | null }>(
      'SELECT sent, stopped_reason FROM wechat_send_days WHERE account_id = $1 AND day = $2',
      [account, day],
    );
    const row = budget.rows[0];
    if (row?.stopped_reason) return { ok: false, permanent: false, reason: `stopped_for_today: ${row.stopped_reason}`, retryAfterMs: untilTomorrowMorning(now) };
    if ((row?.sent ?? 0) >= p.dailyCap) return { ok: false, permanent: false, reason: 'daily_cap', retryAfterMs: untilTomorrowMorning(now) };

    const gap = p.intervalMs + random() * p.intervalMs * 0.5;
    const wait = lastSentAt + gap - now;
    if (wait > 0) await clock.sleep(wait);
    const out = await deps.adapter.deliver(target, messages);
    lastSentAt = clock.now();
    if (out.ok) {
      await deps.db.query(
        `INSERT INTO wechat_send_days (account_id, day, sent) VALUES ($1, $2, 1)
         ON CONFLICT (account_id, day) DO UPDATE SET sent = wechat_send_days.sent + 1, updated_at = now()`,
        [account, day],
      );
      return out;
    }
    if (FREQUENCY_WARNING.test(out.reason)) {
      await stopWechatForToday(deps.db, account, day, out.reason);
      deps.log?.error({ account, reason: out.reason }, 'WeChat frequency warning: proactive sending stopped until tomorrow');
      return { ok: false, permanent: false, reason: `stopped_for_today: ${out.reason}`, retryAfterMs: untilTomorrowMorning(clock.now()) };
    }
    return out;
  }

  return {
    // One proactive send at a time per process: spacing only means something if sends do not overlap.
    send(target, messages) {
      const turn = chain.then(() => sendNow(target, messages));
      chain = turn.catch(() => {});
      return turn;
    },
  };
}

/** Milliseconds until the wall clock in `tz` next shows hour:00 (strictly tomorrow when `nextDay`). */
function msUntilHour(now: number, tz: string, hour: number, nextDay: boolean): number {
  const today = todayIn(tz, new Date(now));
  const hhmm = `${String(hour).padStart(2, '0')}:00`;
  let at = zonedInstant(today, hhmm, tz).getTime();
  if (nextDay || at <= now) at = zonedInstant(addDays(today, 1), hhmm, tz).getTime();
  return at - now;
}

function inQuietHours(now: number, p: WechatSendPolicy): boolean {
  const hour = Number(timeIn(p.timeZone, new Date(now)).slice(0, 2)); // 'HH:MM'
  return p.quietStart > p.quietEnd ? hour >= p.quietStart || hour < p.quietEnd : hour >= p.quietStart && hour < p.quietEnd;
}

/** After a frequency warning (on any send, reply or proactive) no proactive send goes out that day. */
export async function stopWechatForToday(db: Queryable, account: string, day: string, reason: string): Promise<void> {
  await db.query(
    `INSERT INTO wechat_send_days (account_id, day, sent, stopped_reason) VALUES ($1, $2, 0, $3)
     ON CONFLICT (account_id, day) DO UPDATE SET stopped_reason = EXCLUDED.stopped_reason, updated_at = now()`,
    [account, day, reason.slice(0, 300)],
  );
}
