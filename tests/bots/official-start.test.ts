import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChannels } from '../../src/bots/start-channels.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { text } from '../../src/chat/message.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { newAesKey, startFakeWechat, wxCallbackClient } from './helpers/fake-wechat.ts';
import { startFakePhone } from './helpers/fake-phone.ts';

/** `jinqiu start`'s channel side with every official channel configured, as a bureau would. */
describe('starting with the official channels configured', () => {
  let t: TestDb;
  let wx: Awaited<ReturnType<typeof startFakeWechat>>;
  let phone: Awaited<ReturnType<typeof startFakePhone>>;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    wx = await startFakeWechat({ robotKeys: ['robot-key'] });
    phone = await startFakePhone();
  });
  afterEach(async () => {
    await wx.close();
    await phone.close();
    await t.cleanup();
  });

  it('mounts every callback on the one server, and sends through each channel', async () => {
    const oaKey = newAesKey();
    const wecomKey = newAesKey();
    const config = loadConfig({
      JINQIU_HTTP_PORT: '0',
      WECHAT_OA_APP_ID: wx.appId,
      WECHAT_OA_APP_SECRET: wx.appSecret,
      WECHAT_OA_TOKEN: 'oaToken',
      WECHAT_OA_AES_KEY: oaKey,
      WECHAT_OA_API_ROOT: wx.root,
      WECOM_CORP_ID: wx.corpId,
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: wx.corpSecret,
      WECOM_TOKEN: 'wecomToken',
      WECOM_AES_KEY: wecomKey,
      WECOM_API_ROOT: wx.root,
      WECOM_ROBOTS: '工作群=robot-key',
      PHONE_PROVIDER: 'tencent',
      PHONE_ACCESS_KEY_ID: phone.keyId,
      PHONE_ACCESS_KEY_SECRET: phone.secret,
      SMS_SIGN_NAME: '澄城县老干部局',
      SMS_SDK_APP_ID: '1400000001',
      SMS_TEMPLATE_GREETING: '1234567',
      SMS_TEMPLATE_PARAMS: '1=称呼,2=场合',
      SMS_ENDPOINT: phone.url,
      VOICE_TEMPLATE_GREETING: '7654321',
      VOICE_SDK_APP_ID: '1400000002',
      VOICE_ENDPOINT: phone.url,
      PHONE_RECEIPT_TOKEN: 'receipt-token-0123456789',
      // The test may run at night in Shanghai: no quiet hours here (phone.test.ts covers them).
      PHONE_QUIET_HOURS: '0-0',
      LOG_LEVEL: 'silent',
    });
    const ch = await startChannels({ config, db: t.db, log: silentLog }, new FakeAgent());
    try {
      expect(ch.webhooks.map((w) => w.name)).toEqual(['wechat-oa', 'wecom', 'phone-receipts-tencent']);
      expect(ch.simulator.webhookPaths).toEqual(['/hooks/wechat-oa', '/hooks/wecom', '/hooks/phone-receipts/tencent/receipt-token-0123456789']);
      const oa = wxCallbackClient(`${ch.simulator.url}/hooks/wechat-oa`, { token: 'oaToken', aesKey: oaKey, receiverId: wx.appId }, (r) => fetch(r));
      const r = await oa.post({ ToUserName: 'gh_1', FromUserName: 'o-1', CreateTime: 1, MsgType: 'text', Content: '你好', MsgId: '1001' }, 'aes');
      expect(r.reply?.Content).toBe('收到：你好');
      const wecom = wxCallbackClient(`${ch.simulator.url}/hooks/wecom`, { token: 'wecomToken', aesKey: wecomKey, receiverId: wx.corpId }, (r2) => fetch(r2));
      expect((await wecom.post({ ToUserName: wx.corpId, FromUserName: 'zhang', CreateTime: 1, MsgType: 'text', Content: '在吗', MsgId: '2001', AgentID: 1000002 }, 'wecom')).status).toBe(200);
      await ch.official.wecom!.idle();
      expect(wx.sent('/cgi-bin/message/send')[0]?.body).toMatchObject({ touser: 'zhang', text: { content: '收到：在吗' } });

      const greeting = { purpose: 'greeting' as const, occasion: 'birthday', params: { 称呼: '王老', 场合: '生日' } };
      expect((await ch.sender.send({ channel: 'sms', threadId: '13800001234', chatKind: 'private' }, [text('生日快乐')], greeting)).ok).toBe(true);
      expect((await ch.sender.send({ channel: 'voice_call', threadId: '0913-6666666', chatKind: 'private' }, [text('生日快乐')], greeting)).ok).toBe(true);
      expect((await ch.sender.send({ channel: 'wecom_robot', threadId: '工作群', chatKind: 'group' }, [text('【案件】请处理')])).ok).toBe(true);
      expect(phone.accepted.map((a) => a.action)).toEqual(['SendSms', 'SendTtsVoice']);
      expect(phone.accepted[0]!.params.TemplateParamSet).toEqual(['王老', '生日']);
      const receipt = await fetch(`${ch.simulator.url}/hooks/phone-receipts/tencent/receipt-token-0123456789`, { method: 'POST', body: JSON.stringify([{ user_receive_time: '2026-03-10 10:00:03', nationcode: '86', mobile: '13800001234', report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: '2640:1' }]) });
      expect(await receipt.json()).toEqual({ result: 0, errmsg: 'OK' });
      // A guessed token is no webhook: the request meets the page's own guards and goes nowhere.
      expect([404, 415]).toContain((await fetch(`${ch.simulator.url}/hooks/phone-receipts/tencent/guessed-token`, { method: 'POST', body: '[]' })).status);
      const rows = await t.db.query<{ kind: string; status: string }>(`SELECT kind, status FROM phone_sends ORDER BY id`);
      expect(rows.rows).toEqual([{ kind: 'sms', status: 'delivered' }, { kind: 'voice_call', status: 'submitted' }]);
    } finally {
      await ch.close();
    }
  });
});
