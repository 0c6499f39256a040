import type { Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';

/** The living elders the planner looks at; only what a greeting needs. */
export interface ElderForPlan {
  id: number;
  name: string;
  gender: string | null;
  birth_date: string;
  lunar_birthday: boolean;
  town: string | null;
  party_member: boolean | null;
}

export async function livingElders(db: Queryable, ids?: number[]): Promise<ElderForPlan[]> {
  const { rows } = await db.query<ElderForPlan>(
    `SELECT id, name, gender, birth_date, lunar_birthday, town, party_member FROM elders
     WHERE status = '在世' AND ($1::bigint[] IS NULL OR id = ANY($1)) ORDER BY id`,
    [ids ?? null],
  );
  return rows;
}

export interface Reach {
  accountId: number;
  channel: Channel;
  via: 'elder' | 'family';
}

/** Channels a proactive message can go out on ('cli' is a terminal, not a chat). */
const SENDABLE: Channel[] = ['wechat', 'telegram', 'web'];

/**
 * How each elder can be reached: their own bound account first, else a bound family member who can pass
 * the greeting on. Unreachable (blocked) accounts are never chosen. No entry means staff should call.
 */
export async function reachableAccounts(db: Queryable): Promise<Map<number, Reach>> {
  const { rows } = await db.query<{ id: number; channel: Channel; kind: 'elder' | 'family'; elder_id: number }>(
    `SELECT id, channel, kind, elder_id FROM channel_accounts
     WHERE kind IN ('elder', 'family') AND NOT unreachable AND channel = ANY($1)
     ORDER BY elder_id, (kind = 'elder') DESC, (channel = 'wechat') DESC, bound_at DESC NULLS LAST, id`,
    [SENDABLE],
  );
  const out = new Map<number, Reach>();
  for (const r of rows) if (!out.has(r.elder_id)) out.set(r.elder_id, { accountId: r.id, channel: r.channel, via: r.kind });
  return out;
}

export interface StaffGroup {
  id: number;
  name: string | null;
  channel: Channel;
  externalId: string;
  towns: string[];
}

export async function staffGroups(db: Queryable): Promise<StaffGroup[]> {
  const { rows } = await db.query<StaffGroup>(`SELECT id, name, channel, external_id AS "externalId", towns FROM chat_groups WHERE kind = 'staff' ORDER BY id`);
  return rows;
}

/** Groups covering a town (a group with no towns covers every town). */
export function groupsForTown(groups: StaffGroup[], town: string | null): StaffGroup[] {
  return groups.filter((g) => g.towns.length === 0 || (town !== null && g.towns.includes(town)));
}
