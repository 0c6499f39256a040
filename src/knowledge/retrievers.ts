import type { Queryable } from '../db/types.ts';
import { ensureVectorIndex, type Embedder } from './embeddings.ts';
import { vectorParam } from '../db/vector.ts';
import { shortTitle } from './index-text.ts';
import { createVersionProbe, type VersionProbe } from './kb-version.ts';
import type { AnalyzedQuery, QueryTerm } from './query.ts';
import { tokenCounter } from './token-counts.ts';
import { createTokenLists } from './token-lists.ts';

export interface Hit {
  chunkId: number;
  score: number;
}

/** One way of finding passages; the fusion combines several behind the same interface. */
export interface Retriever {
  readonly name: string;
  search(q: AnalyzedQuery, k: number): Promise<Hit[]>;
}

export interface TermStats {
  n: number;
  avgLen: number;
  df: Map<string, number>;
}

export const idf = (n: number, df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** Where a retriever reads term statistics: termStats itself, or a batch of them (term-stats-batch.ts). */
export type TermStatsSource = (field: 'tsv' | 'gsv', terms: string[]) => Promise<TermStats>;

export async function termStats(db: Queryable, field: 'tsv' | 'gsv', terms: string[]): Promise<TermStats> {
  // One round trip: the field's totals, joined with the document frequency of each term present.
  const r = await db.query<{ n_chunks: number; total_len: number; term: string | null; df: number | null }>(
    `SELECT f.n_chunks, f.total_len, s.term, s.df
     FROM kb_field_stats f LEFT JOIN kb_term_stats s ON s.field = f.field AND s.term = ANY($2::text[])
     WHERE f.field = $1`,
    [field, terms],
  );
  const first = r.rows[0];
  const n = Number(first?.n_chunks ?? 0);
  const df = new Map<string, number>();
  for (const row of r.rows) if (row.term !== null) df.set(row.term, Number(row.df));
  return { n, avgLen: n ? Number(first!.total_len) / n : 1, df };
}

const K1 = 1.2;
const B = 0.5;
/** Terms in more than this share of chunks are left out of ranking. */
const MAX_SHARE = 0.3;
/** At most this many postings are read to find candidates. */
const CANDIDATE_BUDGET = 500;

/**
 * BM25 over a tsvector column. Candidates are the chunks holding one of the query's rarer terms,
 * read through the GIN index (the rarest terms first, within a postings budget, so
 * latency stays flat as the corpus grows: a chunk with only common words cannot rank high anyway).
 * The candidates' token lists are then scored exactly (true term frequency, document frequencies
 * from kb_term_stats) in process: tsvector functions are slow to call row by row, above all in
 * PGlite's WASM build, while a few hundred short token lists score in well under a millisecond.
 */
function createLexicalRetriever(db: Queryable, probe: VersionProbe, statsOf: TermStatsSource, name: string, field: 'tsv' | 'gsv', pick: (q: AnalyzedQuery) => QueryTerm[]): Retriever {
  const columns = field === 'tsv' ? ({ tokens: 'terms', len: 'n_terms' } as const) : ({ tokens: 'grams', len: 'n_grams' } as const);
  const tokenLists = createTokenLists(db, columns.tokens, probe);
  return {
    name,
    async search(q, k) {
      const terms = pick(q);
      if (!terms.length) return [];
      const stats = await statsOf(field, terms.map((t) => t.term));
      if (!stats.n) return [];
      // Terms in most chunks say almost nothing and would only make the postings long.
      const keep = terms.filter((t) => {
        const df = stats.df.get(t.term) ?? 0;
        return df > 0 && df / stats.n <= MAX_SHARE;
      });
      if (!keep.length) return [];
      const caps = new Map<number, number>();
      for (const t of terms) {
        const df = stats.df.get(t.term) ?? 0;
        if (!t.expanded && t.form === 0 && df > 0) caps.set(t.concept, Math.max(caps.get(t.concept) ?? 0, idf(stats.n, df)));
      }
      // Weighed once per question, not once per candidate row.
      const weighted = keep.map((t) => ({ term: t.term, concept: t.concept, form: `${t.concept}:${t.form}`, weight: weightOf(t, stats, caps) }));
      const wanted = [...new Set(keep.map((t) => t.term))];
      const byRarity = [...wanted].sort((a, b) => stats.df.get(a)! - stats.df.get(b)!);
      const seeds: string[] = [];
      let budget = 0;
      for (const term of byRarity) {
        const df = stats.df.get(term)!;
        if (seeds.length && budget + df > CANDIDATE_BUDGET) break;
        seeds.push(term);
        budget += df;
      }
      // The seed terms OR-ed into one tsquery: one pass over the GIN index and each candidate row read
      // once (a join per seed term made the planner hash-join a scan of the whole table). Field and
      // length column come from the fixed list above. The token lists come from the process's cache
      // (token-lists.ts) and are counted there (token-counts.ts): unnesting them in SQL, or even
      // shipping them every time, cost most of the search.
      const r = await db.query<{ id: string; len: number }>(
        `SELECT c.id, c.${columns.len} AS len FROM kb_chunks c
         WHERE c.${field} @@ to_tsquery('simple', array_to_string(ARRAY(SELECT quote_literal(s) FROM unnest($1::text[]) AS s), ' | '))`,
        [seeds],
      );
      const lists = await tokenLists.get(r.rows.map((row) => Number(row.id)));
      const count = tokenCounter(wanted);
      const scored: Hit[] = [];
      for (const row of r.rows) {
        const tokens = lists.get(Number(row.id));
        if (tokens === undefined) continue;
        const tf = count(tokens);
        const norm = K1 * (1 - B + (B * Number(row.len)) / stats.avgLen);
        // Within a form the parts add up; within a concept only the best form counts, so a question
        // is not outweighed by how many synonyms the dictionary lists for one word.
        const perForm = new Map<string, { concept: number; v: number }>();
        for (const t of weighted) {
          const f = tf.get(t.term);
          if (!f) continue;
          const sum = perForm.get(t.form) ?? { concept: t.concept, v: 0 };
          sum.v += t.weight * ((f * (K1 + 1)) / (f + norm));
          perForm.set(t.form, sum);
        }
        const perConcept = new Map<number, number>();
        for (const { concept, v } of perForm.values()) perConcept.set(concept, Math.max(perConcept.get(concept) ?? 0, v));
        let score = 0;
        for (const v of perConcept.values()) score += v;
        if (score > 0) scored.push({ chunkId: Number(row.id), score });
      }
      return scored.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId).slice(0, k);
    },
  };
}

