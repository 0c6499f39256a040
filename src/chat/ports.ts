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

export interface Citation {
  title: string;
  docNumber: string | null;
  article: string | null;
  text: string;
  score: number;
}

export interface PolicyAnswer {
  /** Plain answer first, then the quotation and its source. */
  answer: string;
  grounded: boolean;
  citations: Citation[];
  /** What a voice reply reads: the plain answer and the source name, never the whole article. */
  spoken?: string;
  /** Grounded, but on little support: answered, and kept among the knowledge gaps. */
  weak?: boolean;
}

export interface PolicyAskOptions {
  /** Who asked, as an actor tag (elder:12, family:3, staff:2, unknown): kept with a question the knowledge base could not answer. */
  asker?: string;
}

/** Answers a policy question from the knowledge base (deterministic or LLM-composed, always cited). */
export interface PolicyAnswerer {
  answer(question: string, opts?: PolicyAskOptions): Promise<PolicyAnswer>;
}

/**
 * The staff-notice outbox as the agent, the jobs and the channels see it. A notice is a row written
 * inside the caller's transaction, so a case and its notice commit together or not at all; the
 * channels' dispatcher sends the rows later.
 */
export interface NoticeOutbox {
  /** For the staff groups covering these towns (null: every staff group). */
  toStaff(tx: Queryable, towns: string[] | null, messages: OutboundMessage[], opts?: { caseId?: number }): Promise<void>;
  /** For one person's private chat (e.g. "your case is closed"). */
  toAccount(tx: Queryable, accountId: number, messages: OutboundMessage[], opts?: { caseId?: number; now?: Date }): Promise<void>;
}
