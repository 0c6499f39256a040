import { text } from '../chat/message.ts';
import type { InboundMessage } from '../chat/message.ts';
import { isJinqiuError } from '../kernel/errors.ts';
import type { Addressing, Agent, TurnResult } from '../chat/turn.ts';
import type { AgentDeps, AgentEnv } from './deps.ts';
import type { ChatContext } from '../chat/ports.ts';
import { knownKind, resolveActor } from '../people/actor.ts';
import { abuseLimits } from '../kernel/config.ts';
import { createInboundLimits } from './inbound-limits.ts';
import { addressingOf } from '../people/groups.ts';
import { loadState, saveState, type ConversationKey } from './conversation.ts';
import { checkFlood, FLOOD_LIMIT } from './flood.ts';
import { detectDanger, dangerIntent } from './danger.ts';
import { elderTurn, handleDanger, type ElderTurn, type FreeTextBrain } from './elder-flow.ts';
import { createStaffRouter } from './staff-router.ts';
import { createCaseCommands } from './commands/case-commands.ts';
import { createLifeEventCommands } from './commands/life-event-commands.ts';
import { createBindingCommands } from './commands/binding-commands.ts';
import { noticeOutbox } from '../notices/outbox.ts';
import { createLlmBrain, type LlmBrain } from './llm-brain.ts';
import { llmFreeText, llmStaffTurn } from './llm-turn.ts';
import { ledgerModelGuard } from '../privacy/model-guard.ts';
import { classify } from './intent.ts';
import { askPolicy, policyReply } from './policy-reply.ts';
import * as R from './replies.ts';
import { rememberTopic } from './follow-up.ts';

/**
 * The one agent every channel talks to (duplicate deliveries are dropped before it, by the
 * channels' message handler). A turn: find out who is speaking (and in which group), apply flood
 * control, then route: staff to their commands and skills, everyone else through the elder
 * conversation. Cases are committed before the reply is returned. Turns of one conversation run
 * one at a time in this process.
 */
