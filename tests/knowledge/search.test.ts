import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createKnowledgeSearch, type KnowledgeSearch } from '../../src/knowledge/search.ts';
import { analyzeQuery } from '../../src/knowledge/query.ts';
import { evaluate, readEvalCases } from '../../src/knowledge/evaluate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// Questions written for this project, not the shared dev set: they check the dictionary generalises.
const heldOut = readEvalCases(path.join(here, 'heldout-qa.jsonl'));
// A second set, written later and never tuned on before its first run (0.83 fusion hit@3 then).
const heldOut2 = readEvalCases(path.join(here, 'heldout2-qa.jsonl'));
const offTopic = fs.readFileSync(path.join(here, 'heldout-negative.txt'), 'utf8').split('\n').filter(Boolean);

describe('query analysis: how elders speak → how regulations are written', () => {
  const forms = (q: string) => analyzeQuery(q).concepts.flatMap((c) => c.forms);
  it('maps colloquial phrases to regulation wording', () => {
    expect(forms('老伴走了能领多少钱')).toEqual(expect.arrayContaining(['配偶', '死亡', '丧葬', '抚恤金']));
    expect(forms('看病的钱能报多少')).toEqual(expect.arrayContaining(['医药费', '报销']));
    expect(forms('低保一个月多少')).toContain('最低生活保障');
    expect(forms('想打官司没钱请律师')).toEqual(expect.arrayContaining(['诉讼', '法律援助', '经济困难']));
    // Filler characters do not hide a phrase: 找个老伴 still means 再婚.
    expect(forms('我想再找个老伴')).toContain('再婚');
  });
  it('keeps domain words whole and does not expand a word hidden inside a longer domain word', () => {
    const q = analyzeQuery('离休干部的丧葬补助金和一次性抚恤金');
    expect(q.concepts.map((c) => c.label)).toEqual(expect.arrayContaining(['离休干部', '丧葬补助金', '一次性抚恤金']));
    expect(q.concepts.flatMap((c) => c.forms)).not.toContain('社会救助');
  });
  it('recognises a named article', () => {
    expect(analyzeQuery('社会保险法第十七条是什么').article).toEqual({ hint: '社会保险法', no: 17 });
    expect(analyzeQuery('《殡葬管理条例》第4条').article).toEqual({ hint: '殡葬管理条例', no: 4 });
    expect(analyzeQuery('丧葬费有多少').article).toBeUndefined();
  });
});

describe.each(testDbKinds)('hybrid retrieval on %s', (kind) => {
  let t: TestDb;
  let search: KnowledgeSearch;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await ingestPaths(t.db, [DEFAULT_KNOWLEDGE_DIR]);
    search = createKnowledgeSearch({ db: t.db });
  });
  afterAll(() => t.cleanup());

  it('goes straight to a named article', async () => {
    for (const [q, title, article] of [
      ['社会保险法第十七条是什么', '社会保险法', '第十七条'],
      ['老年人权益保障法第二十一条怎么规定的', '老年人权益保障法', '第二十一条'],
      ['《殡葬管理条例》第4条', '殡葬管理条例', '第四条'],
    ] as const) {
      const r = await search.search(q);
      expect(r.grounded).toBe(true);
      expect(r.passages[0]!.title).toContain(title);
      expect(r.passages[0]!.article).toBe(article);
      expect(r.byRetriever.article).toHaveLength(1);
    }
  });

  it('says "not found" below the relevance threshold', async () => {
    for (const q of offTopic) {
      const r = await search.search(q);
      expect({ q, grounded: r.grounded }).toEqual({ q, grounded: false });
    }
  });

  it('answers questions it was not tuned on (held-out set, fusion hit@3 ≥ 0.85) and grounds them', async () => {
    const { retrievers } = await evaluate(t.db, heldOut);
    // 0.9 before the reranker; it trades a little hit@3 here for top-1 on the larger eval/policy dev set.
    expect(retrievers.fusion!['hit@3']).toBeGreaterThanOrEqual(0.85);
    expect((await evaluate(t.db, heldOut2)).retrievers.fusion!['hit@3']).toBeGreaterThanOrEqual(0.75);
    expect(retrievers.words!['hit@3']).toBeGreaterThanOrEqual(0.8);
    // Grounded answers are trusted answers: the first citation of most of them is right, and the
    // rest are refused ("a person will call you") rather than guessed.
    let grounded = 0;
    let right = 0;
    for (const c of heldOut) {
      const r = await search.search(c.question);
      if (!r.grounded) continue;
      grounded++;
      const p = r.passages[0]!;
      if (p.title.includes(c.title_has) && c.text_any.some((x) => p.text.includes(x))) right++;
    }
    expect(grounded / heldOut.length).toBeGreaterThanOrEqual(0.5);
    expect(right / grounded).toBeGreaterThanOrEqual(0.65);
  });

  it('prefers the newer document when an older one says it was replaced', async () => {
    const r = await search.search('国家机关离退休人员病故一次性抚恤金标准是多少', { k: 8 });
    const newer = r.passages.findIndex((p) => p.docNumber === '民发〔2011〕192号');
    const older = r.passages.findIndex((p) => p.docNumber === '民发〔2007〕64号');
    expect(newer).toBeGreaterThanOrEqual(0);
    expect(older < 0 || newer < older).toBe(true);
    expect(r.passages.find((p) => p.docNumber === '民发〔2007〕64号')?.supersededBy ?? '民发〔2011〕192号').toBe('民发〔2011〕192号');
    // The older notice still answers, after the newer one, and says what replaced it.
    expect(older).toBeGreaterThan(newer);
    expect(r.passages[older]!.supersededBy).toBe('民发〔2011〕192号');
    expect(r.passages[newer]!.supersededBy).toBeNull();
  });
});
