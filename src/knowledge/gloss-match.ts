import { COMMON_CHARS, HAN, type CharStats } from './char-overlap.ts';

const bigramsOf = (s: string): Set<string> => {
  const chars = [...s].filter((c) => HAN.test(c));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
};

/**
 * How closely the question says one of the passage's glosses (glosses.ts): for each gloss, the
 * rarity-weighted share of its characters the question holds, and the share of its character pairs,
 * averaged; the best gloss counts. A gloss is judged on its own, so a passage with many glosses is
 * not preferred for their number, only for saying what the elder said.
 */
export function glossMatch(question: string, glosses: string, stats: CharStats): number {
  if (!glosses) return 0;
  const qChars = new Set([...question].filter((c) => HAN.test(c)));
  const qPairs = bigramsOf(question);
  let best = 0;
  for (const g of glosses.split('；')) {
    let total = 0;
    let hit = 0;
    for (const ch of new Set(g)) {
      if (!HAN.test(ch) || COMMON_CHARS.has(ch)) continue;
      const w = stats.idf(ch);
      total += w;
      if (qChars.has(ch)) hit += w;
    }
    if (!total) continue;
    const pairs = bigramsOf(g);
    let pairHit = 0;
    for (const p of pairs) if (qPairs.has(p)) pairHit++;
    const score = (hit / total + (pairs.size ? pairHit / pairs.size : 0)) / 2;
    if (score > best) best = score;
  }
  return best;
}
