import type { Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';
import { markReachable } from '../people/accounts.ts';

/**
 * Records an inbound message id; false when it was seen before (platforms redeliver after timeouts).
 * When `privateAuthor` is given, a first delivery also clears that account's unreachable flag: someone
 * who writes to the bot has evidently not blocked it (any more).
 */
export async function firstDelivery(db: Queryable, channel: Channel, messageId: string, privateAuthor?: string): Promise<boolean> {
  const r = await db.query(`INSERT INTO inbound_messages (channel, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [channel, messageId]);
  const first = (r.rowCount ?? 0) > 0;
  if (first && privateAuthor !== undefined) await markReachable(db, channel, privateAuthor);
  return first;
}
