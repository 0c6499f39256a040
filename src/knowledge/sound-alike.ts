import { pinyin } from 'pinyin-pro';
import type { Queryable } from '../db/types.ts';
import { isDictionaryWord, segmentDictionary } from './segmenter.ts';
import { createVersionProbe, type VersionProbe } from './kb-version.ts';

/**
 * Speech recognition writes what it hears: 扶恤金 for 抚恤金, 报消 for 报销, 住远 for 住院. A question
 * word that is neither in the knowledge base nor in the dictionary, but sounds exactly like a word
 * of the knowledge base (toneless pinyin) and differs from it in one character, is read as that
 * word. The index is built from the knowledge base's own vocabulary (kb_term_stats), so it follows
 * whatever documents are loaded, and rebuilt when their statistics change.
 */
export interface SoundIndex {
  /** The text with sound-alike misspellings of knowledge-base words replaced; `fixes` lists them. */
  correct(text: string): Promise<{ text: string; fixes: { heard: string; meant: string }[] }>;
}

interface Vocabulary {
  version: string;
  terms: Set<string>;
  /** toneless pinyin → the most frequent knowledge-base word that sounds so */
  bySound: Map<string, { term: string; df: number }>;
}

const MIN_LEN = 2;
const MAX_LEN = 4;
const HAN = /\p{Script=Han}+/gu;

export const soundOf = (word: string): string => pinyin(word, { toneType: 'none', type: 'array', v: true }).join(' ');

/** The positions where two words of equal length differ. */
const differences = (a: string, b: string): number[] => {
  const x = [...a];
  const y = [...b];
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) out.push(i);
  return out;
};

// Numerals and the commonest function characters are almost never the misheard part: 是一 is not 十一,
// 会来 is not 回来. Recognisers get these right; changing them only breaks a sound sentence.
const KEEP = new Set([...'零一二三四五六七八九十百千万两的了是不在有个会就也都和与着过来去说上下这那他她我你们吗呢吧啊么给把被让从到对']);

export function createSoundIndex(db: Queryable, probe: VersionProbe = createVersionProbe(db)): SoundIndex {
  let vocab: Vocabulary | null = null;
  let building: Promise<Vocabulary> | null = null;

  async function load(): Promise<Vocabulary> {
    const version = await probe.current();
    if (vocab?.version === version) return vocab;
    if (building) return building;
    building = (async () => {
      const r = await db.query<{ term: string; df: number }>(
        `SELECT term, df FROM kb_term_stats WHERE field = 'tsv' AND char_length(term) BETWEEN ${MIN_LEN} AND ${MAX_LEN} AND term ~ '^[\\u4e00-\\u9fff]+$'`,
      );
      const terms = new Set<string>();
      const bySound = new Map<string, { term: string; df: number }>();
      for (const row of r.rows) {
        const df = Number(row.df);
        terms.add(row.term);
        const key = soundOf(row.term);
        const cur = bySound.get(key);
        if (!cur || df > cur.df) bySound.set(key, { term: row.term, df });
      }
      return { version, terms, bySound };
    })();
    try {
      vocab = await building;
      return vocab;
    } finally {
      building = null;
    }
  }

  return {
    async correct(text) {
      const v = await load();
      if (!v.bySound.size) return { text, fixes: [] };
      const fixes: { heard: string; meant: string }[] = [];
      const out = text.replace(HAN, (run) => {
        const chars = [...run];
        // Only whole dictionary tokens are regrouped: a window that cuts a real word in two (人一 of
        // 一人一年) is not a misheard word.
        const bounds = new Set<number>([0]);
        let at = 0;
        for (const t of segmentDictionary(run)) bounds.add((at += [...t].length));
        let result = '';
        let i = 0;
        while (i < chars.length) {
          let fixed = false;
          for (let len = Math.min(MAX_LEN, chars.length - i); len >= MIN_LEN && bounds.has(i); len--) {
            if (!bounds.has(i + len)) continue;
            const heard = chars.slice(i, i + len).join('');
            if (v.terms.has(heard) || isDictionaryWord(heard)) continue;
            const hit = v.bySound.get(soundOf(heard));
            if (!hit) continue;
            // One character off (the usual recognition slip), and not a numeral or a function word.
            const diff = differences(heard, hit.term);
            if (diff.length !== 1 || KEEP.has(chars[i + diff[0]!]!) || [...hit.term].some((c) => KEEP.has(c))) continue;
            fixes.push({ heard, meant: hit.term });
            result += hit.term;
            i += len;
            fixed = true;
            break;
          }
          if (!fixed) result += chars[i++];
        }
        return result;
      });
      return { text: out, fixes };
    },
  };
}
