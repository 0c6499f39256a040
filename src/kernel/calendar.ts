import { createRequire } from 'node:module';
import { addDays, isLeapYear, parseYmd, ymd } from './time.ts';

/**
 * Solar and lunar dates for the care calendar. lunar-javascript ships no types, so the few calls
 * used here are typed locally instead of declaring the whole module.
 */
interface LjSolar {
  getYear(): number;
  getMonth(): number;
  getDay(): number;
  toYmd(): string;
  getLunar(): LjLunar;
}
interface LjLunar {
  getYear(): number;
  /** Negative for a leap month. */
  getMonth(): number;
  getDay(): number;
  getSolar(): LjSolar;
  getDayGan(): string;
  getJieQiTable(): Record<string, LjSolar>;
}
interface LunarLib {
  Solar: { fromYmd(y: number, m: number, d: number): LjSolar };
  Lunar: { fromYmd(y: number, m: number, d: number): LjLunar };
  LunarYear: { fromYear(y: number): { getLeapMonth(): number } };
  LunarMonth: { fromYm(y: number, m: number): { getDayCount(): number } | null };
}
const lj = createRequire(import.meta.url)('lunar-javascript') as LunarLib;

/** A calendar day as 'YYYY-MM-DD'. */
export type Ymd = string;

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

export function toLunar(day: Ymd): LunarDate {
  const { y, m, d } = parseYmd(day);
  const l = lj.Solar.fromYmd(y, m, d).getLunar();
  return { year: l.getYear(), month: Math.abs(l.getMonth()), day: l.getDay(), leap: l.getMonth() < 0 };
}

/**
 * The solar date on which someone born on lunar (month, day[, leap]) celebrates in lunar year `lunarYear`,
 * the way families do it: a leap-month birthday is kept in that leap month when the year has it and in
 * the ordinary month otherwise; the 30th of a month that has only 29 days is kept on the 29th.
 */
export function lunarBirthdayIn(lunarYear: number, birth: Omit<LunarDate, 'year'>): Ymd {
  const useLeap = birth.leap && lj.LunarYear.fromYear(lunarYear).getLeapMonth() === birth.month;
  const month = useLeap ? -birth.month : birth.month;
  const days = lj.LunarMonth.fromYm(lunarYear, month)?.getDayCount() ?? 29;
  const day = Math.min(birth.day, days);
  return lj.Lunar.fromYmd(lunarYear, month, day).getSolar().toYmd();
}

/**
 * The solar day of a lunar date, or why it does not exist (a 30th in a 29-day month, a leap month
 * the year does not have). Used for 农历 birth dates written in ledgers.
 */
export function lunarToSolar(year: number, month: number, day: number, leap = false): { ok: true; date: Ymd } | { ok: false; reason: 'leap' | 'day' | 'range' } {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 30) return { ok: false, reason: 'range' };
  if (leap && lj.LunarYear.fromYear(year).getLeapMonth() !== month) return { ok: false, reason: 'leap' };
  const days = lj.LunarMonth.fromYm(year, leap ? -month : month)?.getDayCount();
  if (!days || day > days) return { ok: false, reason: 'day' };
  return { ok: true, date: lj.Lunar.fromYmd(year, leap ? -month : month, day).getSolar().toYmd() };
}

/** Solar birthday in a year; 29 February is kept on 28 February in common years. */
export function solarBirthdayIn(year: number, birthDate: Ymd): Ymd {
  const { m, d } = parseYmd(birthDate);
  if (m === 2 && d === 29 && !isLeapYear(year)) return ymd(year, 2, 28);
  return ymd(year, m, d);
}

export interface BirthdayInfo {
  /** The solar day the birthday is celebrated on. */
  date: Ymd;
  /** Age reached that day (周岁: celebration year minus birth year, by the calendar the elder keeps). */
  age: number;
}

/**
 * The birthday that falls on `day`, if any, for someone born on `birthDate` (solar) who may keep the
 * lunar date. Lunar birthdays near the new year may belong to the previous or next lunar year, so the
 * lunar year of `day` itself decides.
 */
