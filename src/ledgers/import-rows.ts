import path from 'node:path';
import { InputError } from '../kernel/errors.ts';
import type { ElderInput } from './elder-fields.ts';
import type { TownMatcher, VillageMatcher } from './places.ts';
import type { RawBook } from './read-table.ts';
import { validateRow } from './row-validator.ts';
import { classifyRow, declaredCount, layoutSheet, text, type SheetLayout } from './sheet-layout.ts';
import { showBirth } from './parse-date.ts';

/**
 * From the sheets as read to the elders a file describes: every row is a person (valid or rejected
 * with its reasons), a footer, blank, the template's sample, or a repeated header, and is counted as
 * such. Towns are matched against the county's list; a town nobody knows holds its rows back as a
 * question. The same person on two sheets (基本信息 and 独居台账) is merged; twice on one sheet is a
 * mistake the clerk is told about.
 */
export interface RowRef {
  sheet?: string;
  row: number;
}

export interface RejectedRow extends RowRef {
  reason: string;
}

export interface FileElder extends RowRef {
  elder: ElderInput;
}

export interface TownQuestion {
  kind: 'town';
  /** The name as written. */
  name: string;
  rows: number;
  examples: RowRef[];
  suggestions: string[];
}

export interface SkippedRow extends RowRef {
  kind: 'footer' | 'sample' | 'header';
  text: string;
}

export interface FileRows {
  elders: FileElder[];
  rejected: RejectedRow[];
  /** Rows waiting on a town question, by the name as written. */
  held: Map<string, FileElder[]>;
  questions: TownQuestion[];
  skipped: SkippedRow[];
  sheets: { name: string; headerRows: number[]; people: number; town?: string; category?: string; fileRows: number }[];
  skippedSheets: { name: string; why: string }[];
  ignoredColumns: string[];
  droppedColumns: string[];
  newVillages: { town: string | null; village: string }[];
  warnings: string[];
  counts: { fileRows: number; readRows: number; blank: number; people: number; footer: number; sample: number; header: number; title: number; broken: number };
}

export interface RowOptions {
  today: string;
  /** Towns the importer may write (a liaison's); null for everyone's. */
  scopeTowns?: string[] | null;
}

const ref = (sheet: string, row: number): RowRef => (sheet ? { sheet, row } : { row });
const where = (r: RowRef) => (r.sheet ? `“${r.sheet}”第${r.row}行` : `第${r.row}行`);

function checkMapping(label: string, l: SheetLayout): void {
  const m = l.mapping;
  const on = l.sheet ? `“${l.sheet}”` : '';
  if (m.missingRequired.length) {
    throw new InputError(
      `${label}${l.sheet ? ` [${l.sheet}]` : ''}: required columns missing: ${m.missingRequired.join(', ')}`,
      `${on}表格缺少这几列：${m.missingRequired.join('、')}。请检查第${l.headerRows.join('、')}行的表头。`,
    );
  }
  if (m.duplicated.length) {
    throw new InputError(`${label}: duplicated columns ${m.duplicated.join(', ')}`, `${on}表头有重复的列：${m.duplicated.join('、')}，请只保留一列。`);
  }
}

/** Fields that differ between two readings of one person, ignoring what one of them left empty. */
function conflicts(a: ElderInput, b: ElderInput): string[] {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  return Object.keys(rb).filter((k) => k !== 'birth_precision' && ra[k] !== undefined && ra[k] !== null && rb[k] !== null && rb[k] !== undefined && ra[k] !== false && rb[k] !== false && ra[k] !== rb[k]);
}

