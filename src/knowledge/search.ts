import type { Queryable } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Embedder } from './embeddings.ts';
import { analyzeQuery, type AnalyzedQuery } from './query.ts';
import { createArticleRetriever, createBigramRetriever, createVectorRetriever, createWordRetriever, idf, termStats, type Hit, type Retriever } from './retrievers.ts';

export interface Passage {
  chunkId: number;
  documentId: number;
  title: string;
  docNumber: string | null;
  article: string | null;
  path: string;
  text: string;
  /** Share (0–1, weighted by rarity) of the question's concepts this passage mentions. */
  coverage: number;
  /** Fused score (reciprocal rank fusion). */
  score: number;
  /** 文号 of a newer document in the knowledge base that replaced parts of this one. */
  supersededBy: string | null;
}

export interface SearchResult {
  query: AnalyzedQuery;
  passages: Passage[];
  /** False when even the best passage is below the relevance threshold: say "not found". */
  grounded: boolean;
  byRetriever: Record<string, Hit[]>;
}

export interface SearchOptions {
  k?: number;
  /** Only these retrievers (by name) feed the fusion; all by default. */
  only?: string[];
}

export interface KnowledgeSearch {
  readonly retrievers: Retriever[];
  search(question: string, opts?: SearchOptions): Promise<SearchResult>;
}

export interface KnowledgeSearchDeps {
  db: Queryable;
  embedder?: Embedder | null | undefined;
  log?: Logger | undefined;
  /** Minimum rarity-weighted share of the question's concepts the best passage must mention. */
  minCoverage?: number;
}

const RRF_K = 60;
const WEIGHTS: Record<string, number> = { words: 1, bigrams: 0.5, vector: 1 };
const DEFAULT_MIN_COVERAGE = 0.4;
/** A document a newer one in the knowledge base partly replaced still answers, but after the newer one. */
const SUPERSEDED_FACTOR = 0.8;

/** Hybrid retrieval: each retriever alone, fused by reciprocal rank, gated by a relevance threshold. */
export function createKnowledgeSearch(deps: KnowledgeSearchDeps): KnowledgeSearch {
  const { db } = deps;
  const article = createArticleRetriever(db);
  const retrievers: Retriever[] = [createWordRetriever(db), createBigramRetriever(db)];
  if (deps.embedder) retrievers.push(createVectorRetriever(db, deps.embedder));
  const minCoverage = deps.minCoverage ?? DEFAULT_MIN_COVERAGE;
  return {
    retrievers: [article, ...retrievers],
    async search(question, opts = {}) {
      const k = opts.k ?? 5;
      const query = analyzeQuery(question);
      const active = retrievers.filter((r) => !opts.only || opts.only.includes(r.name));
      const depth = Math.max(k * 4, 20);
      const [articleHits, ...lists] = await Promise.all([
        !opts.only || opts.only.includes('article') ? article.search(query, k) : Promise.resolve([]),
        ...active.map((r) =>
          r.search(query, depth).catch((e: unknown) => {
            // The embeddings endpoint being down must not stop keyword search from answering.
            if (r.name !== 'vector') throw e;
            deps.log?.warn({ err: (e as Error).message }, 'vector retriever failed; answering from keyword search');
            return [] as Hit[];
          }),
        ),
      ]);
      const byRetriever: Record<string, Hit[]> = { article: articleHits };
      const fused = new Map<number, number>();
      active.forEach((r, i) => {
        const hits = lists[i]!;
        byRetriever[r.name] = hits;
        hits.forEach((h, rank) => fused.set(h.chunkId, (fused.get(h.chunkId) ?? 0) + (WEIGHTS[r.name] ?? 1) / (RRF_K + rank + 1)));
      });
      // A named article is what was asked for: it goes first whatever the other rankings say.
      articleHits.forEach((h, i) => fused.set(h.chunkId, 10 - i));
      const ranked = [...fused].sort((a, b) => b[1] - a[1]).slice(0, Math.max(k, 8));
      const passages = await hydrate(db, query, ranked);
      const articleIds = new Set(articleHits.map((h) => h.chunkId));
      const top = passages.slice(0, 3);
      const grounded = top.some((p) => articleIds.has(p.chunkId) || p.coverage >= minCoverage);
      return { query, passages: passages.slice(0, k), grounded, byRetriever };
    },
  };
}

/** Loads passages and scores how much of the question each one covers. */
async function hydrate(db: Queryable, query: AnalyzedQuery, ranked: [number, number][]): Promise<Passage[]> {
  if (!ranked.length) return [];
  const r = await db.query<Record<string, unknown>>(
    `SELECT c.id, c.document_id, c.article, c.path, c.text, c.terms, d.title, d.doc_number,
            (SELECT n.doc_number FROM kb_documents n WHERE n.doc_number = ANY(d.superseded_by) LIMIT 1) AS superseded_by
     FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE c.id = ANY($1::bigint[])`,
    [ranked.map(([id]) => id)],
  );
  const rows = new Map(r.rows.map((x) => [Number(x.id), x]));
  const forms = [...new Set(query.concepts.flatMap((c) => c.forms))];
  const stats = await termStats(db, 'tsv', forms);
  const conceptIdf = query.concepts.map((c) => {
    const seen = c.forms.map((f) => stats.df.get(f) ?? 0).filter((df) => df > 0);
    // A word no passage uses (天气) still counts against coverage, as a fairly rare word would.
    const w = seen.length ? Math.max(...seen.map((df) => idf(stats.n, df))) : idf(stats.n, Math.max(1, stats.n * 0.02));
    // A lone character (做, 发, 管) says little about what the question is about.
    return [...c.label].length === 1 ? w / 2 : w;
  });
  const total = conceptIdf.reduce((a, b) => a + b, 0);
  const out: Passage[] = [];
  for (const [id, score] of ranked) {
    const x = rows.get(id);
    if (!x) continue;
    const terms = new Set(String(x.terms).split(' '));
    let matched = 0;
    query.concepts.forEach((c, i) => {
      if (c.forms.some((f) => terms.has(f))) matched += conceptIdf[i]!;
    });
    out.push({
      chunkId: id,
      documentId: Number(x.document_id),
      title: String(x.title),
      docNumber: (x.doc_number as string | null) ?? null,
      article: (x.article as string | null) ?? null,
      path: String(x.path),
      text: String(x.text),
      coverage: total ? matched / total : 0,
      score: x.superseded_by ? score * SUPERSEDED_FACTOR : score,
      supersededBy: (x.superseded_by as string | null) ?? null,
    });
  }
  return out.sort((a, b) => b.score - a.score);
}
