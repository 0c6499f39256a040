/**
 * `npm run eval`: every evaluation as one JSON document on stdout — `policy` (eval/policy and the older
 * ../shared/eval retrieval metrics), `ledger` (eval/ledger: staff questions and follow-up chains over a
 * generated ledger) and `conversations` (eval/conversations through the real agent), each reported for
 * the dev part and the held-out test part separately.
 *
 * `npm run -s eval -- policy|ledger|conversations [--dev] [--verbose] [--failures] [--only=ids] [--id V001] [--set conversations|situations2|situations3|situations4|situations5]`
 * runs one. `--dev` (or EVAL_PARTS=dev) skips the test part while developing; `--verbose`/`--failures`
 * (or EVAL_VERBOSE=1) list failures of the dev part only: the test part is for reporting, never for reading.
 */
import { CONVERSATION_SETS, runConversationEval, type ConversationSet } from './conversations.ts';
import { runLedgerEval } from './ledger-eval/run.ts';
import { runPolicyEval } from './policy-run.ts';
import type { Part } from './split.ts';

const args = process.argv.slice(2);
const NAMES = ['policy', 'ledger', 'conversations'] as const;
type Name = (typeof NAMES)[number];
const which = NAMES.includes(args[0] as Name) ? (args.shift() as Name) : undefined;
const flag = (f: string) => args.includes(f);
const value = (f: string) => (flag(f) ? args[args.indexOf(f) + 1] : undefined);
const devOnly = flag('--dev') || process.env.EVAL_PARTS === 'dev' || value('--part') === 'dev';
const parts: Part[] = devOnly ? ['dev'] : value('--part') === 'test' ? ['test'] : ['dev', 'test'];
const verbose = flag('--verbose') || process.env.EVAL_VERBOSE === '1';

const runners: Record<Name, () => Promise<unknown>> = {
  policy: () => runPolicyEval({ parts, verbose, ...(args.find((a) => a.endsWith('.jsonl')) ? { oldFile: args.find((a) => a.endsWith('.jsonl'))! } : {}) }),
  ledger: () => {
    const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
    return runLedgerEval({ parts, verbose, ...(only ? { only } : {}) });
  },
  conversations: () => {
    const set = value('--set') as ConversationSet | undefined;
    if (set && !(set in CONVERSATION_SETS)) throw new Error(`--set: one of ${Object.keys(CONVERSATION_SETS).join(', ')}`);
    return runConversationEval({ parts, failures: flag('--failures') || verbose, ...(value('--id') ? { only: value('--id')! } : {}), ...(set ? { set } : {}) });
  },
};

const out: Record<string, unknown> = {};
for (const n of which ? [which] : NAMES) out[n] = await runners[n]();
process.stdout.write(`${JSON.stringify(which ? out[which] : out, null, 2)}\n`);
