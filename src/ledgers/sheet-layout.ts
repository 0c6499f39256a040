import { mapHeaders, resolveHeader, type HeaderMapping } from './header-map.ts';
import type { TownMatcher } from './places.ts';
import type { RawRow, RawSheet } from './read-table.ts';
import type { Cell } from './row-validator.ts';

/**
 * Where a sheet's header is and what lies around it, the way county clerks lay sheets out: title and
 * date lines above, a header of one row or of two (a merged parent over its children: 联系方式 over
 * 本人电话 and 紧急联系人电话), people, then a footer (合计：7人, 填表人：, 审核人：) and notes. The sheet
 * name and title may name the town (韦庄镇), the category (离休干部) or the ledger (独居老干部台账).
 */
export interface SheetLayout {
  sheet: string;
  /** Row numbers of the header (one or two). */
  headerRows: number[];
  mapping: HeaderMapping;
  titles: string[];
  hints: SheetHints;
  body: RawRow[];
}

export interface SheetHints {
  town?: string;
  category?: '离休' | '退休';
  livesAlone?: boolean;
  widowed?: boolean;
}

export type RowKind = 'person' | 'footer' | 'sample' | 'header';

export const text = (c: Cell | undefined): string => (c === null || c === undefined || c instanceof Date ? '' : String(c).normalize('NFKC').replace(/[\s\u3000\ufeff]+/g, ''));

const isNameHeader = (c: Cell | undefined) => resolveHeader(text(c), '').field?.column === 'name';
/** Words that head a group of columns without being a column themselves. */
const GROUP_WORD = /^(基本信息|基本情况|个人信息|联系方式|联系信息|健康状况|健康情况|身体情况|家庭情况|家庭信息|紧急联系人|家属|家属信息|居住情况|居住地址|出生|其他|其它)$/;

function adjacent(rows: RawRow[], i: number, j: number): boolean {
  return !!rows[i] && !!rows[j] && Math.abs(rows[i]!.row - rows[j]!.row) === 1;
}

/** Is `lower` the children of `upper` (second header row), rather than the first person? */
function isChildRow(upper: Cell[], lower: Cell[], nameCol: number): boolean {
  const nameBelow = text(lower[nameCol]);
  if (nameBelow && nameBelow !== text(upper[nameCol])) return false;
  let headerish = 0;
  let other = 0;
  const width = Math.max(upper.length, lower.length);
  for (let c = 0; c < width; c++) {
    const ch = text(lower[c]);
    if (!ch || ch === text(upper[c])) continue;
    const r = resolveHeader(text(upper[c]), ch);
    if (r.field || r.dropped || GROUP_WORD.test(ch)) headerish++;
    else other++;
  }
  return headerish >= 1 && headerish >= other;
}

/** A line of group titles above the row that names 姓名 (the 姓名 cell itself not merged upwards). */
function isParentRow(upper: Cell[], lower: Cell[]): boolean {
  const values = upper.map(text).filter(Boolean);
  if (values.length < 1 || values.some((v) => /[:：]/.test(v) || v.length > 16)) return false;
  if (new Set(values).size < 2 && !values.some((v) => GROUP_WORD.test(v))) return false;
  // Each parent stands over a child.
  return upper.every((c, i) => !text(c) || !!text(lower[i]));
}

/** Parents of a two-row header, blank cells after a parent filled from it (CSV has no merges). */
function parentsOf(parent: Cell[], child: Cell[]): string[] {
  const width = Math.max(parent.length, child.length);
  const out: string[] = [];
  let group = '';
  for (let c = 0; c < width; c++) {
    const p = text(parent[c]);
    const ch = text(child[c]);
    if (p) group = ch && ch !== p ? p : '';
    out.push(p || (ch ? group : ''));
  }
  return out;
}

