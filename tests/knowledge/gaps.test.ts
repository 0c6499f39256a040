import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { listGaps, reaskGaps, recordGap, topicOf } from '../../src/knowledge/gaps.ts';
import { createGapsCommand } from '../../src/knowledge/gaps-command.ts';

describe('knowledge gaps', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(() => t.cleanup());

  it('groups waiting questions by topic with counts, largest first, and re-asks them', async () => {
    const at = (d: string) => new Date(`${d}T08:00:00Z`);
    await recordGap(t.db, { question: '取暖费一年给多少', asker: 'elder:1', reason: 'refused', at: at('2026-01-05') });
    await recordGap(t.db, { question: '春节慰问金发多少', asker: 'elder:2', reason: 'refused', at: at('2026-01-20') });
    await recordGap(t.db, { question: '解忧室在几楼', asker: 'family:3>elder:1', reason: 'refused', closest: { title: '某县调研报告', article: '一、2、', coverage: 0.4 }, at: at('2026-02-01') });
    const all = await listGaps(t.db);
    expect(all.total).toBe(3);
    expect(all.topics.map((x) => [x.topic, x.count])).toEqual([['离退休待遇', 2], ['联系方式、地点与时间', 1]]);
    expect(all.topics[0]!.questions.map((q) => q.question)).toEqual(['春节慰问金发多少', '取暖费一年给多少']);
    expect(all.topics[1]!.questions[0]!.closest).toEqual({ title: '某县调研报告', article: '一、2、', coverage: 0.4 });
    expect((await listGaps(t.db, { since: at('2026-01-10') })).total).toBe(2);

    const cmd = createGapsCommand({ db: t.db });
    const reply = await cmd.run({} as never, '');
    const said = reply.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('');
    expect(said).toContain('共 3 个');
    expect(said).toContain('【离退休待遇】2 个');
    expect(said).not.toContain('elder:');

    const r = await reaskGaps(t.db, async (q) => ({ grounded: q.includes('取暖费'), weak: false, source: '《取暖费办法》第二条' }), at('2026-03-01'));
    expect(r).toEqual({ asked: 3, nowAnswered: [expect.objectContaining({ question: '取暖费一年给多少', source: '《取暖费办法》第二条' })] });
    expect((await listGaps(t.db)).total).toBe(2);
  });

  it('falls back to the closest document when no topic word is found', () => {
    expect(topicOf('这个东西怎么弄', '中华人民共和国殡葬管理条例')).toBe('殡葬管理条例');
    expect(topicOf('这个东西怎么弄')).toBe('其他');
  });
});
