import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../../helpers/db.ts';
import { DEMO_LEDGER_CSV, loadDemoLedger } from '../../helpers/ledger-fixture.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { compileLedgerQuery } from '../../../src/ledgers/query/compile.ts';
import { ledgerQuerySchema, type LedgerQueryInput } from '../../../src/ledgers/query/schema.ts';
import { PermissionError } from '../../../src/kernel/errors.ts';
import { celebrations } from '../../../eval/ledger/oracle-lib.ts';

// An independent oracle: the CSV read straight in JS, compared with what SQL returns.
type Csv = Record<string, string>;
const csv: Csv[] = parseCsv(fs.readFileSync(DEMO_LEDGER_CSV), { columns: true, skip_empty_lines: true });
const today = '2026-12-01';
const living = csv.filter((r) => r['状态'] === '在世');
const ageOf = (birth: string) => {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
};
const names = (rows: Csv[]) => rows.map((r) => r['姓名']).sort();
const celebrates = (r: Csv, from: string, to: string) =>
  celebrations({ birthDate: r['出生日期']!, lunarBirthday: r['农历生日'] === '是' } as Parameters<typeof celebrations>[0], from, to).length > 0;
const healthy = /^(良好|健康|好|较好|一般|正常|无)$/;

describe.each(testDbKinds)('LedgerQueryService on %s', (kind) => {
  let t: TestDb;
  let s: LedgerQueryService;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await loadDemoLedger(t.db);
    s = new LedgerQueryService(t.db);
  });
  afterAll(() => t.cleanup());
  const all = { today, scopeTowns: null };

  it('answers like the oracle for filters, birthdays and counts', async () => {
    const r1 = await s.ask('九十岁及以上的老干部有几位', all);
    expect(r1.total).toBe(living.filter((r) => ageOf(r['出生日期']!) >= 90).length);
    const r2 = await s.ask('韦庄镇独居的老同志名单', all);
    expect(r2.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => r['镇(街道)'] === '韦庄镇' && r['独居'] === '是')));
    // Birthdays by each elder's own calendar: the 农历 ones by the lunar date (the eval's independent oracle).
    const r3 = await s.ask('下个月过生日的老人', all);
    expect(r3.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => celebrates(r, '2027-01-01', '2027-01-31'))));
    expect(living.some((r) => r['农历生日'] === '是' && celebrates(r, '2027-01-01', '2027-01-31') !== (r['出生日期']!.slice(5, 7) === '01'))).toBe(true);
    const r4 = await s.ask('卧床或行动不便的男同志有哪些', all);
    expect(r4.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => r['性别'] === '男' && ['卧床', '行动不便'].includes(r['行动能力']!))));
    const r5 = await s.ask('70到79岁的党员', all);
    expect(r5.total).toBe(living.filter((r) => r['党员'] === '是' && ageOf(r['出生日期']!) >= 70 && ageOf(r['出生日期']!) <= 79).length);
  });

  it('handles birthday weeks across the new year and age boundaries to the day', async () => {
    const md = (r: Csv) => r['出生日期']!.slice(5);
    const wrap = await s.ask('这周过生日的老同志', { today: '2026-12-30', scopeTowns: null });
    expect(wrap.query.filters.birthdayWindow).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(wrap.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => celebrates(r, '2026-12-28', '2027-01-03'))));
    const span = await s.ask('未来60天过生日的', { today: '2026-03-01', scopeTowns: null });
    expect(span.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => celebrates(r, '2026-03-01', '2026-04-29'))));
    // Solar birthdays by the solar date.
    const solar = await s.ask('未来60天过公历生日的', { today: '2026-03-01', scopeTowns: null });
    expect(solar.rows.map((r) => r.name).sort()).toEqual(names(living.filter((r) => r['农历生日'] !== '是' && md(r) >= '03-01' && md(r) <= '04-29')));
    // Someone born 1938-09-04 turns 88 on 2026-09-04, not a day earlier.
    for (const [day, min] of [['2026-09-03', 87], ['2026-09-04', 88]] as const) {
      const r = await s.ask('罗守仁多大年龄', { today: day, scopeTowns: null });
      expect(r.rows[0]).toMatchObject({ name: '罗守仁', age: min });
      const c = await s.ask(`88岁及以上的罗守仁`, { today: day, scopeTowns: null });
      expect(c.total).toBe(min === 88 ? 1 : 0);
    }
  });

  it('counts per town like the 患病 view', async () => {
    const r = await s.ask('按镇统计患病老干部人数', all);
    const expected = new Map<string, number>();
    for (const row of living.filter((x) => x['身体状况'] && !healthy.test(x['身体状况']!))) expected.set(row['镇(街道)']!, (expected.get(row['镇(街道)']!) ?? 0) + 1);
    expect(Object.fromEntries((r.groups ?? []).map((g) => [g.key, g.count]))).toEqual(Object.fromEntries(expected));
    const view = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM elders_ill');
    expect(r.total).toBe(view.rows[0]!.n);
    const bands = await s.ask('各年龄段人数', all);
    expect(bands.groups!.map((g) => g.key)).toEqual([...bands.groups!.map((g) => g.key)].sort((a, b) => parseInt(a) - parseInt(b)));
    expect(bands.total).toBe(living.length);
  });

  it('total counts every match, rows only the page', async () => {
    const r = await s.execute(ledgerQuerySchema.parse({ filters: {}, limit: 5 }), all);
    expect(r.rows).toHaveLength(5);
    expect(r.total).toBe(living.length);
    const dead = await s.ask('已故老干部', all);
    expect(dead.total).toBe(csv.length - living.length);
    const both = await s.ask('包括已故的交道镇老干部', all);
    expect(both.total).toBe(csv.filter((r) => r['镇(街道)'] === '交道镇').length);
  });

  it('keeps non-admin staff inside their towns', async () => {
    const mine = await s.ask('独居老人名单', { today, scopeTowns: ['交道镇'] });
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(new Set(mine.rows.map((r) => r.town))).toEqual(new Set(['交道镇']));
    await expect(s.ask('韦庄镇的独居老人', { today, scopeTowns: ['交道镇'] })).rejects.toBeInstanceOf(PermissionError);
    // Names from other towns are not even recognised for them.
    const other = await s.ask('罗守仁的电话', { today, scopeTowns: ['韦庄镇'] });
    expect(other.rows.map((r) => r.name)).not.toContain('罗守仁');
    expect(other.notUnderstood).toContain('罗守仁');
  });

  it('answers an already parsed question as ask does, and never with another scope', async () => {
    for (const q of ['韦庄镇独居的老同志名单', '按镇统计患病老干部人数', '交道镇爱打麻将的老干部']) {
      const parsed = await s.parse(q, today, null);
      expect(await s.answer(q, parsed, all)).toEqual(await s.ask(q, all));
    }
    const parsed = await s.parse('韦庄镇的独居老人', today, null);
    await expect(s.answer('韦庄镇的独居老人', parsed, { today, scopeTowns: ['交道镇'] })).rejects.toBeInstanceOf(PermissionError);
  });

  it('finds elders by name and shows the asked fields', async () => {
    const r = await s.ask('罗守仁的电话和住址', all);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: '罗守仁', phone: '13308246281', address: '澄城县交道镇交道村51号' });
  });
});

