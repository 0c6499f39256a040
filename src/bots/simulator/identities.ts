import crypto from 'node:crypto';
import { STAFF_ROLE_LABEL, type StaffRole } from '../../chat/actor.ts';
import type { Queryable } from '../../db/types.ts';
import { InputError } from '../../kernel/errors.ts';
import { ensureAccount } from '../../people/accounts.ts';
import { ensureStaffGroup } from '../../people/groups.ts';

export const STAFF_GROUP_THREAD = 'staff-group';
export const STAFF_GROUP_NAME = '老干部局工作群（模拟）';

export interface PickableIdentity {
  id: string;
  kind: 'elder' | 'family' | 'staff' | 'unknown';
  name: string;
  detail?: string;
}

/** Who one can be on the page: elders and staff from the ledger, family contacts, and an unbound stranger. */
export async function listIdentities(db: Queryable, limit = 300): Promise<PickableIdentity[]> {
  const elders = await db.query<{ id: string; name: string; town: string | null; birth_date: string | Date }>(
    `SELECT id::text, name, town, birth_date FROM elders WHERE status = '在世' ORDER BY elders.id LIMIT $1`,
    [limit],
  );
  const family = await db.query<{ id: string; name: string; relation: string | null; elder_name: string }>(
    `SELECT f.id::text, f.name, f.relation, e.name AS elder_name
       FROM family_contacts f JOIN elders e ON e.id = f.elder_id ORDER BY f.id LIMIT $1`,
    [Math.min(limit, 50)],
  );
  const staff = await db.query<{ id: string; name: string; role: string; towns: string[] }>(
    `SELECT id::text, name, role, towns FROM staff WHERE active ORDER BY staff.id LIMIT $1`,
    [limit],
  );
  return [
    ...elders.rows.map((r) => ({ id: `elder:${r.id}`, kind: 'elder' as const, name: r.name, detail: r.town ?? undefined })),
    ...family.rows.map((r) => ({ id: `family:${r.id}`, kind: 'family' as const, name: r.name, detail: `${r.elder_name}的${r.relation ?? '家属'}` })),
    ...staff.rows.map((r) => ({
      id: `staff:${r.id}`,
      kind: 'staff' as const,
      name: r.name,
      detail: `${STAFF_ROLE_LABEL[r.role as StaffRole] ?? r.role}${r.towns.length ? ' · ' + r.towns.join('、') : ''}`,
    })),
    { id: `unknown:${crypto.randomBytes(3).toString('hex')}`, kind: 'unknown' as const, name: '陌生访客', detail: '未绑定身份' },
  ];
}

/**
 * Makes the page identity a bound web account, as if the person had proved who they are:
 * the agent then identifies them the same way it identifies a WeChat or Telegram account.
 */
export async function ensureWebAccount(db: Queryable, identity: string): Promise<{ authorId: string; name: string; kind: PickableIdentity['kind']; voiceReply: boolean }> {
  const m = /^(elder|family|staff|unknown):([A-Za-z0-9_-]{1,40})$/.exec(identity);
  if (!m) throw new InputError(`bad identity ${identity}`, '请先选择一个身份。');
  const kind = m[1] as PickableIdentity['kind'];
  const id = m[2]!;
  let name = '陌生访客';
  let elderId: string | null = null;
  let staffId: string | null = null;
  let relation: string | null = null;
  if (kind !== 'unknown') {
    if (!/^\d+$/.test(id)) throw new InputError(`bad identity ${identity}`, '请先选择一个身份。');
    const q =
      kind === 'elder'
        ? db.query<{ name: string; elder_id: string | null; relation: string | null }>('SELECT name, id::text AS elder_id, NULL AS relation FROM elders WHERE id = $1', [id])
        : kind === 'family'
          ? db.query<{ name: string; elder_id: string | null; relation: string | null }>('SELECT name, elder_id::text, relation FROM family_contacts WHERE id = $1', [id])
          : db.query<{ name: string; elder_id: string | null; relation: string | null }>('SELECT name, NULL AS elder_id, NULL AS relation FROM staff WHERE id = $1', [id]);
    const row = (await q).rows[0];
    if (!row) throw new InputError(`no such ${kind} ${id}`, '没有找到这个身份，请重新选择。');
    name = row.name;
    elderId = kind === 'staff' ? null : row.elder_id;
    staffId = kind === 'staff' ? id : null;
    relation = row.relation;
  }
  const acc = await ensureAccount(db, 'web', identity, { kind, elderId: elderId === null ? null : Number(elderId), staffId: staffId === null ? null : Number(staffId), displayName: name, relation });
  return { authorId: identity, name, kind, voiceReply: acc.voiceReply };
}

/** The simulator's staff group, registered like a real WeChat room or Telegram group would be. */
export async function ensureSimulatorStaffGroup(db: Queryable): Promise<string> {
  await ensureStaffGroup(db, { channel: 'web', externalId: STAFF_GROUP_THREAD, name: STAFF_GROUP_NAME });
  return STAFF_GROUP_THREAD;
}
