import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FileError, InputError } from '../kernel/errors.ts';
import { loadExcelJs } from './load-exceljs.ts';
import { readPartsInOrder } from './xlsx-parts.ts';
import type { Cell } from './row-validator.ts';
import type { RawBook, RawRow, RawSheet, ReadLimits } from './read-table.ts';

/**
 * Every visible sheet of an .xlsx, read as a stream (memory follows the rows kept, not the file), with
 * merged cells filled from their top-left cell as Excel shows them: a 联系方式 header merged over two
 * columns reads 联系方式 in both, a 镇 cell merged down over ten elders gives each of them the town.
 * The streaming reader does not report merges, so the sheet's XML is watched as it passes for its
 * <mergeCell> entries and its <row> elements (the count of rows read is checked against the latter).
 * The parts come from the zip's central directory, not from one pass over it (xlsx-parts.ts).
 */

interface SheetStream extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
  iterator: AsyncIterable<Buffer | string>;
}

interface XmlWatch {
  rowTags: number;
  merges: string[];
}

const ROW_TAG = /<(?:\w+:)?row[\s>]/g;
const MERGE_TAG = /<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g;

/** Passes the XML chunks through, counting <row …> and collecting <mergeCell ref="…">. */
async function* watchXml(source: AsyncIterable<Buffer | string>, w: XmlWatch): AsyncGenerator<Buffer | string> {
  const scan = (s: string, upTo: number) => {
    for (const m of s.matchAll(ROW_TAG)) if (m.index < upTo) w.rowTags++;
    for (const m of s.matchAll(MERGE_TAG)) if (m.index < upTo && w.merges.length < MAX_MERGES) w.merges.push(m[1]!);
  };
  let carry = '';
  for await (const chunk of source) {
    // latin1 keeps every byte as one character: tags are ASCII, split multi-byte text does not matter.
    const s = carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    // A tag starting in the last 64 characters may be cut: it is scanned again with the next chunk.
    const cut = Math.max(0, s.length - 64);
    scan(s, cut);
    carry = s.slice(cut);
    yield chunk;
  }
  scan(carry, carry.length);
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue); // formula
    if ('error' in v) return null;
  }
  return String(v);
}

const colNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

function parseRef(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return null;
  return { c1: colNumber(m[1]!), r1: Number(m[2]), c2: colNumber(m[3]!), r2: Number(m[4]) };
}

/** Merges a sheet may declare, and cells they may fill: a real ledger has a few hundred; a crafted file is not let loose. */
const MAX_MERGES = 20_000;
const MAX_FILLED = 2_000_000;

/** Copies each merged range's top-left value into the range, within the rows that exist. */
function fillMerges(rows: RawRow[], merges: string[], maxColumns: number): void {
  if (!merges.length) return;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const last = rows.length ? rows[rows.length - 1]!.row : 0;
  let budget = MAX_FILLED;
  for (const ref of merges.slice(0, MAX_MERGES)) {
    const m = parseRef(ref);
    if (!m) continue;
    const master = byRow.get(m.r1)?.cells[m.c1 - 1] ?? null;
    if (master === null) continue;
    const lastCol = Math.min(m.c2, maxColumns);
    // Only rows that were read (a lower row of a merge with nothing else in it was blank anyway).
    for (let r = m.r1; r <= Math.min(m.r2, last); r++) {
      const row = byRow.get(r);
      if (!row) continue;
      for (let c = m.c1; c <= lastCol; c++) {
        if (--budget < 0) return;
        if (row.cells[c - 1] === null || row.cells[c - 1] === undefined) row.cells[c - 1] = master;
      }
    }
  }
}

export async function readXlsx(buf: Buffer, label: string, limits: ReadLimits): Promise<RawBook> {
  const Excel = await loadExcelJs();
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([buf]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const sheets: RawSheet[] = [];
  const skippedSheets: { name: string; why: string }[] = [];
  let total = 0;
  try {
    await readPartsInOrder(reader, buf);
    for await (const ws of reader as unknown as AsyncIterable<SheetStream>) {
      const watch: XmlWatch = { rowTags: 0, merges: [] };
      ws.iterator = watchXml(ws.iterator, watch);
      const rows: RawRow[] = [];
      let emitted = 0;
      let blank = 0;
      for await (const row of ws) {
        emitted++;
        if (++total > limits.rows + 50) {
          throw new InputError(`${label}: over ${limits.rows} rows`, `表格超过了一次最多导入${limits.rows}行的限制，请分成几个文件导入。`);
        }
        const values = row.values as ExcelJS.CellValue[];
        if (values.length - 1 > limits.columns && values.slice(limits.columns + 1).some((v) => v !== null && v !== undefined && v !== '')) {
          throw new InputError(`${label}: sheet ${ws.name} row ${row.number} over ${limits.columns} columns`, `“${ws.name}”第${row.number}行超过了${limits.columns}列的限制，请删去多余的列再导入。`);
        }
        const cells: Cell[] = [];
        for (let c = 1; c < Math.min(values.length, limits.columns + 1); c++) cells.push(cellValue(values[c]));
        if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) blank++;
        else rows.push({ row: row.number, cells });
      }
      if (ws.state === 'hidden' || ws.state === 'veryHidden') {
        skippedSheets.push({ name: ws.name, why: '隐藏的工作表' });
        continue;
      }
      // No silent drop: the reader must have handed over every <row> the sheet's XML holds.
      if (emitted !== watch.rowTags) {
        throw new FileError(`${label}: sheet ${ws.name}: ${emitted} rows read of ${watch.rowTags} in the file`, `“${ws.name}”读到的行数（${emitted}）与文件里的行数（${watch.rowTags}）对不上，为免漏掉老人，这份文件没有导入。请用 Excel 重新保存后再导入。`);
      }
      fillMerges(rows, watch.merges, limits.columns);
      sheets.push({ name: ws.name, rows, broken: [], fileRows: watch.rowTags, readRows: emitted, blankRows: blank });
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof FileError) throw e;
    throw new FileError(`${label}: not a readable xlsx (${(e as Error).message})`, '这个 Excel 文件打不开，可能已损坏。请用 Excel 重新保存为 .xlsx 后再导入。', e);
  }
  return { kind: 'xlsx', sheets, skippedSheets };
}
