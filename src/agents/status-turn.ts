import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { writeAudit } from '../privacy/audit.ts';
import { actorTag } from '../people/actor.ts';
import { remindStaff } from './case-service.ts';
import { closeStay } from './life-events.ts';
import type { FrameReading } from './life-frame.ts';
import { askedAfter, ownCasesReply, progressReply, recentCases } from './own-cases.ts';
import * as R from './replies.ts';
import type { ElderTurn } from './elder-flow.ts';

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

/**
 * A bound elder or family member asking after an earlier request (own-cases.ts): that request's
 * number, state and who has it, and a reminder to its staff; null when the message asks after none.
 */
export async function statusTurn(t: ElderTurn, reading: FrameReading): Promise<TurnResult | null> {
  const { env, ctx, state } = t;
  const cases = await recentCases(env.db, ctx.actor.elderId!);
  const asked = askedAfter(t.text, cases);
  if (!asked) return null;
  state.pending = undefined;
  state.confused = 0;
  const c = asked.case;
  // An elder's cases read by the elder or a bound family member: audited like any read of them.
  await writeAudit(env.db, { actor: actorTag(ctx.actor), action: 'case.own', channel: ctx.msg.channel, query: { kind: ctx.actor.kind, case: c?.number ?? null }, question: t.text.slice(0, 200), elderIds: [Number(ctx.actor.elderId)], rowCount: c ? 1 : cases.length });
  if (!c) return { replies: say(ownCasesReply(cases, env.timeZone, env.office)), intent: 'status' };
  // "出院都一个礼拜了 …单子啥时候能下来": the discharge told on the way settles the stay.
  const f = reading.frame;
  if (f?.event === '出院' && !f.weak && c.subkind === '住院' && c.status !== 'closed') {
    await closeStay(t, { id: c.id, number: c.number, elder_id: Number(ctx.actor.elderId) }, f);
    return { replies: say(R.dischargedAndAsked(c.number, env.office)), intent: 'status', caseId: c.number };
  }
  if (c.status !== 'closed') await remindStaff(env, ctx.actor, { id: c.id, number: c.number, elder_id: ctx.actor.elderId! }, t.text, ctx.now);
  return { replies: say(progressReply(c, env.timeZone, env.office)), intent: 'status', caseId: c.number };
}
