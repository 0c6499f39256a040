import { COMMON_CHARS, HAN, type CharStats } from './char-overlap.ts';

const bigramsOf = (s: string): Set<string> => {
  const chars = [...s].filter((c) => HAN.test(c));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
};

/** One gloss as matching reads it: its content characters (first occurrence order) and its character pairs. */
interface GlossShape {
  chars: string[];
  pairs: Set<string>;
}

/**
 * The shapes of a chunk's glosses, by the glosses string itself: the same candidates come back
 * question after question, and splitting and pairing their phrases each time was most of the
 * matching. A string's shapes never change, so nothing here can go stale; the map is only bounded.
 */
const shapes = new Map<string, GlossShape[]>();
const MAX_SHAPES = 20_000;

function shapesOf(glosses: string): GlossShape[] {
  let out = shapes.get(glosses);
  if (out) return out;
  out = glosses.split('；').map((g) => ({ chars: [...new Set(g)].filter((ch) => HAN.test(ch) && !COMMON_CHARS.has(ch)), pairs: bigramsOf(g) }));
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(glosses, out);
  return out;
}

/**
 * How closely the question says one of the passage's glosses (glosses.ts): for each gloss, the
 * rarity-weighted share of its characters the question holds, and the share of its character pairs,
 * averaged; the best gloss counts. A gloss is judged on its own, so a passage with many glosses is
 * not preferred for their number, only for saying what the elder said.
 *
 * The question's side is read once per question, for all of its candidates.
 */
export function glossMatcher(question: string, stats: CharStats): (glosses: string) => number {
  const qChars = new Set([...question].filter((c) => HAN.test(c)));
  const qPairs = bigramsOf(question);
  return (glosses) => {
    if (!glosses) return 0;
    let best = 0;
    for (const g of shapesOf(glosses)) {
      let total = 0;
      let hit = 0;
      for (const ch of g.chars) {
        const w = stats.idf(ch);
        total += w;
        if (qChars.has(ch)) hit += w;
      }
      if (!total) continue;
      let pairHit = 0;
      for (const p of g.pairs) if (qPairs.has(p)) pairHit++;
      const score = (hit / total + (g.pairs.size ? pairHit / g.pairs.size : 0)) / 2;
      if (score > best) best = score;
    }
    return best;
  };
}
