import { describe, expect, it } from 'vitest';
import { repairSoundAlikes } from '../../src/agents/sound-alike.ts';

describe('sound-alike repair of domain words', () => {
  it.each([
    ['丧藏费能领多少', '丧葬费能领多少'],
    ['离修干部的抚恤金是按啥算的', '离休干部的抚恤金是按啥算的'],
    ['额的体简报告出来了没', '额的体检报告出来了没'],
    ['低报咋申请', '低保咋申请'],
    ['法律援注要不要钱', '法律援助要不要钱'],
    ['做了个白内账手术', '做了个白内障手术'],
    ['报消比例是多少', '报销比例是多少'],
  ])('%s → %s', (input, expected) => {
    expect(repairSoundAlikes(input)).toBe(expected);
  });

  it.each(['祝愿你们身体健康', '山羊跑了', '我记不住', '老板来了', '说个趣事', '我不贴', '多大年纪算老年人？', '今天天气不错'])('leaves real words alone: %s', (input) => {
    expect(repairSoundAlikes(input)).toBe(input);
  });
});
