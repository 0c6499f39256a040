import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { upsertAccount } from '../../src/people/accounts.ts';
import { outOfReach } from '../../src/agents/out-of-reach.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

describe('what nobody here can know', () => {
  it.each([
    ['后儿个刮风不 额想晒被子', 'weather'],
    ['下礼拜降温没', 'weather'],
    ['天气预报说啥咧', 'weather'],
    ['到渭南的客车早上几点发', 'transport'],
    ['今年花椒收购价多少', 'price'],
    ['戏曲频道秦腔几点放', 'tv'],
    ['下个月哪天日子好 想给孙子订婚', 'omen'],
    ['老是梦见掉牙 是个啥预兆', 'omen'],
    ['孙子结婚看日子看了没 腊月十六吉利不', 'omen'],
    ['村里那条土路啥时候能硬化', 'works'],
    ['俺组的自来水管子还通不通了 啥时候能安上', 'works'],
    // Felt, told or the bureau's own business: not for this reply.
    ['今儿太阳好得很', null],
    ['夜里下了一场大雨 院墙塌了', null],
    ['七十岁坐公交免费不', null],
    ['这两天冷得很', null],
    ['村里修路把额家门口的树挖了', null],
  ] as const)('%s → %s', (t, want) => expect(outOfReach(t)).toBe(want));
});

describe.each(testDbKinds)('asking the weather on %s', (kind) => {
  const s = useSeededDb(kind);
  const tg = { channel: 'telegram' as const, threadId: '6201' };

  it('says it cannot look it up, twice, and leaves staff alone', async () => {
    await upsertAccount(s.db, 'telegram', '6201', { kind: 'elder', elderId: s.zhang });
    const a = makeAgent(s.db);
    const first = await a.say('6201', '明儿个下雨不 额想去地里打药', tg);
    expect(texts(first)).toContain('天气预报我这里查不了');
    const next = await a.say('6201', '那后天呢', tg);
    expect(texts(next)).toContain('天气预报我这里查不了');
    expect(texts(next)).not.toContain('没听明白');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(0);
  });
});
