import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/ledgers/read-xlsx.ts';

const LIMITS = { rows: 10_000, columns: 50 };

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet('基本信息');
  a.addRow(['姓名', '镇']);
  a.addRow(['王秀兰', '冯原镇']);
  a.addRow(['李建国', null]);
  a.mergeCells('B2:B3');
  wb.addWorksheet('说明').state = 'hidden';
  const b = wb.addWorksheet('独居');
  b.addRow(['姓名', '镇']);
  b.addRow(['赵桂芳', '韦庄镇']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same parts stored in another order, as other writers (and re-zipping tools) store them. */
async function reordered(buf: Buffer, first: (name: string) => number): Promise<Buffer> {
  const src = await JSZip.loadAsync(buf);
  const names = Object.keys(src.files).filter((n) => !src.files[n]!.dir);
  const out = new JSZip();
  for (const n of [...names].sort((x, y) => first(x) - first(y))) out.file(n, await src.file(n)!.async('nodebuffer'));
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const shape = (book: Awaited<ReturnType<typeof readXlsx>>) => ({
  sheets: book.sheets.map((s) => [s.name, s.rows.map((r) => r.cells.join('|'))]),
  skipped: book.skippedSheets.map((s) => s.name),
});

describe('reading the parts of an xlsx whatever their order in the zip', () => {
  const expected = {
    sheets: [
      ['基本信息', ['姓名|镇', '王秀兰|冯原镇', '李建国|冯原镇']],
      ['独居', ['姓名|镇', '赵桂芳|韦庄镇']],
    ],
    skipped: ['说明'],
  };

  it('reads the sheets in the order of their tabs, with names, merges and hidden sheets, as exceljs stores them', async () => {
    expect(shape(await readXlsx(await workbook(), 'a.xlsx', LIMITS))).toEqual(expected);
  });

  it('reads a file whose shared strings come before the sheets and the workbook part after them (a single pass over the zip fails on it)', async () => {
    const rank = (n: string) => (n.includes('sharedStrings') || n.endsWith('.rels') ? 0 : n.includes('worksheets') ? (n.includes('sheet3') ? 1 : 2) : n === 'xl/workbook.xml' ? 4 : 3);
    const buf = await reordered(await workbook(), rank);
    const stored = Object.keys((await JSZip.loadAsync(buf)).files);
    // The premise: a sheet is stored before xl/workbook.xml, after the strings and relations.
    expect(stored.indexOf('xl/worksheets/sheet3.xml')).toBeLessThan(stored.indexOf('xl/workbook.xml'));
    expect(stored.indexOf('xl/sharedStrings.xml')).toBeLessThan(stored.indexOf('xl/worksheets/sheet3.xml'));
    expect(shape(await readXlsx(buf, 'b.xlsx', LIMITS))).toEqual(expected);
  });

  it('says plainly that a zip without a workbook part is no spreadsheet', async () => {
    const src = await JSZip.loadAsync(await workbook());
    src.remove('xl/workbook.xml');
    const buf = await src.generateAsync({ type: 'nodebuffer' });
    await expect(readXlsx(buf, 'c.xlsx', LIMITS)).rejects.toMatchObject({ userMessage: expect.stringContaining('打不开') });
  });
});
