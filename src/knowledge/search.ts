import type { Queryable } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Embedder } from './embeddings.ts';
import { analyzeQuery, normalizeQuestion, type AnalyzedQuery } from './query.ts';
import { plainMandarin } from './colloquial-lexicon.ts';
import { createSoundIndex } from './sound-alike.ts';
import { createVersionProbe } from './kb-version.ts';
import { glossMatcher } from './gloss-match.ts';
import { charOverlap, createCharStats, questionChars } from './char-overlap.ts';
import { otherAudience, questionAudience } from './audience.ts';
import { tokenCounter } from './token-counts.ts';
import { barFor, judge, type GroundingPolicy, type Verdict } from './grounding.ts';
import { creditFor, keyConcept, rerank, type ConceptWeight, type Signals, type Evidence, type RerankInput, type RerankWeights } from './rerank.ts';
import { createArticleRetriever, createBigramRetriever, createVectorRetriever, createWordRetriever, idf, termStats, type Hit, type Retriever, type TermStatsSource } from './retrievers.ts';
import { createTermStatsBatch } from './term-stats-batch.ts';

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
  /** Reranked score (rerank.ts). */
  score: number;
  /** Retrieval (fused reciprocal rank) score relative to the best candidate's. */
  retrieval: number;
  /** 文号 of a newer document in the knowledge base that replaced parts of this one. */
  supersededBy: string | null;
  /** The sentence that best answers the question, and how well. */
  evidence: Evidence;
  /** Whether it mentions the question's key concept (rerank.ts keyConcept). */
  keyCovered: boolean;
  /** How much of the question its document covers across the candidates. */
  documentCoverage: number;
  /** Rarity-weighted share of the question's characters it contains. */
  chars: number;
  /** Coverage of what the question asks in its last clause (rerank.ts). */
  askCoverage?: number;
  /** How many of the question's concepts the knowledge base knows at all. */
  known?: number;
  /** The reranker's signals (rerank.ts), for fitting its weights. */
  signals?: Signals;
}

export interface SearchResult {
  query: AnalyzedQuery;
  passages: Passage[];
  /** False when the best passage does not surely answer the question (grounding.ts): say "not found". */
  grounded: boolean;
  /** Why it is grounded or not, and whether only weakly. */
  verdict: Verdict;
  byRetriever: Record<string, Hit[]>;
  /** The question's key concept (rerank.ts keyConcept), if any. */
  key: string | null;
  /** Misheard words read as knowledge-base words (扶恤金 → 抚恤金). */
  heard: { heard: string; meant: string }[];
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
  /** When the best passage counts as an answer (grounding.ts); the defaults were chosen on the dev part of eval/policy. */
  thresholds?: GroundingPolicy;
  /** Reranker weights (rerank.ts); the defaults were chosen on the dev part of eval/policy. */
  weights?: RerankWeights;
}

const RRF_K = 60;
const WEIGHTS: Record<string, number> = { words: 1, bigrams: 0.5, vector: 1 };
/** Candidates the reranker looks at. */
const CANDIDATES = 30;