/**
 * The weight of a query term: its query weight times idf. When the elder's own word is in the
 * regulations, dictionary forms help recall but may not outrank it: 公务员 must not lose to a
 * rarer synonym (国家机关工作人员) found elsewhere.
 */
function weightOf(t: QueryTerm, stats: TermStats, caps: Map<number, number>): number {
  const w = idf(stats.n, stats.df.get(t.term)!);
  const cap = caps.get(t.concept);
  return t.weight * (t.expanded && cap !== undefined ? Math.min(w, cap) : w);
}

const direct = (db: Queryable): TermStatsSource => (field, terms) => termStats(db, field, terms);
export const createWordRetriever = (db: Queryable, probe: VersionProbe = createVersionProbe(db), stats = direct(db)) => createLexicalRetriever(db, probe, stats, 'words', 'tsv', (q) => q.terms);
export const createBigramRetriever = (db: Queryable, probe: VersionProbe = createVersionProbe(db), stats = direct(db)) => createLexicalRetriever(db, probe, stats, 'bigrams', 'gsv', (q) => q.grams);

/** Nearest passages by embedding (cosine), through the per-dimension HNSW index. */
export function createVectorRetriever(db: Queryable, embedder: Embedder): Retriever {
  return {
    name: 'vector',
    async search(q, k) {
      const [v] = await embedder.embed([q.question]);
      if (!v?.length) return [];
      const dims = v.length;
      await ensureVectorIndex(db, dims);
      // dims is the length of a vector we received (an integer), needed as a type modifier.
      const r = await db.query<{ chunk_id: string; distance: number }>(
        `SELECT chunk_id, embedding::vector(${dims}) <=> $1::vector(${dims}) AS distance
         FROM kb_embeddings WHERE dims = ${dims} AND model = $2
         ORDER BY embedding::vector(${dims}) <=> $1::vector(${dims}) LIMIT $3`,
        [vectorParam(v), embedder.model, k],
      );
      return r.rows.map((x) => ({ chunkId: Number(x.chunk_id), score: 1 - Number(x.distance) }));
    },
  };
}

/** 社会保险法第十七条是什么: the named article itself, found by number within the document the question names. */
export function createArticleRetriever(db: Queryable, probe: VersionProbe = createVersionProbe(db)): Retriever {
  // The titles change only when documents do: read once per knowledge-base version, not per question.
  let cached: { version: string; docs: { id: string; title: string }[] } | null = null;
  return {
    name: 'article',
    async search(q, k) {
      if (!q.article) return [];
      const version = await probe.current();
      if (cached?.version !== version) cached = { version, docs: (await db.query<{ id: string; title: string }>('SELECT id, title FROM kb_documents')).rows };
      const docs = cached.docs;
      const hint = q.article.hint;
      let best: { id: number; score: number } | null = null;
      for (const d of docs) {
        const short = shortTitle(d.title);
        let score = 0;
        if (hint && (hint.includes(short) || short.includes(hint))) score = 1 + short.length / 100;
        else if (hint.length >= 2) {
          // 老年法 → 老年人权益保障法: share of the hint's characters found in order in the title.
          let i = 0;
          for (const ch of short) if (ch === hint[i]) i++;
          score = i === hint.length ? 0.5 + hint.length / 100 : 0;
        }
        if (score > 0 && (!best || score > best.score)) best = { id: Number(d.id), score };
      }
      if (!best) return [];
      const r = await db.query<{ id: string }>('SELECT id FROM kb_chunks WHERE document_id = $1 AND article_no = $2 ORDER BY ord LIMIT $3', [best.id, q.article.no, k]);
      return r.rows.map((x) => ({ chunkId: Number(x.id), score: 1 }));
    },
  };
}
