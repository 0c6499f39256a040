import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createPolicyAnswerer } from '../../src/knowledge/policy-answerer.ts';
import { composeDeterministic, furtherReading, plainAnswer } from '../../src/knowledge/compose-answer.ts';
import { listGaps } from '../../src/knowledge/gaps.ts';
import { acceptable } from '../../src/knowledge/grounding.ts';
import { createKnowledgeSearch, type KnowledgeSearch, type Passage, type SearchResult } from '../../src/knowledge/search.ts';
import type { Queryable } from '../../src/db/types.ts';

const passage = (documentId: number, title: string, article: string | null, docNumber: string | null = null): Passage => ({
  chunkId: documentId * 1000,
  documentId,
  title,
  docNumber,
  article,
  path: '',
  text: '',
  coverage: 1,
  score: 1,
  retrieval: 1,
  supersededBy: null,
  evidence: { sentence: '按规定发给一次性抚恤金。', sentenceCoverage: 1, answersType: true },
  keyCovered: true,
  documentCoverage: 1,
  chars: 1,
});

/** A passage about something else entirely: what a careless model might pick. */
const unrelated: Passage = {
  ...passage(99, '殡葬管理条例（2012年修订）', '第十七条'),
  text: '禁止制造、销售封建迷信的丧葬用品。',
  coverage: 0.05,
  chars: 0.1,
  keyCovered: false,
  evidence: { sentence: '禁止制造、销售封建迷信的丧葬用品。', sentenceCoverage: 0, answersType: false },
};

