/**
 * `npm run -s eval -- conversations [--part dev|test|all] [--failures]`: the multi-turn conversation set
 * (eval/conversations) through the real agent, with pass rates per part, per category and per kind of
 * expectation, as one JSON document. `--failures` lists the failed checks and transcripts of the dev
 * part only: the test part is for reporting, never for reading.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { partOf } from './split.ts';
import { prepareEvalEnv, readConversations, runConversation, summarize, type ConversationResult } from './conversation-runner.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => a !== 'conversations');
const partArg = args.includes('--part') ? args[args.indexOf('--part') + 1] : 'all';
const only = args.includes('--id') ? args[args.indexOf('--id') + 1] : undefined;
const showFailures = args.includes('--failures');

const items = readConversations(path.join(here, 'conversations/conversations.jsonl')).filter(
  (c) => (partArg === 'all' || partOf(c.id) === partArg) && (!only || c.id === only),
);
const env = await prepareEvalEnv(path.join(here, 'conversations/ledger.csv'));
const results: ConversationResult[] = [];
const started = performance.now();
try {
  for (const c of items) results.push(await runConversation(env, c));
} finally {
  await env.close();
}
const report: Record<string, unknown> = { conversations: items.length, seconds: +((performance.now() - started) / 1000).toFixed(1), ...summarize(results) };
if (showFailures) {
  report.failures = results
    .filter((r) => r.part === 'dev' && !r.ok)
    .map((r) => ({ id: r.id, failed: r.checks.filter((c) => !c.ok).map((c) => `${c.type}: ${c.detail}`), transcript: r.transcript }));
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
