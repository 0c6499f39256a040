import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';
import type { Attachment, InboundMessage } from '../../chat/message.ts';

/** The part of a Telegram message worth downloading: a voice note or an audio file. */
export interface VoiceRef {
  fileId: string;
  mimeType: string;
  durationSec?: number;
  fileSize?: number;
}

/**
 * A Telegram message as a neutral InboundMessage (voice bytes are fetched separately, and only when the
 * message is addressed to the bot). In groups the bot is addressed by @username, a reply to one of its
 * messages, a text mention, or a /command that is not meant for another bot.
 */
export function fromTelegram(m: Message, me: UserFromGetMe, receivedAt = new Date()): { msg: InboundMessage; voiceRef?: VoiceRef } {
  const isPrivate = m.chat.type === 'private';
  const raw = m.text ?? m.caption ?? '';
  const entities = m.entities ?? m.caption_entities ?? [];
  const mentionsBot = isPrivate || addressesBot(raw, entities, m, me);
  const text = stripOwnMention(raw, me).trim();
  const attachments: Attachment[] = [];
  if (m.sticker) attachments.push({ kind: 'sticker', name: m.sticker.emoji });
  if (m.location || m.venue) attachments.push({ kind: 'location', name: m.venue?.title });
  if (m.photo) attachments.push({ kind: 'image', mimeType: 'image/jpeg' });
  if (m.document) attachments.push({ kind: 'file', name: m.document.file_name, mimeType: m.document.mime_type, ...(m.document.file_size ? { size: m.document.file_size } : {}) });
  if (m.video || m.video_note || m.animation) attachments.push({ kind: 'video' });
  if (m.contact || m.poll || m.dice || m.game) attachments.push({ kind: 'other' });
  const v = m.voice ?? m.audio;
  const voiceRef = v ? { fileId: v.file_id, mimeType: v.mime_type ?? 'audio/ogg', durationSec: v.duration, fileSize: v.file_size } : undefined;
  const from = m.from;
  const name = from ? [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username : m.chat.title;
  return {
    msg: {
      id: `${m.chat.id}:${m.message_id}`,
      channel: 'telegram',
      threadId: String(m.chat.id),
      chatKind: isPrivate ? 'private' : 'group',
      author: { id: String(from?.id ?? m.chat.id), ...(name ? { name } : {}) },
      text,
      attachments,
      mentionsBot,
      ...(m.reply_to_message ? { replyTo: String(m.reply_to_message.message_id) } : {}),
      receivedAt,
      raw: m,
    },
    voiceRef,
  };
}

function addressesBot(text: string, entities: MessageEntity[], m: Message, me: UserFromGetMe): boolean {
  if (m.reply_to_message?.from?.id === me.id) return true;
  const handle = `@${me.username}`.toLowerCase();
  for (const e of entities) {
    // Telegram offsets count UTF-16 code units, as String#slice does.
    const part = text.slice(e.offset, e.offset + e.length);
    if (e.type === 'mention' && part.toLowerCase() === handle) return true;
    if (e.type === 'text_mention' && e.user.id === me.id) return true;
    if (e.type === 'bot_command' && e.offset === 0) {
      const at = part.indexOf('@');
      if (at < 0 || part.slice(at).toLowerCase() === handle) return true;
    }
  }
  return false;
}

function stripOwnMention(text: string, me: UserFromGetMe): string {
  const re = new RegExp(`@${me.username}\\b`, 'gi');
  return text.replace(re, '').replace(/\s{2,}/g, ' ');
}
