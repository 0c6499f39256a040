import { describe, expect, it } from 'vitest';
import { formatPolicyAnswer } from '../../src/agents/policy-reply.ts';

const cite = (article: string) => ({ title: '中华人民共和国社会保险法', docNumber: null, article, text: '…', score: 1 });

describe('formatPolicyAnswer', () => {
  it('leaves an answer that names its source as it is (no second, different article number)', () => {
    const answer = '根据《中华人民共和国社会保险法》第三十条的规定：……（出处：《中华人民共和国社会保险法》第三十条。）';
    expect(formatPolicyAnswer({ answer, grounded: true, citations: [cite('第三十条'), cite('第二十九条')] })).toBe(answer);
  });

  it('adds the source to an answer that names none', () => {
    expect(formatPolicyAnswer({ answer: '医药费按规定报销。', grounded: true, citations: [cite('第二十八条')] })).toBe('医药费按规定报销。\n依据：《中华人民共和国社会保险法》第二十八条');
  });
});
