import { createWxHttp, getJson, type WxHttp } from '../wx-callback/wx-api.ts';

export interface OaApiConfig {
  appId: string;
  appSecret: string;
  apiRoot: string;
}

/** A 客服消息 body (text, image or voice; media by media_id). */
export type CustomMessage = { msgtype: 'text'; text: { content: string } } | { msgtype: 'image'; image: { media_id: string } } | { msgtype: 'voice'; voice: { media_id: string } };

/**
 * The 服务号 API the adapter uses. The token comes from /cgi-bin/stable_token: unlike /cgi-bin/token it
 * does not invalidate the token a running bot holds when `jinqiu doctor` (or a second process) asks.
 */
export function createOaApi(cfg: OaApiConfig) {
  const root = cfg.apiRoot.replace(/\/$/, '');
  const http: WxHttp = createWxHttp(root, {
    async fetch() {
      const r = await getJson<{ access_token: string; expires_in: number }>(`${root}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret, force_refresh: false }),
      }, 'stable_token');
      return [r.access_token, r.expires_in];
    },
  });
  return {
    token: () => http.token(),
    /** 客服消息: only within 48 hours of the person's last message, click or follow (else errcode 45015). */
    async sendCustom(openid: string, m: CustomMessage): Promise<void> {
      await http.call('/cgi-bin/message/custom/send', { touser: openid, ...m });
    },
    /** 模板消息: the way to write first; returns WeChat's msgid. */
    async sendTemplate(openid: string, templateId: string, data: Record<string, { value: string }>): Promise<string> {
      const r = await http.call<{ msgid?: number | string }>('/cgi-bin/message/template/send', { touser: openid, template_id: templateId, data });
      return String(r.msgid ?? '');
    },
    /** 订阅通知 (subscribe message): only to someone who granted this template (else 43101). */
    async sendSubscribe(openid: string, templateId: string, data: Record<string, { value: string }>): Promise<string> {
      const r = await http.call<{ msgid?: number | string }>('/cgi-bin/message/subscribe/bizsend', { touser: openid, template_id: templateId, data });
      return String(r.msgid ?? '');
    },
    /** Temporary media (3 days): voice ≤ 2 MB and 60 s (AMR or MP3), image ≤ 10 MB. */
    async uploadMedia(type: 'voice' | 'image', data: Buffer, filename: string, mimeType: string): Promise<string> {
      const r = await http.upload<{ media_id: string }>('/cgi-bin/media/upload', 'media', data, filename, mimeType, { type });
      return r.media_id;
    },
    /** A person's voice message (AMR) or picture, by the MediaId in the callback. */
    getMedia: (mediaId: string) => http.download('/cgi-bin/media/get', { media_id: mediaId }),
    /** The templates the account has added (for doctor: proves the token and lists ids, sends nothing). */
    async templates(): Promise<{ template_id: string; title: string; content: string }[]> {
      const r = await http.call<{ template_list?: { template_id: string; title: string; content: string }[] }>('/cgi-bin/template/get_all_private_template');
      return r.template_list ?? [];
    },
  };
}

export type OaApi = ReturnType<typeof createOaApi>;

/** errcodes that mean this person cannot be written to again until they come back. */
export const OA_GONE = new Set([
  43004, // require subscribe: they unfollowed
  40003, // invalid openid
  43101, // user refused to accept the message (订阅通知 not granted / template blocked)
]);
/** 客服消息 outside the 48-hour window. */
export const OA_OUT_OF_WINDOW = 45015;