const PAYLOADS = [
  "'; DROP TABLE elders; --",
  "' OR '1'='1",
  "韦庄镇' OR 1=1 --",
  ') OR (1=1',
  '$1',
  '{{today}}',
  '%',
  '_',
  '\\',
  '"; DELETE FROM elders; --',
  "交道村'); UPDATE elders SET name='x'; --",
];
const TEXT_FILTERS = (p: string): LedgerQueryInput['filters'][] => [
  { name: p },
  { namePrefix: p.slice(0, 2) },
  { towns: [p] },
  { villages: [p] },
  { partyBranch: p },
  { formerUnit: p },
  { formerPost: p },
  { health: [[p]] },
  { needs: [p] },
  { address: p },
  { children: p },
];

describe('SQL injection', () => {
  it('never puts filter text into the SQL', () => {
    for (const p of PAYLOADS)
      for (const filters of TEXT_FILTERS(p)) {
        const q = ledgerQuerySchema.parse({ filters, output: 'list', fields: ['phone', 'address'] });
        const c = compileLedgerQuery(q, { today, scopeTowns: [p], defaultLimit: 10 });
        for (const sql of [c.rows.text, c.count.text]) {
          // Short payloads (%, _, $1) occur in any SQL; the long ones must not.
          if (p.length >= 4) expect(sql).not.toContain(p);
          expect(sql).not.toContain('{{today}}');
        }
        // …it travels as a parameter instead (scope towns always carry the whole payload).
        expect(c.rows.params).toContainEqual([p]);
      }
  });

  it('rejects field, sort and group names outside the schema', () => {
    expect(() => ledgerQuerySchema.parse({ fields: ['phone; DROP TABLE elders'] })).toThrow();
    expect(() => ledgerQuerySchema.parse({ sort: { by: 'name; --', dir: 'asc' } })).toThrow();
    expect(() => ledgerQuerySchema.parse({ output: 'stats', groupBy: '1; DROP TABLE elders' })).toThrow();
    expect(() => ledgerQuerySchema.parse({ filters: { phone: "1' OR '1" } })).toThrow();
    expect(() => ledgerQuerySchema.parse({ filters: { sql: 'x' } })).toThrow();
  });

  describe.each(testDbKinds)('on %s', (kind) => {
    let t: TestDb;
    let s: LedgerQueryService;
    beforeAll(async () => {
      t = await createTestDb(kind);
      await loadDemoLedger(t.db);
      s = new LedgerQueryService(t.db);
    });
    afterAll(() => t.cleanup());

    it('runs every payload in every text filter as plain text', async () => {
      for (const p of PAYLOADS)
        for (const filters of TEXT_FILTERS(p)) {
          const r = await s.execute(ledgerQuerySchema.parse({ filters, output: 'count' }), { today, scopeTowns: null });
          // Literal text: no one's name or unit contains these (namePrefix of "交道" may, it is a real prefix).
          if (!(filters && 'namePrefix' in filters)) expect(r.total, JSON.stringify(filters)).toBe(0);
        }
      const n = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE name <> 'x'`);
      expect(n.rows[0]!.n).toBe(csv.length);
    });

    it('questions with payloads are answered or reported, never executed', async () => {
      for (const p of PAYLOADS) {
        for (const q of [`韦庄镇${p}的独居老人`, `需要${p}的老干部`, `患有${p}病的`, `${p}的电话`, `原${p}局退休的`]) {
          const r = await s.ask(q, { today, scopeTowns: null });
          expect(r.total).toBeGreaterThanOrEqual(0);
        }
      }
      const n = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE name <> 'x'`);
      expect(n.rows[0]!.n).toBe(csv.length);
    });
  });
});
