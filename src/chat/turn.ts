import type { GroupInfo } from './actor.ts';
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

/**
 * Whether a message is the bot's business, decided once per message before anything is downloaded:
 * private chats always; in a registered group when the bot is @-mentioned, and in a staff group also
 * when it is not (staff may ask there without @; the agent answers only what is clearly for it).
 */
export interface Addressing {
  forBot: boolean;
  /** @-mentioned, replied to, or a private chat. */
  addressed: boolean;
  /** The registered group the message came from. */
  group?: GroupInfo;
}

/** One brain: takes a neutral message, answers it. Adapters, the simulator and `jinqiu chat` all call this. */
export interface Agent {
  /**
   * `addressing` as the channel already decided it; without it the agent decides. `admitted`: the
   * channel already asked `admit` for this message, so it is not counted twice.
   */
  handle(msg: InboundMessage, addressing?: Addressing, opts?: { admitted?: boolean }): Promise<TurnResult>;
  /**
   * The rate limits alone, for a channel to ask before it downloads or transcribes a voice: null when
   * the message may go on, else the turn that answers it (a kind word, or nothing).
   */
  admit?(msg: InboundMessage): Promise<TurnResult | null>;
}
