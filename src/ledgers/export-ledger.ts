import type ExcelJS from 'exceljs';
import { loadExcelJs } from './load-exceljs.ts';
import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import { writeAudit } from '../privacy/audit.ts';
import { ELDER_FIELDS } from './elder-fields.ts';
import { showBirth } from './parse-date.ts';

/** The 患病/丧偶/独居 ledgers are views of the one ledger. */
export const LEDGER_VIEWS = { 独居: 'elders_alone', 丧偶: 'elders_widowed', 患病: 'elders_ill' } as const;
export type LedgerView = keyof typeof LEDGER_VIEWS;

export function isLedgerView(v: string): v is LedgerView {
  return Object.hasOwn(LEDGER_VIEWS, v);
}

function cellValue(v: unknown, kind: string): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  // Dates stay text (YYYY-MM-DD) so no time zone ever shifts a birthday by a day.
  if (kind === 'date') return String(v);
  return v as ExcelJS.CellValue;
}

/** Writes the ledger, or one view of it, as an .xlsx with Chinese headers, readable widths and a frozen header. */
export async function exportLedger(q: Queryable, opts: { view?: string | null; actor?: string }): Promise<{ buffer: Buffer; rows: number; view: LedgerView | null }> {
  const view = opts.view ?? null;
  if (view !== null && !isLedgerView(view)) {
    throw new InputError(`unknown view ${view}`, `没有“${view}”这个台账，可选：${Object.keys(LEDGER_VIEWS).join('、')}。`);
  }
  const relation = view ? LEDGER_VIEWS[view] : 'elders';
  const cols = ELDER_FIELDS.map((f) => f.column);
  // relation and columns come from constants above, never from input.
  const r = await q.query<Record<string, unknown>>(`SELECT id, birth_precision, ${cols.join(', ')} FROM ${relation} ORDER BY town NULLS LAST, village NULLS LAST, name`);
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = '金秋';
  const ws = wb.addWorksheet(view ? `${view}台账` : '基本信息台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ELDER_FIELDS.map((f) => ({ header: f.header, key: f.column, width: f.width + 2 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'middle', horizontal: 'center' };
  for (const row of r.rows) {
    // A birth date known only to the month is written as 1938-05, as it came in.
    ws.addRow(Object.fromEntries(ELDER_FIELDS.map((f) => [f.column, f.column === 'birth_date' ? showBirth(String(row.birth_date), row.birth_precision as string) : cellValue(row[f.column], f.kind)])));
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ELDER_FIELDS.length } };
  await writeAudit(q, { actor: opts.actor ?? 'cli', action: 'ledger.export', channel: 'cli', query: { view }, rowCount: r.rowCount ?? 0 });
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, rows: r.rowCount ?? 0, view };
}
