import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * Words that sound the same: what speech recognition and hurried typing turn 韦庄 into 卫庄, 离休 into
 * 离修 and 抚恤金 into 扶恤金. One matcher for the whole product: a stretch of text whose toneless
 * pinyin is that of a known word is read as that word. Callers differ only in their vocabulary and in
 * how cautious they must be (the options below): the ledger knows proper names and may match any
 * homophone of them, while free policy questions must not turn an ordinary word into a domain word.
 */
export function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map((s) => s.toLowerCase());
}

/** Toneless pinyin of a word, read in context (重阳 is chong yang), syllables separated by spaces. */
export const soundOf = (word: string): string => syllables(word).join(' ');

export interface SoundMatch {
  /** Code-point offsets of the homophone in the text searched. */
  start: number;
  end: number;
  heard: string;
  word: string;
}

export interface SoundWord {
  word: string;
  /** When two words sound alike, the heavier one (e.g. the more frequent) is meant. */
  weight?: number;
}

export interface SoundOptions {
  /** Shortest and longest words matched, in characters (2 and 10 by default). */
  minLength?: number;
  maxLength?: number;
  /** Two words with one sound: 'drop' both (never guess between names), or keep the heavier word. */
  onClash?: 'drop' | 'heavier';
  /** Read each character in all its readings (长 as chang and zhang), not only its reading in context. */
  polyphonic?: boolean;
  /**
   * Hear as one the sounds many northern speakers and recognisers merge: zh/z, ch/c, sh/s, n/l,
   * -ing/-in, -eng/-en (养老经 for 养老金). As in the fuzzy-pinyin setting of Chinese input methods.
   */
  fuzzy?: boolean;
  /** At most this many characters may differ from the word (1: the usual single recognition slip). */
  maxChanged?: number;
  /** At least this many characters must be the word's own, in place (1: a slip keeps part of the word). */
  minShared?: number;
  /** Characters recognisers rarely get wrong (numerals, function words): a stretch or a word with one is never matched. */
  keep?: string;
  /**
   * Characters that never stand alone as a word (助, 恤): beside one of them a kept character is a
   * slip after all. 就助 cannot be 就 + 助, so it is 救助; 会来 stays, since 来 is a word of its own.
   */
  bound?: (char: string) => boolean;
  /** A real word of the language is not a slip (祝愿 stays 祝愿): how to tell one. */
  isWord?: (text: string) => boolean;
  /**
   * Where a slip may start and end: 'anywhere'; 'tokens' (only on the boundaries of `tokens`, so a
   * window never cuts a real word in two: 人一 of 一人一年); 'word-start' (never starting in the
   * middle of a word `isWord` knows: 年纪算 is 年纪 + 算, not 纪算 for 计算).
   */
  boundaries?: 'anywhere' | 'tokens' | 'word-start';
  /** The words of a run of text, for 'tokens' boundaries. */
  tokens?: (run: string) => string[];
}

interface Entry {
  word: string;
  sounds: string[];
  weight: number;
}

const HAN = /^\p{Script=Han}$/u;

/** A syllable with the merged distinctions folded (fuzzy option). */
export const fuzzySyllable = (s: string): string => s.replace(/^([zcs])h/u, '$1').replace(/^n(?=[aeiouv])/u, 'l').replace(/(?<=[ei])ng$/u, 'n');
const HAN_RUN = /\p{Script=Han}+/gu;

export class SoundMatcher {
  /** By first syllable: the words that may start at a character with that reading. */
  private readonly byFirst = new Map<string, Entry[]>();
  private readonly words = new Set<string>();
  private readonly min: number;
  private readonly max: number;
  private readonly keep: Set<string>;

  constructor(
    vocabulary: Iterable<string | SoundWord>,
    private readonly opts: SoundOptions = {},
  ) {
    this.min = opts.minLength ?? 2;
    this.max = opts.maxLength ?? 10;
    this.keep = new Set(opts.keep ?? '');
    const byKey = new Map<string, Entry>();
    const clash = new Set<string>();
    for (const v of vocabulary) {
      const { word, weight = 0 } = typeof v === 'string' ? { word: v } : v;
      const len = [...word].length;
      if (len < this.min || len > this.max || ![...word].every((c) => HAN.test(c))) continue;
      if ([...word].some((c) => this.keep.has(c))) continue;
      this.words.add(word);
      const key = this.fold(soundOf(word).split(' ')).join(' ');
      const had = byKey.get(key);
      if (!had) byKey.set(key, { word, sounds: key.split(' '), weight });
      else if (had.word !== word) {
        if ((opts.onClash ?? 'drop') === 'drop') clash.add(key);
        else if (weight > had.weight) byKey.set(key, { word, sounds: had.sounds, weight });
      }
    }
    for (const k of clash) byKey.delete(k);
    for (const e of byKey.values()) {
      const list = this.byFirst.get(e.sounds[0]!) ?? [];
      list.push(e);
      this.byFirst.set(e.sounds[0]!, list);
    }
  }

