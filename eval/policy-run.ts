/**
 * The policy sets (eval/policy) for the dev and the held-out test part separately: top-1 (first
 * citation of a grounded answer is right), confidently wrong, refusal of unanswerable questions, by
 * style and by kind of answer; and the older hit@1/hit@3/MRR per retriever on ../shared/eval.
 * Deterministic answers (no chat model), on a fresh in-memory PGlite loaded with knowledge/default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/kernel/config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createEmbedder } from '../src/knowledge/embeddings.ts';
import { ingestPaths } from '../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/default-knowledge.ts';
import { evaluate, readEvalCases } from '../src/knowledge/evaluate.ts';
import { createPolicyAnswerer } from '../src/knowledge/policy-answerer.ts';
import { createKnowledgeSearch } from '../src/knowledge/search.ts';
import { evaluatePolicy, loadPolicySets } from './policy-eval.ts';
import type { Part } from './split.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runPolicyEval(opts: { parts?: Part[]; verbose?: boolean; oldFile?: string } = {}): Promise<Record<string, unknown>> {
  const oldFile = opts.oldFile ?? path.resolve(here, '../../shared/eval/policy-qa.dev.jsonl'); // beside the checkout on the team's machines; skipped when absent
  const config = loadConfig();
  const embedder = createEmbedder(config);
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    await ingestPaths(db, [DEFAULT_KNOWLEDGE_DIR], { embedder });
    const search = createKnowledgeSearch({ db, embedder });
    const answerer = createPolicyAnswerer({ db, config, embedder, chat: null, search });
    const policy = await evaluatePolicy(
      async (q) => {
        const [a, ranked] = await Promise.all([answerer.answerDetailed(q), search.search(q, { k: 3 })]);
        return { grounded: a.grounded, first: a.passages[0], debug: a.reason, ranked: ranked.passages };
      },
      loadPolicySets(path.join(here, 'policy')),
      { parts: opts.parts ?? ['dev', 'test'], verbose: !!opts.verbose },
    );
    let retrieval: unknown = null;
    if (fs.existsSync(oldFile)) {
      const cases = readEvalCases(oldFile);
      retrieval = { file: path.basename(oldFile), questions: cases.length, ...(await evaluate(db, cases, { embedder, verbose: !!opts.verbose })) };
    }
    return { embeddings: embedder?.model ?? null, mode: 'deterministic', ...policy, retrieval };
  } finally {
    await db.close();
  }
}
