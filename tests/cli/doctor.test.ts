import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { newAesKey, startFakeWechat } from '../bots/helpers/fake-wechat.ts';
import { startFakePhone } from '../bots/helpers/fake-phone.ts';

describe('jinqiu doctor', () => {
  const tmp = tmpDir('jq-doctor-');
  afterAll(() => tmp.cleanup());

  it('checks each configured channel and sends nothing to anybody', async () => {
    const wx = await startFakeWechat({ robotKeys: ['good-robot-key'] });
    const phone = await startFakePhone();
    try {
      const env = {
        JINQIU_DATA_DIR: path.join(tmp.dir, 'data'),
        WECHAT_OA_APP_ID: wx.appId,
        WECHAT_OA_APP_SECRET: wx.appSecret,
        WECHAT_OA_TOKEN: 'oaToken',
        WECHAT_OA_AES_KEY: newAesKey(),
        WECHAT_OA_API_ROOT: wx.root,
        WECOM_CORP_ID: wx.corpId,
        WECOM_AGENT_ID: '1000002',
        WECOM_SECRET: wx.corpSecret,
        WECOM_TOKEN: 'wecomToken',
        WECOM_AES_KEY: newAesKey(),
        WECOM_API_ROOT: wx.root,
        WECOM_ROBOTS: '韦庄镇工作群=good-robot-key,旧群=removed-key',
        PHONE_PROVIDER: 'aliyun',
        PHONE_ACCESS_KEY_ID: phone.keyId,
        PHONE_ACCESS_KEY_SECRET: phone.secret,
        SMS_SIGN_NAME: '澄城县老干部局',
        SMS_TEMPLATE_GREETING: 'SMS_465100001',
        SMS_ENDPOINT: phone.url,
        VOICE_TEMPLATE_GREETING: 'TTS_287000001',
        VOICE_ENDPOINT: phone.url,
      };
      const r = await runCli(['doctor', '--json'], env);
      expect(r.code, r.stderr).toBe(1); // the removed robot fails
      const by = Object.fromEntries((r.json.checks as { name: string; ok: boolean; detail: string }[]).map((c) => [c.name, c]));
      expect(by.config).toMatchObject({ ok: true });
      expect(by.wechat_oa).toMatchObject({ ok: true, detail: expect.stringMatching(/安全模式.*tpl-birthday/) });
      expect(by.wecom).toMatchObject({ ok: true });
      expect(by['wecom_robot:韦庄镇工作群']).toMatchObject({ ok: true });
      expect(by['wecom_robot:旧群']).toMatchObject({ ok: false, detail: expect.stringMatching(/93000/) });
      expect(by.sms).toMatchObject({ ok: true, detail: expect.stringMatching(/审核通过/) });
      expect(by.voice_call).toMatchObject({ ok: true });
      expect(by.telegram).toMatchObject({ ok: true, skipped: true });
      // Nothing reached a person or a group.
      expect(wx.calls.filter((c) => /message\/(custom|template)\/send|message\/send/.test(c.path))).toHaveLength(0);
      expect(wx.calls.filter((c) => c.path === '/cgi-bin/webhook/send' && c.body.msgtype !== 'jinqiu_doctor')).toHaveLength(0);
      expect(phone.accepted.filter((a) => /SendSms|SingleCallByTts|SendTtsVoice/.test(a.action))).toHaveLength(0);

      const { WECOM_ROBOTS: _r, SMS_SIGN_NAME: _s, ...rest } = env;
      const bad = await runCli(['doctor', '--json'], { ...rest, WECHAT_OA_APP_SECRET: 'wrong' });
      expect(bad.code).toBe(1);
      expect(bad.json.checks[0]).toMatchObject({ name: 'config', ok: false, detail: expect.stringMatching(/SMS_SIGN_NAME/) });
    } finally {
      await wx.close();
      await phone.close();
    }
  }, 120_000);
});