export function birthdayOn(day: Ymd, birthDate: Ymd, lunar: boolean): BirthdayInfo | null {
  if (!lunar) {
    const { y } = parseYmd(day);
    const by = parseYmd(birthDate).y;
    return solarBirthdayIn(y, birthDate) === day && y > by ? { date: day, age: y - by } : null;
  }
  const birth = toLunar(birthDate);
  const ly = toLunar(day).year;
  if (ly <= birth.year) return null;
  return lunarBirthdayIn(ly, birth) === day ? { date: day, age: ly - birth.year } : null;
}

export type FestivalName =
  | '元旦' | '春节' | '元宵' | '清明' | '端午' | '七一' | '八一' | '七夕' | '中秋' | '国庆' | '重阳' | '腊八' | '小年'
  | '初伏' | '中伏' | '末伏';

/** Lunar festivals by (month, day); 小年 is the northern 腊月廿三 (Shaanxi keeps it). */
const LUNAR_FESTIVALS: [FestivalName, number, number][] = [
  ['春节', 1, 1], ['元宵', 1, 15], ['端午', 5, 5], ['七夕', 7, 7], ['中秋', 8, 15], ['重阳', 9, 9], ['腊八', 12, 8], ['小年', 12, 23],
];
const SOLAR_FESTIVALS: [FestivalName, number, number][] = [['元旦', 1, 1], ['七一', 7, 1], ['八一', 8, 1], ['国庆', 10, 1]];

const yearCache = new Map<number, Map<FestivalName, Ymd>>();

/** Every festival date of a solar year, including 初伏/中伏/末伏. */
export function festivalsOfYear(year: number): Map<FestivalName, Ymd> {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const out = new Map<FestivalName, Ymd>();
  for (const [name, m, d] of SOLAR_FESTIVALS) out.set(name, ymd(year, m, d));
  // 腊八 and 小年 of lunar year N fall in January of solar year N+1: look at both lunar years.
  for (const ly of [year - 1, year]) {
    for (const [name, m, d] of LUNAR_FESTIVALS) {
      const s = lj.Lunar.fromYmd(ly, m, d).getSolar();
      if (s.getYear() === year) out.set(name, s.toYmd());
    }
  }
  const jq = lj.Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable();
  const qingming = jq['清明'];
  if (qingming) out.set('清明', qingming.toYmd());
  const fu = sanFu(year);
  out.set('初伏', fu.chu);
  out.set('中伏', fu.zhong);
  out.set('末伏', fu.mo);
  yearCache.set(year, out);
  return out;
}

/**
 * 三伏: 初伏 is the third 庚 day counting from 夏至 (夏至 itself counts when it is a 庚 day), 中伏 the
 * fourth, 末伏 the first 庚 day from 立秋.
 */
export function sanFu(year: number): { chu: Ymd; zhong: Ymd; mo: Ymd } {
  const jq = lj.Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable();
  const xiazhi = jq['夏至']?.toYmd();
  const liqiu = jq['立秋']?.toYmd();
  if (!xiazhi || !liqiu) throw new Error(`no 夏至/立秋 for ${year}`);
  const gengDays: Ymd[] = [];
  for (let day = xiazhi; gengDays.length < 4; day = addDays(day, 1)) if (isGeng(day)) gengDays.push(day);
  let mo = liqiu;
  while (!isGeng(mo)) mo = addDays(mo, 1);
  return { chu: gengDays[2]!, zhong: gengDays[3]!, mo };
}

function isGeng(day: Ymd): boolean {
  const { y, m, d } = parseYmd(day);
  return lj.Solar.fromYmd(y, m, d).getLunar().getDayGan() === '庚';
}

/** Festivals falling on a day. */
export function festivalsOn(day: Ymd): FestivalName[] {
  const names: FestivalName[] = [];
  for (const [name, date] of festivalsOfYear(parseYmd(day).y)) if (date === day) names.push(name);
  return names;
}

/** Human form of a day for messages: 6月19日. */
export function describeDay(day: Ymd): string {
  const { m, d } = parseYmd(day);
  return `${m}月${d}日`;
}
