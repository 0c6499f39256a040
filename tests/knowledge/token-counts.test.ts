import { describe, expect, it } from 'vitest';
import { tokenCounter } from '../../src/knowledge/token-counts.ts';

/** What the SQL filter did: split on spaces, keep the wanted tokens, count them. */
const bySplit = (tokens: string, wanted: string[]) => {
  const out = new Map<string, number>();
  for (const t of tokens ? tokens.split(' ') : []) if (wanted.includes(t)) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
};

describe('tokenCounter', () => {
  it('counts whole tokens only, as splitting the list would', () => {
    const cases: [string, string[]][] = [
      ['抚恤 抚恤金 一次性抚恤金 抚恤金 金', ['抚恤', '抚恤金', '金']],
      ['抚恤金 抚恤', ['抚恤金抚恤', '恤金', '抚']],
      ['a1 a a1 b', ['a', 'a1', 'a1 b', '']],
      ['x.y x+y (x) x', ['x.y', 'x+y', '(x)', 'x', '.']],
      ['', ['抚恤金']],
      ['抚恤金', []],
      ['𠀋𠀋 𠀋 a𠀋', ['𠀋', '𠀋𠀋']],
    ];
    for (const [tokens, wanted] of cases) expect(tokenCounter(wanted)(tokens)).toEqual(bySplit(tokens, wanted));
  });
});
