import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../../src/ledgers/demo-ledger.ts';
import { celebrations } from '../../../eval/ledger/oracle-lib.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';

// Another ledger than the dev CSV (the generated demo: other villages, units, needs and conditions).
// Expected answers come from plain SQL written here, not from the compiler.
describe('questions over a different ledger', () => {
  let t: TestDb;
  let s: LedgerQueryService;
  const today = '2027-03-15';
  const count = async (where: string, params: unknown[] = []) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE status = '在世' AND ${where}`, params)).rows[0]!.n;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await seedDemoIfEmpty(t.db, { today, count: 300 });
    s = new LedgerQueryService(t.db);
  });
  afterAll(() => t.cleanup());

  it('reads towns, villages, units, conditions and needs from this ledger', async () => {
    const place = (await t.db.query<{ town: string; village: string }>(`SELECT town, village FROM elders GROUP BY town, village ORDER BY count(*) DESC LIMIT 1`)).rows[0]!;
    const unit = (await t.db.query<{ u: string }>(`SELECT former_unit AS u FROM elders WHERE former_unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows[0]!.u;
    const checks: [string, number][] = [
      [`${place.town}有多少老干部`, await count('town = $1', [place.town])],
      [`${place.town}${place.village}的独居老人有几位`, await count('town = $1 AND village = $2 AND lives_alone', [place.town, place.village])],
      [`${unit}退休的老同志有多少`, await count(`former_unit = $1 AND category = '退休'`, [unit])],
      ['患有肺气肿的老干部有几位', await count(`health LIKE '%肺气肿%'`)],
      ['前列腺增生的有多少人', await count(`health LIKE '%前列腺增生%'`)],
      ['需要理发上门服务的老人有多少', await count(`needs LIKE '%理发上门服务%'`)],
      ['希望子女多回家的有几位', await count(`needs LIKE '%子女多回家%'`)],
      ['本月过生日的有几位', (await t.db.query<{ birth_date: string; lunar_birthday: boolean }>(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS birth_date, lunar_birthday FROM elders WHERE status = '在世'`)).rows.filter((e) => celebrations({ birthDate: e.birth_date, lunarBirthday: e.lunar_birthday } as Parameters<typeof celebrations>[0], '2027-03-01', '2027-03-31').length > 0).length],
      ['85岁以上的女同志有多少', await count(`gender = '女' AND birth_date <= '1942-03-15'`)],
      ['卧床的党员有几位', await count(`mobility = '卧床' AND party_member`)],
    ];
    expect(checks.filter(([, n]) => n > 0).length).toBeGreaterThanOrEqual(8);
    for (const [q, expected] of checks) {
      const r = await s.ask(q, { today, scopeTowns: null });
      expect(r.notUnderstood, q).toEqual([]);
      expect(r.query.output, q).toBe('count');
      expect(r.total, q).toBe(expected);
    }
  });
});
