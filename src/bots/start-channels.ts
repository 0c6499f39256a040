import type { Config } from '../kernel/config.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Agent } from '../chat/turn.ts';
import { noticeOutbox } from '../notices/outbox.ts';
import type { Sender } from '../chat/sender.ts';
import { createSenders } from './sending/create-senders.ts';
import { startNoticeDispatcher } from './sending/notice-dispatcher.ts';
import { createSimulatorServer, type SimulatorServer } from './simulator/server.ts';
import type { TelegramAdapter } from './telegram/adapter.ts';
import { createSpeaker, createTranscriber } from './voice/speech-client.ts';
import { ledgerModelGuard } from '../privacy/model-guard.ts';
import type { WechatAdapter } from './wechat/adapter.ts';
import type { Channel } from '../chat/message.ts';
import { startOfficialChannels, type OfficialChannels } from './official-channels.ts';
import type { WebhookRoute } from './webhooks.ts';

export interface RunningChannels {
  simulator: SimulatorServer;
  telegram?: TelegramAdapter;
  wechat?: WechatAdapter;
  official: OfficialChannels;
  /** The routes platforms call, mounted on the server without a login (each checks its own signature). */
  webhooks: WebhookRoute[];
  /** The rate-limited proactive Sender over every running channel: give it to the scheduler. */
  sender: Sender;
  close(): Promise<void>;
}

/**
 * Everything channel-side that `jinqiu start` runs: the simulator page always; Telegram when
 * TELEGRAM_BOT_TOKEN is set; WeChat when WECHATY_PUPPET is set; the proactive Sender; and the loop that
 * delivers staff notices from the outbox. Voice uses the OpenAI-compatible endpoints when configured,
 * espeak-ng for speech out otherwise.
 */
export async function startChannels(ctx: { config: Config; db: Db; log: Logger }, agent: Agent): Promise<RunningChannels> {
  const { config, db, log } = ctx;
  const transcriber = createTranscriber(config);
  const speaker = await createSpeaker(config, log, ledgerModelGuard(db, { allowedLinkHosts: config.JINQIU_MODEL_LINK_HOSTS, officePhone: config.JINQIU_OFFICE_PHONE }));
  // Staff hear about voice messages nobody could transcribe through the same outbox as case notices.
  const common = { db, agent, transcriber, speaker, outbox: noticeOutbox };

  // Each platform's SDK is loaded only when it is configured (wechaty alone is ~80 MB resident).
  const wechat = config.WECHATY_PUPPET ? (await import('./wechat/adapter.ts')).createWechatAdapter({ ...common, log: log.child({ channel: 'wechat' }), config }) : undefined;
  const telegram = config.TELEGRAM_BOT_TOKEN ? (await import('./telegram/adapter.ts')).createTelegramAdapter({ ...common, log: log.child({ channel: 'telegram' }), config }) : undefined;
  const official = await startOfficialChannels(ctx, { ...common, log });
  // Every route a platform calls, in one list: the server mounts these (and only these) without a login.
  const webhooks: WebhookRoute[] = [...(telegram?.webhook ? [{ name: 'telegram', ...telegram.webhook }] : []), ...official.webhooks];
  const simulator = await createSimulatorServer({
    ...common,
    log: log.child({ channel: 'web' }),
    config,
    ...(wechat ? { wechatStatus: () => wechat.status() } : {}),
    webhooks,
  });
  const sender = createSenders({ db, log, config, web: simulator.adapter, telegram, wechat, more: official.senders });
  // Platforms that are down must not keep the page from starting: their start() retries with backoff.
  for (const a of [telegram, wechat, official.oa, official.wecom]) a?.start().catch((e) => log.error({ err: e, channel: a.channel }, 'channel failed to start'));
  const channels: Channel[] = ['web', ...(telegram ? (['telegram'] as const) : []), ...(wechat ? (['wechat'] as const) : []), ...official.channels];
  const dispatcher = startNoticeDispatcher({ db, sender, channels, log: log.child({ part: 'notices' }) });

  return {
    simulator,
    telegram,
    wechat,
    official,
    webhooks,
    sender,
    async close() {
      await dispatcher.stop();
      await Promise.allSettled([telegram?.stop(), wechat?.stop(), official.stop()]);
      await simulator.close();
    },
  };
}
