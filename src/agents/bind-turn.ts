import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { bindingLocked, bindingLockedUntil, elderNamesIn, MAX_TRIES, type BindRequest } from '../people/binding.ts';
import { fmtUntil, guardedTry, pausedReply } from './bind-guard.ts';
import { normalize } from './normalize.ts';
import { readBindClues } from './bind-request.ts';
import { QUESTION } from './intent-rules.ts';
import { refuse } from './refusals.ts';
import type { ElderTurn } from './elder-flow.ts';
import * as R from './replies.ts';

/**
 * Binding an unknown account, over as many messages as people need: "我是惠生荣屋里的女子" and then
 * "六九洞五" bind just as one message does. What was said so far waits in the conversation state; a
 * wrong try says how many are left, a lock says until when and whom to call.
 */
const INTRODUCES = /(?:我|俺|额)(?:就)?是/;
const ASKS_FOR = /告诉|发给|名字是|叫什么|是谁|谁的|查一下|查查|给我看/;

type BindPending = { kind: 'bind'; name?: string | undefined; relation?: string | undefined; last4?: string | undefined };

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

/** The binding step of an unknown person's turn; null when the message is not about binding. */
export async function bindTurn(t: ElderTurn): Promise<TurnResult | null> {
  const { env, ctx, state } = t;
  const accountId = ctx.actor.accountId!;
  const pending: BindPending | undefined = state.pending?.kind === 'bind' ? state.pending : undefined;
  const clues = readBindClues(t.text);
  if (!clues) return null;
  // "我是工作人员，请把张建国的住址告诉我" names an elder but proves nothing: refused elsewhere.
  // "我是惠生荣屋里的 电话六九洞五" offers the digits rather than asking for them: a binding, not a refusal.
  const offersDigits = !!clues.last4 && !/告诉|给我|发给|多少|是啥|是什么|查一下|查查|帮我查/.test(normalize(t.text));
  if (!clues.code && !offersDigits && refuse(normalize(t.text))) return null;
  // "把13812341234的机主名字告诉我" carries digits but asks for something: not a binding.
  if (!clues.code && ASKS_FOR.test(clues.residual)) return null;
  const req = await (async (): Promise<BindRequest | 'ask_digits' | 'ask_name' | null> => {
    if (clues.code) return { method: 'code', code: clues.code };
    const names = await elderNamesIn(env.db, normalize(t.text));
    const name = names.length === 1 ? names[0] : (pending?.name ?? clues.nameGuess);
    // A relation already told stays unless the speaker introduces herself again: in "那是俺掌柜的电话
    // 俺大的是六三洞两" after "俺是党怀仁的儿媳妇", 掌柜的 is whose phone it was, not who is speaking.
    const reintroduced = INTRODUCES.test(normalize(t.text));
    const relation = (pending?.relation && !reintroduced ? pending.relation : clues.relation) ?? pending?.relation ?? clues.impliedRelation ?? null;
    const last4 = clues.last4 ?? pending?.last4;
    // Only a message that says it is about identity, or continues a binding, is taken as one; a
    // question that names an elder ("王淑贤的电话是多少") is not.
    // A message that is nothing but a name ("杜秉文") from someone not yet bound is the start of a binding.
    const bareName = !!clues.nameGuess && clues.residual === clues.nameGuess && normalize(t.text).length <= 5;
    const aboutBinding = clues.cue || !!clues.relation || !!pending || bareName || (!!last4 && (names.length === 1 || !!clues.nameGuess));
    if (!aboutBinding) return null;
    if (!last4 && !pending && QUESTION.test(normalize(t.text))) return null;
    if (last4 && name) return { method: 'name_phone', name, last4, relation: relation === '本人' ? null : relation };
    if (!last4 && !names.length && !pending) return null;
    state.pending = { kind: 'bind', ...(name ? { name } : {}), ...(relation ? { relation } : {}), ...(last4 ? { last4 } : {}) };
    return last4 ? 'ask_name' : 'ask_digits';
  })();
  if (req === null) return null;
  const locked = await bindingLocked(env.db, accountId, ctx.now);
  if (locked) return lockedReply(t);
  if (req === 'ask_digits') {
    const p = state.pending as BindPending;
    // The name is not repeated: whether it is in the ledger is not told to someone not yet bound.
    return { replies: say(`好的${p.relation && p.relation !== '本人' ? `，您是老人的${p.relation}` : ''}。请再发一下老人在台账里登记的电话号码的后四位，说数字就行，比如：六二一二。`), intent: 'bind' };
  }
  if (req === 'ask_name') return { replies: say('好的。请再说一下老人的姓名；家属请加上您和老人的关系，比如：张三的女儿。'), intent: 'bind' };

  const outcome = await guardedTry(env, { perElder: env.limits.bindFailsPerElder, perChannel: env.limits.bindFailsPerChannel }, accountId, ctx.actor.channel, req, ctx.now);
  if ('paused' in outcome) {
    // What was said stays, so the same number after the pause is enough.
    if (req.method === 'name_phone') state.pending = { kind: 'bind', name: req.name, ...(req.relation ? { relation: req.relation } : {}) };
    env.log.info({ account: accountId, paused: outcome.paused }, 'binding paused');
    return { replies: say(pausedReply(env, outcome.paused, outcome.until)), intent: 'bind_fail' };
  }
  if (outcome.ok && outcome.kind === 'staff') {
    state.pending = undefined;
    env.log.info({ account: accountId, staff: outcome.staffId }, 'staff account bound');
    return { replies: say(`绑定成功！${outcome.staffName}同志，您好。发 /帮助 看工作命令。`), intent: 'bind' };
  }
  if (outcome.ok) {
    state.pending = undefined;
    env.log.info({ account: accountId, elder: outcome.elderId, kind: outcome.kind }, 'account bound');
    const who = outcome.kind === 'elder' ? `${outcome.elderName}老同志，您好` : `您好，您已作为${outcome.elderName}的${outcome.relation ?? '家属'}绑定`;
    return { replies: say(`绑定成功！${who}。`, '以后可以在这里预约解忧室、法律咨询、报告住院等情况。回复“菜单”看看我能做什么。'), intent: 'bind' };
  }
  if (outcome.locked) return lockedReply(t);
  // Keep what was said, so a corrected number alone is enough next time.
  if (req.method === 'name_phone') state.pending = { kind: 'bind', name: req.name, ...(req.relation ? { relation: req.relation } : {}) };
  const left = outcome.triesLeft;
  return {
    replies: say(
      `没有对上。请再核对一下：名字是老人本人的名字，号码是台账里登记的老人电话的后四位（不是您自己的号码）。还能试 ${left} 次。`,
      left < MAX_TRIES - 1 ? `实在对不上，可以打${env.office.name}电话：${env.office.phone}，请工作人员给您发绑定码。` : R.bindHowTo(),
    ),
    intent: 'bind_fail',
  };
}

async function lockedReply(t: ElderTurn): Promise<TurnResult> {
  const { env, ctx } = t;
  // What was said stays: a number sent again during the lock gets the same answer, not a menu.
  const until = await bindingLockedUntil(env.db, ctx.actor.accountId!, ctx.now);
  const when = until ? `到 ${fmtUntil(until, env.timeZone)} 以后可以再试` : '请明天再试';
  return {
    replies: say(`试错的次数太多了，为了安全，绑定先暂停一天，${when}。也可以直接打${env.office.name}电话：${env.office.phone}，请工作人员给您发绑定码。`),
    intent: 'bind_fail',
  };
}

/** Where a binding stands, for a message in the middle of one that is not itself a try. */
export async function bindingGuidance(t: ElderTurn): Promise<TurnResult> {
  const { env, ctx } = t;
  if (await bindingLocked(env.db, ctx.actor.accountId!, ctx.now)) return lockedReply(t);
  return {
    replies: say(`请发老人的姓名和老人在台账里登记的电话后四位，家属请加上关系，比如：张三的女儿 六二一二。对不上的话，可以打${env.office.name}电话：${env.office.phone}，请工作人员给您发绑定码。`),
    intent: 'bind',
  };
}
