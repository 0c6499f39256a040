import type { Gazetteer } from './gazetteer.ts';
import { SoundIndex } from '../../kernel/sound-alike.ts';
import { FILLER_WORDS, LEDGER_WORDS } from './vocabulary.ts';

/** The parser's machinery: a question whose understood words get consumed, and the ledger's words compiled once. */

export const GAP = '\u0001';
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const alternation = (words: Iterable<string>) =>
  [...new Set(words)].filter((w) => w.length > 0).sort((a, b) => b.length - a.length).map(escapeRe).join('|');

/** Word maps and regexes built once per gazetteer (a gazetteer is cached for a minute by its loader). */
export interface CompiledGazetteer {
  branchRe: RegExp | null;
  unitForms: Map<string, string>;
  unitRe: RegExp | null;
  placeForms: Map<string, { town?: string; village?: string }>;
  placeRe: RegExp | null;
  townShort: Map<string, string>;
  townShortRe: RegExp | null;
  villageShort: Map<string, string>;
  villageShortRe: RegExp | null;
  postRe: RegExp | null;
  healthWords: Map<string, string[]>;
  healthRe: RegExp | null;
}
const compiled = new WeakMap<Gazetteer, CompiledGazetteer>();

export function compileGazetteer(g: Gazetteer): CompiledGazetteer {
  const hit = compiled.get(g);
  if (hit) return hit;
  const re = (words: Iterable<string>, wrap = (x: string) => x) => {
    const alt = alternation(words);
    return alt ? new RegExp(wrap(alt), 'g') : null;
  };
  const unitForms = new Map<string, string>();
  for (const u of g.formerUnits) {
    unitForms.set(u, u);
    const short = u.replace(/^(县|市|区)/, '');
    if (short.length >= 2 && short !== u && !unitForms.has(short)) unitForms.set(short, short);
  }
  const placeForms = new Map<string, { town?: string; village?: string }>();
  for (const v of g.villages) placeForms.set(v.name, { village: v.name });
  for (const t of g.towns) placeForms.set(t, { town: t });
  const townShort = new Map<string, string>();
  for (const t of g.towns) {
    const short = t.replace(/(镇|乡|街道|街道办|办事处)$/, '');
    if (short.length >= 2 && short !== t && !placeForms.has(short)) townShort.set(short, t);
  }
  // 樊家川 for 樊家川村: only 3+ characters, so two-character stems (南社, 马村 → 马) do not catch other words.
  const villageShort = new Map<string, string>();
  for (const v of g.villages) {
    const short = v.name.replace(/(村|社区|居委会|村委会)$/, '');
    if (short.length >= 3 && short !== v.name && !placeForms.has(short) && !townShort.has(short)) villageShort.set(short, v.name);
  }
  const healthWords = new Map<string, string[]>();
  for (const t of g.healthTerms) healthWords.set(t, [t]);
  const c: CompiledGazetteer = {
    branchRe: re(g.partyBranches),
    unitForms,
    unitRe: re(unitForms.keys()),
    placeForms,
    placeRe: re(placeForms.keys()),
    townShort,
    townShortRe: re(townShort.keys(), (a) => `(?:${a})(?![村社庄])`),
    villageShort,
    villageShortRe: re(villageShort.keys(), (a) => `(?:${a})(?![村社镇])`),
    postRe: re(g.formerPosts, (a) => `(?:当过|任过|原任|原)?(?:${a})`),
    healthWords,
    healthRe: re(healthWords.keys()),
  };
  compiled.set(g, c);
  return c;
}

const soundIndexes = new WeakMap<Gazetteer, SoundIndex>();

/** Homophones of the ledger's own words (places, posts, units, conditions, staff) and of the parser's vocabulary. */
export function soundIndexOf(g: Gazetteer): SoundIndex {
  const hit = soundIndexes.get(g);
  if (hit) return hit;
  const c = compileGazetteer(g);
  const words = [
    ...LEDGER_WORDS,
    ...g.towns,
    ...c.townShort.keys(),
    ...g.villages.map((v) => v.name),
    ...c.villageShort.keys(),
    ...g.formerPosts,
    ...c.unitForms.keys(),
    ...g.partyBranches,
    ...g.healthTerms,
    ...(g.staffNames ?? []),
  ];
  const index = new SoundIndex(words);
  soundIndexes.set(g, index);
  return index;
}

export class Scanner {
  private chars: string[];
  readonly recognized: string[] = [];
  constructor(question: string) {
    this.chars = [...question];
  }
  get text(): string {
    return this.chars.join('');
  }
  /** Runs fn on every match of re in the unconsumed text; a match is consumed unless fn returns false. */
  take(re: RegExp, fn: (m: RegExpExecArray) => boolean | void): void {
    const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
    g.lastIndex = 0;
    const snapshot = this.text;
    // Work on UTF-16 indexes, then map back to code-point positions.
    const spans: [number, number, string][] = [];
    for (let m = g.exec(snapshot); m; m = g.exec(snapshot)) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      if (fn(m) !== false) spans.push([m.index, m.index + m[0].length, m[0]]);
    }
    for (const [a, b, word] of spans) {
      const start = [...snapshot.slice(0, a)].length;
      const len = [...snapshot.slice(a, b)].length;
      for (let i = start; i < start + len; i++) this.chars[i] = GAP;
      this.recognized.push(word);
    }
  }
  has(re: RegExp): boolean {
    return re.test(this.text);
  }
}

/** The longest piece (2+ chars) of what was asked that occurs in some recorded need. */
export function bestNeedsTerm(wanted: string, needs: string[]): string {
  for (let len = wanted.length; len >= 2; len--)
    for (let i = 0; i + len <= wanted.length; i++) {
      const piece = wanted.slice(i, i + len);
      if (needs.some((n) => n.includes(piece))) return piece;
    }
  return wanted;
}

/** 2–4 character windows of a text that could be a person's name, at most `max` of them. */
export function candidateNames(text: string, max = 200): string[] {
  const out = new Set<string>();
  for (const seg of text.split(/[^\u4e00-\u9fa5]+/))
    for (let len = 2; len <= 4; len++) for (let i = 0; i + len <= seg.length; i++) out.add(seg.slice(i, i + len));
  return [...out].slice(0, max);
}

const FILLER_RE = new RegExp(alternation(FILLER_WORDS), 'g');

export function leftovers(text: string): string[] {
  const out: string[] = [];
  for (const seg of text.split(new RegExp(`${GAP}+`))) {
    const rest = seg.replace(FILLER_RE, ' ').replace(/[\s，,。.？?！!、：:；;（）()“”"'‘’《》\-—~～·…]+/g, ' ').trim();
    for (const piece of rest.split(/\s+/)) if (piece && /[\p{L}\p{N}]/u.test(piece)) out.push(piece);
  }
  return out;
}
