import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOfficialAccountAdapter, type OaAdapter } from '../../src/bots/wechat-oa/adapter.ts';
import { createOfficialAccountSender } from '../../src/bots/wechat-oa/sender.ts';
import { setOaTemplate } from '../../src/bots/wechat-oa/templates.ts';
import { createOaTemplateCommand } from '../../src/bots/wechat-oa/template-command.ts';
import { createTranscriber, espeakSpeaker } from '../../src/bots/voice/speech-client.ts';
import { text } from '../../src/chat/message.ts';
import type { StaffContext } from '../../src/chat/staff-command.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { adapterContract, type Sent } from './adapter-contract.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { newAesKey, startFakeWechat, wxCallbackClient } from './helpers/fake-wechat.ts';
import { spokenWav, wavInMultipart } from './helpers/audio.ts';
import { toAmr } from '../../src/bots/voice/audio-convert.ts';

const TOKEN = 'jinqiuOaToken2026';
const ME = 'gh_0123456789ab';
type Fake = Awaited<ReturnType<typeof startFakeWechat>>;

function oaConfig(fake: Fake, aesKey?: string) {
  return {
    WECHAT_OA_APP_ID: fake.appId,
    WECHAT_OA_APP_SECRET: fake.appSecret,
    WECHAT_OA_TOKEN: TOKEN,
    ...(aesKey ? { WECHAT_OA_AES_KEY: aesKey } : {}),
    WECHAT_OA_PATH: '/hooks/wechat-oa',
    WECHAT_OA_API_ROOT: fake.root,
    JINQIU_OFFICE_NAME: '澄城县委老干部局',
  };
}

let seq = 1;
const textMsg = (openid: string, content: string, msgId = String(24000000000000000n + BigInt(seq++))) => ({
  ToUserName: ME,
  FromUserName: openid,
  CreateTime: Math.floor(Date.now() / 1000),
  MsgType: 'text',
  Content: content,
  MsgId: msgId,
});

/** What the person saw: the passive reply in the HTTP answer, and every 客服消息. */
function seen(fake: Fake, passive: Sent[]): Sent[] {
  const custom = fake.sent('/cgi-bin/message/custom/send').map((c): Sent => {
    const t = String(c.body.msgtype) as 'text' | 'image' | 'voice';
    return { threadId: String(c.body.touser), kind: t, ...(t === 'text' ? { text: String((c.body.text as { content: string }).content) } : {}) };
  });
  return [...passive, ...custom];
}

adapterContract('wechat_oa (安全模式)', async ({ db, agent }) => {
  const fake = await startFakeWechat();
  const aesKey = newAesKey();
  const oa = createOfficialAccountAdapter({ db, agent, log: silentLog, config: oaConfig(fake, aesKey) });
  const client = wxCallbackClient('http://bot.example/hooks/wechat-oa', { token: TOKEN, aesKey, receiverId: fake.appId }, async (r) => oa.webhook.handler(r));
  const passive: Sent[] = [];
  const ids = new Map<string, string>();
  const idFor = (s: string) => ids.get(s) ?? (ids.set(s, String(7000000000000000 + ids.size)), ids.get(s)!);
  fake.openWindow('o-elder-1');
  const post = async (fields: Record<string, string | number>) => {
    const r = await client.post(fields, 'aes');
    if (r.reply?.MsgType === 'text') passive.push({ threadId: r.reply.ToUserName!, kind: 'text', text: r.reply.Content! });
    await oa.idle();
  };
  return {
    unaddressedGroupMessages: false,
    groups: false,
    files: false,
    privateText: (id, t) => post(textMsg('o-elder-1', t, idFor(id))),
    groupText: async () => {},
    sticker: (id) => post({ ToUserName: ME, FromUserName: 'o-elder-1', CreateTime: 1, MsgType: 'link', Title: '表情', MsgId: idFor(id) }),
    sent: () => seen(fake, passive),
    close: async () => {
      await oa.stop();
      await fake.close();
    },
  };
});

