import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { ChannelAdapter } from '../adapter.ts';
import { text, type OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { splitText } from '../split-text.ts';
import { RateLimiter, realClock, type Clock, type Limit } from './rate-limiter.ts';
import { isUnreachable } from '../../people/accounts.ts';

export interface TelegramLimits {
  /** Whole bot, per second. Telegram allows about 30; we keep a margin. */
  perSecond: number;
  /** One private chat, per second. */
  perChatPerSecond: number;
  /** One group, per minute. */
  perGroupPerMinute: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { perSecond: 25, perChatPerSecond: 1, perGroupPerMinute: 20 };

/** Longest text message the Bot API accepts; longer replies go out in pieces. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Proactive Telegram sends under Telegram's limits: about 25/s in total, 1/s per chat, 20/min per
 * group. A 429 pauses every send for retry_after; a blocked person (403) is skipped from then on.
 */
export function createTelegramSender(deps: { db: Queryable; adapter: Pick<ChannelAdapter, 'deliver'>; log?: Logger; limits?: Partial<TelegramLimits>; clock?: Clock }): Sender {
  const limits = { ...TELEGRAM_LIMITS, ...deps.limits };
  const clock = deps.clock ?? realClock;
  const limiter = new RateLimiter(clock);
  return {
    async send(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
      if (target.chatKind === 'private') {
        if (await isUnreachable(deps.db, 'telegram', target.threadId)) return { ok: false, permanent: true, reason: 'unreachable: the person blocked the bot' };
      }
      const ids: string[] = [];
      // Each platform message counts: a long text split in three is three sends.
      for (const one of expand(messages)) {
        await limiter.acquire(limitsFor(target, limits));
        const out = await deps.adapter.deliver(target, [one]);
        if (!out.ok) {
          if (out.retryAfterMs) limiter.pause(clock.now() + out.retryAfterMs);
          deps.log?.warn({ chat: target.threadId, reason: out.reason }, 'Telegram proactive send failed');
          return out;
        }
        ids.push(...(out.messageIds ?? []));
      }
      return { ok: true, messageIds: ids };
    },
  };
}

function limitsFor(target: SendTarget, l: TelegramLimits): Limit[] {
  const total: Limit = { key: 'total', max: l.perSecond, windowMs: 1000, spacingMs: Math.floor(1000 / l.perSecond) };
  if (target.chatKind === 'group') {
    return [total, { key: `group:${target.threadId}`, max: l.perGroupPerMinute, windowMs: 60_000 }, { key: `chat:${target.threadId}`, max: l.perChatPerSecond, windowMs: 1000 }];
  }
  return [total, { key: `chat:${target.threadId}`, max: l.perChatPerSecond, windowMs: 1000 }];
}

function expand(messages: OutboundMessage[]): OutboundMessage[] {
  return messages.flatMap((m) => (m.kind === 'text' ? splitText(m.text, TELEGRAM_TEXT_LIMIT).map(text) : [m]));
}