/** Hybrid retrieval: each retriever alone, fused by reciprocal rank, gated by a relevance threshold. */
export function createKnowledgeSearch(deps: KnowledgeSearchDeps): KnowledgeSearch {
  const { db } = deps;
  const probe = createVersionProbe(db);
  const article = createArticleRetriever(db, probe);
  // The retrievers' and the concept weights' term statistics are read in one round trip per search.
  const stats = createTermStatsBatch(db);
  const retrievers: Retriever[] = [createWordRetriever(db, probe, stats), createBigramRetriever(db, probe, stats)];
  if (deps.embedder) retrievers.push(createVectorRetriever(db, deps.embedder));
  const sounds = createSoundIndex(db, probe);
  const chars = createCharStats(db, probe);
  return {
    retrievers: [article, ...retrievers],
    async search(question, opts = {}) {
      const k = opts.k ?? 5;
      // Dialect to plain Mandarin, then misheard words to the knowledge base's own words.
      const heard = await sounds.correct(plainMandarin(normalizeQuestion(question)));
      const query = analyzeQuery(heard.text);
      const active = retrievers.filter((r) => !opts.only || opts.only.includes(r.name));
      const depth = Math.max(k * 4, 20);
      // Asked for now, with the retrievers' statistics; a rejection is seen by hydrate or ignored.
      const concepts = conceptWeights(db, query, stats);
      concepts.catch(() => {});
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
      articleHits.forEach((h, i) => fused.set(h.chunkId, Math.max(fused.get(h.chunkId) ?? 0, 1 / (RRF_K + i + 1))));
      const ranked = [...fused].sort((a, b) => b[1] - a[1]).slice(0, Math.max(k, CANDIDATES));
      const articleIds = new Set(articleHits.map((h) => h.chunkId));
      const { passages, key } = await hydrate(db, chars, query, ranked, articleIds, concepts, deps.weights);
      const bar = barFor(query.question, passages[0], !!passages[0] && lexicalAgreement(passages[0], byRetriever), deps.thresholds);
      const verdict = judge(query.question, passages, !!passages[0] && articleIds.has(passages[0].chunkId), bar);
      return { query, passages: passages.slice(0, k), grounded: verdict.grounded, verdict, key, byRetriever, heard: heard.fixes };
    },
  };
}

/** The keyword retrievers, each alone, put first the passage the reranker put first. */
function lexicalAgreement(top: Passage, byRetriever: Record<string, Hit[]>): boolean {
  const firsts = LEXICAL.map((name) => byRetriever[name]?.[0]?.chunkId);
  return firsts.every((id) => id === top.chunkId);
}

const LEXICAL = ['words', 'bigrams'];

