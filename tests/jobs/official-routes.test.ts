import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDue, planDay } from '../../src/jobs/planner.ts';
import { createDeliverer } from '../../src/jobs/deliver.ts';
import { planEnv } from '../../src/jobs/service.ts';
import { createSenders } from '../../src/bots/sending/create-senders.ts';
import { createPhoneSender } from '../../src/bots/phone/phone-sender.ts';
import { createAliyunProvider } from '../../src/bots/phone/aliyun.ts';
import { createOfficialAccountAdapter } from '../../src/bots/wechat-oa/adapter.ts';
import { createOfficialAccountSender } from '../../src/bots/wechat-oa/sender.ts';
import { setOaTemplate } from '../../src/bots/wechat-oa/templates.ts';
import { setContactPreference } from '../../src/people/contact-preferences.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { startFakePhone } from '../bots/helpers/fake-phone.ts';
import { startFakeWechat } from '../bots/helpers/fake-wechat.ts';
import { FakeAgent } from '../bots/helpers/fake-agent.ts';
import { addElder, silentLog } from './fixtures.ts';

const DAY = '2026-03-10';
const OPEN = { minIntervalMs: 0, perDay: 10, quietStart: 0, quietEnd: 0, timeZone: 'Asia/Shanghai' };

describe.each(testDbKinds)('greeting routes across channels (%s)', (kind) => {
  let t: TestDb;
  let ids: Record<string, number>;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`UPDATE job_plans SET enabled = (key = 'birthday')`);
    const add = async (name: string, phone: string | null) => {
      const id = await addElder(t.db, { name, birth: '1936-03-10' });
      if (phone) await t.db.query(`UPDATE elders SET phone = $2 WHERE id = $1`, [id, phone]);
      return id;
    };
    ids = {
      oa: await add('王秀兰', '13800000001'),
      sms: await add('李建国', '138 0000 1234'),
      landline: await add('张福', '0913-6666666'),
      staffCall: await add('赵林', '13900005678'),
      voice: await add('孙梅', '13700001111'),
      nobody: await add('周平', null),
      smsFirst: await add('吴强', '13600002222'),
    };
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, kind, elder_id, bound_at) VALUES ('wechat_oa', 'o-wang', 'elder', $1, now()), ('telegram', 'tg-wu', 'elder', $2, now())`, [ids.oa, ids.smsFirst]);
    await setContactPreference(t.db, ids.staffCall!, 'staff_call', 'staff:1');
    await setContactPreference(t.db, ids.voice!, 'voice', 'staff:1');
    await setContactPreference(t.db, ids.smsFirst!, 'sms', 'staff:1');
  });
  afterEach(async () => t.cleanup());

  const routes = async (env: Parameters<typeof computeDue>[2]) =>
    Object.fromEntries((await computeDue(t.db, DAY, env)).map((i) => [Object.entries(ids).find(([, id]) => id === i.elder?.id)![0], i.action === 'call' ? 'call' : i.channel]));

  it('picks per elder: a chat account, else SMS, else a voice call, else the call list, as staff prefer', async () => {
    const withPhones = planEnv({ REDIS_URL: undefined, JINQIU_TZ: 'Asia/Shanghai', JINQIU_OFFICE_NAME: '县委老干部局', PHONE_PROVIDER: 'aliyun', SMS_TEMPLATE_GREETING: 'SMS_465100001', VOICE_TEMPLATE_GREETING: 'TTS_287000001' });
    expect(withPhones.phoneChannels).toEqual(['sms', 'voice_call']);
    expect(await routes(withPhones)).toEqual({ oa: 'wechat_oa', sms: 'sms', landline: 'voice_call', staffCall: 'call', voice: 'voice_call', nobody: 'call', smsFirst: 'sms' });
    // Without a provider configured, phones are not a route: the call list, and chat where bound.
    const none = planEnv({ REDIS_URL: undefined, JINQIU_TZ: 'Asia/Shanghai', JINQIU_OFFICE_NAME: '县委老干部局' });
    expect(await routes(none)).toEqual({ oa: 'wechat_oa', sms: 'call', landline: 'call', staffCall: 'call', voice: 'call', nobody: 'call', smsFirst: 'telegram' });
  });

  it('sends every planned greeting exactly once, through 模板消息, SMS and calls', async () => {
    const env = { tz: 'Asia/Shanghai', officeName: '县委老干部局', phoneChannels: ['sms', 'voice_call'] as ('sms' | 'voice_call')[] };
    const phone = await startFakePhone();
    const wx = await startFakeWechat();
    try {
      const provider = await createAliyunProvider({ accessKeyId: phone.keyId, accessKeySecret: phone.secret, signName: '澄城县老干部局', smsEndpoint: phone.url, voiceEndpoint: phone.url });
      const oa = createOfficialAccountAdapter({
        db: t.db,
        agent: new FakeAgent(),
        log: silentLog,
        config: { WECHAT_OA_APP_ID: wx.appId, WECHAT_OA_APP_SECRET: wx.appSecret, WECHAT_OA_TOKEN: 'tok', WECHAT_OA_PATH: '/hooks/wechat-oa', WECHAT_OA_API_ROOT: wx.root, JINQIU_OFFICE_NAME: '县委老干部局' },
      });
      await setOaTemplate(t.db, 'birthday', { templateId: 'tpl-birthday-0123456789', fields: [['thing1', '称呼'], ['thing2', '场合']] });
      const sender = createSenders({
        db: t.db,
        config: { WECHAT_SEND_INTERVAL_MS: 3000, WECHAT_DAILY_CAP: 10, JINQIU_TZ: 'Asia/Shanghai' },
        more: {
          wechat_oa: createOfficialAccountSender({ db: t.db, api: oa.api, deliver: oa.deliver, office: '县委老干部局' }),
          sms: createPhoneSender({ db: t.db, provider, kind: 'sms', templateId: 'SMS_465100001', params: [['name', '称呼'], ['occasion', '场合']], limits: OPEN }),
          voice_call: createPhoneSender({ db: t.db, provider, kind: 'voice_call', templateId: 'TTS_287000001', params: [['name', '称呼'], ['occasion', '场合']], limits: OPEN }),
        },
      });
      const plan = await planDay(t.db, DAY, env);
      expect(plan.planned).toBe(7);
      expect(plan.toQueue.map((q) => q.channel).sort()).toEqual(['sms', 'sms', 'voice_call', 'voice_call', 'wechat_oa']);
      const deliver = createDeliverer({ db: t.db, sender, log: silentLog });
      const attempt = { attemptsMade: 0, maxAttempts: 3 };
      // Every job twice, at the same time: a queue that delivers twice must not greet twice.
      const outcomes = await Promise.all(plan.toQueue.flatMap((q) => [deliver(q.id, attempt), deliver(q.id, attempt)]));
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(5);
      const status = await t.db.query<{ status: string; n: string }>(`SELECT status, count(*)::text AS n FROM deliveries GROUP BY status ORDER BY status`);
      expect(status.rows).toEqual([{ status: 'call', n: '2' }, { status: 'sent', n: '5' }]);
      expect(wx.sent('/cgi-bin/message/template/send')).toHaveLength(1);
      expect(wx.sent('/cgi-bin/message/template/send')[0]!.body).toMatchObject({ touser: 'o-wang', data: { thing1: { value: '王老' }, thing2: { value: '生日' } } });
      expect(wx.sent('/cgi-bin/message/custom/send')).toHaveLength(0);
      const sms = phone.accepted.filter((a) => a.action === 'SendSms');
      expect(sms.map((a) => a.params.PhoneNumbers).sort()).toEqual(['13600002222', '13800001234']);
      expect(sms.map((a) => JSON.parse(String(a.params.TemplateParam)).name).sort()).toEqual(['吴老', '李老']);
      expect(phone.accepted.filter((a) => a.action === 'SingleCallByTts').map((a) => a.params.CalledNumber).sort()).toEqual(['09136666666', '13700001111']);
      const mids = await t.db.query<{ message_ids: string[] }>(`SELECT message_ids FROM deliveries d WHERE d.channel = 'sms' ORDER BY id`);
      expect(mids.rows.every((r) => /^phone_sends:\d+$/.test(r.message_ids[0]!))).toBe(true);
    } finally {
      await phone.close();
      await wx.close();
    }
  });
});
