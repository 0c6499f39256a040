import type { InboundMessage } from '../chat/message.ts';
import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import type { Actor } from '../chat/actor.ts';
import { setDisplayNameIfMissing, upsertAccount, type AccountRow } from './accounts.ts';
import { getStaff } from './staff.ts';

/**
 * Who is speaking, proven by channel_accounts (never by what the message says). On the local
 * channels ('web' simulator and 'cli') the author id itself names the identity (elder:12, elder:张建国,
 * staff:3, family:5, unknown:x): only an operator on this machine can reach those channels.
 */
const TRUSTED_CHANNELS = new Set(['web', 'cli']);

/** The simulator page and the command line: channels only an operator on this machine can reach. */
export function isLocalChannel(channel: string): boolean {
  return TRUSTED_CHANNELS.has(channel);
}

async function trustedAccount(tx: Queryable, channel: string, authorId: string): Promise<AccountRow | null> {
  const m = /^(elder|staff|family|unknown)(?::(.+))?$/.exec(authorId.trim());
  if (!m) return null;
  const [, kind, ref = ''] = m;
  if (kind === 'elder') {
    const byId = /^\d+$/.test(ref);
    const r = await tx.query<{ id: number; name: string }>(
      byId ? `SELECT id, name FROM elders WHERE id = $1` : `SELECT id, name FROM elders WHERE name = $1 AND status = '在世' ORDER BY id`,
      [byId ? Number(ref) : ref],
    );
    if (!r.rows.length) throw new InputError(`no elder ${ref}`, `台账里没有找到这位老干部：${ref}`);
    if (r.rows.length > 1) {
      throw new InputError(`elder name ${ref} is ambiguous: ids ${r.rows.map((x) => x.id).join(', ')}`, `有 ${r.rows.length} 位同名老干部，请用编号：${r.rows.map((x) => `elder:${x.id}`).join('、')}`);
    }
    const e = r.rows[0]!;
    return upsertAccount(tx, channel, `elder:${e.id}`, { kind: 'elder', elderId: e.id, displayName: e.name });
  }
  if (kind === 'staff') {
    const r = await tx.query<{ id: number; name: string }>(`SELECT id, name FROM staff WHERE id = $1 AND active`, [Number(ref) || 0]);
    if (!r.rows.length) throw new InputError(`no active staff ${ref}`, `没有找到这位工作人员：${ref}`);
    return upsertAccount(tx, channel, `staff:${r.rows[0]!.id}`, { kind: 'staff', staffId: r.rows[0]!.id, displayName: r.rows[0]!.name });
  }
  if (kind === 'family' && /^\d+$/.test(ref)) {
    const r = await tx.query<{ id: number; elder_id: number; name: string; relation: string | null }>(
      `SELECT id, elder_id, name, relation FROM family_contacts WHERE id = $1`,
      [Number(ref)],
    );
    const f = r.rows[0];
    if (f) return upsertAccount(tx, channel, `family:${f.id}`, { kind: 'family', elderId: f.elder_id, displayName: f.name, relation: f.relation });
  }
  // family:x without a ledger contact, unknown, unknown:x: whatever binding the account has earned.
  return upsertAccount(tx, channel, authorId.trim(), null);
}

async function actorFromAccount(tx: Queryable, channel: Actor['channel'], externalId: string, acc: AccountRow): Promise<Actor> {
  const base = { channel, externalId, accountId: acc.id, ...(acc.display_name ? { displayName: acc.display_name } : {}) };
  // The foreign key (and the binding check, which forbids it turning NULL) keeps a bound elder in the ledger.
  if ((acc.kind === 'elder' || acc.kind === 'family') && acc.elder_id) return { ...base, kind: acc.kind, elderId: acc.elder_id };
  if (acc.kind === 'staff' && acc.staff_id) {
    const st = await getStaff(tx, acc.staff_id);
    if (st?.active) {
      return { ...base, kind: 'staff', staffId: acc.staff_id, role: st.role, ...(st.role === 'admin' ? {} : { towns: st.towns }), displayName: acc.display_name ?? st.name };
    }
  }
  return { ...base, kind: 'unknown' };
}

/**
 * Who an identity is, without creating an account for it: null for a first contact. The rate limits
 * ask this before anything is written, so a flood of new identities leaves no rows behind.
 */
export async function knownKind(q: Queryable, msg: Pick<InboundMessage, 'channel' | 'author'>): Promise<Actor['kind'] | null> {
  if (TRUSTED_CHANNELS.has(msg.channel)) {
    const m = /^(elder|staff|family):./.exec(msg.author.id.trim());
    if (m) return m[1] as Actor['kind'];
  }
  const r = await q.query<{ kind: Actor['kind'] }>(`SELECT kind FROM channel_accounts WHERE channel = $1 AND external_id = $2`, [msg.channel, msg.author.id.trim()]);
  return r.rows[0]?.kind ?? null;
}

export async function resolveActor(tx: Queryable, msg: InboundMessage): Promise<Actor> {
  let acc: AccountRow | null = null;
  if (TRUSTED_CHANNELS.has(msg.channel)) acc = await trustedAccount(tx, msg.channel, msg.author.id);
  if (!acc) {
    acc = await upsertAccount(tx, msg.channel, msg.author.id, null);
    if (msg.author.name && !acc.display_name) await setDisplayNameIfMissing(tx, acc.id, msg.author.name);
  }
  return actorFromAccount(tx, msg.channel, acc.external_id, acc);
}

/** 'elder:12', 'staff:3', 'family:7' (the account), 'unknown:…': how an actor is written in case events. */
export function actorTag(actor: Actor): string {
  if (actor.kind === 'elder') return `elder:${actor.elderId}`;
  if (actor.kind === 'staff') return `staff:${actor.staffId}`;
  if (actor.kind === 'family') return `family-account:${actor.accountId}`;
  return `unknown-account:${actor.accountId}`;
}
