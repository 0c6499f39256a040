import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../load-exceljs.ts';
import { maskRow } from '../../privacy/masking.ts';
import type { LedgerRow } from './run.ts';
import { fieldLabels, type LedgerField } from './schema.ts';
import { formatValue } from './format.ts';

/** A query result as an .xlsx sheet with Chinese headers (masked when it goes to a group chat). */
export async function rowsToXlsx(rows: LedgerRow[], fields: LedgerField[], opts: { title: string; masked: boolean; conditions?: string }): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = '金秋';
  const ws = wb.addWorksheet(opts.title.slice(0, 31) || '查询结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  const keys: ('name' | LedgerField)[] = ['name', ...fields];
  ws.columns = keys.map((k) => ({ header: fieldLabels[k], key: k, width: k === 'address' || k === 'needs' || k === 'health' ? 28 : k === 'name' ? 10 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const raw of rows) {
    const r = opts.masked ? maskRow(raw) : raw;
    ws.addRow(Object.fromEntries(keys.map((k) => [k, k === 'name' ? r.name : formatValue(k, r[k])])));
  }
  if (opts.conditions) {
    ws.addRow([]);
    ws.addRow([`查询条件：${opts.conditions}`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
