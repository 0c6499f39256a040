import { pinyin } from 'pinyin-pro';

/**
 * Words that sound the same: what speech recognition and hurried typing turn 韦庄 into 卫庄 and 离休
 * into 离修. Matching is by toneless pinyin syllables, whole words only (two characters at least), so
 * a known word can be recovered from a homophone without guessing at anything else.
 */
export function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.toLowerCase());
}

export interface SoundMatch {
  /** Code-point offsets of the homophone in the text searched. */
  start: number;
  end: number;
  heard: string;
  word: string;
}

export class SoundIndex {
  private readonly byKey = new Map<string, string>();
  private readonly maxLen: number;

  /** Words of two or more Chinese characters; a key two different words share is dropped (no guessing). */
  constructor(words: Iterable<string>) {
    const clash = new Set<string>();
    let max = 2;
    for (const w of words) {
      if (!/^[\u4e00-\u9fa5]{2,10}$/.test(w)) continue;
      const key = syllables(w).join(' ');
      const had = this.byKey.get(key);
      if (had !== undefined && had !== w) clash.add(key);
      else this.byKey.set(key, w);
      max = Math.max(max, w.length);
    }
    for (const k of clash) this.byKey.delete(k);
    this.maxLen = max;
  }

  /** Longest homophones of known words in a text, left to right, not overlapping; exact words are not matches. */
  find(text: string): SoundMatch[] {
    const chars = [...text];
    const syl = chars.map((c) => (/[\u4e00-\u9fa5]/.test(c) ? (syllables(c)[0] ?? c) : ''));
    const out: SoundMatch[] = [];
    for (let i = 0; i < chars.length; ) {
      let hit: SoundMatch | null = null;
      for (let len = Math.min(this.maxLen, chars.length - i); len >= 2; len--) {
        const part = syl.slice(i, i + len);
        if (part.some((x) => !x)) continue;
        const word = this.byKey.get(part.join(' '));
        const heard = chars.slice(i, i + len).join('');
        if (word && word !== heard) {
          hit = { start: i, end: i + len, heard, word };
          break;
        }
      }
      if (hit) {
        out.push(hit);
        i = hit.end;
      } else i++;
    }
    return out;
  }
}
