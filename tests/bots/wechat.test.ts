import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBox } from 'file-box';
import { createWechatAdapter, type WechatAdapter } from '../../src/bots/wechat/adapter.ts';
import { NO_SPEECH_REPLY, type HandleOutcome } from '../../src/bots/message-handler.ts';
import { createTranscriber, espeakSpeaker } from '../../src/bots/voice/speech-client.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { adapterContract } from './adapter-contract.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { createMockWechat } from './helpers/mock-wechat.ts';
import { spokenSilk, wavInMultipart } from './helpers/audio.ts';
import os from 'node:os';
import { registerChatGroup } from '../../src/people/groups.ts';

const config = { JINQIU_DATA_DIR: os.tmpdir(), JINQIU_TZ: 'Asia/Shanghai' };

/** Resolves once the adapter has finished `n` more messages. */
function counter() {
  let done = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    onHandled: (_o: HandleOutcome) => {
      done++;
      for (const w of waiters.filter((w) => done >= w.n)) w.resolve();
    },
    wait(more = 1, timeoutMs = 15_000) {
      const n = done + more;
      return new Promise<void>((resolve, reject) => {
        if (done >= n) return resolve();
        const t = setTimeout(() => reject(new Error(`only ${done} of ${n} messages handled`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

adapterContract('wechat', async ({ db, agent }) => {
  const w = createMockWechat();
  const c = counter();
  const wx = createWechatAdapter({ db, agent, log: silentLog, config, puppet: w.puppet, onHandled: c.onHandled, printQr: () => {} });
  await wx.start();
  const p = await w.loginAndPopulate();
  // The mock gives every message a fresh id; redelivery is simulated by re-emitting the same message id.
  const ids = new Map<string, string>();
  const say = async (key: string, what: Parameters<typeof p.elder.say>[0], to: any, from = p.elder, mentions: any[] = []) => {
    const known = ids.get(key);
    if (known) w.puppet.emit('message', { messageId: known });
    else {
      const before = new Set(w.mocker.cacheMessagePayload.keys());
      from.say(what, mentions).to(to);
      const id = [...w.mocker.cacheMessagePayload.keys()].find((k: string) => !before.has(k));
      if (id) ids.set(key, id);
    }
    await c.wait();
    await settle();
  };
  return {
    unaddressedGroupMessages: true,
    group: { channel: 'wechat', externalId: p.room.id },
    privateText: (id, text) => say(id, text, p.bot),
    groupText: async (id, text, m) => {
      if (!m) {
        p.other.say(text).to(p.room);
        await settle();
        await settle();
        return;
      }
      await say(id, `@金秋助手 ${text}`, p.room, p.staff, [p.bot]);
    },
    sticker: (id) => say(id, FileBox.fromBase64(Buffer.from('GIF89a').toString('base64'), 'smile.gif'), p.bot),
    sent: () => w.sent,
    close: () => wx.stop(),
  };
});

describe.each(testDbKinds)('wechat adapter (%s)', (kind) => {
  let t: TestDb;
  let agent: FakeAgent;
  let wx: WechatAdapter;
  let w: ReturnType<typeof createMockWechat>;
  let c: ReturnType<typeof counter>;
  let qrs: string[];
  const start = async (extra: Partial<Parameters<typeof createWechatAdapter>[0]> = {}) => {
    wx = createWechatAdapter({ db: t.db, agent, log: silentLog, config, puppet: w.puppet, onHandled: c.onHandled, printQr: (q) => qrs.push(q), ...extra });
    await wx.start();
    return w.loginAndPopulate();
  };
  beforeEach(async () => {
    t = await createTestDb(kind);
    agent = new FakeAgent();
    w = createMockWechat();
    c = counter();
    qrs = [];
  });
  afterEach(async () => {
    await wx.stop();
    await t.cleanup();
  });

  it('prints the login QR in the terminal, exposes it for the page, then reports the account online', async () => {
    wx = createWechatAdapter({ db: t.db, agent, log: silentLog, config, puppet: w.puppet, printQr: (q) => qrs.push(q) });
    await wx.start();
    w.mocker.scan('https://login.weixin.qq.com/l/abc', 2);
    await settle();
    expect(wx.status()).toEqual({ state: 'scan', qrcode: 'https://login.weixin.qq.com/l/abc' });
    expect(qrs[0]).toMatch(/[▀▄█]/);
    const me = w.mocker.createContact({ name: '金秋助手' });
    w.mocker.login(me);
    await settle();
    expect(wx.status()).toMatchObject({ state: 'online', user: '金秋助手' });
    expect(wx.accountId()).toBe(me.id);
  });

  it('in a registered staff room answers /commands without a mention; elsewhere only mentions', async () => {
    const p = await start();
    p.staff.say('/本月生日').to(p.room);
    await settle();
    await settle();
    expect(agent.seen).toHaveLength(0);
    await registerChatGroup(t.db, { channel: 'wechat', externalId: p.room.id, name: '韦庄镇工作群', kind: 'staff', towns: ['韦庄镇'] });
    p.staff.say('/本月生日').to(p.room);
    await c.wait();
    expect(agent.seen.map((m) => [m.chatKind, m.text, m.threadId])).toEqual([['group', '/本月生日', p.room.id]]);
  });

  it('decodes a SILK voice message, transcribes it and answers with 您说的是', async () => {
    const openai = await startFakeOpenAI({ transcriptions: () => '丧葬费有多少' });
    try {
      const p = await start({ transcriber: createTranscriber({ OPENAI_BASE_URL: openai.baseURL, OPENAI_TRANSCRIBE_MODEL: 'whisper-1', OPENAI_TIMEOUT_MS: 10_000 }) });
      const silk = await spokenSilk('丧葬费有多少');
      p.elder.say(FileBox.fromBase64(silk.toString('base64'), 'voice.sil')).to(p.bot);
      await c.wait();
      await settle();
      expect(wavInMultipart(openai.requests[0]!.body as Buffer)).toEqual({ sampleRate: 16000, channels: 1 });
      expect(w.sent.filter((s) => s.kind === 'text').map((s) => s.text)).toEqual(['您说的是：丧葬费有多少', '收到：丧葬费有多少']);
    } finally {
      await openai.close();
    }
  });

  it('fetches a voice message only when it answers it, not the voice chatter of rooms', async () => {
    const p = await start();
    let fetched = 0;
    const orig = w.puppet.messageFile.bind(w.puppet);
    w.puppet.messageFile = async (id: string) => (fetched++, orig(id));
    const voice = () => FileBox.fromBase64(Buffer.from('#!SILK_V3').toString('base64'), 'voice.sil');
    p.staff.say(voice()).to(p.room);
    await c.wait();
    expect(fetched).toBe(0);
    p.elder.say(voice()).to(p.bot);
    await c.wait();
    await settle();
    expect(fetched).toBe(1);
    expect(w.sent.map((s) => s.text)).toEqual([NO_SPEECH_REPLY]);
  });

  it('sends spoken replies as SILK to someone who turned on 语音回复', async () => {
    const p = await start({ speaker: espeakSpeaker() });
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, voice_reply) VALUES ('wechat', $1, true)`, [p.elder.id]);
    p.elder.say('体检什么时候').to(p.bot);
    await c.wait();
    await settle();
    const v = w.sent.find((s) => s.kind === 'voice')!;
    expect(v.fileName).toBe('voice.sil');
    expect(v.bytes!.subarray(0, 10).toString('latin1')).toContain('#!SILK');
  });

  it('reports a frequency error so the sender can stop for the day', async () => {
    const p = await start();
    const orig = w.puppet.messageSendText.bind(w.puppet);
    w.puppet.messageSendText = async () => {
      throw new Error('操作过于频繁，请稍后再试');
    };
    const out = await wx.deliver({ channel: 'wechat', threadId: p.elder.id, chatKind: 'private' }, [{ kind: 'text', text: '中秋快乐' }]);
    expect(out).toMatchObject({ ok: false, permanent: false });
    expect((out as { reason: string }).reason).toMatch(/^frequency/);
    // The same warning on a reply stops proactive sending for the day too.
    p.elder.say('在吗').to(p.bot);
    await c.wait();
    const r = await t.db.query<{ account_id: string; stopped_reason: string }>('SELECT account_id, stopped_reason FROM wechat_send_days');
    expect(r.rows).toEqual([{ account_id: p.bot.id, stopped_reason: expect.stringContaining('频繁') }]);
    w.puppet.messageSendText = orig;
  });

  it('starts the puppet again, with backoff, when it stops on its own', async () => {
    await start();
    let restarts = 0;
    wx.wechaty.on('start', () => void restarts++);
    await wx.wechaty.stop(); // as when the puppet service drops the connection
    const deadline = Date.now() + 15_000;
    while (!restarts && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(restarts).toBe(1);
  });
});
