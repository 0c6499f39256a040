/**
 * `npm run -s eval -- conversations …` runs the conversation set instead (eval/conversations.ts).
 *
 * `npm run eval`: policy questions → hit@1, hit@3 and MRR for each retriever alone and for the fusion.
 * A hit is a passage whose document title contains title_has and whose text contains one of text_any.
 * Runs on a fresh in-memory PGlite loaded with knowledge/default (no embeddings unless configured).
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

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[2] === 'conversations') {
  await import('./conversations.ts');
  process.exit(process.exitCode ?? 0);
}
const file = process.argv[2] ?? path.resolve(here, '../../shared/eval/policy-qa.dev.jsonl');
const cases = readEvalCases(file);

const config = loadConfig();
const embedder = createEmbedder(config);
const db = await openDatabase({ dataDir: 'memory://' });
try {
  await migrate(db);
  await ingestPaths(db, [DEFAULT_KNOWLEDGE_DIR], { embedder });
  const report = await evaluate(db, cases, { embedder, verbose: process.env.EVAL_VERBOSE === '1' });
  process.stdout.write(`${JSON.stringify({ file: path.basename(file), questions: cases.length, embeddings: embedder?.model ?? null, ...report }, null, 2)}\n`);
} finally {
  await db.close();
}
