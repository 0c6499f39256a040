import type { Channel, OutboundMessage } from './message.ts';

export interface SendTarget {
  channel: Channel;
  /** The chat to send into: a private chat id or a group id on that channel. */
  threadId: string;
  chatKind: 'private' | 'group';
}

export type SendOutcome =
  | { ok: true; messageIds?: string[] }
  /** permanent: the bot was blocked, the account is gone … never retried. retryAfterMs: honour the platform's wait. */
  | { ok: false; permanent: boolean; reason: string; retryAfterMs?: number };

/** Proactive sending (greetings, notices). Channel adapters implement it behind their rate limits. */
export interface Sender {
  send(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome>;
}
