import { describe, expect, it } from 'vitest';
import { barFor, DEFAULT_POLICY, judge } from '../../src/knowledge/grounding.ts';
import type { Passage } from '../../src/knowledge/search.ts';

// A passage as the reranker leaves it; only what the grounding checks read matters here.
const passage = (over: Partial<Passage>): Passage => ({
  chunkId: 1,
  documentId: 1,
  title: '社会救助暂行办法',
  docNumber: null,
  article: '第十一条',
  path: '',
  text: '申请最低生活保障，按照下列程序办理。',
  coverage: 0.3,
  askCoverage: 0.3,
  score: 2,
  retrieval: 1,
  supersededBy: null,
  evidence: { sentence: '申请最低生活保障，按照下列程序办理。', sentenceCoverage: 0.3, answersType: true, held: 2 },
  keyCovered: true,
  documentCoverage: 0.3,
  chars: 0.3,
  known: 3,
  ...over,
});

describe('two bars for an answer', () => {
  const q = '低保户申请要走啥程序';
  it('takes a modest passage when the retrievers agree on it, not when they disagree', () => {
    const ps = [passage({}), passage({ chunkId: 2, documentId: 2, title: '中华人民共和国社会保险法', score: 1 })];
    expect(judge(q, [...ps], false, DEFAULT_POLICY.agreed).grounded).toBe(true);
    expect(judge(q, [...ps], false, DEFAULT_POLICY.disputed)).toMatchObject({ grounded: false, reason: 'low-coverage' });
  });
  it('asks a disputed passage to lead clearly over another document', () => {
    const strong = { coverage: 0.6, askCoverage: 0.6, chars: 0.6, evidence: { sentence: '申请最低生活保障，按照下列程序办理。', sentenceCoverage: 0.6, answersType: true, held: 3 } };
    const close = [passage({ ...strong, score: 2 }), passage({ chunkId: 2, documentId: 2, title: '中华人民共和国社会保险法', score: 1.8 })];
    expect(judge(q, [...close], false, DEFAULT_POLICY.disputed)).toMatchObject({ grounded: false, reason: 'close-call' });
    expect(judge(q, [...close], false, DEFAULT_POLICY.agreed).grounded).toBe(true);
  });
  it('never lowers the bar for what regulations do not say', () => {
    const ps = [passage({ coverage: 0.9, askCoverage: 0.9, chars: 0.9 })];
    expect(judge('低保窗口在几楼', [...ps], false, DEFAULT_POLICY.agreed)).toMatchObject({ grounded: false, reason: 'local-detail' });
  });
  it('lowers the bar only for agreement on a passage with the key concept or the kind of answer asked', () => {
    const p = passage({});
    expect(barFor('低保户申请要走啥程序', p, false)).toBe(DEFAULT_POLICY.disputed);
    expect(barFor('低保户申请要走啥程序', p, true)).toBe(DEFAULT_POLICY.agreed);
    const keyless = passage({ keyCovered: false });
    expect(barFor('这个协议算不算数，合不合法', keyless, true)).toBe(DEFAULT_POLICY.agreed);
    expect(barFor('这个补助能给多少', keyless, true)).toBe(DEFAULT_POLICY.disputed);
    expect(barFor('这个协议', keyless, true)).toBe(DEFAULT_POLICY.disputed);
  });
});
