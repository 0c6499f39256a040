import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/privacy/audit.ts';
import { exportLedger } from '../../src/ledgers/export-ledger.ts';
import { seedDemoIfEmpty } from '../../src/ledgers/demo-ledger.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';

describe.each(testDbKinds)('ledger export on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await seedDemoIfEmpty(t.db, { today: '2026-12-01', count: 80 });
  });
  afterAll(() => t.cleanup());

  async function read(buffer: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  }

  it('writes every elder with Chinese headers, widths and a frozen header row', async () => {
    const res = await exportLedger(t.db, {});
    expect(res.rows).toBe(80);
    const ws = await read(res.buffer);
    expect(ws.getRow(1).getCell(2).value).toBe('姓名');
    expect(ws.getRow(1).getCell(4).value).toBe('出生日期');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(13).width).toBeGreaterThanOrEqual(14);
    expect(ws.actualRowCount).toBe(81);
    const audit = await t.db.query(`SELECT action, row_count FROM audit_log WHERE action = 'ledger.export'`);
    expect(audit.rows).toContainEqual({ action: 'ledger.export', row_count: 80 });
    expect(await readAudit(t.db, { action: 'ledger.export' })).toContainEqual(expect.objectContaining({ actor: 'cli', channel: 'cli', query: { view: null }, rowCount: 80 }));
  });

  it.each([
    ['独居', 'lives_alone'],
    ['丧偶', 'widowed'],
  ])('the %s view holds exactly the living elders with that flag', async (view, column) => {
    const expected = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE ${column} AND status = '在世'`)).rows[0]!.n;
    expect(expected).toBeGreaterThan(0);
    const res = await exportLedger(t.db, { view });
    expect(res.rows).toBe(expected);
    const ws = await read(res.buffer);
    const header = (ws.getRow(1).values as string[]).indexOf(view);
    for (let r = 2; r <= ws.actualRowCount; r++) expect(ws.getRow(r).getCell(header).value).toBe('是');
  });

  it('患病 leaves out the healthy and the deceased', async () => {
    const res = await exportLedger(t.db, { view: '患病' });
    const ws = await read(res.buffer);
    const headers = ws.getRow(1).values as string[];
    for (let r = 2; r <= ws.actualRowCount; r++) {
      expect(ws.getRow(r).getCell(headers.indexOf('身体状况')).value).not.toBe('良好');
      expect(ws.getRow(r).getCell(headers.indexOf('状态')).value).toBe('在世');
    }
    expect(res.rows).toBeGreaterThan(0);
  });

  it('refuses an unknown view in Chinese', async () => {
    await expect(exportLedger(t.db, { view: '高收入' })).rejects.toMatchObject({ userMessage: expect.stringContaining('没有“高收入”这个台账') });
  });
});
