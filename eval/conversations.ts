/**
 * The multi-turn conversation sets (eval/conversations) through the real agent: pass rates per part,
 * per category and per kind of expectation, for each set. `conversations.jsonl` is the first set;
 * `situations-2.jsonl` was written later, from the county report's situations in the words of elders
 * and their children, to measure whether understanding generalises beyond the first set's sentences.
 * `failures` lists the failed checks and transcripts of the dev part only: the test part is for
 * reporting, never for reading.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { partOf, type Part } from './split.ts';
import { prepareEvalEnv, readConversations, runConversation, summarize, type ConversationResult, type EvalEnv } from './conversation-runner.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export const CONVERSATION_SETS = { conversations: 'conversations/conversations.jsonl', situations2: 'conversations/situations-2.jsonl', situations3: 'conversations/situations-3.jsonl', situations4: 'conversations/situations-4.jsonl', situations5: 'conversations/situations-5.jsonl' } as const;
export type ConversationSet = keyof typeof CONVERSATION_SETS;

async function runSet(env: EvalEnv, set: ConversationSet, opts: { parts: Part[]; only?: string | undefined; failures?: boolean | undefined }): Promise<Record<string, unknown>> {
  const items = readConversations(path.join(here, CONVERSATION_SETS[set])).filter((c) => opts.parts.includes(partOf(c.id)) && (!opts.only || c.id === opts.only));
  const results: ConversationResult[] = [];
  const started = performance.now();
  for (const c of items) results.push(await runConversation(env, c));
  const report: Record<string, unknown> = { conversations: items.length, seconds: +((performance.now() - started) / 1000).toFixed(1), ...summarize(results) };
  if (opts.failures) {
    report.failures = results
      .filter((r) => r.part === 'dev' && !r.ok)
      .map((r) => ({ id: r.id, failed: r.checks.filter((c) => !c.ok).map((c) => `${c.type}: ${c.detail}`), transcript: r.transcript }));
  }
  return report;
}

/** One set's report, or (without `set`) every set's report keyed by its name. */
export async function runConversationEval(opts: { parts?: Part[]; only?: string; failures?: boolean; set?: ConversationSet } = {}): Promise<Record<string, unknown>> {
  const parts = opts.parts ?? ['dev', 'test'];
  const env = await prepareEvalEnv(path.join(here, 'conversations/ledger.csv'));
  try {
    if (opts.set) return await runSet(env, opts.set, { parts, only: opts.only, failures: opts.failures });
    const out: Record<string, unknown> = {};
    for (const set of Object.keys(CONVERSATION_SETS) as ConversationSet[]) out[set] = await runSet(env, set, { parts, only: opts.only, failures: opts.failures });
    return out;
  } finally {
    await env.close();
  }
}
