import { isRealDate } from '../kernel/time.ts';

/**
 * Reads the date forms offices type into a calendar day 'YYYY-MM-DD':
 * 1929年4月3日, 1956/7/13, 1956-07-13, 1956.7.13, 19560713, Excel serial numbers, and Date cells.
 */
export type DateParse = { ok: true; date: string } | { ok: false; reason: string };

const pad = (n: number) => String(n).padStart(2, '0');

function ymd(y: number, m: number, d: number): DateParse {
  if (!isRealDate(y, m, d)) return { ok: false, reason: `日期“${y}年${m}月${d}日”不存在` };
  return { ok: true, date: `${y}-${pad(m)}-${pad(d)}` };
}

/** Excel stores days since 1899-12-30 (the 1900 leap-year bug folded in). */
export function fromExcelSerial(serial: number): DateParse {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return { ok: false, reason: `“${serial}”不是日期` };
  const dt = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function parseDate(value: unknown): DateParse {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '日期无法识别' };
    // exceljs gives date cells as UTC midnight of the typed day.
    return ymd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') return fromExcelSerial(value);
  const s = String(value ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, '');
  if (!s) return { ok: false, reason: '日期是空的' };
  let m = /^(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4}[年\-/.]\d{1,2}月?$/.test(s)) return { ok: false, reason: `日期“${s}”只有年月，请补上日，例如1956年7月13日` };
  // A bare number in a CSV is an Excel serial that lost its format (e.g. 20558).
  if (/^\d{4,5}(\.\d+)?$/.test(s)) return fromExcelSerial(Number(s));
  return { ok: false, reason: `日期“${s}”看不懂，请写成1956年7月13日或1956-07-13` };
}

/** Age in whole years on `today` ('YYYY-MM-DD'). */
export function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
