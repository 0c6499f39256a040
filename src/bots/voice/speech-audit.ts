import type { InboundMessage } from '../../chat/message.ts';
import type { Queryable } from '../../db/types.ts';
import { writeAudit } from '../../privacy/audit.ts';

/**
 * A voice message sent for transcription, or a reply turned into speech, is personal data handed to a
 * speech engine (often a remote endpoint): each request is audited before it is made, with who spoke
 * or is spoken to, which way, and how much.
 */
export async function auditSpeech(
  db: Queryable,
  msg: InboundMessage,
  kind: 'transcribe' | 'synthesize',
  what: { bytes?: number; chars?: number; mimeType?: string; format?: string },
): Promise<void> {
  await writeAudit(db, {
    actor: `${msg.channel}:${msg.author.id}`,
    action: `speech.${kind}`,
    channel: msg.channel,
    query: { thread: msg.threadId, chatKind: msg.chatKind, ...what },
    rowCount: 1,
  });
}
