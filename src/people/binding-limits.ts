import type { Queryable } from '../db/types.ts';

/**
 * Binding tries counted across accounts (the per-account lock is in binding.ts). A stranger can open
 * as many accounts as they like, so wrong tries are also counted per elder (by the name a try named,
 * from any account, within a day) and per channel (within an hour). Both windows slide: a lock ends
 * a window's length after the oldest of the tries that make it up.
 */
export const ELDER_WINDOW_MS = 24 * 3600_000;
export const CHANNEL_WINDOW_MS = 3600_000;

export interface BindLimits {
  /** Wrong tries naming one elder within ELDER_WINDOW_MS before that name is locked. */
  perElder: number;
  /** Wrong tries on one channel within CHANNEL_WINDOW_MS before binding there pauses. */
  perChannel: number;
}

/** The times of the wrong tries that count, newest first, at most `max` of them. */
async function recentFailTimes(q: Queryable, where: { name: string } | { channel: string }, since: Date, max: number): Promise<Date[]> {
  const r =
    'name' in where
      ? await q.query<{ at: Date }>(
          `SELECT at FROM binding_attempts WHERE target_name = $1 AND NOT ok AND at > $2 ORDER BY at DESC LIMIT $3`,
          [where.name, since, max],
        )
      : await q.query<{ at: Date }>(
          `SELECT b.at FROM binding_attempts b JOIN channel_accounts a ON a.id = b.account_id
            WHERE a.channel = $1 AND NOT b.ok AND b.at > $2 ORDER BY b.at DESC LIMIT $3`,
          [where.channel, since, max],
        );
  return r.rows.map((x) => new Date(x.at));
}

async function until(q: Queryable, where: { name: string } | { channel: string }, now: Date, max: number, windowMs: number): Promise<Date | null> {
  const times = await recentFailTimes(q, where, new Date(now.getTime() - windowMs), max);
  return times.length >= max ? new Date(times[max - 1]!.getTime() + windowMs) : null;
}

/** Until when binding by name and digits for this name is locked; null when it is not. */
export function nameLockedUntil(q: Queryable, name: string, now: Date, limits: BindLimits): Promise<Date | null> {
  return until(q, { name }, now, limits.perElder, ELDER_WINDOW_MS);
}

/** Until when every binding try on this channel waits; null when it does not. */
export function channelPausedUntil(q: Queryable, channel: string, now: Date, limits: BindLimits): Promise<Date | null> {
  return until(q, { channel }, now, limits.perChannel, CHANNEL_WINDOW_MS);
}

/** How many wrong tries named this name in the last day, and from how many accounts and channels. */
export async function nameFailures(q: Queryable, name: string, now: Date): Promise<{ tries: number; accounts: number; channels: string[] }> {
  const r = await q.query<{ tries: number; accounts: number; channels: string[] }>(
    `SELECT count(*)::int AS tries, count(DISTINCT b.account_id)::int AS accounts, coalesce(array_agg(DISTINCT a.channel), '{}') AS channels
       FROM binding_attempts b JOIN channel_accounts a ON a.id = b.account_id
      WHERE b.target_name = $1 AND NOT b.ok AND b.at > $2`,
    [name, new Date(now.getTime() - ELDER_WINDOW_MS)],
  );
  return r.rows[0]!;
}

/** Wrong tries on a channel in the last hour, and from how many accounts. */
export async function channelFailures(q: Queryable, channel: string, now: Date): Promise<{ tries: number; accounts: number }> {
  const r = await q.query<{ tries: number; accounts: number }>(
    `SELECT count(*)::int AS tries, count(DISTINCT b.account_id)::int AS accounts
       FROM binding_attempts b JOIN channel_accounts a ON a.id = b.account_id
      WHERE a.channel = $1 AND NOT b.ok AND b.at > $2`,
    [channel, new Date(now.getTime() - CHANNEL_WINDOW_MS)],
  );
  return r.rows[0]!;
}

/** The towns of the living elders of this name (empty when the ledger has nobody by it). */
export async function townsOfElderName(q: Queryable, name: string): Promise<{ elders: number; towns: string[] }> {
  const r = await q.query<{ town: string | null }>(`SELECT town FROM elders WHERE name = $1 AND status = '在世'`, [name]);
  return { elders: r.rows.length, towns: [...new Set(r.rows.map((x) => x.town).filter((t): t is string => !!t))] };
}

/**
 * Serialises binding tries of one channel (and so of every name tried on it) until the transaction
 * ends: tries sent at once from many accounts are counted one after another, never past a limit.
 */
export async function lockBindingScope(tx: Queryable, channel: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`jinqiu:binding:${channel}`]);
}
