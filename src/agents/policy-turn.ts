/** A policy question in a conversation: answered from the regulations, or handed to a person. */
import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { isBound } from '../chat/actor.ts';
import type { PolicyAnswer } from '../chat/ports.ts';
import { addToCase, openCase } from './case-service.ts';
import { askPolicy, policyReply } from './policy-reply.ts';
import { answerFits } from './policy-fit.ts';
import { repairSoundAlikes } from './sound-alike.ts';
import * as R from './replies.ts';
import type { ElderTurn } from './elder-flow.ts';

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

/** The regulations' answer to the question, when they ground one of the kind asked for. */
export async function fittingAnswer(t: ElderTurn, question: string): Promise<PolicyAnswer | null> {
  const a = await askPolicy(t.env, t.env.policy, repairSoundAlikes(question), t.ctx.actor);
  return a && answerFits(question, a.answer) ? a : null;
}

/** `earlier`: the 找人工 case of the question this one follows on, which takes it instead of a new case. */
export async function answerPolicy(t: ElderTurn, question: string, earlier?: { caseNumber: string; said: string }): Promise<TurnResult> {
  const a = await fittingAnswer(t, question);
  t.state.confused = 0;
  if (a) return { replies: [policyReply(a)], intent: 'policy' };
  const same = earlier ? await addToCase(t.env, t.ctx.actor, earlier.caseNumber, earlier.said, t.ctx.now) : null;
  if (same) return { replies: say(R.policyHandoff(question, same, t.env.office)), intent: 'policy_unknown', caseId: same };
  return policyToPerson(t, question);
}

/**
 * A question the regulations cannot ground (or not in the kind of answer asked for): no guessing. A
 * bound elder or family member gets a case for a person (every elder request reaches a person);
 * anyone else the office's number.
 */
export async function policyToPerson(t: ElderTurn, question: string): Promise<TurnResult> {
  t.state.pending = undefined;
  if (!isBound(t.ctx.actor)) return { replies: say(R.policyHandoff(question, null, t.env.office)), intent: 'policy_unknown' };
  const c = await openCase(t.env, t.ctx.actor, {
    kind: 'handoff',
    summary: `政策问题，文件里没有找到依据，请回电话：${question.slice(0, 150)}`,
    details: { question: question.slice(0, 300) },
    text: question,
  }, t.ctx.now);
  if (c.capped) return { replies: say(R.casesCapped(c.number, t.env.office)), intent: 'policy_unknown', caseId: c.number };
  return { replies: say(R.policyHandoff(question, c.number, t.env.office)), intent: 'policy_unknown', caseId: c.number };
}
