import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importLedger } from '../../src/ledgers/import-ledger.ts';
import { computeDue } from '../../src/jobs/planner.ts';
import { testDbKinds } from '../helpers/db.ts';
import { useLedgerImportDb } from '../helpers/ledger-import-db.ts';

/**
 * Spreadsheets made the way county clerks make them, built here with exceljs, and the exact elders
 * the ledger holds afterwards.
 */
const today = '2026-12-01';

type Row = (string | number | Date | null)[];

async function xlsx(sheets: { name: string; rows: Row[]; merges?: string[] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const COLS = 'name, gender, birth_date, birth_precision, lunar_birthday, town, village, phone, emergency_contact, emergency_phone, health, mobility, lives_alone, category, notes';
type Stored = Record<string, unknown>;

describe.each(testDbKinds)('ledger import of county spreadsheets on %s', (kind) => {
  const t = useLedgerImportDb(kind, 'jq-shapes-');
  const tmp = t.tmp;
  const stored = async (): Promise<Stored[]> => (await t.db.query<Stored>(`SELECT ${COLS} FROM elders ORDER BY name`)).rows;
  const file = async (name: string, sheets: Parameters<typeof xlsx>[0]) => tmp.file(name, await xlsx(sheets));

  it('reads a two-row merged header under a title, skips blank rows and the footer, and stores exactly the people', async () => {
    const f = await file('two-row.xlsx', [
      {
        name: '台账',
        rows: [
          ['韦庄镇离退休干部基本信息台账'],
          ['序号', '姓名', '性别', '出生年月', '联系方式', null, '健康状况', null, '备注'],
          [null, null, null, null, '本人电话', '紧急联系人电话', '身体状况', '行动能力', null],
          [1, '张建国', '男', '1929年4月3日', '13812345678', '13912345678', '高血压', '卧床', '长子在西安'],
          [null, ' ', null, ''],
          [2, '李秀兰', '女', '1936.5', '0913-6612345', null, '良好', '好', null],
          [3, '王德胜', '男', '一九三五年十一月二日', '13712345678', '13612345678', '糖尿病', '行动不便', null],
          ['合计：3人'],
          ['填表人：', null, null, '审核人：', null, null, '制表日期：2026年11月'],
        ],
        merges: ['A1:I1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:F2', 'G2:H2', 'I2:I3'],
      },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res).toMatchObject({ applied: true, imported: 3, rejectedCount: 0, warnings: [] });
    expect(res.sheets).toEqual([{ name: '台账', headerRows: [2, 3], people: 3, town: '韦庄镇', fileRows: 9 }]);
    expect(res.rows).toEqual({ file: 9, read: 9, people: 3, blank: 1, footer: 2, sample: 0, header: 2, title: 1, broken: 0 });
    expect(res.toComplete).toEqual([{ sheet: '台账', row: 6, name: '李秀兰', birthDate: '1936-05' }]);
    expect(await stored()).toEqual([
      { name: '张建国', gender: '男', birth_date: '1929-04-03', birth_precision: 'day', lunar_birthday: false, town: '韦庄镇', village: null, phone: '13812345678', emergency_contact: null, emergency_phone: '13912345678', health: '高血压', mobility: '卧床', lives_alone: false, category: null, notes: '长子在西安' },
      { name: '李秀兰', gender: '女', birth_date: '1936-05-01', birth_precision: 'month', lunar_birthday: false, town: '韦庄镇', village: null, phone: '09136612345', emergency_contact: null, emergency_phone: null, health: '良好', mobility: '好', lives_alone: false, category: null, notes: null },
      { name: '王德胜', gender: '男', birth_date: '1935-11-02', birth_precision: 'day', lunar_birthday: false, town: '韦庄镇', village: null, phone: '13712345678', emergency_contact: null, emergency_phone: '13612345678', health: '糖尿病', mobility: '行动不便', lives_alone: false, category: null, notes: null },
    ]);
  });

  it('reads a CSV two-row header without merges, columns in any order, two notes columns joined, and an ID card column never stored', async () => {
    const csv = [
      '身份证号,备注,姓名,出生日期,紧急联系人,,其他情况,镇（街道）',
      ',,,,姓名,电话,,',
      '610525193604031234,腿脚不好,赵桂英,1936-04-03,刘小红,13512345678,女儿照顾,城关镇',
    ].join('\r\n');
    const res = await importLedger(t.db, tmp.file('order.csv', csv), { today });
    expect(res).toMatchObject({ applied: true, imported: 1, droppedColumns: ['身份证号'], ignoredColumns: [] });
    expect(await stored()).toMatchObject([{ name: '赵桂英', birth_date: '1936-04-03', town: '城关街道', emergency_contact: '刘小红', emergency_phone: '13512345678', notes: '腿脚不好；女儿照顾' }]);
    const everything = await t.db.query<{ j: string }>(`SELECT row_to_json(e)::text AS j FROM elders e`);
    expect(everything.rows[0]!.j).not.toContain('610525');
    const audit = await t.db.query<{ j: string }>(`SELECT coalesce(query::text, '') AS j FROM audit_log`);
    expect(audit.rows.map((r) => r.j).join()).not.toContain('610525');
  });

  it('reads the dates clerks write: month precision, Chinese numerals, 农历 dates converted with the flag, a 生日 column next to 出生年月', async () => {
    const f = await file('dates.xlsx', [
      {
        name: '冯原镇',
        rows: [
          ['姓名', '出生年月', '农历生日'],
          ['甲老人', '1938.5', null],
          ['乙老人', 1938.12, null],
          ['丙老人', '1940-2', null],
          ['丁老人', '一九三五年十一月二日', null],
          ['戊老人', '1936年腊月初八', null],
          ['己老人', '1936年农历三月十五', null],
          ['庚老人', '1936.3', '三月十五'],
          ['辛老人', '1944-07-09', '是'],
        ],
      },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res.rejected).toEqual([]);
    const rows = await t.db.query<Stored>('SELECT name, birth_date, birth_precision, lunar_birthday, town FROM elders ORDER BY id');
    expect(rows.rows).toEqual([
      { name: '甲老人', birth_date: '1938-05-01', birth_precision: 'month', lunar_birthday: false, town: '冯原镇' },
      { name: '乙老人', birth_date: '1938-12-01', birth_precision: 'month', lunar_birthday: false, town: '冯原镇' },
      { name: '丙老人', birth_date: '1940-02-01', birth_precision: 'month', lunar_birthday: false, town: '冯原镇' },
      { name: '丁老人', birth_date: '1935-11-02', birth_precision: 'day', lunar_birthday: false, town: '冯原镇' },
      // 农历1936年腊月初八 is 1937-01-20; 农历1936年三月十五 is 1936-04-06.
      { name: '戊老人', birth_date: '1937-01-20', birth_precision: 'day', lunar_birthday: true, town: '冯原镇' },
      { name: '己老人', birth_date: '1936-04-06', birth_precision: 'day', lunar_birthday: true, town: '冯原镇' },
      { name: '庚老人', birth_date: '1936-04-06', birth_precision: 'day', lunar_birthday: true, town: '冯原镇' },
      { name: '辛老人', birth_date: '1944-07-09', birth_precision: 'day', lunar_birthday: true, town: '冯原镇' },
    ]);
    expect(res.toCompleteCount).toBe(3);
  });

  it('refuses two-digit years, year-only dates and Excel’s 1938.1 with a reason, and the whole file with them', async () => {
    const f = await file('bad-dates.xlsx', [
      { name: 'Sheet1', rows: [['姓名', '出生日期', '镇'], ['甲老人', '38.5.3', '韦庄镇'], ['乙老人', '1938', '韦庄镇'], ['丙老人', 1938.1, '韦庄镇'], ['丁老人', '1937年闰三月初一', '韦庄镇'], ['戊老人', '1938-05-03', '韦庄镇']] },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res).toMatchObject({ applied: false, imported: 0, rejectedCount: 4 });
    expect(res.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, expect.stringMatching(/年份只写了两位/)],
      [3, expect.stringMatching(/只有年份/)],
      [4, expect.stringMatching(/分不清是1月还是10月/)],
      [5, expect.stringMatching(/农历1937年没有闰三月/)],
    ]);
    expect(await stored()).toEqual([]);
  });

  it('never greets a month-precision birthday, lists it to complete, and a later full date completes it', async () => {
    await importLedger(t.db, tmp.file('m.csv', '姓名,出生日期,镇\n周老人,1940-2,韦庄镇\n'), { today });
    const ym = await t.db.query('SELECT birth_date, birth_precision FROM elders');
    expect(ym.rows).toEqual([{ birth_date: '1940-02-01', birth_precision: 'month' }]);
    const env = { tz: 'Asia/Shanghai', officeName: '县委老干部局' };
    expect((await computeDue(t.db, '2027-02-01', env)).filter((d) => d.occasion === 'birthday')).toEqual([]);
    // The same person with the day: one elder, completed, and greeted on that day.
    const again = await importLedger(t.db, tmp.file('d.csv', '姓名,出生日期,镇\n周老人,1940-02-17,韦庄镇\n'), { today });
    expect(again).toMatchObject({ imported: 0, updated: 1, toCompleteCount: 0 });
    expect(again.changed[0]!.changes).toEqual([{ field: '出生日期', column: 'birth_date', old: '1940-02', new: '1940-02-17' }]);
    expect((await t.db.query('SELECT birth_date, birth_precision FROM elders')).rows).toEqual([{ birth_date: '1940-02-17', birth_precision: 'day' }]);
    expect((await computeDue(t.db, '2027-02-17', env)).filter((d) => d.occasion === 'birthday').map((d) => d.elder!.name)).toEqual(['周老人']);
    // A file that knows only the month again does not erase the day.
    const third = await importLedger(t.db, tmp.file('m2.csv', '姓名,出生日期,镇\n周老人,1940.2,韦庄镇\n'), { today });
    expect(third).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await t.db.query('SELECT birth_date, birth_precision FROM elders')).rows).toEqual([{ birth_date: '1940-02-17', birth_precision: 'day' }]);
  });

  it('uses the sheet name as the town on a workbook of one sheet per town, and skips a 说明 sheet', async () => {
    const f = await file('towns.xlsx', [
      { name: '韦庄镇', rows: [['姓名', '出生日期'], ['张建国', '1929-04-03'], ['李秀兰', '1936-07-13']] },
      { name: '城关镇', rows: [['姓名', '出生日期', '村（社区）'], ['王德胜', '1935-11-02', '东关社区居委会']] },
      { name: '说明', rows: [['本表由各镇填报，12月底前报老干部局。']] },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res).toMatchObject({ applied: true, imported: 3, skippedSheets: [{ name: '说明', why: expect.any(String) }] });
    expect((await t.db.query('SELECT name, town, village FROM elders ORDER BY id')).rows).toEqual([
      { name: '张建国', town: '韦庄镇', village: null },
      { name: '李秀兰', town: '韦庄镇', village: null },
      { name: '王德胜', town: '城关街道', village: '东关社区' },
    ]);
  });

  it('takes the category from a sheet per ledger (离休干部, 退休干部) and the town from a title naming one', async () => {
    const f = await file('categories.xlsx', [
      { name: '离休干部', rows: [['冯原镇离休干部名册'], ['姓名', '出生日期'], ['张建国', '1929-04-03']] },
      { name: '退休干部', rows: [['冯原镇退休干部名册'], ['姓名', '出生日期', '类别'], ['李秀兰', '1936-07-13', null], ['王德胜', '1935-11-02', '离休']] },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res.sheets.map((s) => [s.name, s.category, s.town])).toEqual([['离休干部', '离休', '冯原镇'], ['退休干部', '退休', '冯原镇']]);
    expect((await t.db.query('SELECT name, category, town FROM elders ORDER BY id')).rows).toEqual([
      { name: '张建国', category: '离休', town: '冯原镇' },
      { name: '李秀兰', category: '退休', town: '冯原镇' },
      { name: '王德胜', category: '离休', town: '冯原镇' },
    ]);
  });

  it('merges the same person on a 基本信息 sheet and a 独居 sheet, and refuses a person twice on one sheet', async () => {
    const f = await file('ledgers.xlsx', [
      { name: '基本信息台账', rows: [['姓名', '出生日期', '镇(街道)', '联系电话'], ['张建国', '1929-04-03', '韦庄镇', '13812345678'], ['李秀兰', '1936-07-13', '冯原镇', null]] },
      { name: '独居老干部台账', rows: [['姓名', '出生日期', '镇(街道)'], ['张建国', '1929-04-03', '韦庄镇']] },
    ]);
    const res = await importLedger(t.db, f, { today });
    expect(res).toMatchObject({ applied: true, imported: 2 });
    expect((await t.db.query('SELECT name, lives_alone, phone FROM elders ORDER BY id')).rows).toEqual([
      { name: '张建国', lives_alone: true, phone: '13812345678' },
      { name: '李秀兰', lives_alone: false, phone: null },
    ]);
    const twice = await file('twice.xlsx', [{ name: 'Sheet1', rows: [['姓名', '出生日期'], ['张建国', '1929-04-03'], ['张建国', '1929-04-03']] }]);
    const r2 = await importLedger(t.db, twice, { today });
    expect(r2.rejected).toEqual([{ sheet: 'Sheet1', row: 3, reason: expect.stringMatching(/与“Sheet1”第2行是同一个人/) }]);
  });

  it('matches towns with their aliases, asks about an unknown one instead of creating it, and imports once answered', async () => {
    const csv = '姓名,出生日期,镇（街道）\n张建国,1929-04-03,城关镇\n李秀兰,1936-07-13,韦庄乡\n王德胜,1935-11-02,新城镇\n赵桂英,1936-04-03,照庄镇\n';
    const f = tmp.file('towns.csv', csv);
    const asked = await importLedger(t.db, f, { today });
    expect(asked).toMatchObject({ applied: false, imported: 0, rejectedCount: 0 });
    expect(asked.questions.map((q) => [q.name, q.rows])).toEqual([['新城镇', 1], ['照庄镇', 1]]);
    expect(asked.questions[1]!.suggestions).toContain('赵庄镇');
    expect(await stored()).toEqual([]);
    const done = await importLedger(t.db, f, { today, newTowns: ['新城镇'], townAliases: { 照庄镇: '赵庄镇' } });
    expect(done).toMatchObject({ applied: true, imported: 4 });
    expect((await t.db.query('SELECT name, town FROM elders ORDER BY id')).rows.map((r) => r.town)).toEqual(['城关街道', '韦庄镇', '新城镇', '赵庄镇']);
    // Remembered: the next file with the same names needs no question.
    const next = await importLedger(t.db, tmp.file('next.csv', '姓名,出生日期,镇\n孙志明,1940-01-01,照庄镇\n钱老人,1941-01-01,新城镇\n'), { today, dryRun: true });
    expect(next.questions).toEqual([]);
  });

  it('previews new, changed (old → new), missing and rejected without writing; applies only what was previewed; deletes missing only when told', async () => {
    await importLedger(t.db, tmp.file('a.csv', '姓名,出生日期,镇,联系电话\n张建国,1929-04-03,韦庄镇,13812345678\n李秀兰,1936-07-13,韦庄镇,\n王德胜,1935-11-02,冯原镇,\n'), { today });
    const f = tmp.file('b.csv', '姓名,出生日期,镇,联系电话\n张建国,1929-04-03,韦庄镇,13812349999\n孙志明,1940-01-01,韦庄镇,\n钱老人,19400101x,韦庄镇,\n');
    const before = await stored();
    const preview = await importLedger(t.db, f, { today, dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, applied: false, imported: 1, updated: 1, unchanged: 0, missingCount: 1, rejectedCount: 1 });
    expect(preview.newElders).toEqual([{ row: 3, name: '孙志明', birthDate: '1940-01-01', town: '韦庄镇', village: null }]);
    expect(preview.changed).toEqual([{ row: 2, id: expect.any(Number), name: '张建国', changes: [{ field: '联系电话', column: 'phone', old: '13812345678', new: '13812349999' }] }]);
    // 王德胜 lives in 冯原镇, which the file does not cover: not missing.
    expect(preview.missing.map((m) => m.name)).toEqual(['李秀兰']);
    expect(preview.rejected).toEqual([{ row: 4, reason: expect.stringContaining('19400101x') }]);
    expect(await stored()).toEqual(before);

    const good = tmp.file('c.csv', '姓名,出生日期,镇,联系电话\n张建国,1929-04-03,韦庄镇,13812349999\n孙志明,1940-01-01,韦庄镇,\n');
    const p2 = await importLedger(t.db, good, { today, dryRun: true });
    await expect(importLedger(t.db, good, { today, expectPlan: 'not-this-one' })).rejects.toMatchObject({ userMessage: expect.stringMatching(/重新预览/) });
    const applied = await importLedger(t.db, good, { today, expectPlan: p2.planId });
    expect(applied).toMatchObject({ applied: true, imported: 1, updated: 1, missingCount: 1, removed: 0 });
    expect((await stored()).map((r) => r.name)).toEqual(['孙志明', '张建国', '李秀兰', '王德胜']);
    const removed = await importLedger(t.db, good, { today, removeMissing: true });
    expect(removed).toMatchObject({ applied: true, removed: 1 });
    expect((await stored()).map((r) => r.name)).toEqual(['孙志明', '张建国', '王德胜']);
  });

  it('limits a liaison to their towns', async () => {
    const f = tmp.file('scope.csv', '姓名,出生日期,镇\n张建国,1929-04-03,韦庄镇\n李秀兰,1936-07-13,冯原镇\n');
    const res = await importLedger(t.db, f, { today, scopeTowns: ['韦庄镇'] });
    expect(res).toMatchObject({ applied: false, rejected: [{ row: 3, reason: expect.stringMatching(/不在您负责的镇/) }] });
  });
});
