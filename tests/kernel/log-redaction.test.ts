import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/kernel/logger.ts';
import { scrubSecrets } from '../../src/kernel/redact.ts';
import { createLlmQueryPlanner } from '../../src/ledgers/query/llm-planner.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { createLedgerStaffTools } from '../../src/ledgers/skills/index.ts';
import { testDbKinds } from '../helpers/db.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { makeAgent, useSeededDb } from '../agents/fixtures.ts';

const TOKEN = '7312345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const KEY = 'sk-proj-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const ID_NUMBER = '610525194003021234';
/** Every phone number of the seed ledger (tests/agents/fixtures.ts). */
const LEDGER_PHONES = ['13812341234', '13900005678', '15011112222', '13300001111', '13300002222', '18600001111', '13700000000'];

function bufferLogger(level = 'trace') {
  let out = '';
  const sink = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  return { log: createLogger(level, 'test', sink), text: () => out };
}

function leaks(text: string): string[] {
  const found = [TOKEN, KEY, ID_NUMBER, ...LEDGER_PHONES].filter((s) => text.includes(s));
  // Digits with separators or full-width forms are the same number.
  const digits = text.replace(/[\s.\-·]/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return [...found, ...LEDGER_PHONES.filter((p) => digits.includes(p) && !found.includes(p))];
}

describe('secrets and personal data never reach the log', () => {
  it('scrubs numbers and secrets in every form they are written', () => {
    for (const s of ['138 1234 1234', '138-1234-1234', '138.1234.1234', '１３８１２３４１２３４', '0913-6666666']) expect(scrubSecrets(`电话 ${s} 谢谢`)).toBe('电话 [phone] 谢谢');
    for (const s of ['幺三八 六二五二 七六零一', '一三八一二三四一二三四', '+86 138 6252 7601', '138－1234－1234']) expect(scrubSecrets(`电话 ${s} 谢谢`)).toBe('电话 [phone] 谢谢');
    expect(scrubSecrets('他住在澄城县韦庄镇东关村3组12号，身份证 6105 2519 4003 0212 34')).toBe('他住在[address]，身份证 [id number]');
    expect(scrubSecrets(`token ${TOKEN}`)).toBe('token [bot token]');
    expect(scrubSecrets(`postgres://app:S3cret@db:5432/jq`)).toBe('postgres://[credentials]@db:5432/jq');
    expect(scrubSecrets(`身份证${ID_NUMBER}`)).toBe('身份证[id number]');
    expect(scrubSecrets('2026-11-30 第3条 5432 端口')).toBe('2026-11-30 第3条 5432 端口');
  });

  it('drops a library error\'s context objects and the words people wrote, at info and above', () => {
    const b = bufferLogger('info');
    const err = Object.assign(new Error('Call to getUpdates failed'), { ctx: { api: { token: TOKEN }, update: { message: { text: '我的电话13812341234', from: { first_name: '张建国' } } } } });
    b.log.error({ err, chat: 5 }, 'webhook handler failed');
    b.log.error(err, 'again');
    b.log.warn({ question: '罗守仁的电话13308246281是多少', apiKey: KEY, url: `https://u:${KEY}@api.example.com/v1` }, 'planner');
    b.log.info(`sent to ${LEDGER_PHONES[0]}`);
    expect(leaks(b.text())).toEqual([]);
    expect(b.text()).not.toContain('张建国');
    expect(b.text()).not.toContain('13308246281');
    expect(b.text()).toContain('Call to getUpdates failed');
  });
});

describe.each(testDbKinds)('the product\'s own scenarios at trace level (%s)', (kind) => {
  const s = useSeededDb(kind);

  it('conversations, staff ledger questions and a failing planner log no secret and no ledger phone', async () => {
    const b = bufferLogger('trace');
    const fake = await startFakeOpenAI({ chat: () => ({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'ledger_query', arguments: '{not json' } }] }) });
    try {
      const planner = createLlmQueryPlanner({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: KEY, OPENAI_CHAT_MODEL: 'qwen', OPENAI_TIMEOUT_MS: 5000 }, b.log)!;
      const service = new LedgerQueryService(s.db, { planner });
      const tools = createLedgerStaffTools({ db: s.db, service });
      const a = makeAgent(s.db, { log: b.log, staffCommands: tools.commands, staffSkills: tools.skills });
      await a.say(`elder:${s.zhang}`, `我住院了，电话13812341234，身份证${ID_NUMBER}`);
      await a.say(`elder:${s.zhang}`, '县医院');
      await a.say(`elder:${s.li}`, '有人让我把钱转到安全账户，我的卡号6222021234567890123');
      await a.say(`staff:${s.admin}`, '韦庄镇老干部的电话');
      await a.say(`staff:${s.admin}`, '韦庄镇那些爱打麻将的老干部电话13900005678是谁的');
      await a.say(`staff:${s.admin}`, '/案件');
      await a.say(`staff:${s.admin}`, '/档案 张建国');
    } finally {
      await fake.close();
    }
    expect(b.text().length).toBeGreaterThan(0);
    expect(leaks(b.text())).toEqual([]);
  });
});
