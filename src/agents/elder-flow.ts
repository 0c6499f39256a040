import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { AgentEnv } from './deps.ts';
import { type ChatContext } from '../chat/ports.ts';
import { isBound } from '../chat/actor.ts';
import type { ConversationState } from './conversation.ts';
import { classify, type CaseIntent, type Classification } from './intent.ts';
import { APPLY_HELP, POLITE_APPLY } from './intent-rules.ts';
import { DANGER_LABEL, type Danger } from './danger.ts';
import { menuChoice, normalize, spokenClauses } from './normalize.ts';
import { bindingGuidance, bindTurn } from './bind-turn.ts';
import { joinRecentUrgent, openCase } from './case-service.ts';
import { correctionTurn, followUp, onSameCase } from './follow-up-turn.ts';
import { answerPolicy, policyToPerson } from './policy-turn.ts';
import { asksIfTrue } from './hedges.ts';
import { voicePreferenceTurn, voiceWish } from './voice-preference.ts';
import { askPolicy, formatPolicyAnswer, policyReply } from './policy-reply.ts';
import * as R from './replies.ts';
import { askSlot, prefill } from './slots.ts';
import { answerSlot, isNewTopic } from './slot-answer.ts';
import { slotsFor } from '../cases/catalog.ts';
import { statusTurn } from './status-turn.ts';
import { readSmalltalk, smalltalkReply } from './smalltalk.ts';
import { elderFacts, lifeEventTurn, readTurnFrames, sameStory, speakerOf } from './life-events.ts';
import type { FrameReading } from './life-frame.ts';
import { answerFits, ownStatusQuestion } from './policy-fit.ts';
import { repairSoundAlikes } from './sound-alike.ts';
import { officeFact } from './office-facts.ts';
import { outOfReach, outOfReachReply } from './out-of-reach.ts';
import { currentTopic, leansBack, withPrevious } from './follow-up.ts';
import { refuse, slashCommand } from './refusals.ts';

/**
 * The deterministic conversation with elders, families and unknown people. Order matters: danger
 * first (always), then binding attempts, then the question the bot is waiting on, then the intent.
 * `freeText` lets the LLM brain take over the last step; it falls back here when it returns null.
 */
export interface ElderTurn {
  env: AgentEnv;
  ctx: ChatContext;
  state: ConversationState;
  text: string;
  /** The message named a life event only as a supposition, a rumour taken back or someone's proposal. */
  hedged?: boolean;
}

export type FreeTextBrain = (turn: ElderTurn, cls: Classification) => Promise<TurnResult | null>;

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

export async function handleDanger(t: ElderTurn, danger: Danger, intent: CaseIntent): Promise<TurnResult> {
  const { env, ctx } = t;
  t.state.pending = undefined;
  t.state.confused = 0;
  const joined = await joinRecentUrgent(env, ctx.actor, t.text, ctx.now);
  const c =
    joined ??
    (await openCase(env, ctx.actor, {
      kind: intent,
      subkind: DANGER_LABEL[danger.kind],
      urgent: true,
      summary: `${DANGER_LABEL[danger.kind]}：${t.text.slice(0, 200)}`,
      details: { danger: danger.kind, words: danger.words },
      text: t.text,
    }, ctx.now));
  return { replies: say(R.dangerReply(danger, c.number, env.office)), intent, caseId: c.number };
}

