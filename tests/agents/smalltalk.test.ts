import { describe, expect, it } from 'vitest';
import { readSmalltalk, smalltalkReply } from '../../src/agents/smalltalk.ts';
import { outOfReachReply } from '../../src/agents/out-of-reach.ts';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

const office = { name: '县委老干部局', phone: '0913-6666666' };

describe('small talk: the kind it is, and a reply that fits', () => {
  it.each([
    ['你是个机器人还是真人 说话咋这么有礼貌', 'identity'],
    ['俺孙子给俺下载的这个 说有事就问你', 'identity'],
    ['给你讲个笑话 俺老汉说他年轻时候能挑两百斤 你信不', 'joke'],
    ['今年是俺俩金婚 娃们给摆了几桌', 'good_news'],
    ['绑好了没', 'binding'],
  ] as const)('%s → %s', (text, kind) => expect(readSmalltalk(text)?.kind).toBe(kind));

  it('a need inside the chatter is not small talk', () => {
    expect(readSmalltalk('给你讲个笑话 我老伴住院了')).toBeNull();
  });

  it('congratulates a golden wedding and says where binding stands', () => {
    expect(smalltalkReply(readSmalltalk('俺俩结婚整六十年了')!, { bound: true, office })).toContain('恭喜');
    expect(smalltalkReply(readSmalltalk('绑上了么')!, { bound: true, office })).toContain('已经绑好了');
    expect(smalltalkReply(readSmalltalk('绑上了么')!, { bound: false, office })).toContain('还没有绑定');
  });

  it('what it cannot look up still names where people can call', () => {
    expect(outOfReachReply('weather', office)).toContain(office.phone);
  });
});

describe.each(testDbKinds)('a wish to talk on %s', (kind) => {
  const s = useSeededDb(kind);
  const cases = async () => (await s.db.query<{ kind: string }>(`SELECT kind FROM cases ORDER BY id`)).rows.map((r) => r.kind);

  it('a wish to talk or distress books it at once; one hint of a mood does nothing', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    await a.say(elder, '一个人过惯了 不麻烦你们');
    expect(await cases()).toEqual([]);
    await a.say(elder, '心里难受得很 想找个人说说话');
    expect(await cases()).toEqual(['jieyou']);
  });
});
