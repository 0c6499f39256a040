/**
 * `npx tsx eval/fit-rerank.ts`: fits the reranker's linear weights (src/knowledge/rerank.ts) on the
 * dev part of eval/policy and prints them as JSON with the cross-validated share of questions whose
 * answering passage comes first. The test part is never read.
 *
 * Each question's candidates (as the current weights rank them, 30 at most) are scored by their
 * signals; the fit maximises the softmax probability of the passages that answer, with an L2 pull
 * toward the current weights so that a signal few questions speak for keeps its old weight. The
 * factors (superseded, audience) stay as they are.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ingestPaths } from '../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/default-knowledge.ts';
import { createKnowledgeSearch } from '../src/knowledge/search.ts';
import { DEFAULT_WEIGHTS, LINEAR, type RerankWeights } from '../src/knowledge/rerank.ts';
import { loadPolicySets, matchesTarget } from './policy-eval.ts';
import { partOf } from './split.ts';

interface Candidate {
  x: number[];
  /** The fixed factors the linear score is multiplied by. */
  factor: number;
  right: boolean;
}
type Question = Candidate[];

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARPNESS = 3;
const PULL = 10;
const STEPS = 400;
const RATE = 0.5;

async function collect(): Promise<Question[]> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    await ingestPaths(db, [DEFAULT_KNOWLEDGE_DIR], { embedder: null });
    const search = createKnowledgeSearch({ db });
    const out: Question[] = [];
    for (const item of loadPolicySets(path.join(here, 'policy')).answerable.filter((i) => partOf(i.id) === 'dev')) {
      const r = await search.search(item.question, { k: 30 });
      out.push(
        r.passages.map((p) => ({
          x: LINEAR.map((k) => p.signals?.[k] ?? 0),
          factor: (p.signals?.superseded ? DEFAULT_WEIGHTS.superseded : 1) * (p.signals?.audience ? DEFAULT_WEIGHTS.audience : 1),
          right: matchesTarget(p, item.targets),
        })),
      );
    }
    return out;
  } finally {
    await db.close();
  }
}

const scoreOf = (w: number[], c: Candidate) => c.factor * c.x.reduce((a, v, i) => a + v * w[i]!, 0);

function firstRight(w: number[], qs: Question[]): number {
  let n = 0;
  for (const q of qs) {
    if (!q.length) continue;
    let best = q[0]!;
    for (const c of q) if (scoreOf(w, c) > scoreOf(w, best)) best = c;
    if (best.right) n++;
  }
  return n;
}

function fit(qs: Question[], start: number[]): number[] {
  const w = [...start];
  const usable = qs.filter((q) => q.some((c) => c.right));
  for (let step = 0; step < STEPS; step++) {
    const g = w.map((v, i) => (PULL * (v - start[i]!)) / usable.length);
    for (const q of usable) {
      const z = q.map((c) => SHARPNESS * scoreOf(w, c));
      const top = Math.max(...z);
      const p = z.map((v) => Math.exp(v - top));
      const sum = p.reduce((a, b) => a + b, 0);
      const pRight = q.reduce((a, c, j) => a + (c.right ? p[j]! : 0), 0);
      // d(-log P(right))/dw = E_all[x] - E_right[x], each x scaled by its factor and the sharpness.
      q.forEach((c, j) => {
        const coef = SHARPNESS * c.factor * (p[j]! / sum - (c.right ? p[j]! / pRight : 0));
        c.x.forEach((v, i) => (g[i]! += (coef * v) / usable.length));
      });
    }
    w.forEach((_, i) => (w[i]! -= RATE * g[i]!));
  }
  return w;
}

/** A seeded shuffle, so the folds and the printed numbers are the same on every run. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const qs = await collect();
const start = LINEAR.map((k) => DEFAULT_WEIGHTS[k]);
let held = 0;
let seen = 0;
for (let rep = 0; rep < 3; rep++) {
  const order = shuffled(qs, rep + 1);
  for (let f = 0; f < 5; f++) {
    const test = order.filter((_, i) => i % 5 === f);
    held += firstRight(fit(order.filter((_, i) => i % 5 !== f), start), test);
    seen += test.length;
  }
}
const w = fit(qs, start);
const round = (x: number) => Math.round(x * 1000) / 1000;
const weights = Object.fromEntries(LINEAR.map((k, i) => [k, Math.round(w[i]! * 10) / 10])) as Partial<RerankWeights>;
process.stdout.write(
  `${JSON.stringify({ questions: qs.length, firstNow: round(firstRight(start, qs) / qs.length), firstCrossValidated: round(held / seen), firstFitted: round(firstRight(w, qs) / qs.length), weights }, null, 2)}\n`,
);
