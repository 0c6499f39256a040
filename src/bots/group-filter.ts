import type { Queryable } from '../db/types.ts';
import type { InboundMessage } from '../chat/message.ts';
import { isStaffGroup } from '../people/groups.ts';

/**
 * In groups the bot speaks only when addressed, except in a registered staff group, where staff may ask
 * a ledger question or give a /command without @ (the agent decides what in there is meant for it).
 */
export async function worthHandling(db: Queryable, msg: InboundMessage): Promise<boolean> {
  if (msg.chatKind === 'private' || msg.mentionsBot) return true;
  return isStaffGroup(db, msg.channel, msg.threadId);
}
