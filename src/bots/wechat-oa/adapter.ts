import type { Config } from '../../kernel/config.ts';
import { ConfigError } from '../../kernel/errors.ts';
import { sleep, type ChannelAdapter } from '../adapter.ts';
import { createMessageHandler, type ChannelHandlerDeps, type HandleOutcome } from '../message-handler.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget } from '../../chat/sender.ts';
import { markUnreachable, noteInbound } from '../../people/accounts.ts';
import { firstDelivery } from '../inbound-dedup.ts';
import { createCallbackEndpoint } from '../wx-callback/endpoint.ts';
import { buildXml, field, type XmlFields } from '../wx-callback/xml.ts';
import { fromWxMessage } from './translate.ts';
import type { WebhookRoute } from '../webhooks.ts';
import { createOaApi, OA_GONE, type OaApi } from './api.ts';
import { toWxParts, type WxPart } from '../wx-callback/wx-parts.ts';
import { WxApiError } from '../wx-callback/wx-api.ts';

export type OaConfig = Pick<Config, 'WECHAT_OA_APP_ID' | 'WECHAT_OA_APP_SECRET' | 'WECHAT_OA_TOKEN' | 'WECHAT_OA_AES_KEY' | 'WECHAT_OA_PATH' | 'WECHAT_OA_API_ROOT' | 'JINQIU_OFFICE_NAME'>;

export interface OaAdapterDeps extends ChannelHandlerDeps {
  config: OaConfig;
  /** WeChat waits 5 s for the HTTP answer; what is ready before this goes back in it (passive reply). */
  passiveReplyMs?: number;
  onHandled?: (outcome: HandleOutcome) => void;
}

export type OaAdapter = ChannelAdapter & { api: OaApi; webhook: WebhookRoute; /** Settles when every reply started so far is sent (tests). */ idle(): Promise<void> };

/**
 * The bureau's 服务号 (WeChat Official Account), on the app's own HTTP server: WeChat POSTs each
 * message to WECHAT_OA_PATH, signed (明文模式) or encrypted (安全模式). An answer ready within about four
 * seconds goes back in the HTTP response (passive reply); a slower one is answered "success" at once
 * and sent as 客服消息 when ready, which the 48-hour window after the person's message allows.
 */
