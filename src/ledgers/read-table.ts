import fs from 'node:fs';
import path from 'node:path';
import { FileError } from '../kernel/errors.ts';
import type { Cell } from './row-validator.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';

export interface RawRow {
  /** Row number as the office sees it in Excel or a text editor (1-based). */
  row: number;
  cells: Cell[];
}

/** One sheet as read: its non-blank rows, lines that could not be read, and the counts checked against the file. */
export interface RawSheet {
  /** The sheet's tab name ('' for a CSV). */
  name: string;
  rows: RawRow[];
  broken: { row: number; reason: string }[];
  /** Rows (xlsx <row> elements) or lines (CSV) the file holds. */
  fileRows: number;
  /** Rows or lines the reader went through: equal to fileRows, or the read fails. */
  readRows: number;
  blankRows: number;
}

export interface RawBook {
  kind: 'xlsx' | 'csv';
  sheets: RawSheet[];
  skippedSheets: { name: string; why: string }[];
  encoding?: string;
}

/** Caps that keep one file from taking the process's memory: a county ledger is thousands of rows, not millions. */
export interface ReadLimits {
  rows: number;
  columns: number;
}

const MAX_BYTES = 50 * 1024 * 1024;

export const DEFAULT_LIMITS: ReadLimits = { rows: 100_000, columns: 200 };

/** Reads every sheet of an .xlsx, or a .csv/.txt, into rows of cells with their original row numbers. */
export async function readBook(file: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<RawBook> {
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
  if (ext === '.xlsx' || ext === '.xlsm' || looksZip) return readXlsx(buf, file, limits);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv' || ext === '') return readCsv(buf, file, limits);
  throw new FileError(`${file}: unsupported extension ${ext}`, '只能导入 Excel（.xlsx）或 CSV 文件。');
}
