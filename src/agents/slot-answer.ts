import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { ConversationState } from './conversation.ts';
import type { Classification } from './intent.ts';
import type { ElderTurn } from './elder-flow.ts';
import { recordDetail } from './case-service.ts';
import { askSlot, readSlotAnswer } from './slots.ts';
import { slotSpec } from '../cases/catalog.ts';
import * as R from './replies.ts';

/**
 * Answers to the follow-up questions of a case (which hospital, when to call): each answer is recorded
 * on the case and the next question asked; a clearly different request starts over instead.
 */
const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

export type SlotsPending = Extract<NonNullable<ConversationState['pending']>, { kind: 'slots' }>;

export async function answerSlot(t: ElderTurn, pending: SlotsPending): Promise<TurnResult> {
  const { env, ctx, state } = t;
  const subkind = pending.subkind;
  const spec = slotSpec(pending.caseKind, subkind, pending.slot);
  const value = spec ? readSlotAnswer(spec, t.text) : t.text.trim();
  // "县医院心内科三床" answers the ward too.
  let remaining = pending.remaining;
  if (pending.slot === 'hospital' && /科|床|楼|病房|病区/.test(value)) remaining = remaining.filter((n) => n !== 'ward');
  const nextName = remaining[0];
  await recordDetail(env, ctx.actor, pending.caseNumber, pending.slot, value, !nextName, ctx.now);
  const intent = pending.caseKind;
  // A death is talked about with care, whatever the question was.
  const ack = pending.event === '病故' ? '好的，记下了。请节哀，保重身体。' : '好的，记下了。';
  if (nextName) {
    const next = slotSpec(pending.caseKind, subkind, nextName);
    state.pending = { ...pending, slot: nextName, remaining: remaining.slice(1) };
    return { replies: say(next ? `${ack}${askSlot(next)}` : R.detailsDone(pending.caseNumber)), intent, caseId: pending.caseNumber };
  }
  state.pending = undefined;
  return { replies: say(pending.event === '病故' ? `${ack}${R.detailsDone(pending.caseNumber)}` : R.detailsDone(pending.caseNumber)), intent, caseId: pending.caseNumber };
}

/** During slot filling, a clearly different request starts over instead of being taken as an answer. */
export function isNewTopic(cls: Classification, pending: SlotsPending, said: string): boolean {
  const { caseKind, slot } = pending;
  if (cls.intent === 'help' && !cls.handoff) return true;
  // "谢谢" or "再见" closes the talk; "好" or "还行" may well be the answer.
  if (cls.intent === 'greeting' && /谢|再见|拜拜|辛苦/.test(said)) return true;
  if (cls.intent === 'policy' && cls.scores.policy >= 3) return true;
  // Grief is part of a death, not a new wish to talk.
  if (pending.event === '病故' && cls.intent === 'jieyou') return false;
  // Asked "what happened", any story is the answer; elsewhere a new need opens its own case.
  if (slot !== 'what' && (cls.intent === 'jieyou' || cls.intent === 'legal' || cls.intent === 'life_event') && cls.scores[cls.intent] >= 3) {
    // Same kind: more detail, unless it names a different event (住院 while recording 病故).
    if (cls.intent !== caseKind) return true;
    if (cls.subkind && pending.subkind && cls.subkind !== pending.subkind) return true;
  }
  return false;
}
