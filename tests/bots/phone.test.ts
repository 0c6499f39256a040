import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAliyunProvider } from '../../src/bots/phone/aliyun.ts';
import { createTencentProvider } from '../../src/bots/phone/tencent.ts';
import { createPhoneSender, type PhoneLimits } from '../../src/bots/phone/phone-sender.ts';
import { createReceiptRoutes } from '../../src/bots/phone/receipts.ts';
import type { PhoneProvider } from '../../src/bots/phone/provider.ts';
import { text } from '../../src/chat/message.ts';
import type { Db } from '../../src/db/types.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { senderContract } from './adapter-contract.ts';
import { silentLog } from './helpers/fake-agent.ts';
import { startFakePhone } from './helpers/fake-phone.ts';

type FakePhone = Awaited<ReturnType<typeof startFakePhone>>;
const TEMPLATES = { aliyun: { sms: 'SMS_465100001', voice_call: 'TTS_287000001' }, tencent: { sms: '1234567', voice_call: '7654321' } };
const REFUSALS = {
  aliyun: { permanent: 'isv.MOBILE_NUMBER_ILLEGAL', limit: 'isv.BUSINESS_LIMIT_CONTROL' },
  tencent: { permanent: 'InvalidParameterValue.IncorrectPhoneNumber', limit: 'LimitExceeded.PhoneNumberDailyLimit' },
};
const OPEN: PhoneLimits = { minIntervalMs: 0, perDay: 100, quietStart: 0, quietEnd: 0, timeZone: 'Asia/Shanghai' };
const PARAMS: Record<'aliyun' | 'tencent', [string, string][]> = { aliyun: [['name', '称呼'], ['occasion', '场合']], tencent: [['1', '称呼'], ['2', '场合']] };

async function providerFor(name: 'aliyun' | 'tencent', fake: FakePhone, secret = fake.secret): Promise<PhoneProvider> {
  if (name === 'aliyun') return createAliyunProvider({ accessKeyId: fake.keyId, accessKeySecret: secret, signName: '澄城县老干部局', smsEndpoint: fake.url, voiceEndpoint: fake.url });
  return createTencentProvider({ secretId: fake.keyId, secretKey: secret, region: 'ap-guangzhou', signName: '澄城县老干部局', smsSdkAppId: '1400000001', voiceSdkAppId: '1400000002', smsEndpoint: fake.url, voiceEndpoint: fake.url });
}

/** The template values a fake provider was given, in order. */
function valuesOf(p: Record<string, unknown>): string[] {
  if (typeof p.TemplateParam === 'string') return Object.values(JSON.parse(p.TemplateParam) as Record<string, string>);
  if (typeof p.TtsParam === 'string') return Object.values(JSON.parse(p.TtsParam) as Record<string, string>);
  return (p.TemplateParamSet as string[]) ?? [];
}
const toOf = (p: Record<string, unknown>) => String(p.PhoneNumbers ?? (p.PhoneNumberSet as string[] | undefined)?.[0] ?? p.CalledNumber);

for (const provider of ['aliyun', 'tencent'] as const) {
  for (const kind of ['sms', 'voice_call'] as const) {
    senderContract(`${provider} ${kind}`, async ({ db }) => {
      const fake = await startFakePhone();
      const sender = createPhoneSender({ db, provider: await providerFor(provider, fake), kind, templateId: TEMPLATES[provider][kind], params: PARAMS[provider], limits: OPEN });
      return {
        sender,
        target: { channel: kind, threadId: '138 0000 1234', chatKind: 'private' },
        accepted: () => fake.accepted.filter((a) => /SendSms|SingleCallByTts|SendTtsVoice/.test(a.action)).map((a) => ({ to: toOf(a.params), values: valuesOf(a.params) })),
        failNext: (k) => fake.refuseNext(REFUSALS[provider][k]),
        close: () => fake.close(),
      };
    });
  }
}

