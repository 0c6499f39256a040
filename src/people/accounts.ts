import type { Actor } from '../chat/actor.ts';
import type { Channel } from '../chat/message.ts';
import type { Queryable } from '../db/types.ts';
import { contactPreferences } from './contact-preferences.ts';
import { dialableOf, mobileOf } from './phone-numbers.ts';

/**
 * Channel accounts (table channel_accounts): one row per WeChat, Telegram or page identity, bound to
 * an elder, a family member of one, or a staff member once proven. This file is the only writer of
 * the table, including reachability (a blocked bot) and the wish for spoken replies.
 */
export interface AccountRow {
  id: number;
  external_id: string;
  kind: Actor['kind'];
  elder_id: number | null;
  staff_id: number | null;
  display_name: string | null;
  relation: string | null;
}

export interface AccountBinding {
  kind: Actor['kind'];
  elderId?: number | null;
  staffId?: number | null;
  displayName?: string | null;
  relation?: string | null;
}

const RETURNING = 'RETURNING id, external_id, kind, elder_id, staff_id, display_name, relation';

/**
 * The account for a channel identity, created on first sight. With `set`, the binding is written
 * too (the local channels, whose identities name the person); without it, an existing binding stays.
 */
export async function upsertAccount(tx: Queryable, channel: string, externalId: string, set: AccountBinding | null): Promise<AccountRow> {
  if (set) {
    const r = await tx.query<AccountRow>(
      `INSERT INTO channel_accounts (channel, external_id, display_name, kind, elder_id, staff_id, relation, bound_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'unknown' THEN NULL ELSE now() END)
       ON CONFLICT (channel, external_id) DO UPDATE SET kind = EXCLUDED.kind, elder_id = EXCLUDED.elder_id,
         staff_id = EXCLUDED.staff_id, relation = EXCLUDED.relation,
         display_name = COALESCE(EXCLUDED.display_name, channel_accounts.display_name),
         bound_at = COALESCE(channel_accounts.bound_at, EXCLUDED.bound_at)
       ${RETURNING}`,
      [channel, externalId, set.displayName ?? null, set.kind, set.elderId ?? null, set.staffId ?? null, set.relation ?? null],
    );
    return r.rows[0]!;
  }
  const r = await tx.query<AccountRow>(
    `INSERT INTO channel_accounts (channel, external_id) VALUES ($1, $2)
     ON CONFLICT (channel, external_id) DO UPDATE SET channel = EXCLUDED.channel
     ${RETURNING}`,
    [channel, externalId],
  );
  return r.rows[0]!;
}

/**
 * The simulator page's identities: created bound the first time, and afterwards only renamed, so a
 * binding earned on the page is not undone by picking the identity again.
 */
export async function ensureAccount(q: Queryable, channel: Channel, externalId: string, set: AccountBinding): Promise<{ voiceReply: boolean }> {
  const r = await q.query<{ voice_reply: boolean }>(
    `INSERT INTO channel_accounts (channel, external_id, display_name, kind, elder_id, staff_id, relation, bound_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'unknown' THEN NULL ELSE now() END)
     ON CONFLICT (channel, external_id) DO UPDATE SET display_name = EXCLUDED.display_name
     RETURNING voice_reply`,
    [channel, externalId, set.displayName ?? null, set.kind, set.elderId ?? null, set.staffId ?? null, set.relation ?? null],
  );
  return { voiceReply: r.rows[0]!.voice_reply };
}

/** The platform's display name, kept the first time it is seen. */
export async function setDisplayNameIfMissing(q: Queryable, accountId: number, name: string): Promise<void> {
  await q.query(`UPDATE channel_accounts SET display_name = $2 WHERE id = $1 AND display_name IS NULL`, [accountId, name.slice(0, 100)]);
}

