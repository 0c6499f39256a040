import type { Queryable } from '../db/types.ts';
import { lunarBirthKey } from '../kernel/calendar.ts';

const BATCH = 5000;

/**
 * Writes the lunar birth key (kernel/calendar.ts lunarBirthKey) of every elder keeping a 农历 birthday
 * whose key was not computed from the present birth date: new rows of an import, a corrected birth
 * date, a birthday switched to 农历. Cheap when nothing is stale (one probe of a partial index), so a
 * birthday question calls it first.
 */
export async function refreshLunarBirthKeys(db: Queryable): Promise<number> {
  let total = 0;
  for (;;) {
    const stale = await db.query<{ id: number; birth_date: string }>(
      `SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM elders WHERE lunar_birthday AND lunar_md_of IS DISTINCT FROM birth_date ORDER BY id LIMIT ${BATCH}`,
    );
    if (!stale.rows.length) return total;
    await db.query(
      `UPDATE elders e SET lunar_md = u.key, lunar_md_of = u.birth::date
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, key, birth)
        WHERE e.id = u.id`,
      [stale.rows.map((r) => r.id), stale.rows.map((r) => lunarBirthKey(r.birth_date)), stale.rows.map((r) => r.birth_date)],
    );
    total += stale.rows.length;
    if (stale.rows.length < BATCH) return total;
  }
}
