import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import { addDays, todayIn } from '../../kernel/time.ts';
import { timeIn, zonedInstant } from '../../kernel/zoned-time.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendContext, SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { dialableOf, mobileOf } from '../../people/phone-numbers.ts';
import { realClock, type Clock } from '../sending/rate-limiter.ts';
import type { PhoneProvider } from './provider.ts';

export interface PhoneLimits {
  /** Least time between two sends of this kind to one number (providers: SMS 1/min, calls 1/30 s). */
  minIntervalMs: number;
  /** Sends of this kind to one number per local day. */
  perDay: number;
  /** No sends from quietStart:00 to quietEnd:00 local time (nobody's phone rings at night). */
  quietStart: number;
  quietEnd: number;
  timeZone: string;
}

export const SMS_MIN_INTERVAL_MS = 60_000;
export const CALL_MIN_INTERVAL_MS = 30_000;

/**
 * SMS or TTS voice calls as a Sender. The ledger's number is the target (deliveries read it at send
 * time); the template's values come from the greeting's context (称呼, 场合 …). The per-number limits
 * are checked here, before the provider is asked, from the phone_sends rows every send leaves (so a
 * restart does not reset them); the provider's own refusals map to retry later or, for a wrong number,
 * to a permanent failure. Sends are one at a time per process, so two greetings to one number never race.
 */
export function createPhoneSender(deps: {
  db: Queryable;
  provider: PhoneProvider;
  kind: 'sms' | 'voice_call';
  templateId: string;
  /** [template variable, value name] pairs: SMS_TEMPLATE_PARAMS / VOICE_TEMPLATE_PARAMS. */
  params: [string, string][];
  limits: PhoneLimits;
  log?: Logger;
  clock?: Clock;
}): Sender {
  const { db, kind, limits } = deps;
  const clock = deps.clock ?? realClock;
  let chain: Promise<unknown> = Promise.resolve();

  async function sendNow(target: SendTarget, messages: OutboundMessage[], context?: SendContext): Promise<SendOutcome> {
    const phone = kind === 'sms' ? mobileOf(target.threadId) : dialableOf(target.threadId);
    if (!phone) return { ok: false, permanent: true, reason: `no ${kind === 'sms' ? 'mobile' : 'usable'} number in the ledger` };
    const now = clock.now();
    if (inQuietHours(now, limits)) return { ok: false, permanent: false, reason: 'quiet_hours', retryAfterMs: msUntilHour(now, limits.timeZone, limits.quietEnd) };

    const dayStart = zonedInstant(todayIn(limits.timeZone, new Date(now)), '00:00', limits.timeZone);
    const used = await db.query<{ today: string; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE created_at >= $3)::text AS today, max(created_at) AS last
         FROM phone_sends WHERE phone = $1 AND kind = $2 AND status <> 'failed'`,
      [phone, kind, dayStart],
    );
    const today = Number(used.rows[0]?.today ?? 0);
    const last = used.rows[0]?.last ? new Date(used.rows[0].last).getTime() : 0;
    if (today >= limits.perDay) return { ok: false, permanent: false, reason: `per_number_daily_limit: ${limits.perDay}`, retryAfterMs: msUntilHour(now, limits.timeZone, limits.quietEnd, true) };
    if (last && now - last < limits.minIntervalMs) return { ok: false, permanent: false, reason: 'per_number_interval', retryAfterMs: last + limits.minIntervalMs - now };

    const values: Record<string, string> = { 内容: messages.flatMap((m) => (m.kind === 'text' ? [m.text] : [])).join('\n'), 场合: '通知', ...context?.params };
    const params = deps.params.map(([k, name]): [string, string] => [k, short(values[name] ?? name)]);
    const row = await db.query<{ id: string }>(
      `INSERT INTO phone_sends (kind, provider, phone, template, status, created_at) VALUES ($1, $2, $3, $4, 'sending', $5) RETURNING id::text`,
      [kind, deps.provider.name, phone, deps.templateId, new Date(now)],
    );
    const id = row.rows[0]!.id;
    const req = { phone, templateId: deps.templateId, params, outId: id };
    const r = kind === 'sms' ? await deps.provider.sendSms(req) : await deps.provider.call(req);
    if (r.ok) {
      await db.query(`UPDATE phone_sends SET status = 'submitted', provider_id = $2 WHERE id = $1`, [id, r.providerId]);
      return { ok: true, messageIds: [`phone_sends:${id}`] };
    }
    await db.query(`UPDATE phone_sends SET status = 'failed', error = $2 WHERE id = $1`, [id, `${r.code}: ${r.message}`.slice(0, 500)]);
    deps.log?.warn({ kind, provider: deps.provider.name, code: r.code }, 'phone send refused');
    return { ok: false, permanent: r.permanent, reason: `${deps.provider.name} ${r.code}: ${r.message}`.slice(0, 300), ...(r.retryAfterMs ? { retryAfterMs: r.retryAfterMs } : {}) };
  }

  return {
    send(target, messages, context) {
      const turn = chain.then(() => sendNow(target, messages, context));
      chain = turn.catch(() => {});
      return turn;
    },
  };
}

/** Template values are short: both providers refuse a variable over about 20–35 characters. */
function short(s: string): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  return chars.length <= 20 ? chars.join('') : chars.slice(0, 20).join('');
}

function inQuietHours(now: number, l: PhoneLimits): boolean {
  const hour = Number(timeIn(l.timeZone, new Date(now)).slice(0, 2));
  return l.quietStart > l.quietEnd ? hour >= l.quietStart || hour < l.quietEnd : hour >= l.quietStart && hour < l.quietEnd;
}

/** Milliseconds until hour:00 local time (tomorrow's when `nextDay` or when today's has passed). */
function msUntilHour(now: number, tz: string, hour: number, nextDay = false): number {
  const today = todayIn(tz, new Date(now));
  const hhmm = `${String(hour).padStart(2, '0')}:00`;
  let at = zonedInstant(today, hhmm, tz).getTime();
  if (nextDay || at <= now) at = zonedInstant(addDays(today, 1), hhmm, tz).getTime();
  return at - now;
}

/** PHONE_QUIET_HOURS '22-8' as [22, 8]. */
export function parseQuietHours(v: string): [number, number] {
  const [a, b] = v.split('-').map(Number);
  return [a!, b!];
}
