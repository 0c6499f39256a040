import type { Config } from '../../kernel/config.ts';
import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { ChannelAdapter } from '../adapter.ts';
import type { Channel, OutboundMessage } from '../../chat/message.ts';
import type { Sender } from '../../chat/sender.ts';
import type { Clock } from './rate-limiter.ts';
import { createTelegramSender } from './telegram-sender.ts';
import { createWechatSender } from './wechat-sender.ts';

export interface SendersDeps {
  db: Queryable;
  log?: Logger;
  config: Pick<Config, 'WECHAT_SEND_INTERVAL_MS' | 'WECHAT_DAILY_CAP' | 'JINQIU_TZ'>;
  telegram?: Pick<ChannelAdapter, 'deliver'>;
  wechat?: Pick<ChannelAdapter, 'deliver'> & { accountId(): string | undefined };
  /** The simulator's web channel: proactive messages show on the page as notices. */
  web?: { pushNotice(threadId: string, messages: OutboundMessage[]): void };
  /** Senders for the official channels (服务号, WeCom app and robots, SMS, voice calls), built by their folders. */
  more?: Partial<Record<Channel, Sender>>;
  clock?: Clock;
}

/**
 * One Sender for every running channel, each behind its own discipline. This is what the scheduler
 * and the staff-notice dispatcher call; replies to someone who just wrote never go through it.
 */
export function createSenders(deps: SendersDeps): Sender {
  const channels: Partial<Record<Channel, Sender>> = {};
  if (deps.telegram) channels.telegram = createTelegramSender({ db: deps.db, adapter: deps.telegram, log: deps.log, clock: deps.clock });
  if (deps.wechat) {
    channels.wechat = createWechatSender({
      db: deps.db,
      adapter: deps.wechat,
      log: deps.log,
      clock: deps.clock,
      policy: { intervalMs: deps.config.WECHAT_SEND_INTERVAL_MS, dailyCap: deps.config.WECHAT_DAILY_CAP, timeZone: deps.config.JINQIU_TZ },
    });
  }
  if (deps.web) {
    const web = deps.web;
    channels.web = {
      async send(target, messages) {
        web.pushNotice(target.threadId, messages);
        return { ok: true };
      },
    };
  }
  Object.assign(channels, deps.more ?? {});
  return {
    async send(target, messages, context) {
      const s = channels[target.channel];
      if (!s) return { ok: false, permanent: false, reason: `channel ${target.channel} is not running`, retryAfterMs: 10 * 60_000 };
      return s.send(target, messages, context);
    },
  };
}
