import { DROPPED_HEADERS, ELDER_FIELDS, JOINABLE_COLUMNS, type ElderField } from './elder-fields.ts';

/** Folds the ways offices type a header: full-width brackets and slashes, spaces, ：, trailing * marks. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC') // full-width （）／ become ()/
    .replace(/[\s\u3000\ufeff]+/g, '')
    .replace(/[*＊:：]+$/g, '')
    .replace(/^[*＊]+/, '')
    .toLowerCase();
}

const byHeader = new Map<string, ElderField>();
for (const f of ELDER_FIELDS) {
  for (const h of [f.header, ...f.aliases]) byHeader.set(normalizeHeader(h), f);
}
const dropped = new Set(DROPPED_HEADERS.map(normalizeHeader));

/**
 * A 生日 column next to an 出生年月 column holds the day the elder celebrates (3月15日, 农历三月十五):
 * it completes a birth date known only to the month. Not a column of the ledger.
 */
export const BIRTHDAY_FIELD: ElderField = { column: 'birthday', header: '生日', aliases: [], kind: 'date', width: 0 };
const BIRTHDAY_HEADERS = new Set(['生日', '公历生日', '生日日期', '过生日日期', '生日(农历)', '农历生日日期', '生日(月日)'].map(normalizeHeader));

export function fieldForHeader(h: string): ElderField | undefined {
  const n = normalizeHeader(h);
  // "所在镇（街道）" and "是否独居(是/否)" style: try the exact form, then without a trailing (…) hint.
  return byHeader.get(n) ?? byHeader.get(n.replace(/\(.*\)$/, ''));
}

export function isDroppedHeader(h: string): boolean {
  const n = normalizeHeader(h);
  return dropped.has(n) || dropped.has(n.replace(/\(.*\)$/, ''));
}

/** Parents under which 姓名 and 电话 mean the emergency contact's, not the elder's. */
const CONTACT_PARENT = /紧急|家属|联系人|监护|子女|亲属/;
const NAME_CHILD = /^(姓名|名字|称呼)$/;
const PHONE_CHILD = /^(电话|手机|手机号|手机号码|号码|联系电话|电话号码|联系方式)$/;

/**
 * One column of a two-row header: the parent (a merged cell over several columns, or the cell itself
 * when it spans both rows) and the child under it. 联系方式/本人电话 is the elder's phone,
 * 紧急联系人/电话 the emergency phone, 健康状况/行动能力 the mobility.
 */
export function resolveHeader(parent: string, child: string): { field?: ElderField; dropped?: boolean; label: string } {
  const p = parent.trim();
  const c = child.trim();
  if (!c || normalizeHeader(c) === normalizeHeader(p)) {
    return { ...(isDroppedHeader(p) ? { dropped: true } : { field: fieldForHeader(p) }), label: p };
  }
  if (!p) return { ...(isDroppedHeader(c) ? { dropped: true } : { field: fieldForHeader(c) }), label: c };
  const label = `${p}/${c}`;
  if (isDroppedHeader(c) || isDroppedHeader(p + c)) return { dropped: true, label };
  const joined = fieldForHeader(p + c);
  if (joined) return { field: joined, label };
  const nc = normalizeHeader(c);
  if (CONTACT_PARENT.test(p)) {
    if (NAME_CHILD.test(nc)) return { field: fieldForHeader('紧急联系人'), label };
    if (PHONE_CHILD.test(nc)) return { field: fieldForHeader('紧急联系电话'), label };
  }
  if (PHONE_CHILD.test(nc)) return { field: fieldForHeader('联系电话'), label };
  return { field: fieldForHeader(c), label };
}

export interface HeaderMapping {
  /** index of the column in the sheet → field (joinable fields may have several columns) */
  columns: Map<number, ElderField>;
  /** Headers of columns nobody reads (序号, 年龄, …). */
  ignored: string[];
  /** Recognised and deliberately not stored (身份证号). */
  dropped: string[];
  missingRequired: string[];
  duplicated: string[];
  /** The sheet's own words for each mapped field, for messages. */
  labels: Map<number, string>;
}

export function mapHeaders(headers: (string | { parent: string; child: string })[]): HeaderMapping {
  const columns = new Map<number, ElderField>();
  const labels = new Map<number, string>();
  const seen = new Map<string, number>();
  const ignored: string[] = [];
  const droppedCols: string[] = [];
  const duplicated: string[] = [];
  const clash = new Set<string>();
  headers.forEach((h, i) => {
    const r = typeof h === 'string' ? resolveHeader(h, '') : resolveHeader(h.parent, h.child);
    if (!r.label.trim()) return;
    if (r.dropped) return void droppedCols.push(r.label);
    const f = r.field;
    if (!f) return void ignored.push(r.label);
    const earlier = seen.get(f.column);
    if (earlier !== undefined && !JOINABLE_COLUMNS.has(f.column)) {
      // 出生年月 and 生日 side by side: the second says which day the birthday is kept.
      const [first, second] = [labels.get(earlier)!, r.label];
      if (f.column === 'birth_date' && !seen.has('birthday') && (BIRTHDAY_HEADERS.has(normalizeHeader(second)) || BIRTHDAY_HEADERS.has(normalizeHeader(first)))) {
        const birthdayAt = BIRTHDAY_HEADERS.has(normalizeHeader(second)) ? i : earlier;
        if (birthdayAt === earlier) {
          columns.set(i, f);
          labels.set(i, second);
          seen.set(f.column, i);
        }
        columns.set(birthdayAt, BIRTHDAY_FIELD);
        labels.set(birthdayAt, birthdayAt === i ? second : first);
        seen.set('birthday', birthdayAt);
        return;
      }
      clash.add(f.column);
      return void duplicated.push(r.label);
    }
    if (earlier === undefined) seen.set(f.column, i);
    columns.set(i, f);
    labels.set(i, r.label);
  });
  const missingRequired = ELDER_FIELDS.filter((f) => f.required && !seen.has(f.column)).map((f) => f.header);
  // Name every column that clashes, the first one too, so the clerk sees both.
  for (const [i, f] of columns) if (clash.has(f.column)) duplicated.unshift(labels.get(i)!);
  return { columns, labels, ignored, dropped: droppedCols, missingRequired, duplicated };
}
