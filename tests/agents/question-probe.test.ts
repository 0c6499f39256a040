import { describe, expect, it } from 'vitest';
import type { PolicyAnswerer } from '../../src/chat/ports.ts';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';
import { listening } from '../../src/agents/replies.ts';

/** Knows one rule, asked in words the intent rules have no topic for. */
const oneRule: PolicyAnswerer = {
  async answer(q) {
    if (q.includes('年纪') || q.includes('岁数')) {
      return { answer: '本法所称老年人是指六十周岁以上的公民。', grounded: true, citations: [{ title: '中华人民共和国老年人权益保障法', docNumber: null, article: '第二条', text: '本法所称老年人是指六十周岁以上的公民。', score: 1 }] };
    }
    return { answer: '', grounded: false, citations: [] };
  },
};

describe.each(testDbKinds)('questions without a known topic word on %s', (kind) => {
  const s = useSeededDb(kind, 'file');

  it('a question the knowledge base grounds is answered as policy, with its source', async () => {
    const a = makeAgent(s.db, { policy: oneRule });
    const r = await a.say(`elder:${s.zhang}`, '多大年纪才算老年人呀？');
    expect(r.intent).toBe('policy');
    expect(texts(r)).toContain('六十周岁');
    expect(texts(r)).toContain('老年人权益保障法');
    expect(r.caseId).toBeUndefined();
  });

  it('a question it cannot ground stays unknown and counts toward the hand-off; a statement is not looked up', async () => {
    const asked: string[] = [];
    const a = makeAgent(s.db, { policy: { answer: async (q) => (asked.push(q), oneRule.answer(q)) } });
    expect((await a.say(`elder:${s.wang}`, '今天股票涨了吗')).intent).toBe('unknown');
    expect(asked).toEqual(['今天股票涨了吗']);
    expect((await a.say(`elder:${s.wang}`, '帮我订一张去西安的车票')).intent).toBe('unknown');
    expect(asked).toHaveLength(1);
    const third = await a.say(`elder:${s.wang}`, '那个红的蓝的都行');
    // The hand-off case (RG) a third confused turn opens.
    expect(third.caseId).toMatch(/^RG-2026-\d{4}$/);
  });

  it('a long line of talk that asks nothing is listened to, not met with 没听明白, and not looked up', async () => {
    const asked: string[] = [];
    const a = makeAgent(s.db, { policy: { answer: async (q) => (asked.push(q), oneRule.answer(q)) } });
    const r = await a.say(`elder:${s.li}`, '村口那棵老槐树底下一后晌都是晒暖暖的人');
    expect(texts(r)).not.toContain('没听明白');
    expect(texts(r)).toContain(listening());
    expect(r.intent).toBe('greeting');
    expect(r.caseId).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
