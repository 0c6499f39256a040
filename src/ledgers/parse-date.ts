import { isRealDate } from '../kernel/time.ts';
import { lunarToSolar } from '../kernel/calendar.ts';
import { readDateWords } from './date-words.ts';

/**
 * Reads the dates clerks type into a calendar day 'YYYY-MM-DD': 1929年4月3日, 1956/7/13, 1956-07-13,
 * 1956.7.13, 19560713, 一九三五年十一月二日, 农历 dates (1936年腊月初八, 1936年农历三月十五) converted to
 * the solar day, Excel serial numbers and Date cells. A birth date may also stop at the month
 * (1938.5, 1940-2, 1938年5月): it is kept as such ('month' precision, stored as the 1st) and no
 * birthday greeting goes out until staff add the day. Two-digit years are refused: 38 could be 1938
 * or 2038 and a wrong century is worse than a question.
 */
export type DateParse = { ok: true; date: string } | { ok: false; reason: string };

export type Precision = 'day' | 'month';

export type BirthParse = { ok: true; date: string; precision: Precision; lunar: boolean } | { ok: false; reason: string };

/** A month and day without a year (a 生日 column next to 出生年月), solar or lunar. */
export type MonthDayParse = { ok: true; month: number; day: number; lunar: boolean; leap: boolean } | { ok: false; reason: string };

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

/** Year, month, day as written (any of them may be missing), and whether the date is a 农历 one. */
interface DateParts {
  y?: number;
  m?: number;
  d?: number;
  lunar: boolean;
  leap: boolean;
  /** The text as the clerk wrote it, for messages. */
  shown: string;
}

type PartsParse = { ok: true; parts: DateParts } | { ok: false; reason: string };

const isYear = (n: number) => n >= 1800 && n <= 2200;

/** A number cell: a date serial, or 1938.5 typed into a General cell (year.month). */
function numberParts(n: number): PartsParse {
  const shown = String(n);
  if (Number.isInteger(n) && n >= 10000000 && n <= 99999999) return textParts(shown);
  if (Number.isInteger(n) && isYear(n)) return { ok: true, parts: { y: n, lunar: false, leap: false, shown } };
  const [int, frac] = shown.split('.');
  if (frac !== undefined && isYear(Number(int))) {
    // Excel keeps 1938.10 as 1938.1: a one-digit "1" cannot tell January from October.
    if (frac === '1') return { ok: false, reason: `“${shown}”分不清是1月还是10月（Excel会把1938.10存成1938.1），请写成“1938年10月”这样的文字` };
    return { ok: true, parts: { y: Number(int), m: Number(frac.length === 1 ? frac : frac.slice(0, 2)), lunar: false, leap: false, shown } };
  }
  const d = fromExcelSerial(n);
  if (!d.ok) return d;
  const [y, m, dd] = d.date.split('-').map(Number) as [number, number, number];
  return { ok: true, parts: { y, m, d: dd, lunar: false, leap: false, shown: d.date } };
}

function textParts(raw: string): PartsParse {
  const w = readDateWords(raw);
  const s = w.text;
  const shown = raw.normalize('NFKC').trim();
  const base = { lunar: w.lunar, leap: w.leap, shown };
  if (!s) return { ok: false, reason: '日期是空的' };
  let m = /^(\d{4})[年\-/.](\d{1,2})(?:月|[\-/.])(\d{1,2})[日号]?$/.exec(s);
  if (m) return { ok: true, parts: { ...base, y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } };
  m = /^(\d{4})[年\-/.](\d{1,2})月?(?:份)?$/.exec(s);
  if (m) return { ok: true, parts: { ...base, y: Number(m[1]), m: Number(m[2]) } };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return { ok: true, parts: { ...base, y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } };
  m = /^(\d{4})(\d{2})$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { ok: true, parts: { ...base, y: Number(m[1]), m: Number(m[2]) } };
  m = /^(\d{4})年?$/.exec(s);
  if (m && isYear(Number(m[1]))) return { ok: true, parts: { ...base, y: Number(m[1]) } };
  // A month and day with no year (三月十五, 腊月初八): only a 生日 column next to 出生年月 can use it.
  m = /^(\d{1,2})(?:月|[\-/.])(\d{1,2})[日号]?$/.exec(s);
  if (m && (s.includes('月') || w.lunar)) return { ok: true, parts: { ...base, m: Number(m[1]), d: Number(m[2]) } };
  if (/^\d{2}[年\-/.]\d{1,2}(?:月|[\-/.]|$)/.test(s) || /^\d{2}年/.test(s)) {
    return { ok: false, reason: `“${shown}”的年份只写了两位，分不清是哪个世纪，请写全四位年份，例如1938年5月3日` };
  }
  if (/^\d{1,2}[\-/.]\d{1,2}[\-/.]\d{4}$/.test(s)) return { ok: false, reason: `“${shown}”分不清月和日的顺序，请写成1956年7月13日或1956-07-13` };
  // A bare number in a CSV is an Excel serial that lost its format (e.g. 20558).
  if (/^\d{4,5}(\.\d+)?$/.test(s)) return numberParts(Number(s));
  return { ok: false, reason: `“${shown}”看不懂，请写成1956年7月13日或1956-07-13` };
}

