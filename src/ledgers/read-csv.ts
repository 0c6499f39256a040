import { FileError, InputError } from '../kernel/errors.ts';
import { decodeText } from '../kernel/decode-text.ts';
import type { RawBook, RawRow, ReadLimits } from './read-table.ts';

/**
 * CSV as offices save it: UTF-8 or GBK, CRLF or LF (or both in one file: CRLF after the header and
 * LF below is a real shape), BOMs (also in the middle of a file glued from two), quotes inside cells
 * and, now and then, a quote that never closes. Every physical line is accounted for: it is part of
 * a record, blank, or reported as broken with its line number. A cell may legitimately span lines
 * (Alt+Enter in Excel), but a "cell" whose continuation lines look like whole records is an unclosed
 * quote swallowing rows: that line is rejected and reading resumes on the next line.
 */

interface Scan {
  fields: string[];
  /** Index just past the record's line break. */
  end: number;
  /** Physical lines the record covers. */
  lines: number;
  closed: boolean;
}

/** One record from `pos`, RFC 4180 with relaxed quotes (a quote inside an unquoted cell is a character). */
function scanRecord(text: string, pos: number, delim: string, quotes: boolean): Scan {
  const fields: string[] = [];
  let i = pos;
  let lines = 1;
  for (;;) {
    let value = '';
    if (quotes && text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          const next = text[i + 1];
          if (next === undefined || next === delim || next === '\n') {
            i++;
            closed = true;
            break;
          }
          value += ch; // "a"b: a stray quote, kept as written
          i++;
          continue;
        }
        if (ch === '\n') lines++;
        value += ch;
        i++;
      }
      if (!closed) return { fields: [...fields, value], end: text.length, lines, closed: false };
    } else {
      while (i < text.length && text[i] !== delim && text[i] !== '\n') value += text[i++];
    }
    fields.push(value);
    if (i >= text.length) return { fields, end: i, lines, closed: true };
    if (text[i] === delim) {
      i++;
      continue;
    }
    return { fields, end: i + 1, lines, closed: true }; // '\n'
  }
}

function countDelims(line: string, delim: string): number {
  let n = 0;
  for (const ch of line) if (ch === delim) n++;
  return n;
}

function pickDelimiter(sample: string): string {
  const lines = sample.split('\n', 50).filter((l) => l.trim());
  const score = (d: string) => lines.reduce((s, l) => s + countDelims(l, d), 0);
  const tab = score('\t');
  return tab > score(',') && tab > 0 ? '\t' : ',';
}

export function readCsv(buf: Buffer, label: string, limits: ReadLimits): RawBook {
  const { text: decoded, encoding } = decodeText(buf, (why) =>
    why.kind === 'binary'
      ? new FileError(`${label}: binary content, not a text CSV`, '这个文件不是表格文本，请另存为 Excel（.xlsx）或 CSV 再导入。')
      : new FileError(
          `${label}: unknown text encoding (detected ${why.detected || 'nothing'})`,
          '文件的文字编码认不出来，请在 Excel 里“另存为”UTF-8 的 CSV 或 .xlsx 文件再导入。',
        ),
  );
  // One line ending, and no BOM or zero-width character anywhere (two files glued together keep the second BOM).
  const text = decoded.replace(/\r\n?/g, '\n').replace(/[\ufeff\u200b]/g, '');
  const physical = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (physical > limits.rows + 50) {
    throw new InputError(`${label}: ${physical} lines, over the ${limits.rows} row limit`, `表格有${physical}行，超过了一次最多导入${limits.rows}行的限制，请分成几个文件导入。`);
  }
  const delim = pickDelimiter(text.slice(0, 200_000));
  const widths = text.slice(0, 200_000).split('\n', 200).map((l) => countDelims(l, delim)).sort((a, b) => a - b);
  const typical = widths[Math.floor(widths.length / 2)] ?? 0;
  const looksLikeRecord = (line: string) => countDelims(line, delim) >= Math.max(2, Math.floor(typical / 2));

  const rows: RawRow[] = [];
  const broken: { row: number; reason: string }[] = [];
  let blank = 0;
  let covered = 0;
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const r = scanRecord(text, pos, delim, true);
    if (r.lines > 1) {
      const inner = text.slice(pos, r.end).split('\n').slice(1, -1);
      if (!r.closed || inner.some(looksLikeRecord)) {
        // An unclosed quote: this line alone, without quoting, to report it; the next lines are read again.
        const lineEnd = text.indexOf('\n', pos);
        const end = lineEnd < 0 ? text.length : lineEnd + 1;
        const shown = text.slice(pos, end).trim().slice(0, 40);
        broken.push({ row: line, reason: `这一行有一个没有配对的引号（"），请改正后再导入：${shown}` });
        covered++;
        line++;
        pos = end;
        continue;
      }
    }
    if (r.fields.length > limits.columns) {
      throw new InputError(`${label}: line ${line} has ${r.fields.length} columns, over ${limits.columns}`, `第${line}行有${r.fields.length}列，超过了${limits.columns}列的限制，请检查分隔符或删去多余的列。`);
    }
    if (r.fields.every((f) => f.trim() === '')) blank++;
    else rows.push({ row: line, cells: r.fields });
    covered += r.lines;
    line += r.lines;
    pos = r.end;
  }
  // No silent drop: every physical line is a record, part of one, blank, or reported.
  if (covered !== physical) {
    throw new FileError(`${label}: read ${covered} of ${physical} lines`, `读到的行数（${covered}）与文件的行数（${physical}）对不上，为免漏掉老人，这份文件没有导入。请用 Excel 打开后另存为 .xlsx 再导入。`);
  }
  return {
    kind: 'csv',
    encoding,
    sheets: [{ name: '', rows, broken, fileRows: physical, readRows: covered, blankRows: blank }],
    skippedSheets: [],
  };
}