export function createAgent(deps: AgentDeps): Agent {
  const outbox = deps.outbox ?? noticeOutbox;
  const staff = createStaffRouter({
    commands: [
      ...createCaseCommands({ db: deps.db, outbox, timeZone: deps.config.JINQIU_TZ }),
      ...createLifeEventCommands({ db: deps.db, timeZone: deps.config.JINQIU_TZ }),
      ...createBindingCommands({ db: deps.db }),
      ...(deps.staffCommands ?? []),
    ],
    skills: deps.staffSkills ?? [],
    timeZone: deps.config.JINQIU_TZ,
    log: deps.log,
  });
  const env: AgentEnv = {
    db: deps.db,
    log: deps.log,
    policy: deps.policy,
    staff,
    outbox,
    office: { name: deps.config.JINQIU_OFFICE_NAME, phone: deps.config.JINQIU_OFFICE_PHONE },
    timeZone: deps.config.JINQIU_TZ,
    limits: abuseLimits(deps.config),
    speechOut: deps.speechOut ?? (async () => false),
  };
  const inbound = createInboundLimits({ db: deps.db, limits: env.limits });
  const clock = deps.now ?? (() => new Date());
  const floodLimit = deps.floodLimit ?? FLOOD_LIMIT;
  // 'llm' and 'auto' both need an endpoint and a model; without them the deterministic brain answers.
  const { OPENAI_BASE_URL: baseURL, OPENAI_CHAT_MODEL: model } = deps.config;
  const llm: LlmBrain | null =
    deps.brain !== 'deterministic' && baseURL && model
      ? createLlmBrain({
          OPENAI_BASE_URL: baseURL,
          OPENAI_API_KEY: deps.config.OPENAI_API_KEY,
          OPENAI_TIMEOUT_MS: deps.config.OPENAI_TIMEOUT_MS ?? 20_000,
          model,
          log: deps.log,
          guard: deps.modelGuard ?? ledgerModelGuard(deps.db, { allowedLinkHosts: deps.config.JINQIU_MODEL_LINK_HOSTS, officePhone: deps.config.JINQIU_OFFICE_PHONE }),
        })
      : null;
  const freeText: FreeTextBrain | undefined = llm ? (t, cls) => llmFreeText(llm, t, cls) : undefined;

  const queues = new Map<string, Promise<unknown>>();
  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = queues.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }

  /**
   * Staff talking among themselves in their group, without @: a /command is for the bot, and so is a
   * ledger question its parser understood completely; everything else is left alone, silently.
   */
  async function unaddressedStaffTurn(ctx: ChatContext): Promise<TurnResult> {
    return (await env.staff.routeUnaddressed(ctx)) ?? { replies: [], intent: 'ignored' };
  }

  async function staffTurn(ctx: ChatContext): Promise<TurnResult> {
    const done = await env.staff.route(ctx);
    if (done) return done;
    if (llm) {
      const r = await llmStaffTurn(llm, env, ctx);
      if (r) return r;
    }
    const cls = classify(ctx.msg.text);
    if (cls.intent === 'policy') {
      const a = await askPolicy(env, env.policy, ctx.msg.text, ctx.actor);
      if (a) return { replies: [policyReply(a)], intent: 'policy' };
    }
    if (cls.intent === 'greeting') return { replies: [text('您好！需要什么，直接说或发 /帮助。')], intent: 'greeting' };
    return { replies: [text(`我没看懂这句话。\n${env.staff.help(ctx)}`)], intent: 'staff_help' };
  }

  /**
   * The rate limits, before anything is written or transcribed for the sender. Words of danger from a
   * bound person always go through; a stranger over the limit is told whom to call.
   */
  async function gate(msg: InboundMessage, now: Date): Promise<TurnResult | null> {
    const known = await knownKind(env.db, msg);
    const urgent = detectDanger(msg.text);
    if (urgent && known && known !== 'unknown') return null;
    const admitted = await inbound.admit(msg, known, now);
    if (admitted === 'ok') return null;
    return { replies: admitted === 'warn' ? [text(R.busy(env.office, !!urgent))] : [], intent: 'busy' };
  }

  async function turn(msg: InboundMessage, now: Date, given?: Addressing, admitted = false): Promise<TurnResult> {
    const addressing = given ?? (await addressingOf(env.db, msg));
    if (!addressing.forBot) return { replies: [], intent: 'ignored' };
    const { group, addressed } = addressing;
    if (!admitted) {
      const refused = await gate(msg, now);
      if (refused) return refused;
    }
    let body = msg.text.slice(0, 2000);
    if (!body.trim() && msg.voice && deps.transcribe) body = (await deps.transcribe(msg.voice)).slice(0, 2000);
    const actor = await env.db.transaction((tx) => resolveActor(tx, msg));
    const isPrivate = msg.chatKind === 'private';
    // A staff group is for staff only.
    if (group?.kind === 'staff' && actor.kind !== 'staff') return { replies: [], intent: 'ignored' };
    const key: ConversationKey = { channel: msg.channel, threadId: msg.threadId, authorId: actor.externalId };
    return serial(`${key.channel}\u0000${key.threadId}\u0000${key.authorId}`, async () => {
      const state = await env.db.transaction((tx) => loadState(tx, key));
      const ctx: ChatContext = { actor, msg: { ...msg, text: body }, ...(group ? { group } : {}), isPrivate, now };
      // Staff chatting among themselves in their group are not talking to the bot: no flood count.
      const flood = addressed ? checkFlood(state, now, floodLimit) : 'ok';
      const danger = actor.kind !== 'staff' ? detectDanger(body) : null;
      let result: TurnResult;
      if (flood !== 'ok' && !danger) {
        result = flood === 'warn' ? { replies: [text(R.floodWarning())], intent: 'flood' } : { replies: [], intent: 'flood' };
      } else if (!body.trim() && actor.kind === 'staff' && msg.attachments.some((a) => a.kind === 'file')) {
        // A staff member's file is most likely a ledger to import: their skills look at it (in their
        // group only when the bot is addressed; files staff share among themselves are left alone).
        result = addressed ? await staffTurn(ctx) : await unaddressedStaffTurn(ctx);
      } else if (!body.trim()) {
        result = msg.attachments.some((a) => a.kind === 'file')
          ? { replies: [text('收到您的文件。这类文件我暂时打不开，请用文字或语音说一下您的事情，工作人员会帮您处理。')], intent: 'unknown' }
          : { replies: [text('我现在只看得懂文字和语音。请用文字或语音告诉我，或者回复“菜单”。')], intent: 'unknown' };
      } else if (actor.kind === 'staff') {
        result = addressed ? await staffTurn(ctx) : await unaddressedStaffTurn(ctx);
      } else {
        const t: ElderTurn = { env, ctx, state, text: body };
        result = danger ? await handleDanger(t, danger, dangerIntent(danger.kind)) : await elderTurn(t, freeText);
      }
      state.lastIntent = result.intent;
      if (actor.kind !== 'staff') rememberTopic(state, result, body, now);
      await env.db.transaction((tx) => saveState(tx, key, state));
      return actor.accountId ? { ...result, accountId: actor.accountId } : result;
    });
  }

  return {
    async admit(msg) {
      return gate(msg, clock());
    },
    async handle(msg, addressing, opts) {
      const now = clock();
      try {
        return await turn(msg, now, addressing, opts?.admitted ?? false);
      } catch (e) {
        if (isJinqiuError(e) && e.code === 'INPUT_INVALID') throw e;
        env.log.error({ err: e, channel: msg.channel, thread: msg.threadId }, 'agent turn failed');
        const danger = detectDanger(msg.text);
        const tail = danger ? '情况紧急请马上打电话：报警 110，急救 120。' : '';
        return { replies: [text(`抱歉，系统出了点问题，请稍后再试。${tail}急事请打${env.office.name}电话：${env.office.phone}。`)], intent: 'error' };
      }
    },
  };
}
