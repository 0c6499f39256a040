import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importLedger, LIST_CAP } from '../../src/ledgers/import-ledger.ts';
import { testDbKinds } from '../helpers/db.ts';
import { useLedgerImportDb } from '../helpers/ledger-import-db.ts';
import { DEMO_LEDGER_CSV } from '../helpers/ledger-fixture.ts';

/**
 * No silent drop: the shapes a probe fed the importer (mixed line endings, stray and unclosed quotes,
 * BOMs) import correctly or are rejected with their row, and the count of rows read is the file's.
 * Row and column caps refuse a file with a clear message; the rejected list is cut with a count.
 */
const today = '2026-12-01';

/** The reference CSV's records, parsed independently of the importer (it has no quoted newlines). */
function referenceNotes(): Map<string, string> {
  const lines = fs.readFileSync(DEMO_LEDGER_CSV, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean);
  const head = lines[0]!.split(',');
  const out = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const cells = l.split(',');
    out.set(cells[head.indexOf('姓名')]!, cells[head.indexOf('备注')] ?? '');
  }
  return out;
}

describe.each(testDbKinds)('ledger import never drops a row silently on %s', (kind) => {
  const t = useLedgerImportDb(kind, 'jq-robust-');
  const tmp = t.tmp;
  const count = t.count;

  it('reads CRLF after the header and LF below it as 60 records, each with its own 备注', async () => {
    const text = fs.readFileSync(DEMO_LEDGER_CSV, 'utf8').replace(/\r\n/g, '\n');
    const [head, ...body] = text.split('\n');
    const mixed = `${head}\r\n${body.join('\n')}`;
    const res = await importLedger(t.db, tmp.file('mixed.csv', mixed), { today });
    expect(res).toMatchObject({ applied: true, imported: 60, rejectedCount: 0 });
    expect(res.rows).toMatchObject({ file: 61, read: 61, people: 60, header: 1 });
    const notes = referenceNotes();
    const rows = await t.db.query<{ name: string; notes: string | null }>('SELECT name, notes FROM elders');
    expect(rows.rows).toHaveLength(60);
    for (const r of rows.rows) expect(r.notes ?? '', r.name).toBe(notes.get(r.name));
  });

  it('reads old-Mac CR line endings, a BOM at the start and another in the middle', async () => {
    const csv = '\ufeff姓名,出生日期,镇\r张建国,1929-04-03,韦庄镇\r\ufeff李秀兰,1936-07-13,冯原镇\r';
    const res = await importLedger(t.db, tmp.file('cr.csv', csv), { today });
    expect(res).toMatchObject({ applied: true, imported: 2, rows: { file: 3, read: 3, people: 2 } });
    expect((await t.db.query('SELECT name FROM elders ORDER BY id')).rows).toEqual([{ name: '张建国' }, { name: '李秀兰' }]);
  });

  it('keeps quotes inside cells and a quoted cell over two lines; rejects the one line with an unclosed quote, by its number', async () => {
    const csv = [
      '姓名,出生日期,镇,备注',
      '张建国,1929-04-03,韦庄镇,他说"想参加书法班"',
      '李秀兰,1936-07-13,冯原镇,"腿脚不好,',
      '需要轮椅"',
      '王德胜,1935-11-02,王庄镇,"老伴去年去世',
      '赵桂英,1936-04-03,尧头镇,',
      '孙志明,1940-01-01,交道镇,"""老党员"""',
    ].join('\n');
    const f = tmp.file('quotes.csv', csv);
    const res = await importLedger(t.db, f, { today });
    expect(res).toMatchObject({ applied: false, rejectedCount: 1, rows: { file: 7, read: 7 } });
    expect(res.rejected).toEqual([{ row: 5, reason: expect.stringMatching(/没有配对的引号.*王德胜/) }]);
    expect(await count()).toBe(0);
    const partial = await importLedger(t.db, f, { today, partial: true });
    expect(partial).toMatchObject({ applied: true, imported: 4 });
    expect((await t.db.query('SELECT name, notes FROM elders ORDER BY id')).rows).toEqual([
      { name: '张建国', notes: '他说"想参加书法班"' },
      { name: '李秀兰', notes: '腿脚不好,\n需要轮椅' },
      { name: '赵桂英', notes: null },
      { name: '孙志明', notes: '"老党员"' },
    ]);
  });

  it('rejects an unclosed quote on the last line instead of swallowing it', async () => {
    const res = await importLedger(t.db, tmp.file('eof.csv', '姓名,出生日期\n张建国,1929-04-03\n"李秀兰,1936-07-13\n'), { today });
    expect(res).toMatchObject({ applied: false, rejected: [{ row: 3, reason: expect.stringMatching(/引号/) }], rows: { file: 3, read: 3 } });
  });

  it('counts the rows of an xlsx against the sheet, blank and footer rows included', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['姓名', '出生日期', '镇']);
    for (let i = 0; i < 30; i++) ws.addRow([`老人${String.fromCharCode(0x4e00 + i)}${String.fromCharCode(0x4e00 + i)}`, `19${40 + (i % 20)}-0${1 + (i % 9)}-1${i % 9}`, '韦庄镇']);
    ws.getRow(40).getCell(1).value = ' ';
    ws.getRow(41).getCell(1).value = '合计：30人';
    const res = await importLedger(t.db, tmp.file('count.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), { today });
    expect(res).toMatchObject({ applied: true, imported: 30, warnings: [], rows: { file: 33, read: 33, people: 30, blank: 1, footer: 1, header: 1 } });
    ws.getRow(41).getCell(1).value = '合计：31人';
    const off = await importLedger(t.db, tmp.file('count2.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), { today, dryRun: true });
    expect(off.warnings).toEqual([expect.stringMatching(/合计是31人，实际读到30人/)]);
  });

  it('refuses files over the row and column caps with a clear message, and cuts a long rejected list with its count', async () => {
    const many = ['姓名,出生日期', ...Array.from({ length: 400 }, (_, i) => `老人${i},1940-01-01`)].join('\n');
    await expect(importLedger(t.db, tmp.file('rows.csv', many), { today, limits: { rows: 300, columns: 50 } })).rejects.toMatchObject({ userMessage: expect.stringMatching(/超过了一次最多导入300行/) });
    const wide = `姓名,出生日期,${Array.from({ length: 60 }, (_, i) => `列${i}`).join(',')}\n张建国,1929-04-03\n`;
    await expect(importLedger(t.db, tmp.file('cols.csv', wide), { today, limits: { rows: 300, columns: 50 } })).rejects.toMatchObject({ userMessage: expect.stringMatching(/超过了50列/) });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大表');
    ws.addRow(['姓名', '出生日期']);
    for (let i = 0; i < 400; i++) ws.addRow([`老人${i}`, '1940-01-01']);
    await expect(importLedger(t.db, tmp.file('rows.xlsx', Buffer.from(await wb.xlsx.writeBuffer())), { today, limits: { rows: 300, columns: 50 } })).rejects.toMatchObject({
      userMessage: expect.stringMatching(/超过了一次最多导入300行/),
    });
    // 400 rows whose names have digits: every one rejected, the list cut, the count whole.
    const res = await importLedger(t.db, tmp.file('bad.csv', many), { today });
    expect(res.rejectedCount).toBe(400);
    expect(res.rejected).toHaveLength(LIST_CAP);
    expect(await count()).toBe(0);
  });
});
