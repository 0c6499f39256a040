import { parseChineseNumber } from '../kernel/cn-numbers.ts';
import { EXPANSIONS, STOPWORDS, userDictionaryWords } from './domain-dictionary.ts';
import { bigrams, segment, segmentExact, wordClassesOf } from './segmenter.ts';

/** A search term; terms of one concept compete (the best form counts), forms sum their parts. */
export interface QueryTerm {
  term: string;
  weight: number;
  concept: number;
  form: number;
  /** From the domain dictionary rather than the question's own words. */
  expanded: boolean;
}

/** One thing the question is about, in every form that counts as mentioning it. */
export interface Concept {
  label: string;
  forms: string[];
  /** The first form is the question's own word (not a phrase only the dictionary found). */
  original: boolean;
  /** The question's word is a noun: a thing asked about, a candidate key concept. */
  noun: boolean;
  /** The question's word is a person's name (我是李秀英): who asks, not what about. */
  person?: boolean;
  /** Where it starts in the question (UTF-16 offset). */
  start?: number;
}

export interface AnalyzedQuery {
  question: string;
  /** For the jieba field. */
  terms: QueryTerm[];
  /** For the bigram field. */
  grams: QueryTerm[];
  concepts: Concept[];
  /** Set when the question names an article: 社会保险法第十七条. */
  article?: { hint: string; no: number };
}

const ORIGINAL = 1;
const SINGLE_CHAR = 0.5;
const SUBWORD = 0.4;
const EXPANDED = 0.7;

/** Full-width digits and letters to ASCII, so "１７" and "17" are the same. */
export const normalizeQuestion = (q: string): string =>
  q.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();

const IDENTIFIER = /^[0-9xX]{7,}$/u;

const ARTICLE_REF = /第\s*([一二三四五六七八九十百零〇两\d]+)\s*条/u;

interface WorkConcept {
  label: string;
  start: number;
  end: number;
  forms: Map<string, number>;
  original: boolean;
}

// Filler characters dropped when matching dictionary phrases, so 找老伴 also matches 找个老伴.
const FILLER = /[个了的一些点啊呀吧]/u;

/** The question without filler characters, with a map from each kept character back to its position. */
function compact(text: string): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  [...text].forEach((ch, i) => {
    if (FILLER.test(ch)) return;
    out += ch;
    at.push(i);
  });
  return { text: out, at };
}

function findPhrase(lower: string, packed: { text: string; at: number[] }, phrase: string): [number, number] | null {
  const direct = lower.indexOf(phrase);
  if (direct >= 0) return [direct, direct + phrase.length];
  const p = packed.text.indexOf(phrase);
  if (p < 0 || phrase.length < 2) return null;
  return [packed.at[p]!, packed.at[p + phrase.length - 1]! + 1];
}

let domainWordSet: Set<string> | undefined;
const domainWords = () => (domainWordSet ??= new Set(userDictionaryWords()));

// 我就想问一下, 请问, 打听一下: an ask begins after them. 问 alone is no mark (慰问, 问题, 顾问).
const ASK_MARK = /(?:我|俺|额)?(?:就|只|还)?(?:想|要|请|就)(?:问|打听|请教)(?:一下|一哈|一声|下|问)?|(?:问|打听|请教)(?:一下|一哈)/gu;

/**
 * Where each clause of the question begins, in order (the first is 0). The last is where the ask
 * begins: elders tell the situation first (我老伴是离休的，上个月去世了) and ask last (抚恤金怎么算); a
 * run-on without punctuation is one clause unless the speaker says where the ask begins (我想问一下).
 */
export function clauseStarts(question: string): number[] {
  const trimmed = question.replace(/[？?！!。，,；;\s]+$/u, '');
  const out = [0];
  for (const m of trimmed.matchAll(/[，,。；;！!？?\s]/gu)) out.push(m.index! + 1);
  for (const m of trimmed.matchAll(ASK_MARK)) if (m.index! > 0) out.push(m.index! + m[0].length);
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Where `word` occurs in `text`, as [start, end) offsets. */
function spansOf(text: string, word: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) out.push([i, i + word.length]);
  return out;
}

