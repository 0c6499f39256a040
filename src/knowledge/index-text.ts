import { bigrams, segment } from './segmenter.ts';

/**
 * Bumped whenever what a chunk is indexed under changes: it is part of every stored document's hash,
 * so the next ingest (and the shipped knowledge at start) indexes every document again instead of
 * keeping the old index as "unchanged".
 */
export const INDEX_VERSION = 'index-2';

/** Short form of a title for matching: no 中华人民共和国, no bracketed edition or 文号. */
export function shortTitle(title: string): string {
  return title
    .replace(/^中华人民共和国/u, '')
    .replace(/[（(][^）)]*[）)]/gu, '')
    .replace(/[《》]/gu, '')
    .trim();
}

/**
 * What a chunk is indexed under: its words plus the document title and section path, so 法律援助收钱吗
 * finds 法律援助法, and the members of the categories it names (definitions.ts).
 */
export function indexFields(title: string, path: string, text: string, extra = ''): { terms: string[]; grams: string[] } {
  const context = `${shortTitle(title)}\n${path.replace(/ › /g, '\n')}\n${extra ? `${extra}\n` : ''}`;
  const full = `${context}${text}`;
  return { terms: segment(full), grams: bigrams(full) };
}
