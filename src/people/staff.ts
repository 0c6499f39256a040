import type { StaffRole } from '../chat/actor.ts';
import type { Queryable } from '../db/types.ts';
import { ensureStaffGroup } from './groups.ts';
import { removeDemoAccounts } from './accounts.ts';

/** Staff members (table staff): bureau staff, town liaisons and admins, with the towns they cover. */
export interface StaffRow {
  id: number;
  name: string;
  role: StaffRole;
  towns: string[];
  active: boolean;
}

/** Role words as staff say them, Chinese or English: 管理员, 工作人员, 联络员, admin … */
const ROLE_WORDS: Record<string, StaffRole> = {
  admin: 'admin', 管理员: 'admin', 管理: 'admin', 局长: 'admin', 主任: 'admin',
  staff: 'staff', 工作人员: 'staff', 干部: 'staff', 职员: 'staff', 干事: 'staff', 员工: 'staff',
  liaison: 'liaison', 联络员: 'liaison', 镇联络员: 'liaison', 党建联络员: 'liaison', 镇办联络员: 'liaison',
};

export function roleOf(word: string): StaffRole | null {
  return ROLE_WORDS[word.trim().toLowerCase()] ?? ROLE_WORDS[word.trim()] ?? null;
}

export async function addStaff(tx: Queryable, s: { name: string; role: StaffRole; towns: string[]; phone?: string | null }): Promise<number> {
  const r = await tx.query<{ id: number }>('INSERT INTO staff (name, phone, role, towns) VALUES ($1, $2, $3, $4) RETURNING id', [s.name.trim(), s.phone ?? null, s.role, s.towns]);
  return r.rows[0]!.id;
}

export async function getStaff(q: Queryable, id: number): Promise<StaffRow | null> {
  const r = await q.query<StaffRow>('SELECT id, name, role, towns, active FROM staff WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

/** Active staff named by id or by name (several when names repeat). */
export async function findActiveStaff(q: Queryable, ref: string): Promise<StaffRow[]> {
  const byId = /^\d+$/.test(ref);
  const r = await q.query<StaffRow>(`SELECT id, name, role, towns, active FROM staff WHERE ${byId ? 'id = $1' : 'name = $1'} AND active ORDER BY id`, [byId ? Number(ref) : ref]);
  return r.rows;
}

export async function listStaff(q: Queryable): Promise<(StaffRow & { accounts: number })[]> {
  const r = await q.query<StaffRow & { accounts: number }>(
    `SELECT s.id, s.name, s.role, s.towns, s.active, count(a.id)::int AS accounts
     FROM staff s LEFT JOIN channel_accounts a ON a.staff_id = s.id GROUP BY s.id ORDER BY s.id`,
  );
  return r.rows;
}

/** Where the demo's staff talk: the simulator page's staff group. */
export const DEMO_STAFF_GROUP = { channel: 'web', externalId: 'staff-group', name: '老干部局工作群' } as const;

/** The invented staff of the demo (an admin, a staff member, a liaison) and their group. */
export async function seedDemoPeople(tx: Queryable): Promise<number> {
  const staff = await tx.query<{ id: number }>(
    `INSERT INTO staff (name, phone, role, towns, demo) VALUES
       ('高主任', '13900000001', 'admin', '{}', true),
       ('刘干事', '13900000002', 'staff', '{城关街道,韦庄镇,冯原镇,王庄镇,尧头镇}', true),
       ('孙联络员', '13900000003', 'liaison', '{韦庄镇}', true)
     RETURNING id`,
  );
  await ensureStaffGroup(tx, DEMO_STAFF_GROUP);
  return staff.rowCount ?? 0;
}

/** Removes the demo's staff and every account bound to a demo person (call before the demo elders go). */
export async function removeDemoPeople(tx: Queryable): Promise<void> {
  await removeDemoAccounts(tx);
  await tx.query('DELETE FROM staff WHERE demo');
}
