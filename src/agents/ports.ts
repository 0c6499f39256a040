import type { Channel, InboundMessage, OutboundMessage } from '../bots/message.ts';
import type { TurnResult } from './agent.ts';
import type { Queryable } from '../db/types.ts';

export type StaffRole = 'admin' | 'staff' | 'liaison';

/** How a role is named to people (CLI output, the simulator's identity list). */
export const STAFF_ROLE_LABEL: Record<StaffRole, string> = { admin: '管理员', staff: '工作人员', liaison: '联络员' };

/** Who is speaking, as proven by a binding (never by what they say). */
export interface Actor {
  kind: 'unknown' | 'elder' | 'family' | 'staff';
  channel: Channel;
  externalId: string;
  /** channel_accounts.id; null only for transient identities that have no row yet. */
  accountId: number | null;
  displayName?: string;
  /** For elder and family: the elder they are bound to. */
  elderId?: number;
  /** For staff. */
  staffId?: number;
  role?: StaffRole;
  /** Towns a non-admin staff member covers. */
  towns?: string[];
}

/** An elder, or a family member, proven to be bound to an elder: the people cases are opened for. */
export function isBound(actor: Actor): boolean {
  return (actor.kind === 'elder' || actor.kind === 'family') && !!actor.elderId;
}

export interface GroupInfo {
  id: number;
  kind: 'staff' | 'elder';
  towns: string[];
}

export interface ChatContext {
  actor: Actor;
  msg: InboundMessage;
  /** Set when the message came from a registered group. */
  group?: GroupInfo;
  isPrivate: boolean;
  /** "Today" for date words (本月, 下周); injectable for tests and `--today`. */
  now: Date;
}

/**
 * A capability the staff side of the agent can route to (ledger questions, visits, records …).
 * Returns null when the message is not for it, so the router can try the next one.
 */
export interface StaffSkill {
  readonly name: string;
  handle(ctx: ChatContext): Promise<TurnResult | null>;
}

export interface Citation {
  title: string;
  docNumber: string | null;
  article: string | null;
  text: string;
  score: number;
}

export interface PolicyAnswer {
  answer: string;
  grounded: boolean;
  citations: Citation[];
}

/** Answers a policy question from the knowledge base (deterministic or LLM-composed, always cited). */
export interface PolicyAnswerer {
  answer(question: string): Promise<PolicyAnswer>;
}

/** Tells the staff groups covering these towns (null: every staff group) about something. */
export interface StaffNotifier {
  notify(towns: string[] | null, messages: OutboundMessage[]): Promise<void>;
}

/**
 * A StaffNotifier that can write inside the caller's transaction (the outbox in src/agents/notices.ts):
 * the agent then records a case and its staff notice atomically, so a notice can never be lost.
 */
export interface TransactionalStaffNotifier extends StaffNotifier {
  notifyIn(tx: Queryable, towns: string[] | null, messages: OutboundMessage[], opts?: { caseId?: number }): Promise<void>;
}

export function isTransactionalNotifier(n: StaffNotifier): n is TransactionalStaffNotifier {
  return typeof (n as Partial<TransactionalStaffNotifier>).notifyIn === 'function';
}
