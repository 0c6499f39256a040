import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createPolicyAnswerer } from '../../src/knowledge/policy-answerer.ts';
import { furtherReading } from '../../src/knowledge/compose-answer.ts';

// The answerer is database-agnostic above the search (covered on both kinds in search.test.ts).
describe('policy answers', () => {
  let t: TestDb;
  let fake: FakeOpenAI;
  let reply: (body: any) => unknown = () => ({ content: '' });
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await ingestPaths(t.db, [DEFAULT_KNOWLEDGE_DIR]);
    fake = await startFakeOpenAI({ chat: (body) => reply(body) });
  });
  afterAll(async () => {
    await fake.close();
    await t.cleanup();
  });

  const plainConfig = loadConfig({ JINQIU_OFFICE_PHONE: '0913-1234567' });
  const llmConfig = () => loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', JINQIU_OFFICE_PHONE: '0913-1234567', OPENAI_TIMEOUT_MS: '5000' });

  it('deterministic: a lead sentence, the relevant sentences quoted, then 《title》article (文号)', async () => {
    const a = await createPolicyAnswerer({ db: t.db, config: plainConfig }).answer('低保怎么申请？');
    expect(a.grounded).toBe(true);
    expect(a.answer).toMatch(/^根据《社会救助暂行办法（2019年修订）》第十一条（中华人民共和国国务院令第649号）的规定：/);
    expect(a.answer).toContain('“申请最低生活保障，按照下列程序办理');
    expect(a.citations[0]).toMatchObject({ title: '社会救助暂行办法（2019年修订）', docNumber: '中华人民共和国国务院令第649号', article: '第十一条' });
    expect(a.citations[0]!.text).toContain('申请最低生活保障');
    expect(a.citations[0]!.score).toBeGreaterThan(0.4);
  });

  it('not grounded: says kindly that no rule was found and gives the office phone, citing nothing', async () => {
    const before = fake.requests.length;
    const a = await createPolicyAnswerer({ db: t.db, config: llmConfig() }).answer('红烧肉怎么做好吃');
    expect(a).toMatchObject({ grounded: false, citations: [] });
    expect(a.answer).toContain('没有找到');
    expect(a.answer).toContain('0913-1234567');
    // No model call for a question the knowledge base cannot ground.
    expect(fake.requests.length).toBe(before);
  });

  it('LLM: composes from the retrieved passages only, each claim marked with its passage', async () => {
    reply = () => ({ content: '可以申请低保，先由家里人向乡镇政府或街道办提出书面申请[1]。乡镇会入户调查，公示后报县民政部门审批【1】。' });
    const answerer = createPolicyAnswerer({ db: t.db, config: llmConfig() });
    const a = await answerer.answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('llm');
    expect(a.grounded).toBe(true);
    expect(a.answer).toContain('提出书面申请[1]');
    expect(a.answer).toContain('审批[1]');
    expect(a.answer).toMatch(/出处：\n\[1\] 《社会救助暂行办法（2019年修订）》第十一条/);
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]!.article).toBe('第十一条');
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe('/chat/completions');
    expect(req.body.model).toBe('qwen-test');
    const user = req.body.messages.find((m: any) => m.role === 'user').content as string;
    expect(user).toContain('[1] 《社会救助暂行办法（2019年修订）》第十一条');
    expect(user).toContain('【问题】低保怎么申请？');
    expect(req.body.messages[0].content).toMatch(/只能根据下面【资料】/);
  });

  it('LLM: an answer citing a passage it was not given is discarded for the deterministic one', async () => {
    reply = (body) => {
      const given = (body.messages[1].content as string).match(/^\[\d+\]/gm)!.length;
      return { content: `低保标准是每月一千元[${given + 3}]。` };
    };
    const a = await createPolicyAnswerer({ db: t.db, config: llmConfig() }).answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('deterministic');
    expect(a.fallbackReason).toMatch(/not given/);
    expect(a.answer).not.toContain('一千元');
    expect(a.answer).toMatch(/^根据《社会救助暂行办法/);
  });

  it('LLM: no citation at all, NOT_FOUND, or a failing endpoint all fall back to the deterministic answer', async () => {
    const answerer = createPolicyAnswerer({ db: t.db, config: llmConfig() });
    for (const [r, why] of [
      [() => ({ content: '低保可以申请，标准是每月八百元。' }), /cites no passage/],
      [() => ({ content: 'NOT_FOUND' }), /no answer/],
      [() => 500, /model failed/],
    ] as const) {
      reply = r;
      const a = await answerer.answerDetailed('低保怎么申请？');
      expect(a.mode).toBe('deterministic');
      expect(a.fallbackReason).toMatch(why);
      expect(a.grounded).toBe(true);
      expect(a.citations[0]!.article).toBe('第十一条');
    }
  });
});

describe('further reading line', () => {
  const passage = (documentId: number, title: string, article: string | null, docNumber: string | null = null) =>
    ({ chunkId: 0, documentId, title, docNumber, article, path: '', text: '', coverage: 1, score: 1, supersededBy: null });

  it('names each document once, its articles together, without a doubled 、', () => {
    const line = furtherReading([
      passage(1, '关于死亡一次性抚恤发放有关问题的通知', '一、', '民发〔2011〕192号'),
      passage(2, '医疗保障基金使用监督管理条例', '第十五条'),
      passage(1, '关于死亡一次性抚恤发放有关问题的通知', '二、', '民发〔2011〕192号'),
      passage(3, '调研报告', '一、1、'),
    ]);
    expect(line).toBe('《关于死亡一次性抚恤发放有关问题的通知》一、二（民发〔2011〕192号）；《医疗保障基金使用监督管理条例》第十五条；《调研报告》一、1');
    expect(line).not.toContain('、、');
  });
});
