import type { Queryable } from '../../../src/db/types.ts';

/** Two elders, one family contact, two staff: enough people for channel tests. */
export async function seedPeople(db: Queryable) {
  const e1 = await db.query<{ id: string }>(`INSERT INTO elders (name, gender, birth_date, town, phone) VALUES ('王秀兰', '女', '1935-03-02', '韦庄镇', '13800001234') RETURNING id::text`);
  const e2 = await db.query<{ id: string }>(`INSERT INTO elders (name, gender, birth_date, town) VALUES ('李建国', '男', '1931-10-01', '城关街道') RETURNING id::text`);
  const f = await db.query<{ id: string }>(`INSERT INTO family_contacts (elder_id, name, relation) VALUES ($1, '王小明', '儿子') RETURNING id::text`, [e1.rows[0]!.id]);
  const s1 = await db.query<{ id: string }>(`INSERT INTO staff (name, role, towns) VALUES ('赵干事', 'staff', '{韦庄镇}') RETURNING id::text`);
  const s2 = await db.query<{ id: string }>(`INSERT INTO staff (name, role) VALUES ('刘局长', 'admin') RETURNING id::text`);
  return { elderId: e1.rows[0]!.id, elder2Id: e2.rows[0]!.id, familyId: f.rows[0]!.id, staffId: s1.rows[0]!.id, adminId: s2.rows[0]!.id };
}
