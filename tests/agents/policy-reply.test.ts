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

describe('policyReply and askerTag', () => {
  it('carries what to speak with the text, and tags who asked without personal data', async () => {
    const { policyReply, askerTag } = await import('../../src/agents/policy-reply.ts');
    expect(policyReply({ answer: '答。', grounded: true, citations: [cite('第一条')], spoken: '答。依据某法第一条。' })).toMatchObject({ kind: 'text', spoken: '答。依据某法第一条。' });
    expect(policyReply({ answer: '答。', grounded: true, citations: [] })).not.toHaveProperty('spoken');
    expect(askerTag({ kind: 'elder', channel: 'wechat', externalId: 'wx1', accountId: 3, elderId: 12, displayName: '张建国' })).toBe('elder:12');
    expect(askerTag({ kind: 'family', channel: 'wechat', externalId: 'wx2', accountId: 4, elderId: 12 })).toBe('family:4>elder:12');
    expect(askerTag({ kind: 'staff', channel: 'telegram', externalId: '9', accountId: 5, staffId: 2 })).toBe('staff:2');
    expect(askerTag({ kind: 'unknown', channel: 'web', externalId: 'x', accountId: null })).toBe('unknown');
    expect(askerTag(undefined)).toBe('unknown');
  });
});