/** Opens a case for the actor, answers with its number and asks the first missing detail. */
export async function startCase(t: ElderTurn, kind: CaseIntent | 'handoff', subkind: string | undefined, summary: string, fromMenu: boolean, extra: string[] = []): Promise<TurnResult> {
  const { env, ctx, state } = t;
  const filled = prefill(kind, subkind, t.text, fromMenu);
  const c = await openCase(env, ctx.actor, { kind, subkind, summary, details: filled, text: t.text }, ctx.now);
  if (c.capped) {
    state.pending = undefined;
    state.confused = 0;
    return { replies: say(R.casesCapped(c.number, env.office)), intent: kind, caseId: c.number };
  }
  const remaining = slotsFor(kind, subkind).filter((s) => !(s.name in filled));
  const next = remaining[0];
  state.pending = next
    ? { kind: 'slots', caseNumber: c.number, caseKind: kind, subkind: subkind ?? null, slot: next.name, remaining: remaining.slice(1).map((s) => s.name), ...(kind === 'life_event' && subkind ? { event: subkind === '丧偶' || subkind === '亲属病故' ? '病故' : subkind } : {}) }
    : undefined;
  state.confused = 0;
  return { replies: say(R.caseCreated(kind, c.number), ...extra, next ? askSlot(next) : ''), intent: kind, caseId: c.number };
}

async function menuOption(t: ElderTurn, option: string, note?: string): Promise<TurnResult> {
  const { env, state } = t;
  state.pending = undefined;
  switch (option) {
    case 'policy':
      return { replies: say('请直接问您想了解的政策，比如：住院的医药费怎么报销？'), intent: 'policy' };
    case 'bind':
      return { replies: say(R.bindHowTo()), intent: 'help' };
    case 'jieyou':
      return startCase(t, 'jieyou', undefined, '预约解忧室（菜单）', true);
    case 'legal':
      return startCase(t, 'legal', undefined, '法律咨询（菜单）', true);
    case 'life_event':
      return startCase(t, 'life_event', undefined, '报告情况（菜单）', true);
    case 'handoff':
      return startCase(t, 'handoff', undefined, note ? `请工作人员联系：${note}` : '请工作人员联系（菜单）', true);
    default:
      return { replies: say(R.mainMenu(env.office)), intent: 'help' };
  }
}

export function showMenu(t: ElderTurn): TurnResult {
  if (isBound(t.ctx.actor)) {
    t.state.pending = { kind: 'menu', menu: 'main', options: [...R.MAIN_MENU_OPTIONS] };
    return { replies: say(R.mainMenu(t.env.office)), intent: 'help' };
  }
  t.state.pending = { kind: 'menu', menu: 'unbound', options: [...R.UNBOUND_MENU_OPTIONS] };
  return { replies: say(R.unboundMenu(t.env.office)), intent: 'help' };
}