describe.each(testDbKinds)('wechat_oa adapter (%s)', (kind) => {
  let t: TestDb;
  let fake: Fake;
  let agent: FakeAgent;
  let oa: OaAdapter;
  const aesKey = newAesKey();
  const make = (extra: Partial<Parameters<typeof createOfficialAccountAdapter>[0]> = {}, key?: string) =>
    createOfficialAccountAdapter({ db: t.db, agent, log: silentLog, config: oaConfig(fake, key), ...extra });
  const clientFor = (a: OaAdapter, key?: string) => wxCallbackClient('http://bot.example/hooks/wechat-oa', { token: TOKEN, ...(key ? { aesKey: key } : {}), receiverId: fake.appId }, async (r) => a.webhook.handler(r));
  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeWechat();
    agent = new FakeAgent();
    oa = make({}, aesKey);
  });
  afterEach(async () => {
    await oa.stop();
    await fake.close();
    await t.cleanup();
  });

  it('verifies the URL when the console saves it, and refuses a wrong signature', async () => {
    const c = clientFor(oa, aesKey);
    const ok = await c.verify('plain');
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(ok.echo);
    expect((await c.verify('plain', true)).status).toBe(401);
  });

  it('answers a plain-mode message passively within the five seconds, signed replies only', async () => {
    const plain = make();
    const c = clientFor(plain);
    const r = await c.post(textMsg('o-1', '医药费怎么报销？'), 'plain');
    expect(r.reply?.Content).toBe('收到：医药费怎么报销？');
    expect(r.reply?.ToUserName).toBe('o-1');
    expect(r.reply?.FromUserName).toBe(ME);
    const forged = await c.post(textMsg('o-1', '冒充的消息'), 'plain', true);
    expect(forged.status).toBe(401);
    expect(agent.seen.map((m) => m.text)).toEqual(['医药费怎么报销？']);
  });

  it('in 安全模式 decrypts with msg_signature and seals the reply; a forged msg_signature reaches nothing', async () => {
    const c = clientFor(oa, aesKey);
    const r = await c.post(textMsg('o-2', '护理费'), 'aes');
    expect(r.body).toContain('<Encrypt>');
    expect(r.body).not.toContain('护理费');
    expect(r.reply?.Content).toBe('收到：护理费');
    expect((await c.post(textMsg('o-2', '假的'), 'aes', true)).status).toBe(401);
    // Sealed for another AppID: the signature is right but the ciphertext is not meant for us.
    const other = wxCallbackClient('http://bot.example/hooks/wechat-oa', { token: TOKEN, aesKey, receiverId: 'wxOTHERAPPID000000' }, async (x) => oa.webhook.handler(x));
    expect((await other.post(textMsg('o-2', '别的号'), 'aes')).status).toBe(401);
    expect(agent.seen).toHaveLength(1);
  });

  it('answers WeChat’s three deliveries of one MsgId once', async () => {
    const c = clientFor(oa, aesKey);
    const m = textMsg('o-3', '你好', '6912345678901234567');
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await c.post({ ...m }, 'aes'));
    await oa.idle();
    expect(agent.seen).toHaveLength(1);
    expect(replies.filter((r) => r.reply?.Content === '收到：你好')).toHaveLength(1);
    expect(replies.filter((r) => r.body === 'success')).toHaveLength(2);
  });

  it('when the answer is slow, says "success" at once and sends it as 客服消息', async () => {
    oa = make({ passiveReplyMs: 150 }, aesKey);
    agent.delayMs = 600;
    fake.openWindow('o-4');
    const c = clientFor(oa, aesKey);
    const started = Date.now();
    const r = await c.post(textMsg('o-4', '慢一点的问题'), 'aes');
    expect(Date.now() - started).toBeLessThan(550);
    expect(r.body).toBe('success');
    await oa.idle();
    const custom = fake.sent('/cgi-bin/message/custom/send');
    expect(custom).toHaveLength(1);
    expect(custom[0]!.body).toMatchObject({ touser: 'o-4', msgtype: 'text', text: { content: '收到：慢一点的问题' } });
  });

  it('welcomes a new follower with how to bind, and stops writing to someone who unfollowed', async () => {
    const c = clientFor(oa, aesKey);
    const r = await c.post({ ToUserName: ME, FromUserName: 'o-5', CreateTime: 1700000000, MsgType: 'event', Event: 'subscribe' }, 'aes');
    expect(r.reply?.Content).toMatch(/欢迎关注澄城县委老干部局/);
    expect(r.reply?.Content).toMatch(/绑定/);
    await c.post({ ToUserName: ME, FromUserName: 'o-5', CreateTime: 1700000100, MsgType: 'event', Event: 'unsubscribe' }, 'aes');
    const u = await t.db.query<{ unreachable: boolean }>(`SELECT unreachable FROM channel_accounts WHERE channel = 'wechat_oa' AND external_id = 'o-5'`);
    expect(u.rows[0]?.unreachable).toBe(true);
    expect(agent.seen).toHaveLength(0);
  });

  it('reads a template receipt: a refusal stops greetings there, and it opens no 客服消息 window', async () => {
    const c = clientFor(oa, aesKey);
    await c.post({ ToUserName: ME, FromUserName: 'o-12', CreateTime: 1700000400, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200228333', Status: 'failed:user block' }, 'aes');
    const r = await t.db.query<{ unreachable: boolean; last_inbound_at: Date | null }>(`SELECT unreachable, last_inbound_at FROM channel_accounts WHERE channel = 'wechat_oa' AND external_id = 'o-12'`);
    expect(r.rows).toEqual([{ unreachable: true, last_inbound_at: null }]);
  });

  it('treats a menu click as what its key says', async () => {
    const c = clientFor(oa, aesKey);
    const r = await c.post({ ToUserName: ME, FromUserName: 'o-6', CreateTime: 1700000200, MsgType: 'event', Event: 'CLICK', EventKey: '我要解忧' }, 'aes');
    expect(agent.seen.map((m) => m.text)).toEqual(['我要解忧']);
    expect(r.reply?.Content).toBe('收到：我要解忧');
  });

  it('downloads an AMR voice message, transcribes it and can answer with AMR voice under 60 s', async () => {
    const amr = (await toAmr(await spokenWav('护理费怎么申请'))).data;
    fake.putMedia('voice-media-1', amr);
    let heard: { sampleRate: number; channels: number } | undefined;
    const openai = await startFakeOpenAI({
      transcriptions: (raw) => {
        heard = wavInMultipart(raw);
        return '护理费怎么申请';
      },
    });
    try {
      await t.db.query(`INSERT INTO channel_accounts (channel, external_id, voice_reply) VALUES ('wechat_oa', 'o-7', true)`);
      fake.openWindow('o-7');
      oa = make({ transcriber: createTranscriber({ OPENAI_BASE_URL: openai.baseURL, OPENAI_TRANSCRIBE_MODEL: 'whisper-1', OPENAI_TIMEOUT_MS: 10_000 }), speaker: espeakSpeaker() }, aesKey);
      const c = clientFor(oa, aesKey);
      const r = await c.post({ ToUserName: ME, FromUserName: 'o-7', CreateTime: 1700000300, MsgType: 'voice', MediaId: 'voice-media-1', Format: 'amr', MsgId: '6900000000000000001' }, 'aes');
      await oa.idle();
      expect(heard).toEqual({ sampleRate: 16000, channels: 1 });
      expect(agent.seen[0]!.text).toBe('护理费怎么申请');
      expect(r.reply?.Content).toBe('您说的是：护理费怎么申请');
      const upload = fake.sent('/cgi-bin/media/upload').find((u) => u.query.type === 'voice');
      expect(upload?.file?.bytes.subarray(0, 6).toString('latin1')).toBe('#!AMR\n');
      expect(upload!.file!.bytes.length).toBeLessThan(2 * 1024 * 1024);
      const voice = fake.sent('/cgi-bin/message/custom/send').find((x) => x.body.msgtype === 'voice');
      expect(voice?.body).toMatchObject({ touser: 'o-7', voice: { media_id: expect.stringMatching(/^media-/) } });
    } finally {
      await openai.close();
    }
  });

  it('uses WeChat’s own 语音识别 when no recogniser is configured', async () => {
    const c = clientFor(oa, aesKey);
    const r = await c.post({ ToUserName: ME, FromUserName: 'o-15', CreateTime: 1700000500, MsgType: 'voice', MediaId: 'gone-media', Format: 'amr', Recognition: '体检什么时候', MsgId: '6900000000000000002' }, 'aes');
    await oa.idle();
    expect(agent.seen[0]!.text).toBe('体检什么时候');
    expect(r.reply?.Content).toBe('您说的是：体检什么时候');
  });

  it('greets only by 模板消息 with the template staff set, never by 客服消息', async () => {
    const sender = createOfficialAccountSender({ db: t.db, api: oa.api, deliver: oa.deliver, office: '澄城县委老干部局' });
    const target = { channel: 'wechat_oa' as const, threadId: 'o-8', chatKind: 'private' as const };
    const greeting = { purpose: 'greeting' as const, occasion: 'birthday', params: { 称呼: '王老', 姓名: '王秀兰', 场合: '生日', 日期: '2026年3月2日' } };
    const none = await sender.send(target, [text('王老，生日快乐！')], greeting);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toMatch(/no_template/);

    // Staff set it in chat, the way an admin would.
    const cmd = createOaTemplateCommand({ db: t.db });
    const said = await cmd.run({ staff: { staffId: 1, name: '刘局长', role: 'admin', towns: null, today: '2026-03-02', tag: 'staff:1' } } as StaffContext, '生日 tpl-birthday-0123456789 thing1=称呼 thing2=内容 time3=日期');
    expect(said.replies[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/tpl-birthday-0123456789/) });
    fake.openWindow('o-8');
    const ok = await sender.send(target, [text('王老，您好！今天是您的生日，全体工作人员祝您生日快乐，福如东海！')], greeting);
    expect(ok.ok).toBe(true);
    const sent = fake.sent('/cgi-bin/message/template/send');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ touser: 'o-8', template_id: 'tpl-birthday-0123456789', data: { thing1: { value: '王老' }, time3: { value: '2026年3月2日' } } });
    // thing values are cut to WeChat's 20 characters.
    expect([...String((sent[0]!.body.data as Record<string, { value: string }>).thing2!.value)].length).toBeLessThanOrEqual(20);
    expect(fake.sent('/cgi-bin/message/custom/send')).toHaveLength(0);
  });

  it('greets by 订阅通知 where the elder granted it; a refusal (43101) stops greetings there', async () => {
    const sender = createOfficialAccountSender({ db: t.db, api: oa.api, deliver: oa.deliver, office: '澄城县委老干部局' });
    const cmd = createOaTemplateCommand({ db: t.db });
    await cmd.run({ staff: { staffId: 1, name: '刘局长', role: 'admin', towns: null, today: '2026-10-11', tag: 'staff:1' } } as StaffContext, '重阳 sub-chongyang-0123456789 thing1=称呼 thing2=场合 订阅');
    const greeting = { purpose: 'greeting' as const, occasion: 'festival:重阳', params: { 称呼: '李老', 场合: '重阳节' } };
    fake.grant('o-13', 'sub-chongyang-0123456789');
    expect((await sender.send({ channel: 'wechat_oa', threadId: 'o-13', chatKind: 'private' }, [text('李老，重阳节快乐！')], greeting)).ok).toBe(true);
    expect(fake.sent('/cgi-bin/message/subscribe/bizsend')[0]!.body).toMatchObject({ touser: 'o-13', template_id: 'sub-chongyang-0123456789', data: { thing1: { value: '李老' }, thing2: { value: '重阳节' } } });
    const refused = await sender.send({ channel: 'wechat_oa', threadId: 'o-14', chatKind: 'private' }, [text('重阳节快乐！')], greeting);
    expect(refused).toMatchObject({ ok: false, permanent: true });
    const u = await t.db.query<{ unreachable: boolean }>(`SELECT unreachable FROM channel_accounts WHERE channel = 'wechat_oa' AND external_id = 'o-14'`);
    expect(u.rows[0]?.unreachable).toBe(true);
  });

  it('sends a notice as 客服消息 only inside the 48-hour window (45015 outside it)', async () => {
    const sender = createOfficialAccountSender({ db: t.db, api: oa.api, deliver: oa.deliver, office: '老干部局' });
    const target = { channel: 'wechat_oa' as const, threadId: 'o-9', chatKind: 'private' as const };
    const out = await sender.send(target, [text('【案件】请处理')]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/48h/);
    expect(fake.sent('/cgi-bin/message/custom/send')).toHaveLength(0);

    // They wrote an hour ago by our records, but WeChat's window is closed: 45015 is a failure to retry later.
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, last_inbound_at) VALUES ('wechat_oa', 'o-9', now() - interval '1 hour')`);
    const refused = await sender.send(target, [text('【案件】请处理')]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.permanent).toBe(false);
      expect(refused.reason).toMatch(/45015/);
    }
    fake.openWindow('o-9');
    expect((await sender.send(target, [text('【案件】请处理')])).ok).toBe(true);
  });

  it('fetches a new access token when WeChat says the old one is invalid', async () => {
    fake.openWindow('o-10');
    expect((await oa.deliver({ channel: 'wechat_oa', threadId: 'o-10', chatKind: 'private' }, [text('一')])).ok).toBe(true);
    fake.invalidateTokens();
    expect((await oa.deliver({ channel: 'wechat_oa', threadId: 'o-10', chatKind: 'private' }, [text('二')])).ok).toBe(true);
    expect(fake.sent('/cgi-bin/stable_token')).toHaveLength(2);
  });

  it('is mounted on the app’s HTTP server through the webhook list', async () => {
    const { createSimulatorServer } = await import('../../src/bots/simulator/server.ts');
    const sim = await createSimulatorServer({ db: t.db, agent, log: silentLog, config: { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 }, webhooks: [oa.webhook] });
    try {
      expect(sim.webhookPaths).toEqual(['/hooks/wechat-oa']);
      const c = wxCallbackClient(`${sim.url}/hooks/wechat-oa`, { token: TOKEN, aesKey, receiverId: fake.appId }, (r) => fetch(r));
      const r = await c.post(textMsg('o-11', '你好'), 'aes');
      expect(r.reply?.Content).toBe('收到：你好');
    } finally {
      await sim.close();
    }
  });
});
