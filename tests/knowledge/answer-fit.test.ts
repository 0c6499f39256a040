import { describe, expect, it } from 'vitest';
import { fitsAskedKind } from '../../src/knowledge/answer-fit.ts';

const ELIGIBILITY = '家庭成员突发重大疾病，导致基本生活暂时出现严重困难的家庭，给予临时救助。';
const OFFICE = '申请临时救助的，应当向乡镇人民政府、街道办事处提出。';

describe('answer kind asked and held', () => {
  it('a passage without an office does not answer where to go, nor one without a figure how much', () => {
    expect(fitsAskedKind('临时救助到哪申请', ELIGIBILITY)).toBe(false);
    expect(fitsAskedKind('临时救助到哪申请', OFFICE)).toBe(true);
    expect(fitsAskedKind('临时救助给多少钱', ELIGIBILITY)).toBe(false);
    expect(fitsAskedKind('审批要多长时间', OFFICE)).toBe(false);
  });

  it('two asks in two clauses: a passage answering one of them is an answer in part', () => {
    expect(fitsAskedKind('临时救助谁能申请，到哪申请', ELIGIBILITY)).toBe(true);
    expect(fitsAskedKind('临时救助谁能申请 到哪申请', OFFICE)).toBe(true);
    // Neither clause answered: no figure, no period.
    expect(fitsAskedKind('一次给多少钱 多长时间能批下来', ELIGIBILITY)).toBe(false);
    // Said in one breath, the whole is one clause and every kind it asks must be held.
    expect(fitsAskedKind('临时救助谁能申请到哪申请', ELIGIBILITY)).toBe(false);
  });

  it('this year\'s date asked in any clause needs a date', () => {
    expect(fitsAskedKind('体检是谁组织的 今年啥时候', '每年组织离退休干部健康体检一次，由县医院承担。')).toBe(false);
  });
});