/** The intent step, shared by both brains (the LLM falls back to it). */
async function deterministicFreeText(t: ElderTurn, cls: Classification): Promise<TurnResult> {
  const { env, ctx, state } = t;
  const bound = isBound(ctx.actor);
  // "请问绑定怎么弄": how to bind, whatever else the words look like.
  if (!bound && /绑定/.test(normalize(t.text)) && !/\d/.test(normalize(t.text))) return { replies: say(R.bindHowTo()), intent: 'help' };
  if (cls.handoff) {
    if (!bound) return { replies: say(R.unknownHandoff(env.office)), intent: 'handoff' };
    return startCase(t, 'handoff', undefined, `请工作人员联系：${t.text.slice(0, 200)}`, false);
  }
  switch (cls.intent) {
    case 'policy':
      return (await followUp(t, cls, 'policy')) ?? answerPolicy(t, t.text);
    case 'jieyou':
    case 'legal':
    case 'life_event': {
      if (!bound) {
        state.pending = { kind: 'menu', menu: 'unbound', options: [...R.UNBOUND_MENU_OPTIONS] };
        return { replies: say(R.needBinding(env.office)), intent: cls.intent };
      }
      // "刚才说的那个事 要是打官司…": more about the case just opened or asked after, not a second one.
      const same = await onSameCase(t, cls);
      if (same) return same;
      const extra: string[] = [];
      if (cls.alsoPolicy) {
        const a = await askPolicy(env, env.policy, t.text, ctx.actor);
        if (a) extra.push(formatPolicyAnswer(a));
      }
      return startCase(t, cls.intent, cls.subkind, t.text.slice(0, 200), false, extra);
    }
    case 'help':
      state.confused = 0;
      return showMenu(t);
    case 'greeting':
      state.confused = 0;
      return { replies: say(/谢|辛苦|麻烦/.test(t.text) ? R.thanks() : R.greeting(bound)), intent: 'greeting' };
    default: {
      // "我的体检报告出来了没": the person's own paperwork, which only a person can look up.
      if (bound && ownStatusQuestion(t.text)) return policyToPerson(t, t.text);
      const followed = await followUp(t, cls);
      if (followed) return followed;
      // "我舅说我妈住院了 是真的么": we know only what was reported to us; nothing is opened on a rumour.
      if (t.hedged && asksIfTrue(normalize(t.text))) {
        state.confused = 0;
        return { replies: say(R.unconfirmedNews()), intent: 'greeting' };
      }
      // Something told, not asked, and nothing wanted: people chat. A kind word and the way to ask.
      // A rumour taken back or a match proposed is told, not asked: chat too.
      if (!cls.question && (narrative(t.text) || t.hedged || telling(t.text)) && !REQUEST.test(normalize(t.text))) {
        state.confused = 0;
        if (bound) return { replies: say(R.listening()), intent: 'greeting' };
        state.pending = { kind: 'menu', menu: 'unbound', options: [...R.UNBOUND_MENU_OPTIONS] };
        return { replies: say(R.unboundMenu(env.office)), intent: 'greeting' };
      }
      // The rules know the usual topics, not every way a rule can be asked about (多大年纪算老年人？).
      // A question the knowledge base can ground is a policy question; anything else stays unknown.
      if (cls.question) {
        const a = await askPolicy(env, env.policy, repairSoundAlikes(t.text));
        if (a && answerFits(t.text, a.answer)) {
          state.confused = 0;
          return { replies: [policyReply(a)], intent: 'policy' };
        }
        // "再婚的话那个丧偶的照顾还有没有": a question about what would follow an event is a question for
        // a person when the regulations have no answer, never "没听明白".
        if (t.hedged && bound) return policyToPerson(t, t.text);
      }
      return confused(t);
    }
  }
}

/** Telling about oneself or one's day (我刚…了, 今天…), as people chat. */
const NARRATIVE = /^(?:我|今天|今儿|昨天|昨儿|夜个|明天|明儿|后天|刚|早上|晚上|这两天|最近|前两天|前年|去年|年时|那年|早些年|以前|现在|如今|这阵)|我(?:刚|今天|昨天|在|去|也|还|都|就|们)|了(?:$|[，。,！!])/;
/** Any clause of it tells (a voice transcript's clauses are parted by spaces, which normalizing drops). */
const narrative = (said: string): boolean => spokenClauses(said).some((c) => NARRATIVE.test(c));
/**
 * A sentence or more of ordinary talk that asks nothing (voice lines of someone telling their day):
 * listened to, not met with "没听明白". A word or two we cannot read still gets the menu.
 */
const telling = (said: string): boolean => (normalize(said).match(/[\u4e00-\u9fa5]/g)?.length ?? 0) >= TELLING_CHARS;
const TELLING_CHARS = 10;
/** Words that ask for something: a statement with them is a request we did not understand, not chat. */
const REQUEST = /帮我|给我(?![妈爸大爹娘婆爷奶老哥姐弟妹儿女孙娃])|替我|我要|我想|想要|请你|请您|麻烦你|能不能|可以|要求|申请|订|买|办|查|找|问问|咨询/;

async function confused(t: ElderTurn): Promise<TurnResult> {
  const { env, state } = t;
  // In the middle of a binding ("那我再试试", "那咋办"): say where it stands, not "没听明白".
  if (!isBound(t.ctx.actor) && state.pending?.kind === 'bind') return bindingGuidance(t);
  state.confused = (state.confused ?? 0) + 1;
  if (state.confused >= 3) {
    state.confused = 0;
    if (!isBound(t.ctx.actor)) return { replies: say(R.unknownHandoff(env.office)), intent: 'unknown' };
    const r = await startCase(t, 'handoff', undefined, `连续三次没听懂，最后一句：${t.text.slice(0, 150)}`, true);
    return { ...r, replies: say('抱歉，我几次都没听明白，我请工作人员直接联系您。', ...r.replies.map((m) => (m.kind === 'text' ? m.text : ''))), intent: 'unknown' };
  }
  state.pending = isBound(t.ctx.actor) ? { kind: 'menu', menu: 'main', options: [...R.MAIN_MENU_OPTIONS] } : { kind: 'menu', menu: 'unbound', options: [...R.UNBOUND_MENU_OPTIONS] };
  return { replies: say(isBound(t.ctx.actor) ? R.notUnderstood() : R.unboundMenu(env.office, '抱歉，我没听明白。')), intent: 'unknown' };
}

