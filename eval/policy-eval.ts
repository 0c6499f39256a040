/**
 * The policy sets in eval/policy (answerable questions with the passages that answer them, and
 * questions no document answers), scored the way an elder meets the answer: the FIRST citation of a
 * grounded answer is what is read, often aloud.
 *
 * - top1: grounded answers whose first citation matches a target, over answerable questions;
 * - confidentlyWrong: grounded answers whose first citation matches no target, over answerable questions;
 * - refused (unanswerable): answers that are not grounded, over unanswerable questions.
 *
 * Failures are printed (stderr, EVAL_VERBOSE=1) for the dev part only: the test part is held out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { partOf, type Part } from './split.ts';

export interface Target {
  doc: string;
  title_has: string;
  article?: string;
  text_any: string[];
}

export interface AnswerableItem {
  id: string;
  question: string;
  targets: Target[];
  answer_type?: string;
  style?: string[];
}

export interface UnanswerableItem {
  id: string;
  question: string;
  why?: string;
  near?: string;
}

/** What the evaluation needs of an answer: whether it is grounded and the passage it cites first. */
export interface EvalAnswer {
  grounded: boolean;
  first?: { title: string; text: string; article?: string | null } | undefined;
  /** Shown for dev failures only. */
  debug?: unknown;
  /** The best three passages whether or not the answer is grounded: what a model reranker chooses from. */
  ranked?: { title: string; text: string }[];
}

export type Answer = (question: string) => Promise<EvalAnswer>;

const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

export function loadPolicySets(dir: string): { answerable: AnswerableItem[]; unanswerable: UnanswerableItem[] } {
  return {
    answerable: [...readJsonl<AnswerableItem>(path.join(dir, 'laws.jsonl')), ...readJsonl<AnswerableItem>(path.join(dir, 'cadres.jsonl'))],
    unanswerable: readJsonl<UnanswerableItem>(path.join(dir, 'unanswerable.jsonl')),
  };
}

export const matchesTarget = (first: { title: string; text: string }, targets: Target[]): boolean =>
  targets.some((t) => first.title.includes(t.title_has) && t.text_any.some((s) => first.text.includes(s)));

interface Tally {
  n: number;
  right: number;
  wrong: number;
  refused: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const rates = (t: Tally) => ({ n: t.n, top1: round(t.right / (t.n || 1)), confidentlyWrong: round(t.wrong / (t.n || 1)), refused: round(t.refused / (t.n || 1)) });

export interface PartReport {
  answerable: ReturnType<typeof rates>;
  /** Ranking alone, grounded or not: the right passage first, or among the first three. */
  ranking?: { top1: number; top3: number };
  unanswerable: { n: number; refused: number };
  byStyle: Record<string, ReturnType<typeof rates>>;
  byAnswerType: Record<string, ReturnType<typeof rates>>;
}

export async function evaluatePolicy(answer: Answer, sets: ReturnType<typeof loadPolicySets>, opts: { parts?: Part[]; verbose?: boolean } = {}): Promise<Partial<Record<Part, PartReport>>> {
  const parts = opts.parts ?? ['dev', 'test'];
  const out: Partial<Record<Part, PartReport>> = {};
  for (const part of parts) {
    const all: Tally = { n: 0, right: 0, wrong: 0, refused: 0 };
    const byStyle: Record<string, Tally> = {};
    const byType: Record<string, Tally> = {};
    const show = opts.verbose && part === 'dev';
    let rankedFirst = 0;
    let rankedTop3 = 0;
    for (const item of sets.answerable.filter((i) => partOf(i.id) === part)) {
      const a = await answer(item.question);
      const rankedRight = !!a.ranked?.[0] && matchesTarget(a.ranked[0], item.targets);
      if (rankedRight) rankedFirst++;
      if (a.ranked?.some((p) => matchesTarget(p, item.targets))) rankedTop3++;
      const verdict: keyof Omit<Tally, 'n'> = !a.grounded || !a.first ? 'refused' : matchesTarget(a.first, item.targets) ? 'right' : 'wrong';
      const tallies = [all, ...(item.style ?? ['plain']).map((s) => (byStyle[s] ??= { n: 0, right: 0, wrong: 0, refused: 0 })), (byType[item.answer_type ?? 'other'] ??= { n: 0, right: 0, wrong: 0, refused: 0 })];
      for (const t of tallies) {
        t.n++;
        t[verdict]++;
      }
      if (show && verdict !== 'right') {
        process.stderr.write(`${JSON.stringify({ id: item.id, verdict, q: item.question, want: item.targets.map((t) => `${t.doc} ${t.article ?? ''} ${t.text_any[0]}`), got: a.first ? `${a.first.title.slice(0, 16)} ${a.first.article ?? ''}` : null, rankedRight, debug: a.debug })}\n`);
      }
    }
    const un = sets.unanswerable.filter((i) => partOf(i.id) === part);
    let refused = 0;
    for (const item of un) {
      const a = await answer(item.question);
      if (!a.grounded) refused++;
      else if (show) process.stderr.write(`${JSON.stringify({ id: item.id, verdict: 'answered-unanswerable', q: item.question, got: a.first ? `${a.first.title.slice(0, 16)} ${a.first.article ?? ''}` : null, debug: a.debug })}\n`);
    }
    out[part] = {
      answerable: rates(all),
      ranking: { top1: round(rankedFirst / (all.n || 1)), top3: round(rankedTop3 / (all.n || 1)) },
      unanswerable: { n: un.length, refused: round(refused / (un.length || 1)) },
      byStyle: Object.fromEntries(Object.entries(byStyle).sort().map(([k, v]) => [k, rates(v)])),
      byAnswerType: Object.fromEntries(Object.entries(byType).sort().map(([k, v]) => [k, rates(v)])),
    };
  }
  return out;
}
