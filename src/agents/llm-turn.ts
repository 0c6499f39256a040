import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { AgentEnv } from './deps.ts';
import { type ChatContext } from '../chat/ports.ts';
import { isBound } from '../chat/actor.ts';
import type { Classification } from './intent.ts';
import { showMenu, startCase, type ElderTurn } from './elder-flow.ts';
import { answerPolicy } from './policy-turn.ts';
import { askPolicy, policyReply } from './policy-reply.ts';
import { openCase as openCaseTool, toolsFor, type ToolRuntime } from './llm-tools.ts';
import { claimsLifeEvent, lifeEventFromWords, subkindFor, type ProposedCase } from './model-case-check.ts';
import type { LlmBrain } from './llm-brain.ts';
import * as R from './replies.ts';

/**
 * Runs the model's choice through the same code paths as the deterministic brain. The model may
 * choose better words and better routes, but it cannot make a request that needs a person go
 * unrecorded: when the rules see such a request and the model did not open a case, the
 * deterministic brain answers instead.
 */
function notAvailable(): never {
  throw new Error('tool not available for this role');
}

export async function llmFreeText(llm: LlmBrain, t: ElderTurn, cls: Classification): Promise<TurnResult | null> {
  const actor = t.ctx.actor;
  const needsCase = isBound(actor) && (cls.handoff || cls.intent === 'jieyou' || cls.intent === 'legal' || cls.intent === 'life_event');
  const choice = await llm.choose(actor, toolsFor(actor), t.text);
  if (!choice) return null;
  if (choice.kind === 'text') {
    if (needsCase || cls.intent === 'policy') return null;
    if (cls.intent === 'unknown') {
      if ((t.state.confused ?? 0) >= 2) return null;
      t.state.confused = (t.state.confused ?? 0) + 1;
    } else t.state.confused = 0;
    return { replies: [text(choice.text)], intent: cls.intent };
  }
  if (needsCase && choice.tool.name !== 'open_case') return null;
  // A life event is the frame reader's to find in the speaker's own words, never the model's to claim.
  if (choice.tool === openCaseTool && claimsLifeEvent(choice.args as ProposedCase)) return lifeEventFromWords(t);
  const rt: ToolRuntime = {
    answerPolicy: (q) => answerPolicy(t, q),
    showMenu: () => showMenu(t),
    howToBind: () => ({ replies: [text(R.bindHowTo())], intent: 'help' }),
    openCase: (kind, subkind, summary) => startCase(t, kind, subkindFor({ kind, subkind, summary }) ?? (kind === cls.intent ? cls.subkind : undefined), summary, false),
    askLedger: notAvailable,
    listOpenCases: notAvailable,
  };
  return choice.tool.run(choice.args, rt);
}

export async function llmStaffTurn(llm: LlmBrain, env: AgentEnv, ctx: ChatContext): Promise<TurnResult | null> {
  const choice = await llm.choose(ctx.actor, toolsFor(ctx.actor), ctx.msg.text);
  if (!choice) return null;
  if (choice.kind === 'text') return { replies: [text(choice.text)], intent: 'staff_chat' };
  const rt: ToolRuntime = {
    async answerPolicy(q) {
      const a = await askPolicy(env, env.policy, q, ctx.actor);
      return { replies: [a ? policyReply(a) : text('没有找到相关规定。')], intent: 'policy' };
    },
    showMenu: notAvailable,
    howToBind: notAvailable,
    openCase: notAvailable,
    async askLedger(question) {
      // Only a free-text skill: a model must not turn words into a slash command.
      const r = question.trim().startsWith('/') ? null : await env.staff.route({ ...ctx, msg: { ...ctx.msg, text: question } });
      return r ?? { replies: [text('这个台账问题我没看懂，请换个说法，比如：韦庄镇有哪些独居老干部？')], intent: 'staff_ledger' };
    },
    async listOpenCases() {
      return (await env.staff.route({ ...ctx, msg: { ...ctx.msg, text: '/案件' } }))!;
    },
  };
  return choice.tool.run(choice.args, rt);
}