export async function elderTurn(t: ElderTurn, freeText?: FreeTextBrain): Promise<TurnResult> {
  const { env, ctx, state } = t;
  let cls = classify(t.text);
  if (cls.danger) return handleDanger(t, cls.danger, cls.intent as CaseIntent);

  // A /command from someone who is not staff: refused, not counted as a confused turn, no case.
  const slash = slashCommand(normalize(t.text));
  if (slash === 'menu') return showMenu(t);
  if (slash === 'refuse') return { replies: say(R.staffCommandRefused()), intent: 'refused' };

  if (ctx.actor.kind === 'unknown' && ctx.isPrivate && ctx.actor.accountId) {
    const b = await bindTurn(t);
    if (b) return b;
  }

  const bound = isBound(ctx.actor);
  const facts = bound ? await elderFacts(t) : null;
  const speaker = await speakerOf(t, facts);
  const turnFrames = readTurnFrames(t, cls, speaker, bound);
  const reading: FrameReading = turnFrames.reading;
  cls = turnFrames.cls;
  // A request for other people's data or for staff work is refused, and opens no case, whatever need
  // it is wrapped in; only a life event told about the speaker's own family goes on to its case.
  const refusal = reading.frame ? null : refuse(normalize(t.text));
  if (refusal) return { replies: say(refusal), intent: 'unknown' };

  // "字看不清 能不能发语音": how replies come from now on, not a request for a person.
  // Only when nothing else is asked or told: "给我儿子发个语音 说我住院了" is about the stay.
  const wish = reading.frame || cls.handoff || !['unknown', 'greeting', 'help'].includes(cls.intent) ? null : voiceWish(t.text);
  if (wish) {
    state.confused = 0;
    return voicePreferenceTurn(env, ctx, wish);
  }

  // "解忧室啥时候开门": a fact the bot knows, not a booking.
  const fact = officeFact(t.text, env.office);
  if (fact) {
    state.confused = 0;
    return { replies: say(fact), intent: 'policy' };
  }

  // "明儿个下雨不", then "那后天呢": what nobody here can know gets "查不了", no case and no "没听明白".
  const topic = currentTopic(state, ctx.now);
  const unknowable = reading.frame ? null : (outOfReach(t.text) ?? (topic?.kind === 'policy' && !topic.caseNumber && leansBack(t.text) ? outOfReach(withPrevious(topic, t.text)) : null));
  if (unknowable) {
    state.confused = 0;
    return { replies: say(outOfReachReply(unknowable, env.office)), intent: 'policy_unknown' };
  }

  // "说错了 是额自己摔的": the case just opened is about someone else, not a second piece of news.
  const corrected = await correctionTurn(t, speaker);
  if (corrected) return corrected;

  // Asking after an earlier request: its number, state and who has it; nothing new is opened.
  if (bound) {
    const status = await statusTurn(t, reading);
    if (status) return status;
  }

  const pending = state.pending;
  const choice = menuChoice(t.text);
  if (pending?.kind === 'slots') {
    // "好的 谢谢关心", "行 额等着": the talk is done, not an answer to the question.
    const small = cls.handoff ? null : readSmalltalk(t.text);
    if (small && !reading.frame) {
      state.pending = undefined;
      state.confused = 0;
      const reply = smalltalkReply(small, { bound, office: env.office });
      return { replies: say(pending.event === '病故' && small.kind === 'thanks' ? `${reply.replace(/。有事随时找我。$/, '。')}请节哀，保重身体。` : reply), intent: 'greeting' };
    }
    // "当天就回来了" while telling of a fall is the rest of the story, not a discharge: coming home ends
    // only the hospital stay being recorded.
    const f = reading.frame?.weak && pending.event !== '住院' ? (reading.all.find((x) => !x.weak) ?? null) : reading.frame;
    // Asked "what is it about", any story is the answer (想聊点什么？"老伴走了以后一个人闷得慌").
    const storyAsked = pending.slot === 'what' && pending.caseKind !== 'life_event';
    const newEvent = !!f && !storyAsked && !sameStory(pending, f) && !(pending.caseKind !== 'life_event' && !f.who && f.event !== '病故');
    if (!newEvent && !isNewTopic(cls, pending, t.text)) return answerSlot(t, pending);
    state.pending = undefined;
  } else if (pending?.kind === 'menu' && choice !== null) {
    const option = pending.options[choice - 1];
    if (option) return menuOption(t, option, pending.note);
  }
  if (choice !== null) {
    const options = isBound(ctx.actor) ? R.MAIN_MENU_OPTIONS : R.UNBOUND_MENU_OPTIONS;
    const option = options[choice - 1];
    if (option) return menuOption(t, option);
  }
  if (/^(?:菜单|目录|主菜单|返回|帮助)$/.test(normalize(t.text))) return showMenu(t);
  if (/^(?:绑定|绑定身份|我要绑定|怎么绑定)$/.test(normalize(t.text)) && !isBound(ctx.actor)) {
    return { replies: say(R.bindHowTo()), intent: 'help' };
  }
  if (state.pending?.kind !== 'bind') state.pending = undefined;

  // "想申请点困难补助": a 帮扶 application (with what happened, if it was told), not a question about it.
  const said = normalize(t.text);
  if (bound && APPLY_HELP.test(said) && (/给我|帮我/.test(said) || POLITE_APPLY.test(said) || !/怎么|咋|如何|条件|哪|吗|能不能|能否|可以不|行不/.test(said))) {
    const f = reading.frame;
    const c = await openCase(env, ctx.actor, { kind: 'help', summary: `帮扶申请：${t.text.slice(0, 200)}`, details: prefill('help', null, t.text, false), text: t.text, frame: f ? { ...f } : null }, ctx.now);
    state.pending = undefined;
    state.confused = 0;
    if (c.capped) return { replies: say(R.casesCapped(c.number, env.office)), intent: 'help_request', caseId: c.number };
    return { replies: say(R.helpRequested(c.number, f?.event === '困难' || f?.event === '意外')), intent: 'help_request', caseId: c.number };
  }

  // Life events are read in code, whichever brain answers: holds and ledger changes never depend on a model.
  if (reading.frame) {
    const r = await lifeEventTurn(t, reading, facts, speaker);
    if (r) return r;
  }

  if (freeText) {
    const r = await freeText(t, cls);
    if (r) return r;
  }
  // Thanks, greetings, goodbyes and chatter: a short kind word, never "没听明白".
  const small = cls.handoff ? null : readSmalltalk(t.text);
  // A weak hint of a need inside chatter ("热得人睡不着") or thanks for money received ("帮扶的钱收到了
  // 谢谢") are small talk, not a case and not a question for the regulations.
  const weakNeed = (cls.intent === 'jieyou' || cls.intent === 'legal' || cls.intent === 'life_event') && cls.scores[cls.intent] < 3;
  const thanksForIt = cls.intent === 'policy' && !cls.question && !!small && (small.kind === 'thanks' || small.kind === 'good_news');
  if (small && (cls.intent === 'greeting' || cls.intent === 'unknown' || weakNeed || thanksForIt || (cls.intent === 'help' && small.kind === 'identity'))) {
    state.confused = 0;
    return { replies: say(smalltalkReply(small, { bound, office: env.office })), intent: 'greeting' };
  }
  return deterministicFreeText(t, cls);
}

