import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { isBound } from '../chat/actor.ts';
import type { Topic } from './conversation.ts';
import type { Classification } from './intent.ts';
import { addToCase, correctCase } from './case-service.ts';
import { correctedSubject, correcting } from './correction.ts';
import type { Speaker } from './kinship.ts';
import { todayIn } from '../kernel/time.ts';
import { slotSpec } from '../cases/catalog.ts';
import { askSlot } from './slots.ts';
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

/** Whom a correction names, said back to the elder who made it. */
const ELDER_WORD: Record<string, string> = { elder: '您自己', spouse: '您老伴', other: '您家里人' };

/**
 * "哎呀说错了 是额自己摔的" right after telling news: the case just opened is about someone else. Its
 * frame takes the person named now (a death or a remarriage only gets a note, for staff to settle),
 * and the question the bot was waiting on is asked again.
 */
export async function correctionTurn(t: ElderTurn, speaker: Speaker): Promise<TurnResult | null> {
  if (!isBound(t.ctx.actor) || !correcting(t.text)) return null;
  const pending = t.state.pending?.kind === 'slots' && t.state.pending.caseKind === 'life_event' ? t.state.pending : null;
  const topic = currentTopic(t.state, t.ctx.now);
  const number = pending?.caseNumber ?? (topic?.kind === 'case' && topic.caseKind === 'life_event' ? topic.caseNumber : undefined);
  if (!number) return null;
  const who = correctedSubject(t.text, speaker, todayIn(t.env.timeZone, t.ctx.now));
  if (!who) return null;
  const done = await correctCase(t.env, t.ctx.actor, number, who, t.text, t.ctx.now);
  if (!done) return null;
  t.state.confused = 0;
  if (pending && done.applied) pending.subject = who.subject;
  const slot = pending ? slotSpec(pending.caseKind, pending.subkind, pending.slot) : undefined;
  return { replies: say(R.caseCorrected(done.number, done.applied, speaker.role === 'elder' ? (ELDER_WORD[who.subject] ?? '您家里人') : R.subjectWord(who.subject)), slot ? askSlot(slot) : ''), intent: 'slot', caseId: done.number };
}