  /** Longest homophones of known words, left to right, not overlapping; a word spelled right is kept. */
  find(text: string): SoundMatch[] {
    const out: SoundMatch[] = [];
    for (const m of text.matchAll(HAN_RUN)) {
      const offset = [...text.slice(0, m.index)].length;
      for (const hit of this.findInRun(m[0])) out.push({ ...hit, start: hit.start + offset, end: hit.end + offset });
    }
    return out;
  }

  /** The text with every homophone replaced by the word it sounds like. */
  repair(text: string): { text: string; fixes: { heard: string; meant: string }[] } {
    const matches = this.find(text);
    if (!matches.length) return { text, fixes: [] };
    const chars = [...text];
    for (const m of [...matches].reverse()) chars.splice(m.start, m.end - m.start, m.word);
    return { text: chars.join(''), fixes: matches.map((m) => ({ heard: m.heard, meant: m.word })) };
  }

  private findInRun(run: string): SoundMatch[] {
    const chars = [...run];
    const readings = this.readingsOf(run, chars.length);
    const bounds = this.boundsOf(run, chars);
    const out: SoundMatch[] = [];
    for (let i = 0; i < chars.length; ) {
      const hit = this.matchAt(chars, readings, bounds, i);
      if (hit === 'kept') {
        // A word already spelled right is not re-read as another (离休干部 stays whole).
        i += this.exactLength(chars, i);
      } else if (hit) {
        out.push(hit);
        i = hit.end;
      } else i++;
    }
    return out;
  }

  private matchAt(chars: string[], readings: string[][], bounds: Set<number> | null, i: number): SoundMatch | 'kept' | null {
    if (bounds && !bounds.has(i)) return null;
    const o = this.opts;
    if (o.boundaries === 'word-start' && i > 0 && o.isWord?.(chars[i - 1]! + chars[i]!)) return null;
    // A word spelled right here is kept unless a longer known word sounds like the stretch (养老 of 养老经 → 养老金).
    let exact = this.exactLength(chars, i);
    // A known word the dictionary splits here is no word to keep: 能报 of 能|报|消 (the knowledge base
    // has 能报 from 不能报销) must not hide 报消 → 报销.
    if (bounds && exact > 1 && Array.from({ length: exact - 1 }, (_, k) => i + k + 1).some((b) => bounds.has(b))) exact = 0;
    let best: { entry: Entry; len: number } | null = null;
    for (const first of readings[i] ?? []) {
      for (const e of this.byFirst.get(first) ?? []) {
        const len = e.sounds.length;
        if (len <= exact || i + len > chars.length || (best && (best.len > len || (best.len === len && best.entry.weight >= e.weight)))) continue;
        if (bounds && !bounds.has(i + len)) continue;
        if (!e.sounds.every((s, j) => readings[i + j]!.includes(s))) continue;
        const window = chars.slice(i, i + len);
        const heard = window.join('');
        if (heard === e.word) continue;
        const shared = window.filter((c, j) => c === [...e.word][j]).length;
        if (len - shared > (o.maxChanged ?? len) || shared < (o.minShared ?? 0)) continue;
        if (this.kept(window) || o.isWord?.(heard)) continue;
        best = { entry: e, len };
      }
    }
    if (!best) return exact ? 'kept' : null;
    return { start: i, end: i + best.len, heard: chars.slice(i, i + best.len).join(''), word: best.entry.word };
  }

  /**
   * A stretch with a kept character, unless that character leads and all the others are bound ones
   * (就助, 一保). A kept character after the others is a particle of the word before it (记着).
   */
  private kept(window: string[]): boolean {
    if (!window.some((c) => this.keep.has(c))) return false;
    const [lead, ...rest] = window;
    return !(this.opts.bound && this.keep.has(lead!) && rest.every((c) => !this.keep.has(c) && this.opts.bound!(c)));
  }

  /** Length of the longest vocabulary word spelled exactly at i, 0 if none. */
  private exactLength(chars: string[], i: number): number {
    for (let len = Math.min(this.max, chars.length - i); len >= this.min; len--) if (this.words.has(chars.slice(i, i + len).join(''))) return len;
    return 0;
  }

  private fold(sounds: string[]): string[] {
    return this.opts.fuzzy ? sounds.map(fuzzySyllable) : sounds;
  }

  private readingsOf(run: string, n: number): string[][] {
    const inContext = syllables(run);
    const out: string[][] = [];
    const all = this.opts.polyphonic ? (polyphonic(run, { toneType: 'none', type: 'array', v: true }) as unknown as string[][]) : [];
    for (let i = 0; i < n; i++) out.push([...new Set(this.fold([inContext[i] ?? '', ...(all[i] ?? [])].filter(Boolean).map((s) => s.toLowerCase())))]);
    return out;
  }

  private boundsOf(run: string, chars: string[]): Set<number> | null {
    if (this.opts.boundaries !== 'tokens' || !this.opts.tokens) return null;
    const bounds = new Set<number>([0, chars.length]);
    let at = 0;
    for (const t of this.opts.tokens(run)) bounds.add((at += [...t].length));
    return bounds;
  }
}

/** The ledger's matcher keeps its old name: any homophone of a known name, no guessing between two names. */
export { SoundMatcher as SoundIndex };
