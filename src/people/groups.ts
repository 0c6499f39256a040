import type { GroupInfo } from '../chat/actor.ts';
import type { Addressing } from '../chat/turn.ts';
import type { Channel, InboundMessage } from '../chat/message.ts';
import type { Queryable } from '../db/types.ts';
import { isLocalChannel } from './actor.ts';

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

/** The registered group a message came from; on local channels `group:<id>` names the row directly. */
export async function resolveGroup(q: Queryable, msg: InboundMessage): Promise<GroupInfo | undefined> {
  if (msg.chatKind !== 'group') return undefined;
  const local = isLocalChannel(msg.channel) ? /^group:(\d+)$/.exec(msg.threadId) : null;
  const r = local
    ? await q.query<GroupInfo>(`SELECT id, kind, towns FROM chat_groups WHERE id = $1`, [Number(local[1])])
    : await q.query<GroupInfo>(`SELECT id, kind, towns FROM chat_groups WHERE channel = $1 AND external_id = $2`, [msg.channel, msg.threadId]);
  return r.rows[0];
}

/** Whether the group was registered as a staff group (`jinqiu group add`). */
export async function isStaffGroup(q: Queryable, channel: Channel, externalId: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM chat_groups WHERE channel = $1 AND external_id = $2 AND kind = 'staff'`, [channel, externalId]);
  return (r.rowCount ?? 0) > 0;
}

/** A staff group that exists from the start (the simulator's, the demo's); an existing row is left as it is. */
export async function ensureStaffGroup(q: Queryable, g: { channel: Channel; externalId: string; name: string }): Promise<void> {
  await q.query(
    `INSERT INTO chat_groups (channel, external_id, name, kind, towns) VALUES ($1, $2, $3, 'staff', '{}')
     ON CONFLICT (channel, external_id) DO NOTHING`,
    [g.channel, g.externalId, g.name],
  );
}

export interface GroupRow {
  id: number;
  channel: string;
  external_id: string;
  name: string | null;
  kind: string;
  towns: string[];
}

export async function listGroups(q: Queryable): Promise<GroupRow[]> {
  const r = await q.query<GroupRow>('SELECT id, channel, external_id, name, kind, towns FROM chat_groups ORDER BY id');
  return r.rows;
}

/** A group named by its row id, platform id or name. */
export async function findGroupId(q: Queryable, ref: string): Promise<number | null> {
  const byId = /^\d+$/.test(ref);
  const r = await q.query<{ id: number }>(
    byId ? `SELECT id FROM chat_groups WHERE id = $1` : `SELECT id FROM chat_groups WHERE external_id = $1 OR name = $1 ORDER BY id LIMIT 1`,
    [byId ? Number(ref) : ref],
  );
  return r.rows[0]?.id ?? null;
}

export interface StaffGroup {
  id: number;
  name: string | null;
  channel: Channel;
  externalId: string;
  towns: string[];
}

export async function staffGroups(q: Queryable): Promise<StaffGroup[]> {
  const { rows } = await q.query<StaffGroup>(`SELECT id, name, channel, external_id AS "externalId", towns FROM chat_groups WHERE kind = 'staff' ORDER BY id`);
  return rows;
}

/** Groups covering a town (a group with no towns covers every town). */
export function groupsForTown(groups: StaffGroup[], town: string | null): StaffGroup[] {
  return groups.filter((g) => g.towns.length === 0 || (town !== null && g.towns.includes(town)));
}

/**
 * The staff groups that should hear about these towns (a group with no towns covers all); when none
 * covers them, every staff group, since a notice nobody reads is worse than one too many.
 */
export async function staffGroupIdsFor(q: Queryable, towns: string[] | null): Promise<number[]> {
  const wanted = towns?.filter(Boolean) ?? null;
  const groups = await q.query<{ id: number }>(
    `SELECT id FROM chat_groups WHERE kind = 'staff'
       AND ($1::text[] IS NULL OR cardinality(towns) = 0 OR towns && $1::text[]) ORDER BY id`,
    [wanted && wanted.length ? wanted : null],
  );
  if (groups.rows.length) return groups.rows.map((g) => g.id);
  return (await q.query<{ id: number }>(`SELECT id FROM chat_groups WHERE kind = 'staff' ORDER BY id`)).rows.map((g) => g.id);
}

/** Whether a message is for the bot (see Addressing): one group lookup, for group messages only. */
export async function addressingOf(q: Queryable, msg: InboundMessage): Promise<Addressing> {
  if (msg.chatKind === 'private') return { forBot: true, addressed: true };
  const group = await resolveGroup(q, msg);
  if (!group) return { forBot: false, addressed: msg.mentionsBot };
  return { forBot: msg.mentionsBot || group.kind === 'staff', addressed: msg.mentionsBot, group };
}
