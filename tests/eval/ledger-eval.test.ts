import { describe, expect, it } from 'vitest';
import { runLedgerEval } from '../../eval/ledger-eval/run.ts';

/**
 * The dev part of the ledger evaluation (eval/ledger) through the same runner as `npm run eval`:
 * questions through the CLI's service, chains through the agent. A floor, not the score: a change
 * that breaks staff questions fails here; the numbers themselves are reported by `npm run eval`.
 */
describe('ledger evaluation, dev part', () => {
  it('answers the dev questions and follow-up chains above the floor', async () => {
    const r = await runLedgerEval({ parts: ['dev'] });
    const dev = r.parts.dev!;
    expect(dev.questions.total).toBeGreaterThan(90);
    expect(dev.questions.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(dev.chains.steps.total).toBeGreaterThan(35);
    expect(dev.chains.steps.accuracy).toBeGreaterThanOrEqual(0.85);
    for (const [category, c] of Object.entries(dev.questions.byCategory)) expect(c.accuracy, category).toBeGreaterThanOrEqual(0.7);
  }, 300_000);
});
