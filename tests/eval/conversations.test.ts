import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareEvalEnv, readConversations, runConversation, summarize, type EvalEnv } from '../../eval/conversation-runner.ts';
import { partOf } from '../../eval/split.ts';

/**
 * The conversation set through the real agent (fixture ledger, shipped knowledge, deterministic brain):
 * the dev part must stay above a floor (the held-out test part is only reported by `npm run eval`),
 * and the conversations written for this code (tests/agents/conversations/own.jsonl) must all pass.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEV_FLOOR = 0.9;

describe('conversation eval', () => {
  let env: EvalEnv;
  beforeAll(async () => {
    env = await prepareEvalEnv(path.join(ROOT, 'eval/conversations/ledger.csv'));
  }, 120_000);
  afterAll(async () => env?.close());

  it(`dev part: at least ${DEV_FLOOR * 100}% of the conversations pass every check`, async () => {
    const dev = readConversations(path.join(ROOT, 'eval/conversations/conversations.jsonl')).filter((c) => partOf(c.id) === 'dev');
    const results = [];
    for (const c of dev) results.push(await runConversation(env, c));
    const report = summarize(results) as { dev: { conversations: { rate: number } } };
    const failed = results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ')}`);
    expect(report.dev.conversations.rate, failed.join('\n')).toBeGreaterThanOrEqual(DEV_FLOOR);
  }, 300_000);

  it('the conversations written for this code all pass', async () => {
    const own = readConversations(path.join(ROOT, 'tests/agents/conversations/own.jsonl'));
    const failed: string[] = [];
    for (const c of own) {
      const r = await runConversation(env, c);
      if (!r.ok) failed.push(`${r.id}: ${r.checks.filter((x) => !x.ok).map((x) => x.detail).join('; ')}`);
    }
    expect(failed).toEqual([]);
  }, 300_000);
});
