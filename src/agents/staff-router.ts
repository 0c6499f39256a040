import { text } from '../chat/message.ts';
import type { ChatContext } from '../chat/ports.ts';
import { roleAtLeast, type StaffCommand, type StaffContext, type StaffScope, type StaffSkill } from '../chat/staff-command.ts';
import type { TurnResult } from '../chat/turn.ts';
import { isJinqiuError } from '../kernel/errors.ts';
import type { Logger } from '../kernel/logger.ts';
import { todayIn } from '../kernel/time.ts';

/**
 * The staff side's one entry: slash commands are parsed here once, role and towns come from the
 * actor the turn already resolved (people checked the binding and that the staff member is active),
 * a skill's or command's error becomes its kind words here, and /帮助 lists what is registered.
 */
export interface StaffRouter {
  /** A reply, or null when neither a command nor a skill takes the message. */
  route(ctx: ChatContext): Promise<TurnResult | null>;
  /** Only what a staff member may say in their group without @: commands, and skills that allow it. */
  routeUnaddressed(ctx: ChatContext): Promise<TurnResult | null>;
  help(ctx: ChatContext): string;
}

const HELP_WORDS = new Set(['帮助', 'help', 'start', '命令']);
const ROLE_WORD = { admin: '管理员', staff: '工作人员', liaison: '联络员' } as const;

/**
 * "/查询 …" → ['查询', '…']; a full-width slash and a "@bot" suffix are accepted. The arguments stay as
 * written (a greeting's full-width punctuation is the greeting).
 */
export function parseSlash(raw: string): { cmd: string; args: string } | null {
  const m = /^[/／]\s*([^\s@/／＠]+)(?:[@＠]\S+)?\s*([\s\S]*)$/.exec(raw.trim());
  return m ? { cmd: m[1]!.normalize('NFKC'), args: m[2]!.trim() } : null;
}

/** The scope of a bound staff actor; null for anyone else (or a staff actor with no staff row). */
export function staffScopeOf(ctx: ChatContext, timeZone: string): StaffScope | null {
  const a = ctx.actor;
  if (a.kind !== 'staff' || !a.staffId || !a.role) return null;
  return {
    staffId: a.staffId,
    name: a.displayName ?? '',
    role: a.role,
    towns: a.role === 'admin' ? null : (a.towns ?? []),
    today: todayIn(timeZone, ctx.now),
    tag: `staff:${a.staffId}`,
  };
}

export function createStaffRouter(opts: { commands: StaffCommand[]; skills: StaffSkill[]; timeZone: string; log?: Logger }): StaffRouter {
  const byName = new Map<string, StaffCommand>();
  for (const c of opts.commands) {
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      if (byName.has(n) || HELP_WORDS.has(n)) throw new Error(`staff command /${n} is registered twice`);
      byName.set(n, c);
    }
  }

  function help(ctx: ChatContext): string {
    const role = ctx.actor.role ?? 'liaison';
    const lines = opts.commands.filter((c) => roleAtLeast(role, c.minRole)).map((c) => c.help);
    const examples = opts.skills.flatMap((s) => s.help ?? []);
    return ['工作人员可用的命令：', ...lines, ...(examples.length ? ['也可以直接说，例如：', ...examples] : []), '/帮助 —— 看这份说明'].join('\n');
  }

  /** A command's or skill's refusal or input error, told kindly; anything else is a real failure. */
  async function guarded(intent: string, fn: () => Promise<TurnResult | null>): Promise<TurnResult | null> {
    try {
      return await fn();
    } catch (e) {
      if (!isJinqiuError(e)) throw e;
      opts.log?.info({ code: e.code, intent }, 'staff request refused');
      return { replies: [text(e.userMessage)], intent: e.code === 'FORBIDDEN' ? `${intent}_denied` : `${intent}_error` };
    }
  }

  async function command(ctx: ChatContext, slash: { cmd: string; args: string }): Promise<TurnResult> {
    if (HELP_WORDS.has(slash.cmd)) return { replies: [text(help(ctx))], intent: 'staff_help' };
    const cmd = byName.get(slash.cmd);
    if (!cmd) return { replies: [text(`没有“/${slash.cmd}”这个命令。\n${help(ctx)}`)], intent: 'staff_help' };
    const scope = staffScopeOf(ctx, opts.timeZone);
    const deny = (t: string): TurnResult => ({ replies: [text(t)], intent: `${cmd.intent}_denied` });
    if (!scope) return deny('抱歉，这个命令只有绑定过的工作人员才能用。');
    if (!roleAtLeast(scope.role, cmd.minRole)) return deny(`抱歉，/${cmd.name} 只有${ROLE_WORD[cmd.minRole]}${cmd.minRole === 'admin' ? '' : '以上'}才能用。`);
    if (cmd.privateOnly && !ctx.isPrivate) return deny(cmd.privateOnly);
    return (await guarded(cmd.intent, () => cmd.run({ ...ctx, staff: scope }, slash.args)))!;
  }

  async function skills(ctx: ChatContext, only?: (s: StaffSkill) => boolean): Promise<TurnResult | null> {
    const scope = staffScopeOf(ctx, opts.timeZone);
    if (!scope) return null;
    const sctx: StaffContext = { ...ctx, staff: scope };
    for (const s of opts.skills) {
      if (only && !only(s)) continue;
      const r = await guarded(s.intent, () => s.handle(sctx));
      if (r) return r;
    }
    return null;
  }

  return {
    help,
    async route(ctx) {
      const slash = parseSlash(ctx.msg.text);
      return slash ? command(ctx, slash) : skills(ctx);
    },
    async routeUnaddressed(ctx) {
      const slash = parseSlash(ctx.msg.text);
      return slash ? command(ctx, slash) : skills(ctx, (s) => !!s.unaddressed);
    },
  };
}
