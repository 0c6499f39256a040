import crypto from 'node:crypto';
import { STAFF_ROLE_LABEL, type StaffRole } from '../../chat/actor.ts';
import type { Queryable } from '../../db/types.ts';
import { InputError } from '../../kernel/errors.ts';

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
  const acc = await db.query<{ voice_reply: boolean }>(
    `INSERT INTO channel_accounts (channel, external_id, display_name, kind, elder_id, staff_id, relation, bound_at)
     VALUES ('web', $1, $2, $3, $4, $5, $6, CASE WHEN $3 = 'unknown' THEN NULL ELSE now() END)
     ON CONFLICT (channel, external_id) DO UPDATE SET display_name = EXCLUDED.display_name
     RETURNING voice_reply`,
    [identity, name, kind, elderId, staffId, relation],
  );
  return { authorId: identity, name, kind, voiceReply: acc.rows[0]!.voice_reply };
}

/** The simulator's staff group, registered like a real WeChat room or Telegram group would be. */
export async function ensureStaffGroup(db: Queryable): Promise<string> {
  await db.query(
    `INSERT INTO chat_groups (channel, external_id, name, kind) VALUES ('web', $1, $2, 'staff')
     ON CONFLICT (channel, external_id) DO NOTHING`,
    [STAFF_GROUP_THREAD, STAFF_GROUP_NAME],
  );
  return STAFF_GROUP_THREAD;
}

export async function setVoiceReply(db: Queryable, channel: string, externalId: string, on: boolean): Promise<boolean> {
  const r = await db.query('UPDATE channel_accounts SET voice_reply = $3 WHERE channel = $1 AND external_id = $2', [channel, externalId, on]);
  return (r.rowCount ?? 0) > 0;
}
