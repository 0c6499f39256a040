import type { Config } from '../kernel/config.ts';
import { parseNamedList } from '../kernel/config.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Channel } from '../chat/message.ts';
import type { Sender } from '../chat/sender.ts';
import type { ChannelHandlerDeps } from './message-handler.ts';
import type { WebhookRoute } from './webhooks.ts';
import type { OaAdapter } from './wechat-oa/adapter.ts';
import type { WecomAdapter } from './wecom/adapter.ts';
import type { PhoneProvider } from './phone/provider.ts';
import { CALL_MIN_INTERVAL_MS, SMS_MIN_INTERVAL_MS, parseQuietHours } from './phone/phone-sender.ts';

export interface OfficialChannels {
  oa?: OaAdapter;
  wecom?: WecomAdapter;
  /** Proactive senders by channel, for createSenders. */
  senders: Partial<Record<Channel, Sender>>;
  /** The callback and receipt routes, for the HTTP server's webhook list. */
  webhooks: WebhookRoute[];
  /** Channels the notice dispatcher should serve. */
  channels: Channel[];
  stop(): Promise<void>;
}

/**
 * The official routes in China, each only when configured: the 服务号 (WECHAT_OA_APP_ID), the WeCom
 * 自建应用 (WECOM_CORP_ID), WeCom 群机器人 (WECOM_ROBOTS), SMS (SMS_TEMPLATE_GREETING) and voice calls
 * (VOICE_TEMPLATE_GREETING) through PHONE_PROVIDER. Each SDK is loaded only when its channel is on.
 */
export async function startOfficialChannels(ctx: { config: Config; db: Db; log: Logger }, handler: ChannelHandlerDeps): Promise<OfficialChannels> {
  const { config, db, log } = ctx;
  const senders: Partial<Record<Channel, Sender>> = {};
  const webhooks: WebhookRoute[] = [];
  const channels: Channel[] = [];
  let oa: OaAdapter | undefined;
  let wecom: WecomAdapter | undefined;
  const stoppers: (() => Promise<void>)[] = [];

  if (config.WECHAT_OA_APP_ID) {
    const { createOfficialAccountAdapter } = await import('./wechat-oa/adapter.ts');
    const { createOfficialAccountSender } = await import('./wechat-oa/sender.ts');
    oa = createOfficialAccountAdapter({ ...handler, log: log.child({ channel: 'wechat_oa' }), config });
    senders.wechat_oa = createOfficialAccountSender({ db, api: oa.api, deliver: oa.deliver, office: config.JINQIU_OFFICE_NAME, log: log.child({ channel: 'wechat_oa' }) });
    webhooks.push(oa.webhook);
    channels.push('wechat_oa');
    stoppers.push(() => oa!.stop());
  }
  if (config.WECOM_CORP_ID) {
    const { createWecomAdapter } = await import('./wecom/adapter.ts');
    const { createPacedSender } = await import('./sending/paced-sender.ts');
    wecom = createWecomAdapter({ ...handler, log: log.child({ channel: 'wecom' }), config });
    senders.wecom = createPacedSender({ db, adapter: wecom, channel: 'wecom', perSecond: 20, log: log.child({ channel: 'wecom' }) });
    webhooks.push(wecom.webhook);
    channels.push('wecom');
    stoppers.push(() => wecom!.stop());
  }
  if (config.WECOM_ROBOTS) {
    const { createRobotSender, parseRobots } = await import('./wecom/robot-sender.ts');
    senders.wecom_robot = createRobotSender({ robots: parseRobots(config.WECOM_ROBOTS), apiRoot: config.WECOM_API_ROOT, log: log.child({ channel: 'wecom_robot' }) });
    channels.push('wecom_robot');
  }
  const provider = await phoneProvider(config);
  if (provider) {
    const { createPhoneSender } = await import('./phone/phone-sender.ts');
    const [quietStart, quietEnd] = parseQuietHours(config.PHONE_QUIET_HOURS);
    const limits = { quietStart, quietEnd, timeZone: config.JINQIU_TZ };
    if (config.SMS_TEMPLATE_GREETING) {
      senders.sms = createPhoneSender({ db, provider, kind: 'sms', templateId: config.SMS_TEMPLATE_GREETING, params: parseNamedList(config.SMS_TEMPLATE_PARAMS, 'SMS_TEMPLATE_PARAMS'), limits: { ...limits, minIntervalMs: SMS_MIN_INTERVAL_MS, perDay: config.SMS_DAILY_PER_NUMBER }, log: log.child({ channel: 'sms' }) });
    }
    if (config.VOICE_TEMPLATE_GREETING) {
      senders.voice_call = createPhoneSender({ db, provider, kind: 'voice_call', templateId: config.VOICE_TEMPLATE_GREETING, params: parseNamedList(config.VOICE_TEMPLATE_PARAMS, 'VOICE_TEMPLATE_PARAMS'), limits: { ...limits, minIntervalMs: CALL_MIN_INTERVAL_MS, perDay: config.VOICE_DAILY_PER_NUMBER }, log: log.child({ channel: 'voice_call' }) });
    }
    if (config.PHONE_RECEIPT_TOKEN) {
      const { createReceiptRoutes } = await import('./phone/receipts.ts');
      webhooks.push(...createReceiptRoutes({ db, token: config.PHONE_RECEIPT_TOKEN, log: log.child({ part: 'phone-receipts' }) }).filter((r) => r.name.endsWith(provider.name)));
    }
  }
  return {
    oa,
    wecom,
    senders,
    webhooks,
    channels,
    async stop() {
      await Promise.allSettled(stoppers.map((s) => s()));
    },
  };
}

/** The SMS and voice provider named by PHONE_PROVIDER, when SMS or calls are configured. */
export async function phoneProvider(config: Config): Promise<PhoneProvider | undefined> {
  if (!config.PHONE_PROVIDER || !config.PHONE_ACCESS_KEY_ID || !config.PHONE_ACCESS_KEY_SECRET) return undefined;
  if (!config.SMS_TEMPLATE_GREETING && !config.VOICE_TEMPLATE_GREETING) return undefined;
  if (config.PHONE_PROVIDER === 'aliyun') {
    const { createAliyunProvider } = await import('./phone/aliyun.ts');
    return createAliyunProvider({
      accessKeyId: config.PHONE_ACCESS_KEY_ID,
      accessKeySecret: config.PHONE_ACCESS_KEY_SECRET,
      signName: config.SMS_SIGN_NAME,
      showNumber: config.VOICE_SHOW_NUMBER,
      smsEndpoint: config.SMS_ENDPOINT,
      voiceEndpoint: config.VOICE_ENDPOINT,
    });
  }
  const { createTencentProvider } = await import('./phone/tencent.ts');
  return createTencentProvider({
    secretId: config.PHONE_ACCESS_KEY_ID,
    secretKey: config.PHONE_ACCESS_KEY_SECRET,
    region: config.PHONE_REGION,
    signName: config.SMS_SIGN_NAME,
    smsSdkAppId: config.SMS_SDK_APP_ID,
    voiceSdkAppId: config.VOICE_SDK_APP_ID,
    smsEndpoint: config.SMS_ENDPOINT,
    voiceEndpoint: config.VOICE_ENDPOINT,
  });
}
