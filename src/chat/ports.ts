import type { InboundMessage, OutboundMessage } from './message.ts';
import type { Actor, GroupInfo } from './actor.ts';
import type { TurnResult } from './turn.ts';
import type { Queryable } from '../db/types.ts';

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