/** Binds an account once a proof (code, or name and phone digits) was accepted. */
export async function bindAccount(tx: Queryable, accountId: number, b: { kind: 'elder' | 'family' | 'staff'; elderId?: number; staffId?: number; relation?: string | null }): Promise<void> {
  await tx.query(
    `UPDATE channel_accounts SET kind = $2, elder_id = $3, staff_id = $4, relation = $5, bound_at = now() WHERE id = $1`,
    [accountId, b.kind, b.kind === 'staff' ? null : (b.elderId ?? null), b.kind === 'staff' ? (b.staffId ?? null) : null, b.kind === 'family' ? (b.relation ?? null) : null],
  );
}

/** How a family account is related to its elder (女儿, 儿子 …), as bound. */
export async function accountRelation(q: Queryable, accountId: number): Promise<string | null> {
  const r = await q.query<{ relation: string | null }>(`SELECT relation FROM channel_accounts WHERE id = $1`, [accountId]);
  return r.rows[0]?.relation ?? null;
}

/** The person blocked the bot (or the account is gone): proactive sends skip it until they write again. */
export async function markUnreachable(q: Queryable, who: { accountId: number } | { channel: Channel; externalId: string }): Promise<void> {
  if ('accountId' in who) {
    await q.query(`UPDATE channel_accounts SET unreachable = true WHERE id = $1`, [who.accountId]);
    return;
  }
  await q.query(
    `INSERT INTO channel_accounts (channel, external_id, unreachable) VALUES ($1, $2, true)
     ON CONFLICT (channel, external_id) DO UPDATE SET unreachable = true`,
    [who.channel, who.externalId],
  );
}

/** Someone who writes to the bot has evidently not blocked it (any more). */
export async function markReachable(q: Queryable, channel: Channel, externalId: string): Promise<void> {
  await q.query(`UPDATE channel_accounts SET unreachable = false WHERE channel = $1 AND external_id = $2 AND unreachable`, [channel, externalId]);
}

/**
 * A person wrote, clicked a menu or followed (服务号): the 48-hour window for 客服消息 opens again, and
 * someone who reaches out has not blocked the bot. Creates the account on first sight.
 */
export async function noteInbound(q: Queryable, channel: Channel, externalId: string, at: Date = new Date()): Promise<void> {
  await q.query(
    `INSERT INTO channel_accounts (channel, external_id, last_inbound_at) VALUES ($1, $2, $3)
     ON CONFLICT (channel, external_id) DO UPDATE SET last_inbound_at = GREATEST(channel_accounts.last_inbound_at, EXCLUDED.last_inbound_at), unreachable = false`,
    [channel, externalId, at],
  );
}

/** Whether the person wrote (or clicked, or followed) within the last `ms`. */
export async function inboundWithin(q: Queryable, channel: Channel, externalId: string, ms: number, now: Date = new Date()): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM channel_accounts WHERE channel = $1 AND external_id = $2 AND last_inbound_at > $3`, [channel, externalId, new Date(now.getTime() - ms)]);
  return (r.rowCount ?? 0) > 0;
}

export async function isUnreachable(q: Queryable, channel: Channel, externalId: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM channel_accounts WHERE channel = $1 AND external_id = $2 AND unreachable`, [channel, externalId]);
  return (r.rowCount ?? 0) > 0;
}

export async function wantsVoiceReply(q: Queryable, channel: Channel, externalId: string): Promise<boolean> {
  const r = await q.query<{ voice_reply: boolean }>('SELECT voice_reply FROM channel_accounts WHERE channel = $1 AND external_id = $2', [channel, externalId]);
  return r.rows[0]?.voice_reply ?? false;
}

export async function setVoiceReply(q: Queryable, channel: Channel, externalId: string, on: boolean): Promise<boolean> {
  const r = await q.query('UPDATE channel_accounts SET voice_reply = $3 WHERE channel = $1 AND external_id = $2', [channel, externalId, on]);
  return (r.rowCount ?? 0) > 0;
}

export interface Reach {
  /** null for SMS and voice calls: they go to the ledger's phone number, read at send time. */
  accountId: number | null;
  channel: Channel;
  via: 'elder' | 'family';
}