/** Loads the candidates, weighs the question's concepts by rarity, and reranks (rerank.ts). */
async function hydrate(db: Queryable, charStats: ReturnType<typeof createCharStats>, query: AnalyzedQuery, ranked: [number, number][], named: Set<number>, weights: Promise<ConceptWeight[]>, w?: RerankWeights): Promise<{ passages: Passage[]; key: string | null }> {
  if (!ranked.length) return { passages: [], key: null };
  // The token list comes back whole and is searched in process (token-counts.ts): filtering it in
  // SQL cost more per row. The newer document is looked up once per row, not once per column.
  const [r, concepts] = await Promise.all([
    db.query<Record<string, unknown>>(
      `SELECT c.id, c.document_id, c.article, c.path, c.text, c.glosses, c.terms, d.title, d.doc_number,
              s.doc_number AS superseded_by, s.id AS superseded_by_id
       FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id
       LEFT JOIN LATERAL (SELECT n.id, n.doc_number FROM kb_documents n WHERE n.doc_number = ANY(d.superseded_by) LIMIT 1) s ON true
       WHERE c.id = ANY($1::bigint[])`,
      [ranked.map(([id]) => id)],
    ),
    weights,
  ]);
  const rows = new Map(r.rows.map((x) => [Number(x.id), x]));
  const usedOf = tokenCounter(query.concepts.flatMap((c) => c.forms));
  const stats = await charStats.load();
  // The asker's name is no character the answer should share.
  const names = query.concepts.filter((c, i) => c.person && concepts[i]!.weight === 0).map((c) => c.label);
  const qChars = questionChars(names.reduce((q, n) => q.replaceAll(n, ''), query.question), stats);
  const audience = questionAudience(query.question);
  const gloss = glossMatcher(query.question, stats);
  const inputs: RerankInput[] = [];
  for (const [id, fused] of ranked) {
    const x = rows.get(id);
    if (!x) continue;
    // Which of the question's forms the passage's tokens (with its title and path) hold.
    const used = new Set(usedOf(String(x.terms)).keys());
    // A word met only in a gloss is how someone might say the topic, not what the passage says.
    const own = `${String(x.title)}\n${String(x.path)}\n${String(x.text)}`;
    const glosses = String(x.glosses ?? '');
    const onlyGlossed = (f: string) => !!glosses && !own.includes(f) && glosses.includes(f);
    const credit = (f: string) => (!used.has(f) ? 0 : onlyGlossed(f) ? GLOSS_ONLY : 1);
    const ownCredit = (f: string) => used.has(f) && !onlyGlossed(f);
    inputs.push({ chunkId: id, text: String(x.text), fused, matched: concepts.map((cw) => creditFor(cw, credit)), ownMatched: concepts.map((cw) => creditFor(cw, ownCredit)), superseded: !!x.superseded_by, supersededBy: x.superseded_by_id == null ? null : Number(x.superseded_by_id), otherAudience: otherAudience(audience, String(x.title)), documentId: Number(x.document_id), chars: charOverlap(qChars, String(x.text)), gloss: gloss(String(x.glosses ?? '')) });
  }
  const k = keyConcept(query, concepts);
  const out: Passage[] = rerank(query, concepts, inputs, w, k).map((rk) => {
    const x = rows.get(rk.chunkId)!;
    return {
      chunkId: rk.chunkId,
      signals: rk.signals,
      documentId: Number(x.document_id),
      title: String(x.title),
      docNumber: (x.doc_number as string | null) ?? null,
      article: (x.article as string | null) ?? null,
      path: String(x.path),
      text: String(x.text),
      coverage: rk.coverage,
      score: rk.score,
      retrieval: rk.retrieval,
      supersededBy: (x.superseded_by as string | null) ?? null,
      evidence: { sentence: rk.sentence, sentenceCoverage: rk.sentenceCoverage, answersType: rk.answersType, held: rk.held ?? 0 },
      known: concepts.filter((c, i) => c.forms.size > 0 && [...query.concepts[i]!.label].length > 1).length,
      keyCovered: rk.keyCovered,
      documentCoverage: rk.documentCoverage,
      chars: rk.chars,
      askCoverage: rk.askCoverage,
    };
  });
  // A named article is what was asked for: it goes first whatever the other rankings say.
  return { passages: [...out.filter((p) => named.has(p.chunkId)), ...out.filter((p) => !named.has(p.chunkId))], key: k < 0 ? null : query.concepts[k]!.label };
}

/** Credit for a word the passage holds only in its glosses (chosen on the dev part of eval/policy). */
const GLOSS_ONLY = 0.7;

/** Dictionary forms earn less than the elder's own word. */
const EXPANDED_CREDIT = 0.7;

/** Rarity (idf) of each concept of the question and of each of its forms (rerank.ts ConceptWeight). */
export async function conceptWeights(db: Queryable, query: AnalyzedQuery, statsOf: TermStatsSource = (f, t) => termStats(db, f, t)): Promise<ConceptWeight[]> {
  const forms = [...new Set(query.concepts.flatMap((c) => c.forms))];
  const stats = await statsOf('tsv', forms);
  return query.concepts.map((c) => {
    const formWeights = new Map<string, number>();
    c.forms.forEach((f, i) => {
      const df = stats.df.get(f) ?? 0;
      if (df > 0) formWeights.set(f, idf(stats.n, df) * (i === 0 && c.original ? 1 : EXPANDED_CREDIT));
    });
    // A word no passage uses (天气) still counts against coverage, as a fairly rare word would; the
    // asker's own name (我是李秀英) does not.
    let w = formWeights.size ? Math.max(...formWeights.values()) : c.person ? 0 : idf(stats.n, Math.max(1, stats.n * 0.02));
    // A lone character (做, 发, 管) says little about what the question is about.
    if ([...c.label].length === 1) {
      w /= 2;
      for (const [f, v] of formWeights) formWeights.set(f, v / 2);
    }
    return { weight: w, forms: formWeights };
  });
}
