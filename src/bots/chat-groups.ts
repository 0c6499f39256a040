import type { Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';

export interface ChatGroupInput {
  channel: Channel;
  /** Telegram: the chat id (e.g. -1001234567890); WeChat: the room id (…@chatroom). */
  externalId: string;
  name?: string;
  kind: 'staff' | 'elder';
  /** Towns whose notices the group receives; empty means all. */
  towns?: string[];
}

/**
 * Registers (or updates) a platform group: a staff group gets case notices and may use /commands
 * without @-mentioning the bot. The adapters log the ids of groups the bot is added to, for this.
 */
export async function registerChatGroup(db: Queryable, g: ChatGroupInput): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO chat_groups (channel, external_id, name, kind, towns) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel, external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, chat_groups.name), kind = EXCLUDED.kind, towns = EXCLUDED.towns
     RETURNING id`,
    [g.channel, g.externalId, g.name ?? null, g.kind, g.towns ?? []],
  );
  return Number(r.rows[0]!.id);
}
