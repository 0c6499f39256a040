import type { Queryable } from '../db/types.ts';
import { createVersionProbe, type VersionProbe } from './kb-version.ts';
import { idf as bm25Idf } from './retrievers.ts';

/**
 * Rarity-weighted share of the question's characters a passage contains. Elders' words and the
 * regulations' words often share a character without sharing a word (门票能免 / 免费开放, 签合同 /
 * 签订协议, 到家里看病 / 家庭病床): a word match misses that, a character match does not. Rarity is
 * counted over the knowledge base's passages (cached until its statistics change), so 免 and 签
 * weigh much more than 人 or 的.
 */
export interface CharStats {
  /** idf of each character over the passages; absent characters weigh like the rarest. */
  idf(ch: string): number;
}

// Characters that say nothing about a topic: pronouns, particles, question words, the commonest verbs.
export const COMMON_CHARS = new Set([...'的了是不在有个人们我你他她这那一上下中大小来去到说要会能可以和与或也都就还又被把给让对从为以之其等子儿头年月日天时里外多少几什么怎样哪谁家吗呢吧啊嘛么没得很想问过着该些呀哎嗯']);

export const HAN = /\p{Script=Han}/u;

export function createCharStats(db: Queryable, probe: VersionProbe = createVersionProbe(db)): { load(): Promise<CharStats> } {
  let cached: { version: string; stats: CharStats } | null = null;
  return {
    async load() {
      const version = await probe.current();
      if (cached?.version === version) return cached.stats;
      const r = await db.query<{ text: string }>('SELECT text FROM kb_chunks');
      const df = new Map<string, number>();
      for (const { text } of r.rows) for (const ch of new Set(text)) if (HAN.test(ch)) df.set(ch, (df.get(ch) ?? 0) + 1);
      const n = r.rows.length;
      cached = { version, stats: { idf: (ch) => bm25Idf(n, df.get(ch) ?? 0.5) } };
      return cached.stats;
    },
  };
}

/** The question's content characters with their weights. */
export function questionChars(question: string, stats: CharStats): Map<string, number> {
  const out = new Map<string, number>();
  for (const ch of question) if (HAN.test(ch) && !COMMON_CHARS.has(ch)) out.set(ch, stats.idf(ch));
  return out;
}

export function charOverlap(chars: Map<string, number>, text: string): number {
  let total = 0;
  let hit = 0;
  for (const [ch, w] of chars) {
    total += w;
    if (text.includes(ch)) hit += w;
  }
  return total ? hit / total : 0;
}
