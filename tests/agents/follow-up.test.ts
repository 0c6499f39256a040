import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { leansBack, withPrevious } from '../../src/agents/follow-up.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

describe('what leans back on the last question', () => {
  it.each(['那刚才说的那个 要是已经用过一回咧咋办', '要是住的是市医院呢', '那后天呢', '你说的那个 要带啥'])('%s leans back', (t) => expect(leansBack(t)).toBe(true));
  it.each(['离休干部住院能报多少', '我老伴住院了', '明儿个下雨不'])('%s stands alone', (t) => expect(leansBack(t)).toBe(false));
  it('the follow-up is asked with the question before it, without its leaning words', () => {
    expect(withPrevious({ kind: 'policy', question: '住院费能报销不', at: 0 }, '那刚才说的那个 门诊呢')).toBe('住院费能报销不，门诊呢');
  });
});

describe.each(testDbKinds)('follow-ups in a conversation on %s', (kind) => {
  const s = useSeededDb(kind);
  const events = async (number: string) =>
    (await s.db.query<{ kind: string; note: string }>(`SELECT e.kind, e.note FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 ORDER BY e.id`, [number])).rows;

  it('more said after asking how a case stands goes onto that case and to its staff, not "没听明白"', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    await a.say(elder, '想请律师帮我看看遗嘱');
    await a.say(elder, '下午');
    const status = await a.say(elder, '请律师那个事 咋样了');
    expect(status.intent).toBe('status');
    const more = await a.say(elder, '隔壁这两天又把院墙往俺这边垒了半尺');
    expect(texts(more)).not.toContain('没听明白');
    expect(texts(more)).toContain('FL-2026-0001');
    expect(more.intent).toBe('slot');
    expect((await events('FL-2026-0001')).at(-1)).toMatchObject({ kind: 'note', note: '隔壁这两天又把院墙往俺这边垒了半尺' });
    expect(texts((await a.notices()).at(-1)!)).toContain('【补充】诉求 FL-2026-0001');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(1);
  });

  it('"说错了" re-points the case just opened to the right person, keeps its number and tells staff', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    const first = await a.say(elder, '老伴在院里跌了一跤 腿肿了');
    expect(first.caseId).toBe('SJ-2026-0001');
    const frame = async () => (await s.db.query<{ frame: { subject: string } }>(`SELECT frame FROM cases WHERE number = 'SJ-2026-0001'`)).rows[0]!.frame;
    expect((await frame()).subject).toBe('spouse');
    const fixed = await a.say(elder, '不对不对 说错了 是我自己跌的');
    expect(texts(fixed)).toContain('改过来了');
    expect((await frame()).subject).toBe('elder');
    expect(texts((await a.notices()).at(-1)!)).toContain('【更正】诉求 SJ-2026-0001');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(1);
  });

  it('the topic is forgotten after a while, and never reaches another elder\'s case', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    await a.say(elder, '想请律师帮我看看遗嘱');
    await a.say(elder, '下午');
    await a.say(elder, '请律师那个事 咋样了');
    a.advance(30 * 60 * 1000);
    const later = await a.say(elder, '隔壁这两天又把院墙往俺这边垒了半尺');
    expect(later.intent).not.toBe('slot');
    expect((await events('FL-2026-0001')).some((e) => e.kind === 'note')).toBe(false);
    // 李秀英 never talked about FL-2026-0001: what she says is not kept on it.
    const other = await a.say(`elder:${s.li}`, '隔壁这两天又把院墙往俺这边垒了半尺');
    expect(other.caseId).not.toBe('FL-2026-0001');
    expect((await events('FL-2026-0001')).some((e) => e.kind === 'note')).toBe(false);
  });

  it('a question leaning on the last policy question is asked together with it; when neither grounds, the same person takes it', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    const first = await a.say(elder, '离休干部住院的医药费咋报销');
    expect(first.intent).toBe('policy');
    const next = await a.say(elder, '那刚才说的那个 要是在外地住的院咋办');
    expect(next.intent).toBe('policy');
    expect(a.policy.questions.at(-1)).toBe('离休干部住院的医药费咋报销，要是在外地住的院咋办');

    const unknown = await a.say(elder, '老年证丢了在哪补办');
    expect(unknown.intent).toBe('policy_unknown');
    const again = await a.say(elder, '那要是外地的老年证呢');
    expect(again.intent).toBe('policy_unknown');
    expect(again.caseId).toBe(unknown.caseId);
    expect((await events(unknown.caseId!)).at(-1)).toMatchObject({ kind: 'note', note: '那要是外地的老年证呢' });
  });
});
