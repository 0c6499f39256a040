import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerImportSkill } from '../../../src/ledgers/skills/import-skill.ts';
import { ledgerTemplate } from '../../../src/ledgers/ledger-template.ts';
import { importLedger } from '../../../src/ledgers/import-ledger.ts';
import { COUNTY_TOWNS } from '../../../src/ledgers/places.ts';
import type { ChatContext } from '../../../src/chat/ports.ts';
import { createTestDb, testDbKinds, type TestDb } from '../../helpers/db.ts';
import { addStaff, chat, run, staffRouter, textOf, type Who } from '../../helpers/staff-chat.ts';
import { tmpDir } from '../../helpers/tmp.ts';

const today = '2026-12-01';

function withFile(ctx: ChatContext, name: string, data: Buffer, lazy = false): ChatContext {
  const a = lazy ? { kind: 'file' as const, name, size: data.length, load: async () => data } : { kind: 'file' as const, name, data };
  return { ...ctx, msg: { ...ctx.msg, text: '', attachments: [a] } };
}

async function sheet(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('韦庄镇');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDbKinds)('ledger import from a staff chat on %s', (kind) => {
  let t: TestDb;
  let admin: Who;
  let liaison: Who;
  const router = () => staffRouter({ skills: [createLedgerImportSkill({ db: t.db })] });
  beforeAll(async () => {
    t = await createTestDb(kind);
    admin = await addStaff(t, '王明', 'admin', []);
    liaison = await addStaff(t, '李华', 'liaison', ['韦庄镇']);
  });
  afterAll(async () => t.cleanup());
  beforeEach(async () => {
    await t.db.query('TRUNCATE elders, family_contacts, ledger_import_drafts, settings RESTART IDENTITY CASCADE');
  });
  const names = async () => (await t.db.query<{ name: string }>('SELECT name FROM elders ORDER BY id')).rows.map((r) => r.name);

  it('previews a file first, writes nothing, and applies it on 确认导入', async () => {
    await t.db.query(`INSERT INTO elders (name, birth_date, town, phone) VALUES ('张建国', '1929-04-03', '韦庄镇', '13812345678')`);
    const data = await sheet([['姓名', '出生日期', '联系电话'], ['张建国', '1929-04-03', '13812349999'], ['李秀兰', '1936.5', null]]);
    const r = router();
    const preview = await run(r, withFile(chat('', admin), '台账.xlsx', data, true));
    expect(preview?.intent).toBe('staff_ledger_import_preview');
    const said = textOf(preview!.replies);
    expect(said).toContain('预览（还没有导入）：新增 1 人，有变动 1 人');
    expect(said).toContain('张建国：联系电话 13812345678 → 13812349999');
    expect(said).toContain('李秀兰（1936-05）');
    expect(said).toContain('回复“确认导入”');
    expect(await names()).toEqual(['张建国']);
    const done = await run(r, chat('确认导入', admin));
    expect(textOf(done!.replies)).toMatch(/导入完成：新增 1 人，更新 1 人/);
    expect(await names()).toEqual(['张建国', '李秀兰']);
    expect((await t.db.query('SELECT count(*)::int AS n FROM ledger_import_drafts')).rows[0]).toEqual({ n: 0 });
    // Nothing waits any more: a second 确认导入 says so.
    expect(textOf((await run(r, chat('确认导入', admin)))!.replies)).toContain('没有等待导入的台账文件');
  });

  it('asks about an unknown town and imports once told it is a new one; 取消导入 drops the file', async () => {
    const data = await sheet([['姓名', '出生日期', '镇'], ['张建国', '1929-04-03', '新城镇']]);
    const r = router();
    const asked = textOf((await run(r, withFile(chat('', admin), 'a.xlsx', data)))!.replies);
    expect(asked).toContain('“新城镇”不在全县的镇（街道）名单里');
    expect(asked).toContain('请先回答上面的问题');
    expect(textOf((await run(r, chat('确认导入', admin)))!.replies)).toContain('还不能导入');
    expect(await names()).toEqual([]);
    const answered = textOf((await run(r, chat('新镇 新城镇', admin)))!.replies);
    expect(answered).toContain('回复“确认导入”');
    await run(r, chat('确认导入', admin));
    expect((await t.db.query('SELECT town FROM elders')).rows).toEqual([{ town: '新城镇' }]);

    await run(r, withFile(chat('', admin), 'b.xlsx', await sheet([['姓名', '出生日期'], ['李秀兰', '1936-07-13']])));
    expect(textOf((await run(r, chat('取消导入', admin)))!.replies)).toContain('没有导入');
    expect(await names()).toEqual(['张建国']);
  });

  it('keeps a liaison to their towns, asks for a private chat in a group, and leaves other words alone', async () => {
    const data = await sheet([['姓名', '出生日期', '镇'], ['张建国', '1929-04-03', '韦庄镇'], ['李秀兰', '1936-07-13', '冯原镇']]);
    const r = router();
    const said = textOf((await run(r, withFile(chat('', liaison), 'a.xlsx', data)))!.replies);
    expect(said).toMatch(/冯原镇不在您负责的镇/);
    const group = await run(r, withFile(chat('', admin, { group: true }), 'a.xlsx', data));
    expect(group).toMatchObject({ intent: 'staff_ledger_import_denied' });
    expect(await run(r, chat('韦庄镇有哪些独居老人', admin))).toBeNull();
    expect(await run(r, chat('确认', admin))).toBeNull();
  });

  it('hands out a template that imports back to exactly the people filled in, the sample row skipped', async () => {
    const buf = await ledgerTemplate(COUNTY_TOWNS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([['基本信息台账', 'visible'], ['选项', 'hidden'], ['填写说明', 'visible']]);
    const ws = wb.getWorksheet('基本信息台账')!;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers).toContain('农历生日(是/否)');
    const col = (h: string) => headers.indexOf(h) + 1;
    const validation = (ws as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    // Read back, exceljs lists a range's validation on each of its cells.
    const at = (h: string) => validation[`${ws.getColumn(col(h)).letter}2`]?.formulae[0];
    expect(at('独居(是/否)')).toBe('"是,否"');
    expect(at('镇(街道)')).toBe(`'选项'!$A$2:$A$${COUNTY_TOWNS.length + 1}`);
    expect(wb.getWorksheet('选项')!.getColumn(1).values.slice(2)).toEqual([...COUNTY_TOWNS]);
    const row = (values: Record<string, string>) => ws.addRow(headers.map((h) => values[h] ?? null));
    row({ 姓名: '周老人', 出生日期: '1938.5', '镇(街道)': '韦庄镇', '独居(是/否)': '是' });
    row({ 姓名: '吴老人', 出生日期: '1936年腊月初八', '镇(街道)': '城关街道' });
    const tmp = tmpDir('jq-template-');
    try {
      const res = await importLedger(t.db, tmp.file('filled.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), { today });
      expect(res).toMatchObject({ applied: true, imported: 2, rows: { sample: 1 }, skippedSheets: [{ name: '选项' }, { name: '填写说明' }] });
      expect((await t.db.query('SELECT name, birth_date, birth_precision, lunar_birthday, lives_alone, town FROM elders ORDER BY id')).rows).toEqual([
        { name: '周老人', birth_date: '1938-05-01', birth_precision: 'month', lunar_birthday: false, lives_alone: true, town: '韦庄镇' },
        { name: '吴老人', birth_date: '1937-01-20', birth_precision: 'day', lunar_birthday: true, lives_alone: false, town: '城关街道' },
      ]);
    } finally {
      tmp.cleanup();
    }
  });
});