function partsOf(value: unknown): PartsParse {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '日期无法识别' };
    // exceljs gives date cells as UTC midnight of the typed day.
    const [y, m, d] = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()];
    return { ok: true, parts: { y, m, d, lunar: false, leap: false, shown: `${y}-${pad(m)}-${pad(d)}` } };
  }
  if (typeof value === 'number') return numberParts(value);
  return textParts(String(value ?? ''));
}

const LUNAR_MONTHS = ['', '正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '冬月', '腊月'];

/** 农历 year, month, day → the solar day (the ledger stores solar days; the 农历 flag says which one is kept). */
function lunarDay(y: number, m: number, d: number, leap: boolean): DateParse {
  const r = lunarToSolar(y, m, d, leap);
  if (r.ok) return { ok: true, date: r.date };
  if (r.reason === 'leap') return { ok: false, reason: `农历${y}年没有闰${LUNAR_MONTHS[m]}` };
  if (r.reason === 'day') return { ok: false, reason: `农历${y}年${leap ? '闰' : ''}${LUNAR_MONTHS[m]}没有${d}日` };
  return { ok: false, reason: `农历${y}年${m}月${d}日超出了能换算的范围` };
}

/** A birth date, to the day or to the month, solar or 农历 (converted, with the flag). */
export function parseBirthDate(value: unknown): BirthParse {
  const p = partsOf(value);
  if (!p.ok) return p;
  const { y, m, d, lunar, leap, shown } = p.parts;
  if (y === undefined) return { ok: false, reason: `“${shown}”没有年份，请写上出生年份，例如1936年${lunar ? '农历' : ''}${m ?? 3}月${d ?? 15}日` };
  if (m === undefined) return { ok: false, reason: `“${shown}”只有年份，请至少写到月份，例如${y}年5月` };
  if (m < 1 || m > 12) return { ok: false, reason: `“${shown}”里没有${m}月` };
  if (d === undefined) {
    if (lunar) return { ok: false, reason: `农历日期“${shown}”没有日，请补上，例如${y}年${LUNAR_MONTHS[m]}初八` };
    return { ok: true, date: `${y}-${pad(m)}-01`, precision: 'month', lunar: false };
  }
  const day = lunar ? lunarDay(y, m, d, leap) : ymd(y, m, d);
  return day.ok ? { ok: true, date: day.date, precision: 'day', lunar } : day;
}

/** A full date (a death date): a month alone is not enough here. */
export function parseDate(value: unknown): DateParse {
  const b = parseBirthDate(value);
  if (!b.ok) return b;
  if (b.precision !== 'day') return { ok: false, reason: `“${String(value)}”只有年月，请补上日，例如${b.date.slice(0, 4)}年${Number(b.date.slice(5, 7))}月13日` };
  return { ok: true, date: b.date };
}

/** A month and day without a year: 三月十五, 腊月初八, 农历三月十五, 3月15日; a full date gives its month and day. */
export function parseMonthDay(value: unknown): MonthDayParse {
  const p = partsOf(value);
  if (!p.ok) return p;
  const { m, d, lunar, leap, shown } = p.parts;
  if (m === undefined || d === undefined) return { ok: false, reason: `“${shown}”看不出是哪月哪日` };
  if (m < 1 || m > 12 || d < 1 || d > (lunar ? 30 : 31)) return { ok: false, reason: `“${shown}”不是一个日子` };
  return { ok: true, month: m, day: d, lunar, leap };
}

/** The solar day someone born in (solar or lunar) `year` keeps a month-day birthday on. */
export function birthFromYearAndMonthDay(year: number, md: { month: number; day: number; lunar: boolean; leap: boolean }): DateParse {
  return md.lunar ? lunarDay(year, md.month, md.day, md.leap) : ymd(year, md.month, md.day);
}

/** How a stored birth date reads: 1938-05-17, or 1938-05 when only the month is known. */
export function showBirth(date: string, precision: Precision | string | null | undefined): string {
  return precision === 'month' ? date.slice(0, 7) : date;
}

/** Age in whole years on `today` ('YYYY-MM-DD'). */
export function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
