import { describe, expect, it } from 'vitest';
import { answerFits } from '../../src/agents/policy-fit.ts';

describe('whether an answer is of the kind asked', () => {
  const yearly = '坚持每年为老干部进行健康体检，聘请医院专家进行一对一诊治。';
  it('a rule\'s "every year" answers how often, not when this year', () => {
    expect(answerFits('老干部体检多长时间一回 啥时候搞', yearly)).toBe(true);
    expect(answerFits('今年的体检啥时候 在哪个医院', yearly)).toBe(false);
    expect(answerFits('今年的体检啥时候', '体检定在每年5月中旬。')).toBe(true);
  });
  it('an amount asked wants a figure, a place asked wants a place', () => {
    expect(answerFits('丧葬费给多少钱', '丧葬费按规定发给。')).toBe(false);
    expect(answerFits('丧葬费给多少钱', '丧葬补助费为5000元。')).toBe(true);
    expect(answerFits('医药费去哪报', '由原工作单位负责报销。')).toBe(true);
  });
});
