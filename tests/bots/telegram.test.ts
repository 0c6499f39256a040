import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/bots/telegram/adapter.ts';
import { NO_SPEECH_REPLY } from '../../src/bots/message-handler.ts';
import { createTranscriber, espeakSpeaker } from '../../src/bots/voice/speech-client.ts';
import type { OutboundMessage } from '../../src/chat/message.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { adapterContract, type Sent } from './adapter-contract.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { BOT_INFO, messageUpdate, startFakeTelegram, uploaded } from './helpers/fake-telegram.ts';
import { spokenOgg, wavInMultipart } from './helpers/audio.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';
import { registerChatGroup } from '../../src/people/groups.ts';

const TOKEN = '123456:TEST-token';
const KINDS: Record<string, Sent['kind']> = { sendMessage: 'text', sendPhoto: 'image', sendDocument: 'file', sendVoice: 'voice' };
const mention = (text: string) => [{ type: 'mention', offset: text.indexOf('@'), length: BOT_INFO.username.length + 1 }];

adapterContract('telegram', async ({ db, agent }) => {
  const fake = await startFakeTelegram();
  const tg = createTelegramAdapter({ db, agent, log: silentLog, config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, botInfo: BOT_INFO });
  const ids = new Map<string, number>();
  const idFor = (s: string) => ids.get(s) ?? (ids.set(s, ids.size + 1), ids.size);
  return {
    unaddressedGroupMessages: true,
    group: { channel: 'telegram', externalId: '-100777' },
    privateText: (id, text) => tg.bot.handleUpdate(messageUpdate({ chatId: 501, fromId: 501, messageId: idFor(id), text })),
    groupText: (id, text, m) => {
      const t = m ? `@${BOT_INFO.username} ${text}` : text;
      return tg.bot.handleUpdate(messageUpdate({ chatId: -100777, fromId: 601, group: true, messageId: idFor(id), text: t, ...(m ? { entities: mention(t) } : {}) }));
    },
    sticker: (id) =>
      tg.bot.handleUpdate(messageUpdate({ chatId: 501, fromId: 501, messageId: idFor(id), extra: { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' } } })),
    sent: () => fake.sent().filter((c) => KINDS[c.method]).map((c) => ({ threadId: String(c.params.chat_id), kind: KINDS[c.method]!, text: c.params.text as string | undefined })),
    close: () => fake.close(),
  };
});

describe.each(testDbKinds)('telegram adapter (%s)', (kind) => {
  let t: TestDb;
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let agent: FakeAgent;
  let tg: TelegramAdapter;
  const make = (extra: Partial<Parameters<typeof createTelegramAdapter>[0]> = {}) =>
    createTelegramAdapter({ db: t.db, agent, log: silentLog, config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, botInfo: BOT_INFO, ...extra });
  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeTelegram();
    agent = new FakeAgent();
    tg = make();
  });
  afterEach(async () => {
    await tg.stop();
    await fake.close();
    await t.cleanup();
  });

  it('splits a long reply at 4096 characters on sentence ends', async () => {
    await tg.bot.handleUpdate(messageUpdate({ chatId: 1, fromId: 1, text: '给我长文' }));
    const pieces = fake.sent('sendMessage').map((c) => String(c.params.text));
    expect(pieces.length).toBe(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(pieces.join('')).toBe('医药费按规定报销。'.repeat(1000));
  });

  it('waits out a 429 with retry_after and then delivers', async () => {
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await tg.bot.handleUpdate(messageUpdate({ chatId: 2, fromId: 2, text: '你好' }));
    const sends = fake.sent('sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(sends[1]!.params.text).toBe('收到：你好');
  });

  it('marks a person who blocked the bot (403) unreachable and does not retry', async () => {
    fake.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await tg.bot.handleUpdate(messageUpdate({ chatId: 3, fromId: 3, text: '你好' }));
    expect(fake.sent('sendMessage')).toHaveLength(1);
    const r = await t.db.query(`SELECT unreachable FROM channel_accounts WHERE channel = 'telegram' AND external_id = '3'`);
    expect(r.rows[0]).toEqual({ unreachable: true });
    fake.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const out = await tg.deliver({ channel: 'telegram', threadId: '3', chatKind: 'private' }, [{ kind: 'text', text: '生日快乐' }]);
    expect(out).toMatchObject({ ok: false, permanent: true });
    // Writing again means they unblocked the bot.
    await tg.bot.handleUpdate(messageUpdate({ chatId: 3, fromId: 3, text: '我回来了' }));
    const r2 = await t.db.query(`SELECT unreachable FROM channel_accounts WHERE channel = 'telegram' AND external_id = '3'`);
    expect(r2.rows[0]).toEqual({ unreachable: false });
  });

  it('marks unreachable when the member status says the bot was blocked', async () => {
    await tg.bot.handleUpdate({
      update_id: 99,
      my_chat_member: {
        chat: { id: 44, type: 'private', first_name: 'x' },
        from: { id: 44, is_bot: false, first_name: 'x' },
        date: 0,
        old_chat_member: { status: 'member', user: BOT_INFO },
        new_chat_member: { status: 'kicked', user: BOT_INFO, until_date: 0 },
      },
    } as never);
    const r = await t.db.query(`SELECT unreachable FROM channel_accounts WHERE channel = 'telegram' AND external_id = '44'`);
    expect(r.rows[0]).toEqual({ unreachable: true });
  });

  it('in groups answers commands for itself and replies to its messages, not commands for other bots', async () => {
    await registerChatGroup(t.db, { channel: 'telegram', externalId: '-5', kind: 'elder' });
    await tg.bot.handleUpdate(messageUpdate({ chatId: -5, fromId: 9, group: true, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] }));
    await tg.bot.handleUpdate(messageUpdate({ chatId: -5, fromId: 9, group: true, text: '/help@other_bot', entities: [{ type: 'bot_command', offset: 0, length: 15 }] }));
    await tg.bot.handleUpdate(messageUpdate({ chatId: -5, fromId: 9, group: true, text: '本月谁过生日？', replyToBot: true }));
    expect(agent.seen.map((m) => m.text)).toEqual(['/help', '本月谁过生日？']);
  });

  it('downloads a voice message, transcribes it as 16 kHz mono and shows 您说的是 before the answer', async () => {
    const openai = await startFakeOpenAI({ transcriptions: () => '护理费怎么申请' });
    try {
      tg = make({ transcriber: createTranscriber({ OPENAI_BASE_URL: openai.baseURL, OPENAI_TRANSCRIBE_MODEL: 'whisper-1', OPENAI_TIMEOUT_MS: 10_000 }) });
      fake.putFile('voice-1', await spokenOgg('护理费怎么申请'));
      await tg.bot.handleUpdate(messageUpdate({ chatId: 7, fromId: 7, extra: { voice: { file_id: 'voice-1', file_unique_id: 'v1', duration: 2, mime_type: 'audio/ogg' } } }));
      const wav = wavInMultipart(openai.requests[0]!.body as Buffer);
      expect(wav).toEqual({ sampleRate: 16000, channels: 1 });
      expect(agent.seen[0]!.text).toBe('护理费怎么申请');
      expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual(['您说的是：护理费怎么申请', '收到：护理费怎么申请']);
    } finally {
      await openai.close();
    }
  });

  it('without a speech endpoint asks kindly for text and tells staff', async () => {
    tg = make({ outbox: noticeOutbox });
    fake.putFile('voice-2', await spokenOgg('你好'));
    await tg.bot.handleUpdate(messageUpdate({ chatId: 8, fromId: 8, extra: { voice: { file_id: 'voice-2', file_unique_id: 'v2', duration: 1, mime_type: 'audio/ogg' } } }));
    expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual([NO_SPEECH_REPLY]);
    expect(agent.seen).toHaveLength(0);
    const told = await t.db.query<{ messages: { text: string }[] }>(`SELECT messages FROM staff_notices`);
    expect(told.rows.map((r) => r.messages[0]!.text)).toEqual([expect.stringContaining('【语音留言】')]);
  });

  it('downloads a voice message only when it answers it, and a redelivered one only once', async () => {
    fake.putFile('voice-3', Buffer.from('OggS'));
    const voice = { voice: { file_id: 'voice-3', file_unique_id: 'v3', duration: 1, mime_type: 'audio/ogg' } };
    await tg.bot.handleUpdate(messageUpdate({ chatId: -6, fromId: 6, group: true, extra: voice }));
    expect(fake.calls.filter((c) => c.method === 'getFile')).toHaveLength(0);
    await tg.bot.handleUpdate(messageUpdate({ chatId: 6, fromId: 6, messageId: 60, extra: voice }));
    await tg.bot.handleUpdate(messageUpdate({ chatId: 6, fromId: 6, messageId: 60, extra: voice }));
    expect(fake.calls.filter((c) => c.method === 'getFile')).toHaveLength(1);
    expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual([NO_SPEECH_REPLY]);
  });

  it('speaks the reply as an OGG/Opus voice message for someone who turned on 语音回复', async () => {
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, voice_reply) VALUES ('telegram', '9', true)`);
    tg = make({ speaker: espeakSpeaker() });
    await tg.bot.handleUpdate(messageUpdate({ chatId: 9, fromId: 9, text: '今天体检吗' }));
    expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual(['收到：今天体检吗']);
    const voice = uploaded(fake.sent('sendVoice')[0]!, 'voice')!;
    expect(voice.bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
  });

  it('long-polls with the runner and keeps going when a handler fails', async () => {
    tg = make({ botInfo: undefined });
    fake.queueUpdates([
      messageUpdate({ chatId: 11, fromId: 11, text: '第一句' }),
      messageUpdate({ chatId: 11, fromId: 11, text: '这句会出错' }),
      messageUpdate({ chatId: 12, fromId: 12, text: '第三句' }),
    ]);
    await tg.start();
    const deadline = Date.now() + 10_000;
    while (fake.sent('sendMessage').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const texts = fake.sent('sendMessage').map((c) => String(c.params.text));
    expect(texts).toContain('收到：第一句');
    expect(texts).toContain('收到：第三句');
    expect(texts.some((x) => x.includes('抱歉'))).toBe(true);
    expect(fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
  });

  it('takes updates on a webhook with the secret token when TELEGRAM_WEBHOOK_URL is set', async () => {
    tg = createTelegramAdapter({
      db: t.db, agent, log: silentLog, botInfo: BOT_INFO,
      config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: 'https://jinqiu.example.org/telegram/hook' },
    });
    await tg.start();
    const setHook = fake.calls.find((c) => c.method === 'setWebhook')!;
    expect(setHook.params.url).toBe('https://jinqiu.example.org/telegram/hook');
    expect(tg.webhook!.path).toBe('/telegram/hook');
    const body = JSON.stringify(messageUpdate({ chatId: 13, fromId: 13, text: '网钩' }));
    const bad = await tg.webhook!.handler(new Request('http://x/telegram/hook', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' } }));
    expect(bad.status).toBe(401);
    const ok = await tg.webhook!.handler(new Request('http://x/telegram/hook', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': String(setHook.params.secret_token) } }));
    expect(ok.status).toBe(200);
    expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual(['收到：网钩']);
  });

  it('keeps trying to reach Telegram at start-up until it answers, but not with a wrong token', async () => {
    tg = make({ botInfo: undefined, retry: { rethrowInternalServerErrors: true } });
    fake.fail('getMe', { error_code: 502, description: 'Bad Gateway' }, 2);
    await tg.start();
    expect(fake.calls.filter((c) => c.method === 'getMe')).toHaveLength(3);
    await tg.stop();
    tg = make({ botInfo: undefined });
    fake.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    await expect(tg.start()).rejects.toThrow(/TELEGRAM_BOT_TOKEN/);
  });

  it('keeps polling after Telegram drops out for a while', async () => {
    tg = make({ retry: { rethrowInternalServerErrors: true } });
    fake.fail('getUpdates', { error_code: 502, description: 'Bad Gateway' }, 3);
    fake.queueUpdates([messageUpdate({ chatId: 21, fromId: 21, text: '还在吗' })]);
    await tg.start();
    const deadline = Date.now() + 20_000;
    while (!fake.sent('sendMessage').length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(3); // the three failures (successful polls are not recorded)
    expect(fake.sent('sendMessage').map((c) => c.params.text)).toEqual(['收到：还在吗']);
  });

  it('handles one chat in order and different chats side by side', async () => {
    agent.delayMs = 300;
    const t0 = Date.now();
    await Promise.all([
      tg.bot.handleUpdate(messageUpdate({ chatId: 31, fromId: 31, text: '第一' })),
      tg.bot.handleUpdate(messageUpdate({ chatId: 31, fromId: 31, text: '第二' })),
      tg.bot.handleUpdate(messageUpdate({ chatId: 32, fromId: 32, text: '别人' })),
    ]);
    const elapsed = Date.now() - t0;
    expect(fake.sent('sendMessage').filter((c) => c.params.chat_id === 31 || c.params.chat_id === '31').map((c) => c.params.text)).toEqual(['收到：第一', '收到：第二']);
    // Chat 31's second turn waits for its first; chat 32's starts meanwhile, not after them.
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(agent.seen.map((m) => m.text)).toEqual(['第一', '别人', '第二']);
  });
});