/** The real search, with its result changed by `edit` (to put a given passage before the model). */
function fixedSearch(db: Queryable, edit: (r: SearchResult) => SearchResult): KnowledgeSearch {
  const real = createKnowledgeSearch({ db });
  return { retrievers: real.retrievers, search: async (q, o) => edit(await real.search(q, o)) };
}

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

  it('deterministic: a plain answer first, then the quotation and 《title》article (文号); spoken is the plain answer and the source only', async () => {
    const a = await createPolicyAnswerer({ db: t.db, config: plainConfig }).answer('低保怎么申请？');
    expect(a.grounded).toBe(true);
    const lines = a.answer.split('\n');
    expect(lines[0]).toContain('申请最低生活保障');
    expect(lines[0]!.length).toBeLessThanOrEqual(125);
    expect(a.answer).toMatch(/原文：“[^”]*申请最低生活保障/);
    expect(a.answer).toContain('出处：《社会救助暂行办法（2019年修订）》第十一条（中华人民共和国国务院令第649号）');
    expect(a.citations[0]).toMatchObject({ title: '社会救助暂行办法（2019年修订）', docNumber: '中华人民共和国国务院令第649号', article: '第十一条' });
    expect(a.spoken).toBeDefined();
    expect(a.spoken).toContain('依据《社会救助暂行办法》第十一条');
    expect(a.spoken).not.toContain('原文');
    expect(a.spoken!.length).toBeLessThan(200);
    expect(a.answer.length).toBeGreaterThan(a.spoken!.length);
  });

  it('a county report is named as a local practice, never as a rule', async () => {
    const a = await createPolicyAnswerer({ db: t.db, config: plainConfig }).answer('老干部解忧室是做什么的，哪天开放？');
    expect(a.grounded).toBe(true);
    expect(a.citations[0]!.title).toContain('调研报告');
    expect(a.answer).not.toMatch(/调研报告》[^。\n]*的规定/);
    expect(a.answer).toContain('不是政策规定');
    expect(a.spoken).toContain('本地做法');
  });

  it('a document partly replaced by a newer one says so when it is cited', () => {
    const old = { ...passage(1, '民政部 人事部 财政部关于…一次性抚恤发放办法的通知', '二、（一）', '民发〔2007〕64号'), supersededBy: '民发〔2011〕192号' };
    const result = { query: { question: '', terms: [], grams: [], concepts: [] }, passages: [old], grounded: true } as never;
    const a = composeDeterministic(result, { officeName: '县委老干部局', officePhone: '0913-1234567' });
    expect(a.answer).toContain('已被民发〔2011〕192号调整');
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

  it('LLM: picks the passage and writes the plain answer from the given passages; the quotation and source follow', async () => {
    reply = () => ({ content: '可以申请低保，先由家里人向乡镇政府或街道办提出书面申请[1]。乡镇会入户调查，公示后报县民政部门审批【1】。' });
    const answerer = createPolicyAnswerer({ db: t.db, config: llmConfig() });
    const a = await answerer.answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('llm');
    expect(a.grounded).toBe(true);
    expect(a.answer.split('\n')[0]).toBe('可以申请低保，先由家里人向乡镇政府或街道办提出书面申请。乡镇会入户调查，公示后报县民政部门审批。');
    expect(a.answer).toContain('出处：《社会救助暂行办法（2019年修订）》第十一条');
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]!.article).toBe('第十一条');
    expect(a.spoken).toMatch(/^可以申请低保.*依据《社会救助暂行办法》第十一条。$/);
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe('/chat/completions');
    expect(req.body.model).toBe('qwen-test');
    const user = req.body.messages.find((m: any) => m.role === 'user').content as string;
    expect(user).toContain('[1] 《社会救助暂行办法（2019年修订）》第十一条');
    expect(user).toContain('【问题】低保怎么申请？');
    expect(req.body.messages[0].content).toMatch(/只能根据下面【资料】/);
  });

  it('LLM: the model may rerank: a passage it puts first that passes the checks becomes the first citation', async () => {
    let second = '';
    reply = (body) => {
      const material = body.messages[1].content as string;
      // Choose the second passage given, if it is about 低保 too.
      second = /\[2\] ([^\n]+)/.exec(material)![1]!;
      return { content: `按规定办理[2]。` };
    };
    const a = await createPolicyAnswerer({ db: t.db, config: llmConfig() }).answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('llm');
    expect(second).toContain(`${a.citations[0]!.title}》${a.citations[0]!.article}`);
    expect(a.citations[0]!.article).not.toBe('第十一条');
  });

  it('LLM: the passage the checks grounded keeps the model\'s plain answer, even when it cleared only the lower bar', async () => {
    // The retrievers agree on 第二十七条, which covers the question too thinly for the higher bar a model's own pick must clear.
    reply = () => ({ content: '退休时缴费年限够了的，退休后不再交医保[1]。' });
    const a = await createPolicyAnswerer({ db: t.db, config: llmConfig() }).answerDetailed('退休了医保还要交钱不');
    // The premise: on its own, this passage would not clear the higher bar.
    expect(acceptable('退休了医保还要交钱不', a.passages[0]!)).toBe(false);
    expect(a.mode).toBe('llm');
    expect(a.citations[0]!.article).toBe('第二十七条');
    expect(a.answer.split('\n')[0]).toBe('退休时缴费年限够了的，退休后不再交医保。');
  });

  it('LLM: a model that picks a wrong passage is overruled by the deterministic checks', async () => {
    // The question is about 低保; the model says an unrelated passage answers it.
    reply = (body) => {
      const material = body.messages[1].content as string;
      const numbers = [...material.matchAll(/^\[(\d+)\] ([^\n]+)\n([^\n]*)/gm)];
      const wrong = numbers.find((m) => !/最低生活保障|低保/.test(m[3]!)) ?? numbers.at(-1)!;
      return { content: `这个要看具体情况[${wrong[1]}]。` };
    };
    const wrongPick = createPolicyAnswerer({ db: t.db, config: llmConfig(), search: fixedSearch(t.db, (r) => ({ ...r, passages: [...r.passages.slice(0, 1), unrelated] })) });
    const a = await wrongPick.answerDetailed('低保怎么申请？');
    expect(a.mode).toBe('deterministic');
    expect(a.fallbackReason).toMatch(/does not answer/);
    expect(a.citations[0]!.article).toBe('第十一条');
    expect(a.answer).not.toContain('具体情况');
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
    expect(a.citations[0]!.article).toBe('第十一条');
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

  it('keeps a refused question among the knowledge gaps with who asked and what was closest; not without an asker', async () => {
    const answerer = createPolicyAnswerer({ db: t.db, config: plainConfig });
    const before = (await listGaps(t.db)).total;
    await answerer.answer('老干部局的电话是多少');
    expect((await listGaps(t.db)).total).toBe(before);
    const a = await answerer.answer('老干部局的电话是多少', { asker: 'elder:7' });
    expect(a.grounded).toBe(false);
    const gaps = await listGaps(t.db);
    expect(gaps.total).toBe(before + 1);
    const g = gaps.topics.flatMap((x) => x.questions).find((q) => q.question === '老干部局的电话是多少')!;
    expect(g).toMatchObject({ asker: 'elder:7', reason: 'refused' });
    expect(gaps.topics.find((x) => x.questions.includes(g))!.topic).toBe('联系方式、地点与时间');
  });
});

describe('further reading line', () => {

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

describe('the plain answer', () => {
  it('carries on past a sentence that ends in a colon, instead of stopping at "调整为。"', () => {
    const p: Passage = {
      ...passage(11, '关于事业单位工作人员和离退休人员死亡一次性抚恤金发放办法的通知', '二、'),
      text: '二、关于一次性抚恤金计发办法\n从2006年7月1日起，一次性抚恤金的计发基数调整为：\n（一）工作人员。计发基数为本人生前最后一个月基本工资。',
      evidence: { sentence: '从2006年7月1日起，一次性抚恤金的计发基数调整为：', sentenceCoverage: 1, answersType: true },
    };
    expect(plainAnswer(p)).toBe('从2006年7月1日起，一次性抚恤金的计发基数调整为：（一）工作人员。计发基数为本人生前最后一个月基本工资。');
    expect(plainAnswer({ ...p, text: p.evidence.sentence })).toBe('从2006年7月1日起，一次性抚恤金的计发基数调整为。');
  });
});
