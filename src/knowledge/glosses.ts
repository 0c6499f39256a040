import fs from 'node:fs';
import path from 'node:path';
import type { Chunk } from './chunker.ts';
import { plainMandarin } from './colloquial-lexicon.ts';

/**
 * Glosses: the everyday ways people say what an article is about (孩子不带老人看病 for 赡养人应当使患病的
 * 老年人及时得到治疗), kept in a file beside the document, `<name>.glosses.tsv`, one line per article:
 * `第十五条<TAB>phrase；phrase；…`. A regulation never uses the words an elder tells a situation in; a
 * gloss written once for the article meets every question put that way, which a rule written for one
 * question cannot. They are written per article from its text, never from a list of questions, and
 * the bureau adds its own for its local documents the same way.
 *
 * Glosses are searched with the passage and weigh in its shared characters; they are never quoted.
 */
export type Glosses = Map<string, string[]>;

export interface GlossFile {
  glosses: Glosses;
  /** The raw bytes, part of the document's hash: a changed gloss file indexes the document again. */
  raw: string;
  /** Lines that could not be read (no tab, no phrase), by line number; the rest still count. */
  rejected: number[];
}

/** The gloss file of a document file: 001_x.txt → 001_x.glosses.tsv. */
export const glossFileOf = (file: string): string => path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.glosses.tsv`);

const SEPARATORS = /[；;]/u;
/** A phrase longer than this is not a gloss but pasted text. */
const MAX_PHRASE = 40;

export function parseGlosses(raw: string): Omit<GlossFile, 'raw'> {
  const glosses: Glosses = new Map();
  const rejected: number[] = [];
  raw.split(/\r?\n/u).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const tab = line.indexOf('\t');
    const label = tab > 0 ? line.slice(0, tab).trim() : '';
    // Read as questions are (dialect to plain Mandarin), so a gloss written 咋领 meets a question asked 咋领.
    const phrases = tab > 0 ? line.slice(tab + 1).split(SEPARATORS).map((p) => plainMandarin(p.trim())).filter((p) => p && [...p].length <= MAX_PHRASE) : [];
    if (!label || !phrases.length) {
      rejected.push(i + 1);
      return;
    }
    glosses.set(label, [...(glosses.get(label) ?? []), ...phrases]);
  });
  return { glosses, rejected };
}

/** The document's glosses, or null when it has no gloss file. */
export function readGlossFile(file: string): GlossFile | null {
  const g = glossFileOf(file);
  const st = fs.statSync(g, { throwIfNoEntry: false });
  if (!st?.isFile() || st.size > 1024 * 1024) return null;
  const raw = fs.readFileSync(g, 'utf8');
  return { raw, ...parseGlosses(raw) };
}

/** Each chunk with the glosses of its article (every piece of a long article gets them). */
export function attachGlosses(chunks: Chunk[], glosses: Glosses | undefined): Chunk[] {
  if (!glosses?.size) return chunks;
  return chunks.map((c) => {
    const g = c.article ? glosses.get(c.article) : undefined;
    return g ? { ...c, glosses: g } : c;
  });
}

/** Labels in the gloss file that name no article of the document (a typo, or an article since removed). */
export function unmatchedLabels(chunks: Chunk[], glosses: Glosses): string[] {
  const labels = new Set(chunks.map((c) => c.article).filter((a): a is string => !!a));
  return [...glosses.keys()].filter((l) => !labels.has(l));
}