export function createOfficialAccountAdapter(deps: OaAdapterDeps): OaAdapter {
  const { db, log, config } = deps;
  if (!config.WECHAT_OA_APP_ID || !config.WECHAT_OA_APP_SECRET || !config.WECHAT_OA_TOKEN) {
    throw new ConfigError('WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET, WECHAT_OA_TOKEN: required for the 服务号');
  }
  const api = createOaApi({ appId: config.WECHAT_OA_APP_ID, appSecret: config.WECHAT_OA_APP_SECRET, apiRoot: config.WECHAT_OA_API_ROOT });
  const handle = createMessageHandler({ ...deps, voiceFormat: 'amr' });
  const passiveMs = deps.passiveReplyMs ?? 4000;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  const endpoint = createCallbackEndpoint(
    { token: config.WECHAT_OA_TOKEN, ...(config.WECHAT_OA_AES_KEY ? { aesKey: config.WECHAT_OA_AES_KEY } : {}), receiverId: config.WECHAT_OA_APP_ID, flavour: 'oa' },
    onCallback,
    log,
  );

  async function onCallback(x: XmlFields): Promise<string | undefined> {
    const openid = field(x, 'FromUserName');
    const me = field(x, 'ToUserName');
    if (!openid) return undefined;
    const isEvent = field(x, 'MsgType') === 'event';
    // A message, click or follow opens the 48-hour 客服消息 window again; WeChat's own receipts do not.
    if (!isEvent || !SYSTEM_EVENTS.test(field(x, 'Event'))) await noteInbound(db, 'wechat_oa', openid);
    if (isEvent) return onEvent(x, openid, me);
    const { msg, loadVoice } = fromWxMessage(x, 'wechat_oa', (id) => api.getMedia(id));
    return answer(msg, openid, me, loadVoice);
  }

  async function onEvent(x: XmlFields, openid: string, me: string): Promise<string | undefined> {
    const event = field(x, 'Event').toLowerCase();
    // Events have no MsgId; FromUserName + CreateTime is the documented key for WeChat's retries.
    const eventId = `${openid}:${field(x, 'CreateTime')}:${event}`;
    switch (event) {
      case 'subscribe':
        if (!(await firstDelivery(db, 'wechat_oa', eventId))) return undefined;
        return passiveXml(openid, me, { kind: 'text', text: welcome(config.JINQIU_OFFICE_NAME) });
      case 'unsubscribe':
        // Nothing can be sent to someone who unfollowed, not even a template message.
        await markUnreachable(db, { channel: 'wechat_oa', externalId: openid });
        log.info({ openid }, '服务号: unfollowed; marked unreachable');
        return undefined;
      case 'click': {
        // A menu button: its key is what the person would have typed (the bureau names keys like 我要解忧).
        const key = field(x, 'EventKey');
        if (!key) return undefined;
        const { msg } = fromWxMessage({ ...x, MsgType: 'text', Content: key, MsgId: eventId }, 'wechat_oa', (id) => api.getMedia(id));
        return answer(msg, openid, me);
      }
      case 'templatesendjobfinish': {
        // The receipt of a 模板消息: "failed:user block" means the person refused them.
        const status = field(x, 'Status');
        if (/user block/i.test(status)) await markUnreachable(db, { channel: 'wechat_oa', externalId: openid });
        log.info({ openid, msgId: field(x, 'MsgID'), status }, '服务号 template message finished');
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Runs the one inbound path; whatever is ready in time becomes the passive reply, the rest 客服消息. */
  async function answer(msg: Parameters<typeof handle>[0], openid: string, me: string, loadVoice?: Parameters<typeof handle>[2]): Promise<string | undefined> {
    let passiveOpen = true;
    let ready: WxPart[] | undefined;
    const reply = async (replies: OutboundMessage[]) => {
      const parts = toWxParts(replies, { files: false });
      if (passiveOpen) ready = parts;
      else await sendParts(openid, parts);
    };
    const handled = track(
      handle(msg, reply, loadVoice).then((o) => {
        deps.onHandled?.(o);
        return o;
      }),
    );
    const inTime = await Promise.race([handled.then(() => true), sleep(passiveMs).then(() => false)]);
    passiveOpen = false;
    if (!ready?.length) return undefined;
    const parts: WxPart[] = ready;
    const first = parts[0]!;
    if (!inTime || first.kind !== 'text') {
      track(sendParts(openid, parts));
      return undefined;
    }
    if (parts.length > 1) track(sendParts(openid, parts.slice(1)));
    return passiveXml(openid, me, first);
  }

  function passiveXml(openid: string, me: string, part: Extract<WxPart, { kind: 'text' }>): string {
    return buildXml({ ToUserName: openid, FromUserName: me, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: part.text });
  }

  /** 客服消息 in order; the first failure stops the rest (they would fail the same way). */
  async function sendParts(openid: string, parts: WxPart[]): Promise<SendOutcome> {
    try {
      for (const p of parts) {
        if (p.kind === 'text') await api.sendCustom(openid, { msgtype: 'text', text: { content: p.text } });
        else if (p.kind === 'image') await api.sendCustom(openid, { msgtype: 'image', image: { media_id: await api.uploadMedia('image', p.data, 'image.png', p.mimeType) } });
        else await api.sendCustom(openid, { msgtype: 'voice', voice: { media_id: await api.uploadMedia('voice', p.data, p.filename, p.mimeType) } });
      }
      return { ok: true };
    } catch (e) {
      const out = outcomeOf(e);
      if (out.permanent) await markUnreachable(db, { channel: 'wechat_oa', externalId: openid });
      log.warn({ openid, reason: out.reason }, '服务号 客服消息 not delivered');
      return out;
    }
  }

  return {
    channel: 'wechat_oa',
    api,
    webhook: { name: 'wechat-oa', path: config.WECHAT_OA_PATH, handler: endpoint },
    async start() {
      log.info({ path: config.WECHAT_OA_PATH, mode: config.WECHAT_OA_AES_KEY ? '安全模式' : '明文模式' }, '服务号 callback mounted');
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    /** Unpaced 客服消息 (the Sender decides when that is allowed, and uses 模板消息 for greetings). */
    deliver: (target: SendTarget, messages: OutboundMessage[]) =>
      target.chatKind === 'group' ? Promise.resolve({ ok: false, permanent: true, reason: '服务号 has no groups' }) : sendParts(target.threadId, toWxParts(messages, { files: false })),
  };
}

/** Events WeChat sends about our own sends: not the person doing anything. */
const SYSTEM_EVENTS = /^(templatesendjobfinish|masssendjobfinish|subscribe_msg_sent_event)$/i;

/** How a WeChat API error reads as a send outcome. */
export function outcomeOf(e: unknown): Extract<SendOutcome, { ok: false }> {
  if (e instanceof WxApiError) {
    if (OA_GONE.has(e.errcode)) return { ok: false, permanent: true, reason: `gone: ${e.errcode} ${e.errmsg}` };
    if (e.errcode === 45015) return { ok: false, permanent: false, reason: `outside_48h_window: 45015 ${e.errmsg}`, retryAfterMs: 12 * 3600_000 };
    if (e.errcode === 45009 || e.errcode === 45047) return { ok: false, permanent: false, reason: `quota: ${e.errcode} ${e.errmsg}`, retryAfterMs: 3600_000 };
    return { ok: false, permanent: false, reason: `${e.errcode} ${e.errmsg}` };
  }
  return { ok: false, permanent: false, reason: `network: ${e instanceof Error ? e.message : String(e)}` };
}

export function welcome(office: string): string {
  return [
    `您好，欢迎关注${office}！我是金秋助手，可以回答医药费报销、护理费、体检等政策问题，也可以帮您联系工作人员。`,
    '直接打字或发语音就行。',
    '如果您是老干部本人或家属，请回复“绑定 姓名 电话后四位”（例如：绑定 张建国 1234），或者回复工作人员给您的六位绑定码，绑定后就能收到生日和节日问候。',
  ].join('\n');
}

