/**
 * `npm run eval`: every evaluation, one JSON document.
 * - policy: questions → hit@1, hit@3 and MRR for each retriever alone and for the fusion. A hit is a
 *   passage whose document title contains title_has and whose text contains one of text_any. Runs on a
 *   fresh in-memory PGlite loaded with knowledge/default (no embeddings unless configured).
 * - ledger: eval/ledger (staff questions and follow-up chains over a generated ledger), per part and
 *   category (eval/ledger-eval/run.ts).
 * `npm run eval -- ledger [--dev] [--verbose]` runs one of them (--verbose lists dev failures only);
 * `npm run eval -- policy [file.jsonl]` the other.
 * `npm run -s eval -- conversations …` runs the conversation set (eval/conversations.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/kernel/config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createEmbedder } from '../src/knowledge/embeddings.ts';
import { ingestPaths } from '../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/default-knowledge.ts';
import { evaluate, readEvalCases } from '../src/knowledge/evaluate.ts';
import { runLedgerEval } from './ledger-eval/run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[2] === 'conversations') {
  await import('./conversations.ts');
  process.exit(process.exitCode ?? 0);
}
const args = process.argv.slice(2);
const which = args[0] === 'ledger' || args[0] === 'policy' ? args.shift() : undefined;

async function policy(): Promise<Record<string, unknown>> {
  const file = args.find((a) => !a.startsWith('--')) ?? path.resolve(here, '../../shared/eval/policy-qa.dev.jsonl');
  const cases = readEvalCases(file);
  const config = loadConfig();
  const embedder = createEmbedder(config);
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db);
    await ingestPaths(db, [DEFAULT_KNOWLEDGE_DIR], { embedder });
    const report = await evaluate(db, cases, { embedder, verbose: process.env.EVAL_VERBOSE === '1' });
    return { file: path.basename(file), questions: cases.length, embeddings: embedder?.model ?? null, ...report };
  } finally {
    await db.close();
  }
}

function ledger() {
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  return runLedgerEval({
    parts: args.includes('--dev') ? ['dev'] : ['dev', 'test'],
    verbose: args.includes('--verbose') || process.env.EVAL_VERBOSE === '1',
    ...(only ? { only } : {}),
  });
}

const out: Record<string, unknown> = {};
if (which !== 'ledger') out.policy = await policy();
if (which !== 'policy') out.ledger = await ledger();
process.stdout.write(`${JSON.stringify(which ? out[which] : out, null, 2)}\n`);
