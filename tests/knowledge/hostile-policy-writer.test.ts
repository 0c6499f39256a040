import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createPolicyAnswerer } from '../../src/knowledge/policy-answerer.ts';
import { seed } from '../agents/fixtures.ts';
import { HOSTILE_OUTPUTS, leaks } from '../privacy/hostile-outputs.ts';

/**
 * The policy-answer writer (the model that words a grounded answer) behind the same output screen as
 * the agent: an answer carrying a phone, an ID number, an address, a ledger name or a foreign link is
 * not given; the deterministic answer from the same passages is.
 */
describe('a hostile policy writer', () => {
  let t: TestDb;
  let fake: FakeOpenAI;
  let reply = '';
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await seed(t.db);
    await ingestPaths(t.db, [DEFAULT_KNOWLEDGE_DIR]);
    fake = await startFakeOpenAI({ chat: () => ({ content: reply }) });
  });
  afterAll(async () => {
    await fake.close();
    await t.cleanup();
  });

  const answerer = () =>
    createPolicyAnswerer({ db: t.db, config: loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_TIMEOUT_MS: '5000', JINQIU_MODEL_LINK_HOSTS: 'gov.cn' }) });
  const CLEAN = '可以申请低保，先由家里人向乡镇政府或街道办提出书面申请[1]。';

  it('a clean answer is the model\'s, and a link to an allowed host stays (the checks below can fail)', async () => {
    reply = `${CLEAN}原文见 https://www.gov.cn/zhengce/a.htm`;
    const a = await answerer().answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('llm');
    expect(a.answer).toContain('https://www.gov.cn/zhengce/a.htm');
  });

  it(`none of ${HOSTILE_OUTPUTS.length} hostile answers reaches the person, in the text or in what is spoken`, async () => {
    const reached: string[] = [];
    const modes = new Set<string>();
    for (const h of HOSTILE_OUTPUTS) {
      reply = `${CLEAN}${h.text}[1]。`;
      const a = await answerer().answerDetailed('低保怎么申请？');
      modes.add(a.mode);
      if (leaks(a.answer, h.secret) || leaks(a.spoken ?? '', h.secret)) reached.push(`${h.label}: ${a.answer.split('\n')[0]}`);
      expect(a.fallbackReason, h.label).toMatch(/^model answer carried/);
      expect(a.grounded).toBe(true);
    }
    expect(reached).toEqual([]);
    expect([...modes]).toEqual(['deterministic']);
  });

  it('the question leaves with placeholders: an ID number and a ledger name the asker typed', async () => {
    reply = CLEAN;
    fake.requests.length = 0;
    const a = answerer();
    for (const q of ['我是李秀英，低保怎么申请？', '低保怎么申请？身份证610525194003021234']) expect((await a.answerDetailed(q)).mode, q).toBe('llm');
    expect(fake.requests).toHaveLength(2);
    const sent = JSON.stringify(fake.requests.map((r) => r.body));
    for (const secret of ['李秀英', '610525194003021234']) expect(leaks(sent, secret), secret).toBe(false);
    expect(sent).toContain('【问题】我是[姓名1]，低保怎么申请');
    expect(sent).toContain('身份证[证件号1]');
  });
});
