import type { Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';

/**
 * Records an inbound message id; false when it was seen before (platforms redeliver after timeouts).
 * When `privateAuthor` is given, the same round trip clears that account's unreachable flag: someone
 * who writes to the bot has evidently not blocked it (any more).
 */
export async function firstDelivery(db: Queryable, channel: Channel, messageId: string, privateAuthor?: string): Promise<boolean> {
  const r = await db.query<{ first: number }>(
    `WITH ins AS (
       INSERT INTO inbound_messages (channel, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1),
     reach AS (
       UPDATE channel_accounts SET unreachable = false
        WHERE $3::text IS NOT NULL AND channel = $1 AND external_id = $3 AND unreachable AND EXISTS (SELECT 1 FROM ins)
        RETURNING 1)
     SELECT (SELECT count(*) FROM ins)::int AS first, (SELECT count(*) FROM reach)::int AS reached`,
    [channel, messageId, privateAuthor ?? null],
  );
  return (r.rows[0]?.first ?? 0) > 0;
}
