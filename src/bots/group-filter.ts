import type { Queryable } from '../db/types.ts';
import type { InboundMessage } from './message.ts';

/**
 * In groups the bot speaks only when addressed, except in a registered staff group, where staff may ask
 * a ledger question or give a /command without @ (the agent decides what in there is meant for it).
 */
export async function worthHandling(db: Queryable, msg: InboundMessage): Promise<boolean> {
  if (msg.chatKind === 'private' || msg.mentionsBot) return true;
  const r = await db.query(`SELECT 1 FROM chat_groups WHERE channel = $1 AND external_id = $2 AND kind = 'staff'`, [msg.channel, msg.threadId]);
  return (r.rowCount ?? 0) > 0;
}