describe.each(testDbKinds)('phone channels (%s)', (dbKind) => {
  let t: TestDb;
  let fake: FakePhone;
  let now = Date.parse('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  beforeEach(async () => {
    t = await createTestDb(dbKind);
    now = Date.parse('2026-03-10T02:00:00Z');
    fake = await startFakePhone({ now: () => now });
  });
  afterEach(async () => {
    await fake.close();
    await t.cleanup();
  });
  const greeting = { purpose: 'greeting' as const, occasion: 'birthday', params: { 称呼: '王老', 姓名: '王秀兰', 场合: '生日', 日期: '2026年3月10日' } };
  const sends = (db: Db) => db.query<{ status: string; provider_id: string | null; error: string | null }>(`SELECT status, provider_id, error FROM phone_sends ORDER BY id`).then((r) => r.rows);

  it.each(['aliyun', 'tencent'] as const)('%s: a request signed with the wrong secret is refused by the provider and retried later', async (p) => {
    const sender = createPhoneSender({ db: t.db, provider: await providerFor(p, fake, 'wrong-secret'), kind: 'sms', templateId: TEMPLATES[p].sms, params: PARAMS[p], limits: OPEN });
    const out = await sender.send({ channel: 'sms', threadId: '13800001234', chatKind: 'private' }, [text('您好')], greeting);
    expect(out).toMatchObject({ ok: false, permanent: false });
    if (!out.ok) expect(out.reason).toMatch(/SignatureDoesNotMatch|AuthFailure\.SignatureFailure/);
    expect(fake.accepted).toHaveLength(0);
  });

  it('keeps to the per-number limits before asking the provider: interval, day, quiet hours', async () => {
    const sender = createPhoneSender({
      db: t.db,
      provider: await providerFor('aliyun', fake),
      kind: 'voice_call',
      templateId: TEMPLATES.aliyun.voice_call,
      params: PARAMS.aliyun,
      limits: { minIntervalMs: 30_000, perDay: 2, quietStart: 22, quietEnd: 8, timeZone: 'Asia/Shanghai' },
      clock,
    });
    const to = { channel: 'voice_call' as const, threadId: '13800001234', chatKind: 'private' as const };
    expect((await sender.send(to, [text('生日快乐')], greeting)).ok).toBe(true);
    now += 10_000;
    const tooSoon = await sender.send(to, [text('生日快乐')], greeting);
    expect(tooSoon).toMatchObject({ ok: false, permanent: false, reason: 'per_number_interval' });
    if (!tooSoon.ok) expect(tooSoon.retryAfterMs).toBe(20_000);
    now += 20_000;
    expect((await sender.send(to, [text('生日快乐')], greeting)).ok).toBe(true);
    now += 60_000;
    const third = await sender.send(to, [text('生日快乐')], greeting);
    expect(third).toMatchObject({ ok: false, permanent: false });
    if (!third.ok) expect(third.reason).toMatch(/daily/);
    // 23:30 in Shanghai: nobody's phone rings; the wait runs to 08:00.
    now = Date.parse('2026-03-10T15:30:00Z');
    const night = await sender.send({ ...to, threadId: '13900005678' }, [text('您好')], greeting);
    expect(night).toMatchObject({ ok: false, reason: 'quiet_hours' });
    if (!night.ok) expect(night.retryAfterMs).toBe(8.5 * 3600_000);
    expect(fake.accepted).toHaveLength(2);
    expect(fake.refused).toHaveLength(0);
  });

  it('uses the ledger’s number as written: SMS needs a mobile, a call can dial a landline', async () => {
    const provider = await providerFor('aliyun', fake);
    const sms = createPhoneSender({ db: t.db, provider, kind: 'sms', templateId: TEMPLATES.aliyun.sms, params: PARAMS.aliyun, limits: OPEN });
    const call = createPhoneSender({ db: t.db, provider, kind: 'voice_call', templateId: TEMPLATES.aliyun.voice_call, params: PARAMS.aliyun, limits: OPEN });
    const landline = { channel: 'sms' as const, threadId: '0913-6666666（家）', chatKind: 'private' as const };
    expect(await sms.send(landline, [text('x')], greeting)).toMatchObject({ ok: false, permanent: true });
    expect((await call.send({ ...landline, channel: 'voice_call' }, [text('x')], greeting)).ok).toBe(true);
    expect(fake.accepted[0]!.params).toMatchObject({ CalledNumber: '09136666666', TtsCode: 'TTS_287000001' });
    expect(JSON.parse(String(fake.accepted[0]!.params.TtsParam))).toEqual({ name: '王老', occasion: '生日' });
  });

  it('records the provider’s receipts against the send, by provider id or by our out id', async () => {
    const aliyun = createPhoneSender({ db: t.db, provider: await providerFor('aliyun', fake), kind: 'sms', templateId: TEMPLATES.aliyun.sms, params: PARAMS.aliyun, limits: OPEN });
    const tencent = createPhoneSender({ db: t.db, provider: await providerFor('tencent', fake), kind: 'voice_call', templateId: TEMPLATES.tencent.voice_call, params: PARAMS.tencent, limits: OPEN });
    expect((await aliyun.send({ channel: 'sms', threadId: '13800001234', chatKind: 'private' }, [text('x')], greeting)).ok).toBe(true);
    expect((await tencent.send({ channel: 'voice_call', threadId: '13900005678', chatKind: 'private' }, [text('x')], greeting)).ok).toBe(true);
    const [sms, call] = await sends(t.db);
    expect(sms!.status).toBe('submitted');
    const routes = createReceiptRoutes({ db: t.db, token: 'receipt-secret-0123456789', log: silentLog });
    const route = (p: string) => routes.find((r) => r.name === `phone-receipts-${p}`)!;
    expect(route('aliyun').path).toBe('/hooks/phone-receipts/aliyun/receipt-secret-0123456789');
    const a = await route('aliyun').handler(new Request('http://x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ phone_number: '13800001234', send_time: '2026-03-10 10:00:00', report_time: '2026-03-10 10:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: sms!.provider_id, out_id: '1' }]) }));
    expect(await a.json()).toEqual({ code: 0, msg: '成功' });
    const v = await route('tencent').handler(new Request('http://x', { method: 'POST', body: JSON.stringify({ voiceprompt_callback: { result: '1', accept_time: '0', call_from: '', callid: call!.provider_id, end_calltime: '0', fee: '0', mobile: '13900005678', nationcode: '86', start_calltime: '0' } }) }));
    expect(await v.json()).toEqual({ result: 0, errmsg: 'OK' });
    expect((await sends(t.db)).map((s) => s.status)).toEqual(['delivered', 'failed']);
  });

  it.each(['aliyun', 'tencent'] as const)('%s: checks credentials and templates without sending anything', async (p) => {
    const provider = await providerFor(p, fake);
    const good = await provider.check({ smsTemplate: TEMPLATES[p].sms, voiceTemplate: TEMPLATES[p].voice_call });
    expect(good.every((c) => c.ok)).toBe(true);
    expect((await provider.check({ smsTemplate: p === 'aliyun' ? 'SMS_000' : '999' }))[0]!.ok).toBe(false);
    expect((await (await providerFor(p, fake, 'bad')).check({ smsTemplate: TEMPLATES[p].sms }))[0]!.ok).toBe(false);
    expect(fake.accepted.filter((a) => /Send|Call/.test(a.action) && !/Query/.test(a.action))).toHaveLength(0);
  });
});
