import type { Queryable } from '../db/types.ts';
import { ensureVectorIndex, vectorLiteral, type Embedder } from './embeddings.ts';
import { shortTitle } from './index-text.ts';
import type { AnalyzedQuery, QueryTerm } from './query.ts';

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

export async function termStats(db: Queryable, field: 'tsv' | 'gsv', terms: string[]): Promise<TermStats> {
  const [f, d] = await Promise.all([
    db.query<{ n_chunks: number; total_len: number }>('SELECT n_chunks, total_len FROM kb_field_stats WHERE field = $1', [field]),
    db.query<{ term: string; df: number }>('SELECT term, df FROM kb_term_stats WHERE field = $1 AND term = ANY($2::text[])', [field, terms]),
  ]);
  const n = Number(f.rows[0]?.n_chunks ?? 0);
  return { n, avgLen: n ? Number(f.rows[0]!.total_len) / n : 1, df: new Map(d.rows.map((r) => [r.term, Number(r.df)])) };
}

const K1 = 1.2;
const B = 0.5;
/** Terms in more than this share of chunks still score, but do not by themselves make a chunk a candidate. */
const CANDIDATE_MAX_SHARE = 0.15;

/**
 * BM25 over a tsvector column. Candidates come from the GIN index (@@ on the discriminative terms);
 * term frequencies are read from the tsvector positions; document frequencies from kb_term_stats.
 */
export function createLexicalRetriever(db: Queryable, name: string, field: 'tsv' | 'gsv', pick: (q: AnalyzedQuery) => QueryTerm[]): Retriever {
  const lenColumn = field === 'tsv' ? 'n_terms' : 'n_grams';
  return {
    name,
    async search(q, k) {
      const terms = pick(q);
      if (!terms.length) return [];
      const stats = await termStats(db, field, terms.map((t) => t.term));
      const present = terms.filter((t) => (stats.df.get(t.term) ?? 0) > 0);
      if (!present.length || !stats.n) return [];
      // When the elder's own word is in the regulations, dictionary forms help recall but may not
      // outrank it: 公务员 must not lose to a rarer synonym (国家机关工作人员) found elsewhere.
      const cap = new Map<number, number>();
      for (const t of present) if (!t.expanded && t.form === 0) cap.set(t.concept, Math.max(cap.get(t.concept) ?? 0, idf(stats.n, stats.df.get(t.term)!)));
      const weights = present.map((t) => {
        const w = idf(stats.n, stats.df.get(t.term)!);
        return t.weight * (t.expanded && cap.has(t.concept) ? Math.min(w, cap.get(t.concept)!) : w);
      });
      let seeds = [...new Set(present.filter((t) => stats.df.get(t.term)! / stats.n <= CANDIDATE_MAX_SHARE).map((t) => t.term))];
      if (!seeds.length) seeds = [...new Set(present.map((t) => t.term))];
      // Tokens are [Han/Latin/digit] only (see segmenter), so quoting them as lexemes is safe.
      const tsquery = seeds.map((t) => `'${t}'`).join(' | ');
      // BM25 per term; within a form the parts add up; within a concept only the best form counts,
      // so a question is not outweighed by how many synonyms the dictionary lists for one word.
      // field and lenColumn come from the fixed list above.
      const r = await db.query<{ id: string; score: number }>(
        `WITH q(term, w, concept, form) AS (SELECT * FROM unnest($1::text[], $2::float8[], $6::int[], $7::int[])),
         cand AS (SELECT c.id, c.${field} AS v, c.${lenColumn} AS len FROM kb_chunks c WHERE c.${field} @@ to_tsquery('simple', $3)),
         per_form AS (
           SELECT cand.id, q.concept, q.form, sum(q.w * (u.tf * ${K1 + 1}) / (u.tf + ${K1} * (${1 - B} + ${B} * cand.len / $4::float8))) AS s
           FROM cand
           CROSS JOIN LATERAL (SELECT lexeme, coalesce(array_length(positions, 1), 1) AS tf FROM unnest(cand.v)) u
           JOIN q ON q.term = u.lexeme
           GROUP BY cand.id, q.concept, q.form),
         per_concept AS (SELECT id, concept, max(s) AS s FROM per_form GROUP BY id, concept)
         SELECT id, sum(s) AS score FROM per_concept GROUP BY id ORDER BY score DESC, id LIMIT $5`,
        [present.map((t) => t.term), weights, tsquery, stats.avgLen, k, present.map((t) => t.concept), present.map((t) => t.form)],
      );
      return r.rows.map((x) => ({ chunkId: Number(x.id), score: Number(x.score) }));
    },
  };
}

export const createWordRetriever = (db: Queryable) => createLexicalRetriever(db, 'words', 'tsv', (q) => q.terms);
export const createBigramRetriever = (db: Queryable) => createLexicalRetriever(db, 'bigrams', 'gsv', (q) => q.grams);

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
        [vectorLiteral(v), embedder.model, k],
      );
      return r.rows.map((x) => ({ chunkId: Number(x.chunk_id), score: 1 - Number(x.distance) }));
    },
  };
}

/** 社会保险法第十七条是什么: the named article itself, found by number within the document the question names. */
export function createArticleRetriever(db: Queryable): Retriever {
  return {
    name: 'article',
    async search(q, k) {
      if (!q.article) return [];
      const docs = (await db.query<{ id: string; title: string }>('SELECT id, title FROM kb_documents')).rows;
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
