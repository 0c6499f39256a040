import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWecomAdapter, type WecomAdapter } from '../../src/bots/wecom/adapter.ts';
import { createRobotSender, parseRobots } from '../../src/bots/wecom/robot-sender.ts';
import { startNoticeDispatcher } from '../../src/bots/sending/notice-dispatcher.ts';
import { createSenders } from '../../src/bots/sending/create-senders.ts';
import { text } from '../../src/chat/message.ts';
import { createLedgerStaffTools } from '../../src/ledgers/skills/index.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { issueStaffCode } from '../../src/people/binding.ts';
import { registerChatGroup } from '../../src/people/groups.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { makeAgent } from '../agents/fixtures.ts';
import { adapterContract, type Sent } from './adapter-contract.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';
import { newAesKey, startFakeWechat, wxCallbackClient } from './helpers/fake-wechat.ts';

const TOKEN = 'wecomCallbackToken';
type Fake = Awaited<ReturnType<typeof startFakeWechat>>;

function wecomConfig(fake: Fake, aesKey: string) {
  return { WECOM_CORP_ID: fake.corpId, WECOM_AGENT_ID: 1000002, WECOM_SECRET: fake.corpSecret, WECOM_TOKEN: TOKEN, WECOM_AES_KEY: aesKey, WECOM_PATH: '/hooks/wecom', WECOM_API_ROOT: fake.root };
}

let seq = 1;
const textMsg = (user: string, content: string, msgId = String(4000000000000000 + seq++)) => ({
  ToUserName: 'ww0123456789abcdef',
  FromUserName: user,
  CreateTime: Math.floor(Date.now() / 1000),
  MsgType: 'text',
  Content: content,
  MsgId: msgId,
  AgentID: 1000002,
});

function sentBy(fake: Fake): Sent[] {
  return fake.sent('/cgi-bin/message/send').map((c): Sent => {
    const t = String(c.body.msgtype) as Sent['kind'];
    return { threadId: String(c.body.touser), kind: t, ...(t === 'text' ? { text: String((c.body.text as { content: string }).content) } : {}) };
  });
}

adapterContract('wecom', async ({ db, agent }) => {
  const fake = await startFakeWechat();
  const aesKey = newAesKey();
  const wc = createWecomAdapter({ db, agent, log: silentLog, config: wecomConfig(fake, aesKey) });
  const client = wxCallbackClient('http://bot.example/hooks/wecom', { token: TOKEN, aesKey, receiverId: fake.corpId }, async (r) => wc.webhook.handler(r));
  const ids = new Map<string, string>();
  const idFor = (s: string) => ids.get(s) ?? (ids.set(s, String(5100000000000000 + ids.size)), ids.get(s)!);
  const post = async (fields: Record<string, string | number>) => {
    const r = await client.post(fields, 'wecom');
    expect(r.status).toBe(200);
    await wc.idle();
  };
  return {
    unaddressedGroupMessages: false,
    groups: false,
    privateText: (id, t) => post(textMsg('zhaoganshi', t, idFor(id))),
    groupText: async () => {},
    sticker: (id) => post({ ToUserName: fake.corpId, FromUserName: 'zhaoganshi', CreateTime: 1, MsgType: 'link', Title: '表情', MsgId: idFor(id), AgentID: 1000002 }),
    sent: () => sentBy(fake),
    close: async () => {
      await wc.stop();
      await fake.close();
    },
  };
});

