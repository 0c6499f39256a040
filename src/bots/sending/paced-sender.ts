import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { ChannelAdapter } from '../adapter.ts';
import type { Channel, OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget, Sender } from '../../chat/sender.ts';
import { isUnreachable } from '../../people/accounts.ts';
import { RateLimiter, realClock, type Clock } from './rate-limiter.ts';

/**
 * A proactive Sender for an API channel with a plain rate limit (WeCom app messages: staff notices):
 * skips people marked unreachable, keeps to `perSecond`, and pauses on the platform's retry hint.
 */
export function createPacedSender(deps: { db: Queryable; adapter: Pick<ChannelAdapter, 'deliver'>; channel: Channel; perSecond: number; log?: Logger; clock?: Clock }): Sender {
  const clock = deps.clock ?? realClock;
  const limiter = new RateLimiter(clock);
  return {
    async send(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
      if (target.chatKind === 'private' && (await isUnreachable(deps.db, deps.channel, target.threadId))) return { ok: false, permanent: true, reason: 'unreachable' };
      await limiter.acquire([{ key: 'total', max: deps.perSecond, windowMs: 1000 }]);
      const out = await deps.adapter.deliver(target, messages);
      if (!out.ok) {
        if (out.retryAfterMs) limiter.pause(clock.now() + out.retryAfterMs);
        deps.log?.warn({ thread: target.threadId, reason: out.reason }, 'proactive send failed');
      }
      return out;
    },
  };
}
