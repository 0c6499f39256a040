import type { StaffRole } from './actor.ts';
import type { ChatContext } from './ports.ts';
import type { TurnResult } from './turn.ts';

/**
 * What the staff side of the agent offers, declared by the folders that implement it: slash commands
 * (name, aliases, who may use them, one help line) and free-text skills (a ledger question, a visit
 * told in plain words). The agent's router parses a command once, checks role and scope from the
 * actor, turns errors into kind words, and builds /帮助 from what is registered.
 */

/** Who is asking and what they may see: computed once per turn from the bound staff actor. */
export interface StaffScope {
  staffId: number;
  name: string;
  role: StaffRole;
  /** Towns the staff member covers; null for an admin (the whole county). */
  towns: string[] | null;
  /** 'YYYY-MM-DD' in the bureau's time zone, for 本月, 今天 … */
  today: string;
  /** For the audit log: 'staff:3'. */
  tag: string;
}

export interface StaffContext extends ChatContext {
  staff: StaffScope;
}

const RANK: Record<StaffRole, number> = { liaison: 0, staff: 1, admin: 2 };

export function roleAtLeast(role: StaffRole, min: StaffRole): boolean {
  return RANK[role] >= RANK[min];
}

export interface StaffCommand {
  /** Typed after the slash: /案件 */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly minRole: StaffRole;
  /** One line for /帮助, starting with the command as typed: '/案件 —— 看待处理的诉求'. */
  readonly help: string;
  /** The intent label of its replies; refusals are `${intent}_denied`. */
  readonly intent: string;
  /** Set when the command shows personal details: the words said when it is used in a group. */
  readonly privateOnly?: string;
  run(ctx: StaffContext, args: string): Promise<TurnResult>;
}

/** Free text a staff member may send; null when the message is not for this skill. */
export interface StaffSkill {
  readonly name: string;
  readonly intent: string;
  /** Example lines for /帮助. */
  readonly help?: readonly string[];
  /** Whether it may answer in a staff group when the bot was not addressed (only what it fully understands). */
  readonly unaddressed?: boolean;
  handle(ctx: StaffContext): Promise<TurnResult | null>;
}