describe.each(testDbKinds)('wecom (%s)', (kind) => {
  let t: TestDb;
  let fake: Fake;
  const aesKey = newAesKey();
  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeWechat({ robotKeys: ['robot-key-weizhuang'] });
  });
  afterEach(async () => {
    await fake.close();
    await t.cleanup();
  });

  it('verifies the callback URL by decrypting echostr, and refuses a forged one', async () => {
    const wc = createWecomAdapter({ db: t.db, agent: new FakeAgent(), log: silentLog, config: wecomConfig(fake, aesKey) });
    const c = wxCallbackClient('http://bot.example/hooks/wecom', { token: TOKEN, aesKey, receiverId: fake.corpId }, async (r) => wc.webhook.handler(r));
    const ok = await c.verify('wecom');
    expect(ok).toMatchObject({ status: 200, body: ok.echo });
    expect((await c.verify('wecom', true)).status).toBe(401);
    expect((await c.post(textMsg('x', '伪造'), 'wecom', true)).status).toBe(401);
  });

  it('lets staff bind and use staff commands from WeCom, with files sent as files', async () => {
    const people = await seedPeople(t.db);
    const tools = createLedgerStaffTools({ db: t.db, service: new LedgerQueryService(t.db) });
    const { agent } = makeAgent(t.db, { staffCommands: tools.commands, staffSkills: tools.skills });
    const wc = createWecomAdapter({ db: t.db, agent, log: silentLog, config: wecomConfig(fake, aesKey) });
    const c = wxCallbackClient('http://bot.example/hooks/wecom', { token: TOKEN, aesKey, receiverId: fake.corpId }, async (r) => wc.webhook.handler(r));
    const code = await issueStaffCode(t.db, { staffRef: people.staffId, issuedBy: null, now: new Date() });
    if (!code.ok) throw new Error('no code');
    const say = async (line: string) => {
      await c.post(textMsg('ZhaoGanShi', line), 'wecom');
      await wc.idle();
      return sentBy(fake).filter((s) => s.kind === 'text').at(-1)?.text ?? '';
    };
    expect(await say(code.code)).toMatch(/赵干事/);
    expect(await say('/问候方式 王秀兰 短信')).toMatch(/王秀兰.*短信/);
    const pref = await t.db.query<{ preference: string; set_by: string }>(`SELECT preference, set_by FROM elder_contact_preferences`);
    expect(pref.rows).toEqual([{ preference: 'sms', set_by: `staff:${people.staffId}` }]);
    expect(await say('/档案 王秀兰')).toMatch(/13800001234/);
    expect(await say('韦庄镇有哪些老干部？')).toMatch(/王秀兰/);
    wc.stop();
  });

  it('keeps a robot to 20 posts a minute and merges what waits into fewer posts', async () => {
    let now = Date.parse('2026-03-10T01:00:00Z');
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    await fake.close();
    fake = await startFakeWechat({ robotKeys: ['robot-key-weizhuang'], now: () => now });
    const robot = createRobotSender({ robots: parseRobots('韦庄镇工作群=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-weizhuang'), apiRoot: fake.root, clock });
    const target = { channel: 'wecom_robot' as const, threadId: '韦庄镇工作群', chatKind: 'group' as const };
    // The first 20 go out one by one as they come.
    for (let i = 0; i < 20; i++) expect((await robot.send(target, [text(`【案件】第${i + 1}件`)])).ok).toBe(true);
    // Then a burst of 15 while the minute is used up: they wait together and leave merged.
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => robot.send(target, [text(`【案件】第${i + 21}件`)])));
    expect(burst.every((o) => o.ok)).toBe(true);
    const posts = fake.sent('/cgi-bin/webhook/send').map((c) => ({ at: c.at, content: String((c.body.text as { content: string }).content) }));
    expect(posts.length).toBeGreaterThan(20);
    expect(posts.length).toBeLessThan(35);
    const all = posts.map((p) => p.content).join('\n');
    for (let i = 1; i <= 35; i++) expect(all).toContain(`【案件】第${i}件`);
    expect(posts.every((p) => Buffer.byteLength(p.content) <= 2048)).toBe(true);
    expect(fake.calls.filter((c) => c.path === '/cgi-bin/webhook/send').length).toBe(posts.length);
  });

  it.each([45009, 130101])('pauses a robot for a minute on errcode %i and then delivers', async (code) => {
    let now = Date.parse('2026-03-10T01:00:00Z');
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const robot = createRobotSender({ robots: parseRobots('工作群=robot-key-weizhuang'), apiRoot: fake.root, clock });
    fake.fail('webhook/send', code, 'api freq out of limit');
    const start = now;
    const out = await robot.send({ channel: 'wecom_robot', threadId: '工作群', chatKind: 'group' }, [text('【提醒】阅文会')]);
    expect(out.ok).toBe(true);
    expect(now - start).toBeGreaterThanOrEqual(60_000);
    expect(fake.sent('/cgi-bin/webhook/send')).toHaveLength(2);
  });

  it('fails for good on an unknown robot or a key WeChat does not know (93000)', async () => {
    const robot = createRobotSender({ robots: parseRobots('旧群=removed-key'), apiRoot: fake.root });
    const gone = await robot.send({ channel: 'wecom_robot', threadId: '旧群', chatKind: 'group' }, [text('x')]);
    expect(gone).toMatchObject({ ok: false, permanent: true });
    expect((await robot.send({ channel: 'wecom_robot', threadId: '没有这个群', chatKind: 'group' }, [text('x')])).ok).toBe(false);
  });

  it('delivers staff-group notices from the outbox through a robot, merged when over the limit', async () => {
    await seedPeople(t.db);
    await registerChatGroup(t.db, { channel: 'wecom_robot', externalId: '韦庄镇工作群', kind: 'staff', name: '韦庄镇工作群' });
    let now = Date.now();
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    await fake.close();
    fake = await startFakeWechat({ robotKeys: ['robot-key-weizhuang'], now: () => now });
    const robot = createRobotSender({ robots: parseRobots('韦庄镇工作群=robot-key-weizhuang'), apiRoot: fake.root, clock });
    for (let i = 1; i <= 30; i++) await noticeOutbox.toStaff(t.db, null, [text(`【案件】住院看望 第${i}件`)]);
    const sender = createSenders({ db: t.db, config: { WECHAT_SEND_INTERVAL_MS: 3000, WECHAT_DAILY_CAP: 10, JINQIU_TZ: 'Asia/Shanghai' }, more: { wecom_robot: robot } });
    const d = startNoticeDispatcher({ db: t.db, sender, channels: ['wecom_robot'], log: silentLog, idleMs: 20 });
    for (let i = 0; i < 200; i++) {
      const r = await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM staff_notices WHERE status = 'sent'`);
      if (Number(r.rows[0]!.n) === 30) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await d.stop();
    const status = await t.db.query<{ status: string; n: string }>(`SELECT status, count(*)::text AS n FROM staff_notices GROUP BY status`);
    expect(status.rows).toEqual([{ status: 'sent', n: '30' }]);
    const posts = fake.sent('/cgi-bin/webhook/send');
    expect(posts.length).toBeLessThan(30);
    const all = posts.map((p) => String((p.body.text as { content: string }).content)).join('\n');
    for (let i = 1; i <= 30; i++) expect(all).toContain(`第${i}件`);
  });
});
