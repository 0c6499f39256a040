import { z } from 'zod';

/**
 * The channel-neutral message every adapter translates to and from. wechat: a personal account through
 * Wechaty; wechat_oa: the bureau's 服务号; wecom: the 企业微信 自建应用 (staff); wecom_robot: a 群机器人
 * webhook (send-only, staff groups); sms and voice_call: the ledger's phone number (send-only).
 */
export const channelSchema = z.enum(['wechat', 'telegram', 'web', 'cli', 'wechat_oa', 'wecom', 'wecom_robot', 'sms', 'voice_call']);
export type Channel = z.infer<typeof channelSchema>;

export interface Attachment {
  kind: 'image' | 'file' | 'sticker' | 'location' | 'video' | 'other';
  name?: string;
  mimeType?: string;
  /** Bytes, when the adapter already has them. */
  data?: Buffer;
  /** Size in bytes as the platform reports it (checked before downloading). */
  size?: number;
  /** Downloads the bytes: only the skill that wants the file calls it (a staff member's ledger file). */
  load?: () => Promise<Buffer>;
}

export interface VoiceInput {
  data: Buffer;
  /** e.g. audio/ogg (Telegram), audio/silk (WeChat), audio/amr (服务号, WeCom), audio/webm (browser) */
  mimeType: string;
  durationSec?: number;
  /** What the platform's own recogniser heard (the 服务号's 语音识别), used when ours is not configured. */
  platformTranscript?: string;
}

export interface InboundMessage {
  /** Unique per channel; the same update delivered twice carries the same id. */
  id: string;
  channel: Channel;
  /** The chat: a private chat with one person, or a group. */
  threadId: string;
  chatKind: 'private' | 'group';
  author: { id: string; name?: string };
  text: string;
  voice?: VoiceInput;
  attachments: Attachment[];
  /** In a group: the bot was @-mentioned, replied to, or given a /command. Always true in private chats. */
  mentionsBot: boolean;
  replyTo?: string;
  receivedAt: Date;
  raw?: unknown;
}

export type OutboundMessage =
  // `spoken`: what a voice reply reads instead of the text (a policy answer's plain answer and source).
  | { kind: 'text'; text: string; spoken?: string }
  | { kind: 'image'; data: Buffer; mimeType: string; caption?: string }
  | { kind: 'file'; data: Buffer; filename: string; mimeType: string; caption?: string }
  | { kind: 'voice'; data: Buffer; mimeType: string; durationSec?: number };

export function text(t: string): OutboundMessage {
  return { kind: 'text', text: t };
}
