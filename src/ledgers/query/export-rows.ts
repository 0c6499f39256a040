import { loadExcelJs } from '../load-exceljs.ts';
import { maskRow } from '../../privacy/masking.ts';
import type { LedgerRow } from './run.ts';
import type { LedgerQuery } from './schema.ts';
import { formatValue, rowColumns } from './format.ts';

/** A query result as an .xlsx sheet with Chinese headers (masked when it goes to a group chat). */
export async function rowsToXlsx(rows: LedgerRow[], query: LedgerQuery, opts: { title: string; masked: boolean; conditions?: string }): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = '金秋';
  const ws = wb.addWorksheet(opts.title.slice(0, 31) || '查询结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = rowColumns(query);
  const wide = new Set(['address', 'needs', 'health', 'summary', 'notes']);
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: wide.has(c.key) ? 28 : c.key === 'name' ? 10 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const raw of rows) {
    const r = opts.masked ? maskRow(raw) : raw;
    ws.addRow(Object.fromEntries(cols.map((c) => [c.key, c.key === 'name' ? r.name : formatValue(c.key, r[c.key])])));
  }
  if (opts.conditions) {
    ws.addRow([]);
    ws.addRow([`查询条件：${opts.conditions}`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
