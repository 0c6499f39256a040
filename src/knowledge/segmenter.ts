import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { SURNAMES } from '../kernel/surnames.ts';
import { userDictionaryWords } from './domain-dictionary.ts';

let jieba: Jieba | undefined;

/** One jieba instance per process: loading the dictionary takes a few hundred milliseconds. */
function instance(): Jieba {
  if (!jieba) {
    // Read the file here rather than import '@node-rs/jieba/dict.js': that module also loads the 6 MB
    // idf table we never use and keeps both buffers alive for the life of the process.
    jieba = Jieba.withDict(fs.readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
    // A high frequency keeps domain words whole (离休干部, 护理费, 一次性抚恤金); search mode still emits their parts.
    const lines = userDictionaryWords().map((w) => `${w} 200000 n`);
    jieba.loadDict(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
  }
  return jieba;
}

// Tokens are limited to Han characters, Latin letters and digits so that PostgreSQL's default
// parser (used by to_tsvector('simple', …)) turns each of them into exactly one lexeme.
const TOKEN = /^[\p{Script=Han}A-Za-z0-9]+$/u;
const SPLIT = /[^\p{Script=Han}A-Za-z0-9]+/u;

/** jieba search-mode tokens, lowercased, punctuation dropped. */
export function segment(text: string): string[] {
  const out: string[] = [];
  for (const raw of instance().cutForSearch(text, true)) {
    const t = raw.trim().toLowerCase();
    if (!t) continue;
    if (TOKEN.test(t)) out.push(t);
    else for (const part of t.split(SPLIT)) if (part) out.push(part);
  }
  return out;
}

/** Exact-mode tokens (no overlapping sub-words): for sentence matching and dictionary lookups. */
export function segmentExact(text: string): string[] {
  return instance()
    .cut(text, true)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => TOKEN.test(t));
}

/**
 * Han-character bigrams (plus Latin/digit runs as whole tokens). They catch matches jieba's
 * segmentation splits differently on the two sides (住房 inside 破房子 vs 住房).
 */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/[\p{Script=Han}]+|[a-z0-9]+/gu) ?? []) {
    if (!/\p{Script=Han}/u.test(run)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Whether jieba's dictionary (with the domain words) knows the text as one word, without guessing new words. */
export function isDictionaryWord(text: string): boolean {
  return instance().cut(text, false).length === 1;
}

/** Dictionary-only segmentation (no guessed words): where a misheard word falls apart into pieces. */
export function segmentDictionary(text: string): string[] {
  return instance().cut(text, false);
}

// Nouns and noun-like words (jieba's tags): what a question is about, as opposed to who, where and when.
const NOUN_TAGS = new Set(['n', 'nz', 'vn', 'j', 'l', 'an', 'nt']);

// 我是李秀英， / 我叫王建国 / 我姓张: the asker introducing herself. jieba knows few given names.
const INTRODUCTION = /(?:我|本人)(?:是|叫|姓)([\u4e00-\u9fff]{2,3})(?=[，,。！!？?\s]|$)/gu;

/**
 * The words of the text by what they are, from one tagging pass: `nouns`, those jieba tags as nouns
 * (not places, people, times or numbers); `names`, people's names (jieba's name tag, and the name an
 * asker introduces herself with when it starts with a surname: 我是李秀英, not 我是党员).
 */
export function wordClassesOf(text: string): { nouns: Set<string>; names: Set<string> } {
  const nouns = new Set<string>();
  const names = new Set<string>();
  for (const { tag, word } of instance().tag(text, true)) {
    if (NOUN_TAGS.has(tag)) nouns.add(word.toLowerCase());
    else if (tag === 'nr') names.add(word);
  }
  for (const m of text.matchAll(INTRODUCTION)) if (SURNAMES.has(m[1]![0]!)) names.add(m[1]!);
  return { nouns, names };
}
