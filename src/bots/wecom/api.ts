import { createWxHttp, getJson } from '../wx-callback/wx-api.ts';

export interface WecomApiConfig {
  corpId: string;
  secret: string;
  agentId: number;
  apiRoot: string;
}

/** The WeCom (企业微信) API of one 自建应用: send to a member, media up and down, the app's own details. */
export function createWecomApi(cfg: WecomApiConfig) {
  const root = cfg.apiRoot.replace(/\/$/, '');
  const http = createWxHttp(root, {
    async fetch() {
      const r = await getJson<{ access_token: string; expires_in: number }>(`${root}/cgi-bin/gettoken?${new URLSearchParams({ corpid: cfg.corpId, corpsecret: cfg.secret })}`, {}, 'gettoken');
      return [r.access_token, r.expires_in];
    },
  });
  type Body = { msgtype: 'text'; text: { content: string } } | { msgtype: 'image' | 'voice' | 'file'; image?: { media_id: string }; voice?: { media_id: string }; file?: { media_id: string } };
  return {
    token: () => http.token(),
    async send(userId: string, body: Body): Promise<string> {
      const r = await http.call<{ msgid?: string; invaliduser?: string }>('/cgi-bin/message/send', { touser: userId, agentid: cfg.agentId, ...body });
      if (r.invaliduser) throw Object.assign(new Error(`invalid user ${r.invaliduser}`), { invalidUser: true });
      return String(r.msgid ?? '');
    },
    async upload(type: 'image' | 'voice' | 'file', data: Buffer, filename: string, mimeType: string): Promise<string> {
      return (await http.upload<{ media_id: string }>('/cgi-bin/media/upload', 'media', data, filename, mimeType, { type })).media_id;
    },
    getMedia: (mediaId: string) => http.download('/cgi-bin/media/get', { media_id: mediaId }),
    /** The app's name and who may see it: proves CorpID, Secret and AgentId without sending anything. */
    agent: () => http.call<{ name?: string; allow_userinfos?: unknown }>('/cgi-bin/agent/get', undefined, { agentid: String(cfg.agentId) }),
  };
}

export type WecomApi = ReturnType<typeof createWecomApi>;
