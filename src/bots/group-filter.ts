import type { Queryable } from '../db/types.ts';
import type { Channel, InboundMessage } from '../chat/message.ts';

/**
 * In groups the bot speaks only when addressed, except in a registered staff group, where staff may ask
 * a ledger question or give a /command without @ (the agent decides what in there is meant for it).
 */
export async function worthHandling(db: Queryable, msg: InboundMessage): Promise<boolean> {
  if (msg.chatKind === 'private' || msg.mentionsBot) return true;
  return isStaffGroup(db, msg.channel, msg.threadId);
}

/** Whether the group was registered as a staff group (`jinqiu group add`). */
export async function isStaffGroup(db: Queryable, channel: Channel, externalId: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM chat_groups WHERE channel = $1 AND external_id = $2 AND kind = 'staff'`, [channel, externalId]);
  return (r.rowCount ?? 0) > 0;
}
