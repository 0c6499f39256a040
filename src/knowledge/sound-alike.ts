import type { Queryable } from '../db/types.ts';
import { SoundMatcher } from '../kernel/sound-alike.ts';
import { isDictionaryWord, segment, segmentDictionary } from './segmenter.ts';
import { createVersionProbe, type VersionProbe } from './kb-version.ts';

export { soundOf } from '../kernel/sound-alike.ts';

/**
 * Speech recognition writes what it hears: 扶恤金 for 抚恤金, 报消 for 报销, 住远 for 住院. The vocabulary
 * is the knowledge base's own (kb_term_stats, two to four characters), so it follows whatever
 * documents are loaded and is rebuilt when their statistics change; the matching is the kernel's.
 */
export interface SoundIndex {
  /** The text with sound-alike misspellings of knowledge-base words replaced; `fixes` lists them. */
  correct(text: string): Promise<{ text: string; fixes: { heard: string; meant: string }[] }>;
}

// Numerals and the commonest function characters are almost never the misheard part: 是一 is not 十一,
// 会来 is not 回来. Recognisers get these right; changing them only breaks a sound sentence.
const KEEP = '零一二三四五六七八九十百千万两的了是不在有个会就也都和与着过来去说上下这那他她我你们吗呢吧啊么给把被让从到对还又很没跟得地只便';

/** A character met alone in at most this many passages is not one the recogniser heard as a word. */
const BOUND_DF = 4;

/**
 * In how many passages each single character stands alone as a word, in the documents' own text: the
 * glosses (how people ask, 能保老人吃穿) are not the documents' words and would make 保 look free.
 */
function standingAlone(texts: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of texts) {
    for (const w of new Set(segment(t))) if (w.length === 1 && /[\u4e00-\u9fff]/u.test(w)) out.set(w, (out.get(w) ?? 0) + 1);
  }
  return out;
}

export function createSoundIndex(db: Queryable, probe: VersionProbe = createVersionProbe(db)): SoundIndex {
  let cached: { version: string; matcher: SoundMatcher } | null = null;
  let building: Promise<{ version: string; matcher: SoundMatcher }> | null = null;

  async function load(): Promise<SoundMatcher> {
    const version = await probe.current();
    if (cached?.version === version) return cached.matcher;
    building ??= (async () => {
      const [r, texts] = await Promise.all([
        db.query<{ term: string; df: number }>(`SELECT term, df FROM kb_term_stats WHERE field = 'tsv' AND char_length(term) BETWEEN 2 AND 4 AND term ~ '^[\\u4e00-\\u9fff]+$'`),
        db.query<{ text: string }>('SELECT text FROM kb_chunks'),
      ]);
      // Words of two to four characters are the vocabulary.
      const words = r.rows;
      const terms = new Set(words.map((x) => x.term));
      const standing = standingAlone(texts.rows.map((x) => x.text));
      const matcher = new SoundMatcher(
        words.map((x) => ({ word: x.term, weight: Number(x.df) })),
        {
          maxLength: 4,
          // Free questions: only a whole dictionary token that is no word of its own, one character off.
          onClash: 'heavier',
          polyphonic: true,
          fuzzy: true,
          maxChanged: 1,
          keep: KEEP,
          bound: (c) => (standing.get(c) ?? 0) <= BOUND_DF,
          isWord: (w) => terms.has(w) || isDictionaryWord(w),
          boundaries: 'tokens',
          tokens: segmentDictionary,
        },
      );
      return { version, matcher };
    })();
    try {
      cached = await building;
      return cached.matcher;
    } finally {
      building = null;
    }
  }

  return {
    async correct(text) {
      return (await load()).repair(text);
    },
  };
}
