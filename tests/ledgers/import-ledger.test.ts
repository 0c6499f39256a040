import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../src/privacy/audit.ts';
import { importLedger } from '../../src/ledgers/import-ledger.ts';
import { seedDemoIfEmpty } from '../../src/ledgers/demo-ledger.ts';
import { testDbKinds } from '../helpers/db.ts';
import { useLedgerImportDb } from '../helpers/ledger-import-db.ts';
import { DEMO_LEDGER_CSV } from '../helpers/ledger-fixture.ts';

const today = '2026-12-01';
const HEAD = '姓名,性别,出生日期,联系电话,镇(街道),独居';

describe.each(testDbKinds)('ledger import on %s', (kind) => {
  const t = useLedgerImportDb(kind, 'jq-import-');
  const tmp = t.tmp;
  const count = t.count;

  it('imports the reference CSV, and a second import updates instead of duplicating', async () => {
    const file = DEMO_LEDGER_CSV;
    expect(fs.existsSync(file)).toBe(true);
    const first = await importLedger(t.db, file, { today });
    expect(first).toMatchObject({ imported: 60, updated: 0, rejected: [], applied: true });
    const second = await importLedger(t.db, file, { today });
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 60, applied: true });
    expect(await count()).toBe(60);
    const row = (await t.db.query<Record<string, unknown>>(`SELECT * FROM elders WHERE name = '罗守仁'`)).rows[0]!;
    expect(row).toMatchObject({ gender: '男', birth_date: '1938-09-04', category: '退休', town: '交道镇', lives_alone: true, widowed: true, mobility: '行动不便', phone: '13308246281', status: '在世' });
    const contact = await t.db.query(`SELECT name, phone, is_emergency FROM family_contacts WHERE elder_id = $1`, [row.id]);
    expect(contact.rows).toEqual([{ name: '白东才', phone: '17821993518', is_emergency: true }]);
    const audit = await t.db.query(`SELECT action, row_count FROM audit_log ORDER BY id`);
    expect(audit.rows).toEqual([{ action: 'ledger.import', row_count: 60 }, { action: 'ledger.import', row_count: 0 }]);
    expect((await readAudit(t.db, { action: 'ledger.import' })).at(-1)).toMatchObject({ actor: 'cli', channel: 'cli', query: { file: 'demo-ledger.csv', partial: false, rejected: 0 } });
  });

  it('accepts the header variants and date forms offices type', async () => {
    const csv = [
      '序号,姓名,性别,出生年月日,手机号码,所在镇（街道）,村（社区）,是否独居,是否丧偶,农历生日（是/否）,类别（离休/退休）',
      '1,张建国,男,1929年4月3日,138 1234 5678,韦庄镇,韦庄村,是,否,是,离休',
      '2,李秀兰,女,1956/7/13,13912345678,冯原镇,南串村,否,是,否,退休',
      '3,王德胜,男,1956-07-13,+8613712345678,王庄镇,王庄村,√,×,否,退休',
      '4,赵桂英,女,1956.7.13,0913-6612345,尧头镇,尧头村,否,否,否,退休',
      '5,孙志明,男,20558,15012345678,交道镇,交道村,否,否,否,退休',
    ].join('\n');
    const res = await importLedger(t.db, tmp.file('variants.csv', csv), { today });
    expect(res.rejected).toEqual([]);
    expect(res.imported).toBe(5);
    expect(res.ignoredColumns).toEqual(['序号']);
    const rows = (await t.db.query<{ name: string; birth_date: string; phone: string; town: string; lives_alone: boolean; lunar_birthday: boolean; category: string }>(
      'SELECT name, birth_date, phone, town, lives_alone, lunar_birthday, category FROM elders ORDER BY id',
    )).rows;
    expect(rows.map((r) => r.birth_date)).toEqual(['1929-04-03', '1956-07-13', '1956-07-13', '1956-07-13', '1956-04-13']);
    expect(rows.map((r) => r.phone)).toEqual(['13812345678', '13912345678', '13712345678', '09136612345', '15012345678']);
    expect(rows[0]).toMatchObject({ town: '韦庄镇', lives_alone: true, lunar_birthday: true, category: '离休' });
    expect(rows[2]!.lives_alone).toBe(true);
  });

  it('rejects a file with any bad row whole, naming every bad row, unless --partial', async () => {
    const csv = [
      HEAD,
      '张建国,男,1929-04-03,13812345678,韦庄镇,否',
      ',男,1930-01-01,13812345678,韦庄镇,否',
      '李秀兰,女,1956-02-30,13912345678,冯原镇,否',
      '王德胜,男,1956-07-13,1381234,王庄镇,也许',
      '赵桂英,女,2020-01-01,13912345678,尧头镇,否',
      '张建国,男,1929-04-03,13812345678,韦庄镇,否',
    ].join('\n');
    const file = tmp.file('bad.csv', csv);
    const res = await importLedger(t.db, file, { today });
    expect(res.applied).toBe(false);
    expect(res.imported).toBe(0);
    expect(res.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
    expect(res.rejected[0]!.reason).toContain('缺少姓名');
    expect(res.rejected[1]!.reason).toContain('不存在');
    expect(res.rejected[2]!.reason).toMatch(/联系电话.*11位/);
    expect(res.rejected[2]!.reason).toContain('“独居”应填“是”或“否”');
    expect(res.rejected[3]!.reason).toContain('不合理');
    expect(res.rejected[4]!.reason).toContain('与第2行是同一个人');
    expect(await count()).toBe(0);

    const partial = await importLedger(t.db, file, { today, partial: true });
    expect(partial).toMatchObject({ applied: true, imported: 1 });
    expect(partial.rejected).toHaveLength(5);
    expect(await count()).toBe(1);
  });

  it('reads a CSV saved in GBK', async () => {
    const csv = `${HEAD}\n张建国,男,1929-04-03,13812345678,韦庄镇,是\n李秀兰,女,1956-07-13,13912345678,冯原镇,否\n`;
    const res = await importLedger(t.db, tmp.file('gbk.csv', iconv.encode(csv, 'gbk')), { today });
    expect(res).toMatchObject({ imported: 2, encoding: 'gb18030' });
    expect((await t.db.query(`SELECT town FROM elders WHERE name = '张建国'`)).rows).toEqual([{ town: '韦庄镇' }]);
  });

  it('reads xlsx date cells, serial numbers, a title row above the header and an id column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['澄城县离退休干部基本信息台账（2026年）']);
    ws.addRow(['编号', '姓名', '性别', '出生日期', '联系电话', '镇（街道）', '身体状况', '行动能力']);
    ws.addRow(['A001', '张建国', '男', new Date(Date.UTC(1929, 3, 3)), 13812345678, '韦庄镇', '高血压', '卧床']);
    ws.addRow(['A002', '李秀兰', '女', 20649, '13912345678', '冯原镇', '良好', '好']);
    const file = tmp.file('ledger.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const res = await importLedger(t.db, file, { today });
    expect(res).toMatchObject({ imported: 2, rejected: [] });
    expect((await t.db.query(`SELECT external_id, birth_date, phone, mobility FROM elders ORDER BY external_id`)).rows).toEqual([
      { external_id: 'A001', birth_date: '1929-04-03', phone: '13812345678', mobility: '卧床' },
      { external_id: 'A002', birth_date: '1956-07-13', phone: '13912345678', mobility: '好' },
    ]);
    // Same id, corrected birth date: the same person, updated.
    ws.getRow(3).getCell(4).value = new Date(Date.UTC(1929, 3, 4));
    await wb.xlsx.writeFile(file);
    const again = await importLedger(t.db, file, { today });
    expect(again).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    expect(again.changed).toEqual([{ row: 3, sheet: '台账', id: expect.any(Number), name: '张建国', changes: [{ field: '出生日期', column: 'birth_date', old: '1929-04-03', new: '1929-04-04' }] }]);
    expect((await t.db.query(`SELECT birth_date FROM elders WHERE external_id = 'A001'`)).rows).toEqual([{ birth_date: '1929-04-04' }]);
  });

  it('answers bad files clearly and leaves the ledger as it was', async () => {
    await importLedger(t.db, tmp.file('ok.csv', `${HEAD}\n张建国,男,1929-04-03,13812345678,韦庄镇,是\n`), { today });
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /空的/],
      ['header-only.csv', `${HEAD}\n`, /只有表头/],
      ['broken.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), /打不开/],
      ['no-name.csv', '性别,出生日期\n男,1929-04-03\n', /缺少这几列：姓名/],
      ['binary.csv', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00, 0x80, 0x81]), /不是表格|编码/],
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /\.xls/],
    ];
    for (const [name, data, msg] of cases) {
      const err = await importLedger(t.db, tmp.file(name, data), { today }).catch((e: { userMessage: string }) => e);
      expect((err as { userMessage: string }).userMessage, name).toMatch(msg);
    }
    expect(await count()).toBe(1);
  });

  it('imports 10,000 rows in one file', async () => {
    const lines = [HEAD];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`测试${String.fromCharCode(0x4e00 + (i % 2000))}${String.fromCharCode(0x4e00 + Math.floor(i / 2000))},男,19${30 + (i % 50)}-0${1 + (i % 9)}-1${i % 9},138${String(i).padStart(8, '0')},韦庄镇,否`);
    }
    const res = await importLedger(t.db, tmp.file('big.csv', lines.join('\n')), { today });
    expect(res).toMatchObject({ imported: 10_000, rejected: [] });
    expect(await count()).toBe(10_000);
  });

  it('a real import removes the demo ledger and keeps the demo from coming back', async () => {
    const seeded = await seedDemoIfEmpty(t.db, { today, count: 30 });
    expect(seeded).toMatchObject({ seeded: true, elders: 30 });
    expect(await count('demo')).toBe(30);
    await importLedger(t.db, tmp.file('real.csv', `${HEAD}\n张建国,男,1929-04-03,13812345678,韦庄镇,是\n`), { today });
    expect(await count()).toBe(1);
    expect(await count('demo')).toBe(0);
    await t.db.query('DELETE FROM elders');
    expect(await seedDemoIfEmpty(t.db, { today })).toMatchObject({ seeded: false, reason: 'disabled' });
  });
});
