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
  /** False when only the birth month is known: no birthday greeting until staff add the day. */
  birthday_known: boolean;
}

export async function livingElders(db: Queryable, ids?: number[]): Promise<ElderForPlan[]> {
  const { rows } = await db.query<ElderForPlan>(
    `SELECT id, name, gender, birth_date, lunar_birthday, town, party_member, birth_precision = 'day' AS birthday_known FROM elders
     WHERE status = '在世' AND ($1::bigint[] IS NULL OR id = ANY($1)) ORDER BY id`,
    [ids ?? null],
  );
  return rows;
}
