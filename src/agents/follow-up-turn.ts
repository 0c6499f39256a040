import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { isBound } from '../chat/actor.ts';
import type { Topic } from './conversation.ts';
import type { Classification } from './intent.ts';
import { addToCase } from './case-service.ts';
import { currentTopic, leansBack, withPrevious } from './follow-up.ts';
import { formatPolicyAnswer } from './policy-reply.ts';
import { answerPolicy, fittingAnswer } from './policy-turn.ts';
import * as R from './replies.ts';
import type { ElderTurn } from './elder-flow.ts';

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

/**
 * A message that names no topic, read against the last one (follow-up.ts): after a policy answer a
 * question leaning back on it (那刚才说的那个…) is asked together with it; after a case was looked
 * up or opened, whatever more is said is kept on that case for its staff.
 */
export async function followUp(t: ElderTurn, cls: Classification, only?: Topic['kind']): Promise<TurnResult | null> {
  const topic = currentTopic(t.state, t.ctx.now);
  if (!topic || (only && topic.kind !== only)) return null;
  if (topic.kind === 'policy' && cls.question && leansBack(t.text)) {
    return answerPolicy(t, withPrevious(topic, t.text), topic.caseNumber ? { caseNumber: topic.caseNumber, said: t.text } : undefined);
  }
  if (topic.kind === 'case' && topic.caseNumber && isBound(t.ctx.actor)) {
    const number = await addToCase(t.env, t.ctx.actor, topic.caseNumber, t.text, t.ctx.now);
    if (!number) return null;
    t.state.confused = 0;
    return { replies: say(R.caseNoteAdded(number)), intent: 'slot', caseId: number };
  }
  return null;
}

/**
 * A message of the same kind as the case the talk is about that leans back on it: kept on that case,
 * and a question in it answered from the regulations when they can.
 */
export async function onSameCase(t: ElderTurn, cls: Classification): Promise<TurnResult | null> {
  const topic = currentTopic(t.state, t.ctx.now);
  if (topic?.kind !== 'case' || !topic.caseNumber || (topic.caseKind && topic.caseKind !== cls.intent) || !leansBack(t.text)) return null;
  const number = await addToCase(t.env, t.ctx.actor, topic.caseNumber, t.text, t.ctx.now);
  if (!number) return null;
  t.state.confused = 0;
  // Told, not asked, it may still be what a rule is about (请不起律师 → 法律援助): the checks decide.
  const a = await fittingAnswer(t, t.text);
  return { replies: say(R.caseNoteAdded(number), a ? formatPolicyAnswer(a) : ''), intent: 'slot', caseId: number };
}
