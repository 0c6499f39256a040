/**
 * Channel numbers: Telegram updates per second through the adapter (runner long polling against a local
 * Bot API server) into the deterministic agent on PGlite, and the proactive send rates the senders keep
 * under their limits (measured against the same local API, on the real clock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Update } from 'grammy/types';
import { loadConfig } from '../src/kernel/config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db } from '../src/db/types.ts';
import type { Agent } from '../src/chat/turn.ts';
import { createAgent } from '../src/agents/create-agent.ts';
import { createPolicyAnswerer } from '../src/knowledge/policy-answerer.ts';
import { createTelegramAdapter } from '../src/bots/telegram/adapter.ts';
import { createTelegramSender } from '../src/bots/sending/telegram-sender.ts';
import { createWechatSender } from '../src/bots/sending/wechat-sender.ts';
import type { OutboundMessage } from '../src/chat/message.ts';
import { BOT_INFO, messageUpdate, startFakeTelegram } from '../tests/bots/helpers/fake-telegram.ts';

const log = pino({ level: 'silent' });
const TOKEN = '1:bench';
const QUESTIONS = ['你好', '医药费怎么报销？', '我想找人聊聊天', '护理费标准是多少', '谢谢'];

const fakeModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tests/bots/helpers/fake-telegram.ts');

/**
 * The local Bot API in its own process, as the real one is on another machine: serving it from the
 * measured process would bill its work to the adapter.
 */
async function remoteFakeTelegram() {
  const code = `
    const m = await import(${JSON.stringify(fakeModule)});
    const fake = await m.startFakeTelegram();
    process.on('message', (msg) => {
      if (msg.type === 'queue') fake.queueUpdates(msg.updates);
      if (msg.type === 'count') process.send({ type: 'count', n: fake.sent('sendMessage').length });
      if (msg.type === 'close') fake.close().then(() => process.exit(0));
    });
    process.send({ type: 'ready', apiRoot: fake.apiRoot });`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = (type: string) => new Promise<any>((resolve) => {
    const on = (m: any) => {
      if (m.type === type) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
  });
  const { apiRoot } = await next('ready');
  return {
    apiRoot: apiRoot as string,
    queueUpdates: (updates: Update[]) => child.send({ type: 'queue', updates }),
    replies: async () => {
      const r = next('count');
      child.send({ type: 'count' });
      return (await r).n as number;
    },
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'close' });
    }),
  };
}

async function throughput(db: Db, agent: Agent, users: number, perUser: number) {
  const fake = await remoteFakeTelegram();
  const total = users * perUser;
  let handled = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const tg = createTelegramAdapter({
    db, agent, log,
    config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot },
    botInfo: BOT_INFO,
    onHandled: () => {
      if (++handled === total) resolveDone();
    },
  });
  const updates: Update[] = [];
  let id = 1;
  for (let round = 0; round < perUser; round++) {
    for (let u = 0; u < users; u++) {
      const chat = 10_000 + u + Math.floor(Math.random() * 1e6) * 1000;
      updates.push(messageUpdate({ chatId: chat, fromId: chat, messageId: id, updateId: id++, text: QUESTIONS[(u + round) % QUESTIONS.length]! }));
    }
  }
  fake.queueUpdates(updates);
  const t0 = performance.now();
  await tg.start();
  await done;
  const seconds = (performance.now() - t0) / 1000;
  await tg.stop();
  const replies = await fake.replies();
  await fake.close();
  return { updates: total, seconds: +seconds.toFixed(2), updatesPerSec: Math.round(total / seconds), replies };
}

async function telegramSendRates(db: Db) {
  const fake = await startFakeTelegram();
  const tg = createTelegramAdapter({ db, agent: { handle: async () => ({ replies: [], intent: 'none' }) }, log, config: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, botInfo: BOT_INFO });
  const sender = createTelegramSender({ db, adapter: tg });
  const msg: OutboundMessage[] = [{ kind: 'text', text: '中秋快乐！' }];
  await Promise.all(Array.from({ length: 100 }, (_, i) => sender.send({ channel: 'telegram', threadId: String(900_000 + i), chatKind: 'private' }, msg)));
  // The busiest second, as Telegram would count it: the most API calls inside any 1000 ms window.
  const times = fake.sent('sendMessage').map((c) => c.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const span = (times.at(-1)! - times[0]!) / 1000;
  for (let i = 0; i < 5; i++) await sender.send({ channel: 'telegram', threadId: '777', chatKind: 'private' }, msg);
  const sends = fake.sent('sendMessage').filter((c) => String(c.params.chat_id) === '777').map((c) => c.at);
  const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
  await fake.close();
  return {
    limits: { totalPerSec: 25, perChatPerSec: 1, perGroupPerMin: 20 },
    busiestSecondSends: busiest,
    hundredSendsSeconds: +span.toFixed(2),
    measuredOneChatMinGapMs: Math.min(...gaps),
  };
}

async function wechatSendRate(db: Db) {
  const intervalMs = 200; // the production default is 3000 ms; a short interval keeps the bench quick
  const at: number[] = [];
  const sender = createWechatSender({
    db,
    adapter: { accountId: () => 'wxid_bench', deliver: async () => (at.push(performance.now()), { ok: true }) },
    policy: { intervalMs, dailyCap: 1000, timeZone: 'UTC', quietStart: 0, quietEnd: 0 },
  });
  await Promise.all(Array.from({ length: 8 }, (_, i) => sender.send({ channel: 'wechat', threadId: `room${i}@chatroom`, chatKind: 'group' }, [{ kind: 'text', text: '通知' }])));
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  return { intervalMs, jitterUpToMs: intervalMs / 2, minGapMs: Math.round(Math.min(...gaps)), meanGapMs: Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) };
}

async function deterministicAgent(db: Db): Promise<Agent> {
  const config = loadConfig({});
  return createAgent({ db, config, log, policy: createPolicyAnswerer({ db, config, log }), brain: 'deterministic' });
}

/** The same run on the machine's PostgreSQL (a fresh database, dropped afterwards), when one is given. */
async function onPostgres(adminUrl: string) {
  const scratch = await createScratchDatabase(adminUrl, 'jinqiu_bench_ch');
  const db = await openDatabase({ url: scratch.url, poolSize: 10 });
  try {
    await migrate(db);
    const agent = await deterministicAgent(db);
    await throughput(db, agent, 20, 2);
    return await throughput(db, agent, 300, 2);
  } finally {
    await db.close();
    await scratch.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    const agent = await deterministicAgent(db);
    await throughput(db, agent, 20, 2); // warm-up: JIT, first queries
    const telegram = await throughput(db, agent, 300, 2);
    const echo = await throughput(db, { handle: async (m) => ({ replies: [{ kind: 'text', text: m.text }], intent: 'echo' }) }, 300, 2);
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    return {
      target: '>= 200 updates/s into the deterministic agent',
      telegramIntoDeterministicAgent: telegram,
      ...(pgUrl ? { telegramIntoDeterministicAgentPostgres: await onPostgres(pgUrl) } : {}),
      telegramIntoEchoAgent: { ...echo, note: 'adapter, dedup and the Bot API round trip alone' },
      telegramSendRate: await telegramSendRates(db),
      wechatSendRate: await wechatSendRate(db),
    };
  } finally {
    await db.close();
  }
}
