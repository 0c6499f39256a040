import type { Queryable } from '../db/types.ts';
import type { Channel } from './message.ts';

/** Records an inbound message id; false when it was seen before (platforms redeliver after timeouts). */
export async function firstDelivery(db: Queryable, channel: Channel, messageId: string): Promise<boolean> {
  const r = await db.query(
    'INSERT INTO inbound_messages (channel, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
    [channel, messageId],
  );
  return (r.rowCount ?? 0) > 0;
}
