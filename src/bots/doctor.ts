import type { Config } from '../kernel/config.ts';
import { phoneProvider } from './official-channels.ts';
import { parseRobots } from './wecom/robot-sender.ts';

export interface Check {
  /** telegram, wechat, wechat_oa, wecom, wecom_robot:<name>, sms, voice_call … */
  name: string;
  ok: boolean;
  detail: string;
  /** Set for a channel that is not configured: nothing was checked, nothing is wrong. */
  skipped?: boolean;
}

/**
 * Configuration and reachability of every configured channel, sending nothing to anybody: tokens are
 * fetched (the 服务号's stable token does not disturb a running bot's), read-only calls are made
 * (getMe, agent/get, template lists, a robot post with no valid message type, template queries).
 */
export async function checkChannels(config: Config): Promise<Check[]> {
  const checks = await Promise.all([telegram(config), wechaty(config), officialAccount(config), wecomApp(config), ...robots(config), phones(config)]);
  return checks.flat();
}

async function guard(name: string, run: () => Promise<Omit<Check, 'name'>>): Promise<Check> {
  try {
    return { name, ...(await Promise.race([run(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 15 s')), 15_000).unref())])) };
  } catch (e) {
    return { name, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

const skipped = (name: string, what: string): Check => ({ name, ok: true, skipped: true, detail: `not configured (${what})` });

function telegram(c: Config): Promise<Check> | Check {
  if (!c.TELEGRAM_BOT_TOKEN) return skipped('telegram', 'TELEGRAM_BOT_TOKEN');
  return guard('telegram', async () => {
    const root = (c.TELEGRAM_API_ROOT ?? 'https://api.telegram.org').replace(/\/$/, '');
    const r = (await (await fetch(`${root}/bot${c.TELEGRAM_BOT_TOKEN}/getMe`, { signal: AbortSignal.timeout(10_000) })).json()) as { ok: boolean; result?: { username: string }; description?: string };
    return r.ok ? { ok: true, detail: `@${r.result?.username}${c.TELEGRAM_WEBHOOK_URL ? `, webhook ${c.TELEGRAM_WEBHOOK_URL}` : ', long polling'}` } : { ok: false, detail: `getMe: ${r.description ?? 'refused'}` };
  });
}

function wechaty(c: Config): Check {
  if (!c.WECHATY_PUPPET) return skipped('wechat', 'WECHATY_PUPPET');
  return { name: 'wechat', ok: true, detail: `puppet ${c.WECHATY_PUPPET}: the login (QR code) is checked when jinqiu starts` };
}

function officialAccount(c: Config): Promise<Check> | Check {
  if (!c.WECHAT_OA_APP_ID) return skipped('wechat_oa', 'WECHAT_OA_APP_ID');
  return guard('wechat_oa', async () => {
    const { createOaApi } = await import('./wechat-oa/api.ts');
    const api = createOaApi({ appId: c.WECHAT_OA_APP_ID!, appSecret: c.WECHAT_OA_APP_SECRET!, apiRoot: c.WECHAT_OA_API_ROOT });
    await api.token();
    const templates = await api.templates();
    return {
      ok: true,
      detail: `AppID ${c.WECHAT_OA_APP_ID}: token ok; callback ${c.WECHAT_OA_PATH} (${c.WECHAT_OA_AES_KEY ? '安全模式' : '明文模式'}); ${templates.length} 模板消息 templates in the account${templates.length ? `: ${templates.map((t) => `${t.title} ${t.template_id}`).join('; ')}` : ' (greetings need one: /公众号模板)'}`,
    };
  });
}

function wecomApp(c: Config): Promise<Check> | Check {
  if (!c.WECOM_CORP_ID) return skipped('wecom', 'WECOM_CORP_ID');
  return guard('wecom', async () => {
    const { createWecomApi } = await import('./wecom/api.ts');
    const api = createWecomApi({ corpId: c.WECOM_CORP_ID!, secret: c.WECOM_SECRET!, agentId: c.WECOM_AGENT_ID!, apiRoot: c.WECOM_API_ROOT });
    const agent = await api.agent();
    return { ok: true, detail: `应用 ${agent.name ?? c.WECOM_AGENT_ID}: token ok; callback ${c.WECOM_PATH}` };
  });
}

/** A post with no valid message type: WeChat checks the key (93000 when wrong) and posts nothing (40008). */
function robots(c: Config): (Promise<Check> | Check)[] {
  const all = parseRobots(c.WECOM_ROBOTS);
  if (!all.size) return [skipped('wecom_robot', 'WECOM_ROBOTS')];
  return [...all].map(([name, key]) =>
    guard(`wecom_robot:${name}`, async () => {
      const res = await fetch(`${c.WECOM_API_ROOT.replace(/\/$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'jinqiu_doctor' }),
        signal: AbortSignal.timeout(10_000),
      });
      const r = (await res.json()) as { errcode: number; errmsg: string };
      if (r.errcode === 40008) return { ok: true, detail: 'robot key accepted' };
      return { ok: false, detail: `${r.errcode} ${r.errmsg}` };
    }),
  );
}

async function phones(c: Config): Promise<Check[]> {
  if (!c.SMS_TEMPLATE_GREETING && !c.VOICE_TEMPLATE_GREETING) return [skipped('sms', 'SMS_TEMPLATE_GREETING'), skipped('voice_call', 'VOICE_TEMPLATE_GREETING')];
  const provider = await phoneProvider(c);
  if (!provider) return [{ name: 'sms', ok: false, detail: 'PHONE_PROVIDER, PHONE_ACCESS_KEY_ID, PHONE_ACCESS_KEY_SECRET must be set' }];
  const results = await provider.check({ ...(c.SMS_TEMPLATE_GREETING ? { smsTemplate: c.SMS_TEMPLATE_GREETING } : {}), ...(c.VOICE_TEMPLATE_GREETING ? { voiceTemplate: c.VOICE_TEMPLATE_GREETING } : {}) });
  const names = [...(c.SMS_TEMPLATE_GREETING ? ['sms'] : []), ...(c.VOICE_TEMPLATE_GREETING ? ['voice_call'] : [])];
  return results.map((r, i) => ({ name: names[i] ?? 'phone', ok: r.ok, detail: `${provider.name}: ${r.detail}${c.PHONE_RECEIPT_TOKEN ? '' : '; receipts off (PHONE_RECEIPT_TOKEN)'}` }));
}
