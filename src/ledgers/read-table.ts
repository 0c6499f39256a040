import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './load-exceljs.ts';
import { parse as parseCsv } from 'csv-parse/sync';
import { FileError } from '../kernel/errors.ts';
import { decodeText } from '../kernel/decode-text.ts';
import type { Cell } from './row-validator.ts';

export interface TableRow {
  /** Row number as the office sees it in Excel or a text editor (1-based). */
  row: number;
  cells: Cell[];
}

export interface Table {
  headers: string[];
  headerRow: number;
  rows: TableRow[];
  encoding?: string;
}

const MAX_BYTES = 50 * 1024 * 1024;

function richText(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v) return richText(v.result as ExcelJS.CellValue); // formula
    if ('error' in v) return null;
  }
  return String(v);
}

/** Offices put a title or a date line above the header: the header is the first row naming 姓名. */
function findHeader(rows: Cell[][], isHeader: (cells: string[]) => boolean): number {
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const cells = (rows[i] ?? []).map((c) => (c === null ? '' : String(c)));
    if (isHeader(cells)) return i;
  }
  return rows.findIndex((r) => r.some((c) => c !== null && String(c).trim() !== ''));
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

function toTable(all: Cell[][], isHeader: (cells: string[]) => boolean, encoding?: string): Table {
  const h = findHeader(all, isHeader);
  if (h < 0) return { headers: [], headerRow: 0, rows: [], encoding };
  const headers = (all[h] ?? []).map((c) => (c === null ? '' : String(c).trim()));
  const rows: TableRow[] = [];
  for (let i = h + 1; i < all.length; i++) {
    const cells = all[i] ?? [];
    if (!isBlank(cells)) rows.push({ row: i + 1, cells });
  }
  return { headers, headerRow: h + 1, rows, encoding };
}

async function readXlsx(buf: Buffer, label: string, isHeader: (cells: string[]) => boolean): Promise<Table> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new FileError(`${label}: not a readable xlsx (${(e as Error).message})`, '这个 Excel 文件打不开，可能已损坏。请用 Excel 重新保存为 .xlsx 后再导入。', e);
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return { headers: [], headerRow: 0, rows: [] };
  const all: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: Cell[] = [];
    r.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = richText(c.value);
    });
    all[n - 1] = Array.from(cells, (c) => c ?? null);
  });
  for (let i = 0; i < all.length; i++) all[i] ??= [];
  return toTable(all, isHeader);
}

function readCsv(buf: Buffer, label: string, isHeader: (cells: string[]) => boolean): Table {
  const { text, encoding } = decodeText(buf, (why) =>
    why.kind === 'binary'
      ? new FileError(`${label}: binary content, not a text CSV`, '这个文件不是表格文本，请另存为 Excel（.xlsx）或 CSV 再导入。')
      : new FileError(
          `${label}: unknown text encoding (detected ${why.detected || 'nothing'})`,
          '文件的文字编码认不出来，请在 Excel 里“另存为”UTF-8 的 CSV 或 .xlsx 文件再导入。',
        ),
  );
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true, delimiter: text.includes('\t') && !text.includes(',') ? '\t' : ',' });
  } catch (e) {
    throw new FileError(`${label}: CSV parse error (${(e as Error).message})`, 'CSV 文件格式有误（可能引号没有配对），请用 Excel 打开后另存为 .xlsx 再导入。', e);
  }
  return toTable(records as Cell[][], isHeader, encoding);
}

/** Reads the first sheet of an .xlsx or a .csv/.txt into rows of cells with their original row numbers. */
export async function readTable(file: string, isHeader: (cells: string[]) => boolean): Promise<Table> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new FileError(`${file}: cannot open (${(e as Error).message})`, '找不到这个文件，请检查文件名和位置。', e);
  }
  if (stat.size > MAX_BYTES) throw new FileError(`${file}: ${stat.size} bytes is over the ${MAX_BYTES} limit`, '文件太大了（超过50MB），请分成几个文件导入。');
  const buf = fs.readFileSync(file);
  if (buf.length === 0) throw new FileError(`${file}: empty file`, '文件是空的，里面没有内容。');
  const ext = path.extname(file).toLowerCase();
  const looksZip = buf[0] === 0x50 && buf[1] === 0x4b;
  if (ext === '.xls' && !looksZip) {
    throw new FileError(`${file}: legacy .xls`, '暂不支持老版本的 .xls 文件，请在 Excel 里“另存为” .xlsx 后再导入。');
  }
  if (ext === '.xlsx' || ext === '.xlsm' || looksZip) return readXlsx(buf, file, isHeader);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv' || ext === '') return readCsv(buf, file, isHeader);
  throw new FileError(`${file}: unsupported extension ${ext}`, '只能导入 Excel（.xlsx）或 CSV 文件。');
}
