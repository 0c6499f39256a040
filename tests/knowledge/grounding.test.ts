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

describe('what the passage must hold for the kind of thing asked', () => {
  const strong = { coverage: 0.9, askCoverage: 0.9, chars: 0.9, evidence: { sentence: '', sentenceCoverage: 0.9, answersType: true, held: 3 } };
  const verdict = (q: string, text: string, title = '社会救助暂行办法') => judge(q, [passage({ ...strong, text, title, evidence: { ...strong.evidence, sentence: text } })], false, DEFAULT_POLICY.agreed);

  it('refuses how long, when this time, or where, when the passage states no period, date or office', () => {
    const noPeriod = '不再符合低保条件的，终止低保并予以公示。';
    expect(verdict('低保要取消的话 村里要公示几天', noPeriod)).toMatchObject({ grounded: false, reason: 'wrong-kind' });
    expect(verdict('低保要取消的话 村里要公示几天', '终止低保的，应当在村公示7日。')).toMatchObject({ grounded: true });
    expect(verdict('抚恤金多长时间能发下来', '一次性抚恤金由原工作单位发给。')).toMatchObject({ grounded: false, reason: 'wrong-kind' });
    // A date says when a rule began, not how long anything takes.
    expect(verdict('抚恤金多长时间能发下来', '本通知自2011年8月1日起执行。')).toMatchObject({ grounded: false, reason: 'wrong-kind' });
    expect(verdict('党小组多久开一回会', '党小组每月召开1次党小组会。')).toMatchObject({ grounded: true });
    expect(verdict('今年的体检啥时候', '每年组织离退休干部体检一次。')).toMatchObject({ grounded: false, reason: 'wrong-kind' });
    // A stay of a few days told in the story is not a question about time.
    expect(verdict('老娘病了我请假回去守几天 老板不让 合不合规矩', '老年人的子女有探亲休假的权利。')).toMatchObject({ grounded: true });
  });

  it('refuses a question about a regulation the knowledge base does not hold', () => {
    const text = '一次性抚恤金按照上一年度全国城镇居民人均可支配收入的20倍加本人生前40个月基本工资计算。';
    const title = '民政部 人力资源社会保障部 财政部关于国家机关工作人员及离退休人员死亡一次性抚恤发放有关问题的通知';
    expect(verdict('按那个工伤保险条例 工亡了补多少', text, title)).toMatchObject({ grounded: false, reason: 'other-document' });
    expect(verdict('按民法典老人的房子儿子能继承不', text, title)).toMatchObject({ grounded: false, reason: 'other-document' });
    // Named loosely, but one of the documents found: still answered.
    expect(verdict('管看病钱的那个医疗保障基金的条例 公务员补助也归它管不', '公务员医疗补助资金的使用参照本条例执行。', '医疗保障基金使用监督管理条例')).toMatchObject({ grounded: true });
  });
});
