import type { InboundMessage, OutboundMessage } from './message.ts';

export interface TurnResult {
  replies: OutboundMessage[];
  /** policy | jieyou | legal | life_event | greeting | help | unknown | staff_* … */
  intent: string;
  /** The case number created or updated by this turn, if any (e.g. JY-2026-0001). */
  caseId?: string;
  /** channel_accounts.id of the speaker, when known (lets callers pick up notices addressed to them). */
  accountId?: number;
}

/** One brain: takes a neutral message, answers it. Adapters, the simulator and `jinqiu chat` all call this. */
export interface Agent {
  handle(msg: InboundMessage): Promise<TurnResult>;
}