export function analyzeQuery(raw: string): AnalyzedQuery {
  const question = normalizeQuestion(raw);
  const lower = question.toLowerCase();
  // Exact-mode tokens with their character spans, so dictionary phrases attach to the words they cover.
  const concepts: WorkConcept[] = [];
  let pos = 0;
  for (const t of segmentExact(question)) {
    const at = lower.indexOf(t, pos);
    const start = at < 0 ? pos : at;
    pos = start + t.length;
    // An ID card or phone number says who asks, not what about.
    if (STOPWORDS.has(t) || IDENTIFIER.test(t)) continue;
    concepts.push({ label: t, start, end: pos, forms: new Map([[t, [...t].length === 1 ? SINGLE_CHAR : ORIGINAL]]), original: true });
  }
  const packed = compact(lower);
  for (const rule of EXPANSIONS) {
    let span: [number, number] | null = null;
    for (const p of rule.when) if ((span = findPhrase(lower, packed, p))) break;
    if (!span) continue;
    const [at, end] = span;
    // 补助 inside 丧葬补助金 is not the colloquial word: the longer domain word already says it precisely.
    if (concepts.some((c) => c.original && c.start <= at && c.end >= end && c.end - c.start > end - at && domainWords().has(c.label))) continue;
    const phrase = question.slice(at, end);
    const covering = concepts.filter((c) => c.start < end && c.end > at);
    let target: WorkConcept;
    if (!covering.length) {
      target = { label: phrase, start: at, end, forms: new Map(), original: false };
      concepts.push(target);
    } else if (covering.length === 1) {
      target = covering[0]!;
    } else {
      // 看病的钱 is one thing, not two: merge the words a phrase spans so its synonyms count once.
      target = covering[0]!;
      for (const other of covering.slice(1)) {
        for (const [f, w] of other.forms) if (!target.forms.has(f)) target.forms.set(f, w);
        target.start = Math.min(target.start, other.start);
        target.end = Math.max(target.end, other.end);
        concepts.splice(concepts.indexOf(other), 1);
      }
      target.label = question.slice(target.start, target.end);
    }
    for (const a of rule.add) if (!target.forms.has(a)) target.forms.set(a, EXPANDED);
  }
  const terms: QueryTerm[] = [];
  const grams: QueryTerm[] = [];
  concepts.forEach((c, ci) => {
    [...c.forms].forEach(([form, weight], fi) => {
      const expanded = !(c.original && fi === 0);
      terms.push({ term: form, weight, concept: ci, form: fi, expanded });
      for (const sub of new Set(segment(form))) if (sub !== form && !STOPWORDS.has(sub)) terms.push({ term: sub, weight: weight * SUBWORD, concept: ci, form: fi, expanded });
      for (const g of new Set(bigrams(form))) grams.push({ term: g, weight, concept: ci, form: fi, expanded });
    });
  });
  const { nouns, names } = wordClassesOf(question);
  // Every word inside a name (王/桂兰 of 王桂兰) is part of who asks.
  const nameSpans = [...names].flatMap((n) => spansOf(question, n));
  const inName = (c: WorkConcept) => c.original && nameSpans.some(([a, b]) => c.start >= a && c.end <= b);
  const art = ARTICLE_REF.exec(question);
  const no = art ? parseChineseNumber(art[1]!) : null;
  const result: AnalyzedQuery = {
    question,
    terms,
    grams,
    concepts: concepts.map((c) => ({ label: c.label, forms: [...c.forms.keys()], original: c.original, noun: nouns.has(c.label), ...(inName(c) ? { person: true } : {}), start: c.start })),
  };
  if (art && no) result.article = { hint: question.slice(0, art.index).replace(/[《》“”"'\s]/gu, '').replace(/^(请问|我想问|问一下)/u, ''), no };
  return result;
}
