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

/**
 * What a proactive send is for, when it is a scheduled greeting. Channels that cannot send free text
 * proactively (服务号 模板消息, SMS and voice templates) fill their approved templates from `params`.
 */
export interface SendContext {
  purpose: 'greeting';
  /** The plan or campaign key: birthday, festival:中秋, campaign:12 … */
  occasion: string;
  /** Short values: 称呼, 姓名, 场合, 日期 (and 内容, the whole greeting). */
  params: Record<string, string>;
}

/** Proactive sending (greetings, notices). Channel adapters implement it behind their rate limits. */
export interface Sender {
  send(target: SendTarget, messages: OutboundMessage[], context?: SendContext): Promise<SendOutcome>;
}