export function collectRows(file: string, book: RawBook, towns: TownMatcher, villages: VillageMatcher, opts: RowOptions): FileRows {
  const label = path.basename(file);
  const out: FileRows = {
    elders: [], rejected: [], held: new Map(), questions: [], skipped: [], sheets: [], skippedSheets: [...book.skippedSheets],
    ignoredColumns: [], droppedColumns: [], newVillages: [], warnings: [],
    counts: { fileRows: 0, readRows: 0, blank: 0, people: 0, footer: 0, sample: 0, header: 0, title: 0, broken: 0 },
  };
  const layouts: SheetLayout[] = [];
  for (const sheet of book.sheets) {
    out.counts.fileRows += sheet.fileRows;
    out.counts.readRows += sheet.readRows;
    out.counts.blank += sheet.blankRows;
    const l = layoutSheet(sheet, towns);
    if (!l.ok) {
      // An empty sheet or a 说明 sheet is not a ledger; a sheet with people and no header would be.
      if (sheet.rows.length) out.skippedSheets.push({ name: sheet.name, why: l.why });
      out.counts.title += sheet.rows.length;
      continue;
    }
    checkMapping(label, l.layout);
    layouts.push(l.layout);
    for (const b of sheet.broken) out.rejected.push({ ...ref(sheet.name, b.row), reason: b.reason });
    out.counts.broken += sheet.broken.length;
    out.counts.title += sheet.rows.length - l.layout.body.length - l.layout.headerRows.length;
    out.counts.header += l.layout.headerRows.length;
  }
  if (!layouts.length) {
    const named = out.skippedSheets.filter((s) => s.why !== '隐藏的工作表');
    if (!book.sheets.some((s) => s.rows.length)) throw new InputError(`${label}: no content`, '文件里没有内容。');
    throw new InputError(`${label}: no sheet with a 姓名 header${named.length ? ` (${named.map((s) => s.name).join(', ')})` : ''}`, '表格缺少这几列：姓名、出生日期。请检查表头是否写了“姓名”和“出生日期”。');
  }

  const firstSeen = new Map<string, FileElder>();
  const unknownTown = new Map<string, TownQuestion>();
  const newVillage = new Set<string>();
  for (const l of layouts) {
    for (const x of [...l.mapping.ignored]) if (!out.ignoredColumns.includes(x)) out.ignoredColumns.push(x);
    for (const x of l.mapping.dropped) if (!out.droppedColumns.includes(x)) out.droppedColumns.push(x);
    let people = 0;
    let declared: number | null = null;
    for (const r of l.body) {
      const at = ref(l.sheet, r.row);
      const kind = classifyRow(r.cells, l);
      if (kind !== 'person') {
        out.counts[kind]++;
        declared ??= declaredCount(r.cells);
        out.skipped.push({ ...at, kind, text: r.cells.map(text).filter(Boolean).join(' ').slice(0, 60) });
        continue;
      }
      out.counts.people++;
      people++;
      const v = validateRow(l.mapping.columns, r.cells, opts.today, l.hints);
      if (!v.ok) {
        out.rejected.push({ ...at, reason: v.reasons.join('；') });
        continue;
      }
      const e = v.elder;
      let heldAs: string | null = null;
      if (e.town) {
        const whole = towns.match(e.town);
        const split = whole.kind === 'unknown' && !e.village ? towns.split(e.town) : null;
        if (split) {
          e.town = split.town;
          e.village = split.rest;
        } else if (whole.kind === 'town') e.town = whole.town;
        else heldAs = whole.written;
      }
      if (heldAs) {
        const q = unknownTown.get(heldAs) ?? { kind: 'town' as const, name: heldAs, rows: 0, examples: [], suggestions: towns.match(heldAs).kind === 'unknown' ? (towns.match(heldAs) as { suggestions: string[] }).suggestions : [] };
        q.rows++;
        if (q.examples.length < 3) q.examples.push(at);
        unknownTown.set(heldAs, q);
        out.held.set(heldAs, [...(out.held.get(heldAs) ?? []), { ...at, elder: e }]);
        continue;
      }
      if (e.village) {
        const vm = villages.match(e.town ?? null, e.village);
        e.village = vm.village;
        const key = `${e.town ?? ''}\u0000${vm.village}`;
        if (!vm.known && !newVillage.has(key)) {
          newVillage.add(key);
          out.newVillages.push({ town: e.town ?? null, village: vm.village });
        }
      }
      if (opts.scopeTowns && (!e.town || !opts.scopeTowns.includes(e.town))) {
        out.rejected.push({ ...at, reason: `${e.town ?? '没写镇（街道）'}不在您负责的镇（街道）（${opts.scopeTowns.join('、')}）里` });
        continue;
      }
      const key = e.external_id ? `id:${e.external_id}` : `${e.name}|${showBirth(e.birth_date, e.birth_precision)}`;
      const earlier = firstSeen.get(key);
      if (earlier) {
        if ((earlier.sheet ?? '') === l.sheet) {
          out.rejected.push({ ...at, reason: `与${where(earlier)}是同一个人（${e.name}，${showBirth(e.birth_date, e.birth_precision)}），请删去重复的一行` });
          continue;
        }
        // The same person on another sheet (基本信息 and 独居台账): one elder, unless the sheets disagree.
        const diff = conflicts(earlier.elder, e);
        if (diff.length) {
          out.rejected.push({ ...at, reason: `与${where(earlier)}是同一个人，但这几项不一样：${diff.join('、')}，请核对` });
          continue;
        }
        const merged = earlier.elder as unknown as Record<string, unknown>;
        for (const [k, val] of Object.entries(e)) if (merged[k] === undefined || merged[k] === null || (merged[k] === false && val === true)) merged[k] = val;
        continue;
      }
      const fe = { ...at, elder: e };
      firstSeen.set(key, fe);
      out.elders.push(fe);
    }
    const sheetOut = { name: l.sheet, headerRows: l.headerRows, people, fileRows: book.sheets.find((s) => s.name === l.sheet)?.fileRows ?? 0, ...(l.hints.town ? { town: l.hints.town } : {}), ...(l.hints.category ? { category: l.hints.category } : {}) };
    out.sheets.push(sheetOut);
    if (declared !== null && declared !== people) {
      out.warnings.push(`${l.sheet ? `“${l.sheet}”` : ''}表尾写的合计是${declared}人，实际读到${people}人，请核对是否有漏填或多填。`);
    }
  }
  out.questions = [...unknownTown.values()];
  if (out.counts.people === 0 && !out.rejected.length) throw new InputError(`${label}: header only, no rows`, '表格只有表头，没有老干部的信息。');
  return out;
}
