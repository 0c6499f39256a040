/**
 * How often each of a few wanted tokens occurs in a chunk's space-joined token list (kb_chunks.terms
 * or .grams), read in process from the raw string. Filtering the lists in SQL (unnest per row) cost
 * more than the rest of a search, on PostgreSQL and PGlite alike; shipping the plain strings and
 * scanning them with one regular expression per question is several times cheaper, and splitting
 * them would allocate every token of every candidate.
 */
export type TokenCounter = (tokens: string) => Map<string, number>;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function tokenCounter(wanted: Iterable<string>): TokenCounter {
  // A stored token never holds a space and is never empty, so such a term can never equal one.
  const terms = [...new Set(wanted)].filter((t) => t && !t.includes(' '));
  if (!terms.length) return () => new Map();
  // Whole tokens only (bounded by a space or an end); longest first, so an alternative that is a
  // prefix of another cannot win the match and then fail the boundary check.
  const alternatives = terms.sort((a, b) => b.length - a.length).map(escape).join('|');
  // No 'u' flag: it made the scan a third slower, and a literal alternative matches the same code
  // units either way (a character outside the BMP is a literal surrogate pair, never a space).
  const re = new RegExp(`(?<![^ ])(?:${alternatives})(?![^ ])`, 'g');
  return (tokens) => {
    const counts = new Map<string, number>();
    re.lastIndex = 0;
    for (let m = re.exec(tokens); m; m = re.exec(tokens)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    return counts;
  };
}
