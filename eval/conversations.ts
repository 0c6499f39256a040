/**
 * The multi-turn conversation set (eval/conversations) through the real agent: pass rates per part,
 * per category and per kind of expectation. `failures` lists the failed checks and transcripts of the
 * dev part only: the test part is for reporting, never for reading.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { partOf, type Part } from './split.ts';
import { prepareEvalEnv, readConversations, runConversation, summarize, type ConversationResult } from './conversation-runner.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runConversationEval(opts: { parts?: Part[]; only?: string; failures?: boolean } = {}): Promise<Record<string, unknown>> {
  const parts = opts.parts ?? ['dev', 'test'];
  const items = readConversations(path.join(here, 'conversations/conversations.jsonl')).filter((c) => parts.includes(partOf(c.id)) && (!opts.only || c.id === opts.only));
  const env = await prepareEvalEnv(path.join(here, 'conversations/ledger.csv'));
  const results: ConversationResult[] = [];
  const started = performance.now();
  try {
    for (const c of items) results.push(await runConversation(env, c));
  } finally {
    await env.close();
  }
  const report: Record<string, unknown> = { conversations: items.length, seconds: +((performance.now() - started) / 1000).toFixed(1), ...summarize(results) };
  if (opts.failures) {
    report.failures = results
      .filter((r) => r.part === 'dev' && !r.ok)
      .map((r) => ({ id: r.id, failed: r.checks.filter((c) => !c.ok).map((c) => `${c.type}: ${c.detail}`), transcript: r.transcript }));
  }
  return report;
}