export type PhoneChannel = 'sms' | 'voice_call';

/** Channels a proactive message can go out on ('cli' is a terminal, not a chat), the official 服务号 first. */
const SENDABLE: Channel[] = ['wechat_oa', 'wechat', 'wecom', 'telegram', 'web'];

/**
 * How each elder is greeted: their own bound account first, else a bound family member who can pass
 * the greeting on, else (when configured) SMS to the ledger's mobile, else a voice call, following the
 * preference staff set (elder_contact_preferences). Unreachable (blocked) accounts are never chosen.
 * No entry means staff should call.
 */
export async function reachableAccounts(q: Queryable, opts: { phoneChannels?: PhoneChannel[] } = {}): Promise<Map<number, Reach>> {
  const [chat, prefs] = await Promise.all([chatAccounts(q), contactPreferences(q)]);
  const phones = opts.phoneChannels?.length ? await elderPhones(q) : new Map<number, string | null>();
  const out = new Map<number, Reach>();
  const ids = new Set<number>([...chat.keys(), ...phones.keys()]);
  for (const id of ids) {
    const pref = prefs.get(id) ?? 'auto';
    if (pref === 'staff_call') continue;
    const phone = phones.get(id);
    const routes: Record<'chat' | 'sms' | 'voice', Reach | undefined> = {
      chat: chat.get(id),
      sms: opts.phoneChannels?.includes('sms') && mobileOf(phone) ? { accountId: null, channel: 'sms', via: 'elder' } : undefined,
      voice: opts.phoneChannels?.includes('voice_call') && dialableOf(phone) ? { accountId: null, channel: 'voice_call', via: 'elder' } : undefined,
    };
    const order = pref === 'sms' ? (['sms', 'chat', 'voice'] as const) : pref === 'voice' ? (['voice', 'chat', 'sms'] as const) : (['chat', 'sms', 'voice'] as const);
    const first = order.map((k) => routes[k]).find(Boolean);
    if (first) out.set(id, first);
  }
  return out;
}

async function elderPhones(q: Queryable): Promise<Map<number, string | null>> {
  const r = await q.query<{ id: number; phone: string | null }>(`SELECT id, phone FROM elders WHERE status = '在世' AND phone IS NOT NULL AND btrim(phone) <> ''`);
  return new Map(r.rows.map((x) => [Number(x.id), x.phone]));
}

/** Each elder's best bound chat account: their own, else a family member's. */
async function chatAccounts(q: Queryable): Promise<Map<number, Reach>> {
  const { rows } = await q.query<{ id: number; channel: Channel; kind: 'elder' | 'family'; elder_id: number }>(
    `SELECT id, channel, kind, elder_id FROM channel_accounts
     WHERE kind IN ('elder', 'family') AND NOT unreachable AND channel = ANY($1)
     ORDER BY elder_id, (kind = 'elder') DESC, array_position($1::text[], channel), bound_at DESC NULLS LAST, id`,
    [SENDABLE],
  );
  const out = new Map<number, Reach>();
  for (const r of rows) if (!out.has(r.elder_id)) out.set(r.elder_id, { accountId: r.id, channel: r.channel, via: r.kind });
  return out;
}

/** Accounts bound to the invented demo people go with them when a real ledger arrives. */
export async function removeDemoAccounts(tx: Queryable): Promise<void> {
  await tx.query(`DELETE FROM channel_accounts WHERE elder_id IN (SELECT id FROM elders WHERE demo) OR staff_id IN (SELECT id FROM staff WHERE demo)`);
}

/** The chat accounts a staff member bound (where a sign-in code may be sent); never the local channels. */
export async function staffAccounts(q: Queryable, staffId: number): Promise<number[]> {
  const r = await q.query<{ id: number }>(
    `SELECT id FROM channel_accounts WHERE kind = 'staff' AND staff_id = $1 AND NOT unreachable AND channel NOT IN ('web', 'cli') ORDER BY id`,
    [staffId],
  );
  return r.rows.map((x) => Number(x.id));
}
