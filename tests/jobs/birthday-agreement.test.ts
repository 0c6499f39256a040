import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDue } from '../../src/jobs/planner.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { recordVisit } from '../../src/ledgers/visits.ts';
import { registerChatGroup } from '../../src/people/groups.ts';
import { addDays } from '../../src/kernel/time.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { loadDemoLedger } from '../helpers/ledger-fixture.ts';

const env = { tz: 'Asia/Shanghai', officeName: '县委老干部局' };

describe('birthdays: ledger questions and greetings use one calendar', () => {
  let t: TestDb;
  let s: LedgerQueryService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await loadDemoLedger(t.db);
    s = new LedgerQueryService(t.db);
  });
  afterAll(() => t.cleanup());

  it('"今天过生日的" names exactly whom `jobs due` greets, every other day of a year', async () => {
    let lunarDays = 0;
    for (let day = '2026-01-01'; day < '2027-01-01'; day = addDays(day, 2)) {
      const greeted = (await computeDue(t.db, day, env)).filter((d) => d.planKey === 'birthday').map((d) => d.elder!.name).sort();
      const asked = (await s.ask('今天过生日的有谁', { today: day, scopeTowns: null })).rows;
      expect(asked.map((r) => r.name).sort(), day).toEqual(greeted);
      if (asked.some((r) => r.lunarBirthday === true)) lunarDays++;
    }
    // The ledger keeps 农历 birthdays, so some days only agree because both read the lunar date.
    expect(lunarDays).toBeGreaterThan(3);
  });

  it('a whole month is the union of its days', async () => {
    const month = (await s.ask('下个月过生日的有谁', { today: '2026-01-20', scopeTowns: null })).rows.map((r) => r.name).sort();
    const days: string[] = [];
    for (let day = '2026-02-01'; day <= '2026-02-28'; day = addDays(day, 1))
      days.push(...(await computeDue(t.db, day, env)).filter((d) => d.planKey === 'birthday').map((d) => d.elder!.name));
    expect(month).toEqual(days.sort());
  });

  it('the 一进两看三查 reminder names, per group, the elders of its towns still due this month', async () => {
    await registerChatGroup(t.db, { channel: 'telegram', externalId: '-1001', name: '交道镇工作群', kind: 'staff', towns: ['交道镇'] });
    const town = await t.db.query<{ id: number; name: string }>(`SELECT id, name FROM elders WHERE town = '交道镇' AND status = '在世' ORDER BY id`);
    const [a, b] = town.rows;
    await recordVisit(t.db, { elderId: a!.id, staffId: null, visitedOn: '2026-06-03' });
    await recordVisit(t.db, { elderId: a!.id, staffId: null, visitedOn: '2026-06-10' });
    await recordVisit(t.db, { elderId: b!.id, staffId: null, visitedOn: '2026-06-12' });
    const [item] = (await computeDue(t.db, '2026-06-16', env)).filter((d) => d.occasion === 'reminder:一进两看三查');
    expect(item?.text).toContain('本月还要走访的');
    expect(item!.text).not.toContain(`${a!.name}（`);
    expect(item!.text).toContain(`${b!.name}（`);
    expect(item!.text).toContain('已走访1次');
    const others = await t.db.query<{ name: string }>(`SELECT name FROM elders WHERE town <> '交道镇' AND status = '在世' AND name NOT IN (SELECT name FROM elders WHERE town = '交道镇')`);
    expect(others.rows.some((r) => item!.text.includes(`${r.name}（`))).toBe(false);
  });
});
