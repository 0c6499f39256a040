import { ELDER_FIELDS, type ElderField } from './elder-fields.ts';

/** Folds the ways offices type a header: full-width brackets and slashes, spaces, ：, trailing * marks. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC') // full-width （）／ become ()/
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*＊:：]+$/g, '')
    .replace(/^[*＊]+/, '')
    .toLowerCase();
}

const byHeader = new Map<string, ElderField>();
for (const f of ELDER_FIELDS) {
  for (const h of [f.header, ...f.aliases]) byHeader.set(normalizeHeader(h), f);
}

export interface HeaderMapping {
  /** index of the column in the sheet → field */
  columns: Map<number, ElderField>;
  ignored: string[];
  missingRequired: string[];
  duplicated: string[];
}

export function fieldForHeader(h: string): ElderField | undefined {
  const n = normalizeHeader(h);
  // "所在镇（街道）" and "是否独居(是/否)" style: try the exact form, then without a trailing (…) hint.
  return byHeader.get(n) ?? byHeader.get(n.replace(/\(.*\)$/, ''));
}

export function mapHeaders(headers: string[]): HeaderMapping {
  const columns = new Map<number, ElderField>();
  const seen = new Set<string>();
  const ignored: string[] = [];
  const duplicated: string[] = [];
  headers.forEach((h, i) => {
    if (!h.trim()) return;
    const f = fieldForHeader(h);
    if (!f) {
      ignored.push(h.trim());
      return;
    }
    if (seen.has(f.column)) {
      duplicated.push(h.trim());
      return;
    }
    seen.add(f.column);
    columns.set(i, f);
  });
  const missingRequired = ELDER_FIELDS.filter((f) => f.required && !seen.has(f.column)).map((f) => f.header);
  return { columns, ignored, missingRequired, duplicated };
}