function hintsOf(sheet: string, titles: string[], towns: TownMatcher): SheetHints {
  const hints: SheetHints = {};
  const town = towns.findIn(sheet) ?? (titles.length ? towns.findIn(titles.join(' ')) : null);
  if (town) hints.town = town;
  const words = `${sheet} ${titles.join(' ')}`.replace(/离退休/g, '');
  if (words.includes('离休') && !words.includes('退休')) hints.category = '离休';
  if (words.includes('退休') && !words.includes('离休')) hints.category = '退休';
  if (/独居/.test(sheet)) hints.livesAlone = true;
  if (/丧偶/.test(sheet)) hints.widowed = true;
  return hints;
}

/** The header of a sheet and what it says, or why the sheet is not a ledger (说明, 汇总 …). */
export function layoutSheet(sheet: RawSheet, towns: TownMatcher): { ok: true; layout: SheetLayout } | { ok: false; why: string } {
  const rows = sheet.rows;
  const h = rows.slice(0, 30).findIndex((r) => r.cells.some(isNameHeader));
  if (h < 0) return { ok: false, why: '没有“姓名”这一列的表头' };
  const nameCol = rows[h]!.cells.findIndex(isNameHeader);
  let band: [number, number] | [number] = [h];
  if (adjacent(rows, h, h + 1) && isChildRow(rows[h]!.cells, rows[h + 1]!.cells, nameCol)) band = [h, h + 1];
  else if (h > 0 && adjacent(rows, h - 1, h) && isParentRow(rows[h - 1]!.cells, rows[h]!.cells)) band = [h - 1, h];
  const first = rows[band[0]]!;
  const headers =
    band.length === 2
      ? (() => {
          const [p, c] = [rows[band[0]]!.cells, rows[band[1]]!.cells];
          const parents = parentsOf(p, c);
          return parents.map((parent, i) => ({ parent, child: text(c[i]) }));
        })()
      : first.cells.map((c) => text(c));
  const titles = rows.slice(0, band[0]).map((r) => r.cells.map(text).filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(' '));
  return {
    ok: true,
    layout: {
      sheet: sheet.name,
      headerRows: band.map((i) => rows[i]!.row),
      mapping: mapHeaders(headers),
      titles,
      hints: hintsOf(sheet.name, titles, towns),
      body: rows.slice(band[band.length - 1]! + 1),
    },
  };
}

const FOOTER = /^(合计|小计|总计|共计|填表人|填报人|制表人|制表|审核人|审核|复核人|负责人|单位负责人|分管领导|主管领导|统计人|经办人|填表日期|填报日期|制表日期|报送日期|填报单位|单位\(盖章\)|盖章)/;
const NOTE = /^(注|说明|备注|附注|联系电话|电话)\d*[:：.、]/;
const SAMPLE = /示例|样例|范例/;

/** A row under the header: a person, a footer or note line, the template's sample, or the header again (a printed page break). */
const headerCache = new WeakMap<SheetLayout, { nameCol: number; labels: [number, string][] }>();

export function classifyRow(cells: Cell[], layout: SheetLayout): RowKind {
  let h = headerCache.get(layout);
  if (!h) {
    h = {
      nameCol: [...layout.mapping.columns].find(([, f]) => f.column === 'name')?.[0] ?? -1,
      labels: [...layout.mapping.columns.keys()].map((i) => [i, text(layout.mapping.labels.get(i) ?? '')]),
    };
    headerCache.set(layout, h);
  }
  const name = text(cells[h.nameCol]);
  const values = cells.map(text);
  if (FOOTER.test(name) || (!name && values.some((v) => FOOTER.test(v)))) return 'footer';
  if (!name && values.filter(Boolean).length <= 3 && values.some((v) => NOTE.test(v))) return 'footer';
  if (SAMPLE.test(name) || values.some((v) => v === '示例' || v === '样例')) return 'sample';
  let same = 0;
  for (const [i, label] of h.labels) if (values[i] && values[i] === label) same++;
  if (same >= 2) return 'header';
  return 'person';
}

/** 合计：7人 — what the clerk counted, to compare with the people read. */
export function declaredCount(cells: Cell[]): number | null {
  for (const v of cells.map(text)) {
    const m = /^(?:合计|总计|共计)[:：]?(?:共)?(\d+)(?:人|名|位)/.exec(v);
    if (m) return Number(m[1]);
  }
  return null;
}
