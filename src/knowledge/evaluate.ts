import fs from 'node:fs';
import type { Queryable } from '../db/types.ts';
import type { Embedder } from './embeddings.ts';
import { createKnowledgeSearch } from './search.ts';

export interface EvalCase {
  question: string;
  title_has: string;
  text_any: string[];
}

export interface Metrics {
  'hit@1': number;
  'hit@3': number;
  mrr: number;
}

/** A JSON-lines file of cases, one per non-blank line. */
export function readEvalCases(file: string): EvalCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** hit@1, hit@3 and MRR (over the top 10) for each retriever alone and for the fusion. */
export async function evaluate(db: Queryable, cases: EvalCase[], opts: { embedder?: Embedder | null; verbose?: boolean } = {}): Promise<{ retrievers: Record<string, Metrics>; misses: unknown[] }> {
  const search = createKnowledgeSearch({ db, embedder: opts.embedder });
  const names = search.retrievers.map((r) => r.name).filter((n) => n !== 'article');
  const runs: Record<string, string[]> = Object.fromEntries([...names.map((n) => [n, [n]]), ['fusion', [...names, 'article']]]);
  const sums: Record<string, { h1: number; h3: number; rr: number }> = {};
  const misses: unknown[] = [];
  for (const c of cases) {
    const ranks: Record<string, number | null> = {};
    for (const [run, only] of Object.entries(runs)) {
      const r = await search.search(c.question, { k: 10, only });
      const ranked = r.passages;
      const idx = ranked.findIndex((p) => p.title.includes(c.title_has) && c.text_any.some((t) => p.text.includes(t)));
      const s = (sums[run] ??= { h1: 0, h3: 0, rr: 0 });
      if (idx === 0) s.h1++;
      if (idx >= 0 && idx < 3) s.h3++;
      if (idx >= 0) s.rr += 1 / (idx + 1);
      ranks[run] = idx < 0 ? null : idx + 1;
      if (run === 'fusion' && (idx < 0 || idx >= 3 || opts.verbose)) {
        misses.push({ question: c.question, ranks, grounded: r.grounded, top: ranked.slice(0, 3).map((p) => `${p.title.slice(0, 14)} ${p.article ?? ''} cov=${round(p.coverage)}`) });
      }
    }
  }
  const n = cases.length || 1;
  const retrievers = Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, { 'hit@1': round(s.h1 / n), 'hit@3': round(s.h3 / n), mrr: round(s.rr / n) }]));
  return { retrievers, misses };
}
