import type { Config } from '../../kernel/config.ts';
import { ConfigError } from '../../kernel/errors.ts';
import type { ChannelAdapter } from '../adapter.ts';
import { createMessageHandler, type ChannelHandlerDeps, type HandleOutcome } from '../message-handler.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget } from '../../chat/sender.ts';
import { markUnreachable } from '../../people/accounts.ts';
import { createCallbackEndpoint } from '../wx-callback/endpoint.ts';
import { field, type XmlFields } from '../wx-callback/xml.ts';
import { fromWxMessage } from '../wechat-oa/translate.ts';
import type { WebhookRoute } from '../webhooks.ts';
import { toWxParts, type WxPart } from '../wx-callback/wx-parts.ts';
import { WxApiError } from '../wx-callback/wx-api.ts';
import { createWecomApi, type WecomApi } from './api.ts';

export type WecomConfig = Pick<Config, 'WECOM_CORP_ID' | 'WECOM_AGENT_ID' | 'WECOM_SECRET' | 'WECOM_TOKEN' | 'WECOM_AES_KEY' | 'WECOM_PATH' | 'WECOM_API_ROOT'>;

export interface WecomAdapterDeps extends ChannelHandlerDeps {
  config: WecomConfig;
  onHandled?: (outcome: HandleOutcome) => void;
}

export type WecomAdapter = ChannelAdapter & { api: WecomApi; webhook: WebhookRoute; idle(): Promise<void> };

/** WeCom's own rate limit answers (the app's minute or day quota). */
const WECOM_BUSY = new Set([45009, 45033, 45047]);
/** The member left the company or is outside the app's visible range. */
const WECOM_GONE = new Set([60111, 81013, 60011, 40003]);

/**
 * Staff on 企业微信: a 自建应用 whose 接收消息 callback (always encrypted, same scheme as the 服务号)
 * is mounted on the app's HTTP server. The callback is answered at once and the agent's replies go out
 * through message/send, so a slow ledger question or a file export never races WeChat's 5 seconds.
 * Staff commands, questions and exports work as on any other channel: the account binds with /员工码.
 */
export function createWecomAdapter(deps: WecomAdapterDeps): WecomAdapter {
  const { db, log, config } = deps;
  if (!config.WECOM_CORP_ID || !config.WECOM_AGENT_ID || !config.WECOM_SECRET || !config.WECOM_TOKEN || !config.WECOM_AES_KEY) {
    throw new ConfigError('WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY: required for WeCom');
  }
  const api = createWecomApi({ corpId: config.WECOM_CORP_ID, agentId: config.WECOM_AGENT_ID, secret: config.WECOM_SECRET, apiRoot: config.WECOM_API_ROOT });
  const handle = createMessageHandler({ ...deps, voiceFormat: 'amr' });
  const inFlight = new Set<Promise<unknown>>();

  const endpoint = createCallbackEndpoint({ token: config.WECOM_TOKEN, aesKey: config.WECOM_AES_KEY, receiverId: config.WECOM_CORP_ID, flavour: 'wecom' }, onCallback, log);

  async function onCallback(x: XmlFields): Promise<undefined> {
    const userId = field(x, 'FromUserName');
    if (!userId) return undefined;
    let input = x;
    if (field(x, 'MsgType') === 'event') {
      // A menu button of the app: its key is the command or question it stands for (e.g. /案件).
      if (field(x, 'Event').toLowerCase() !== 'click' || !field(x, 'EventKey')) return undefined;
      input = { ...x, MsgType: 'text', Content: field(x, 'EventKey'), MsgId: `${userId}:${field(x, 'CreateTime')}:click` };
    }
    const { msg, loadVoice } = fromWxMessage(input, 'wecom', (id) => api.getMedia(id));
    const target: SendTarget = { channel: 'wecom', threadId: userId, chatKind: 'private' };
    const run = handle(msg, async (replies) => {
      const r = await deliver(target, replies);
      if (!r.ok) log.warn({ user: userId, reason: r.reason }, 'WeCom reply not delivered');
    }, loadVoice).then((o) => deps.onHandled?.(o));
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return undefined;
  }

  async function sendPart(userId: string, p: WxPart): Promise<string> {
    if (p.kind === 'text') return api.send(userId, { msgtype: 'text', text: { content: p.text } });
    if (p.kind === 'image') return api.send(userId, { msgtype: 'image', image: { media_id: await api.upload('image', p.data, 'image.png', p.mimeType) } });
    if (p.kind === 'voice') {
      // WeCom plays AMR voice only; anything else goes as a file the person can open.
      if (/amr/.test(p.mimeType)) return api.send(userId, { msgtype: 'voice', voice: { media_id: await api.upload('voice', p.data, p.filename, p.mimeType) } });
      return api.send(userId, { msgtype: 'file', file: { media_id: await api.upload('file', p.data, p.filename, p.mimeType) } });
    }
    return api.send(userId, { msgtype: 'file', file: { media_id: await api.upload('file', p.data, p.filename, p.mimeType) } });
  }

  async function deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
    if (target.chatKind === 'group') return { ok: false, permanent: true, reason: 'WeCom app messages go to members; staff groups use 群机器人 (wecom_robot)' };
    const ids: string[] = [];
    try {
      for (const p of toWxParts(messages, { files: true })) ids.push(await sendPart(target.threadId, p));
      return { ok: true, messageIds: ids.filter(Boolean) };
    } catch (e) {
      if ((e instanceof WxApiError && WECOM_GONE.has(e.errcode)) || (e as { invalidUser?: boolean }).invalidUser) {
        await markUnreachable(db, { channel: 'wecom', externalId: target.threadId });
        return { ok: false, permanent: true, reason: `gone: ${(e as Error).message}` };
      }
      if (e instanceof WxApiError && WECOM_BUSY.has(e.errcode)) return { ok: false, permanent: false, reason: `quota: ${e.message}`, retryAfterMs: 60_000 };
      return { ok: false, permanent: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }

  return {
    channel: 'wecom',
    api,
    webhook: { name: 'wecom', path: config.WECOM_PATH, handler: endpoint },
    deliver,
    async start() {
      log.info({ path: config.WECOM_PATH, agentId: config.WECOM_AGENT_ID }, 'WeCom callback mounted');
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
