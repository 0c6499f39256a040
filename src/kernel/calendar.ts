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

/** lunar-javascript takes ~70 µs a conversion; birth dates and query windows repeat, so conversions are kept. */
const lunarCache = new Map<Ymd, LunarDate>();
const LUNAR_CACHE_MAX = 200_000;

export function toLunar(day: Ymd): LunarDate {
  const hit = lunarCache.get(day);
  if (hit) return hit;
  const { y, m, d } = parseYmd(day);
  const l = lj.Solar.fromYmd(y, m, d).getLunar();
  const out = { year: l.getYear(), month: Math.abs(l.getMonth()), day: l.getDay(), leap: l.getMonth() < 0 };
  if (lunarCache.size >= LUNAR_CACHE_MAX) lunarCache.clear();
  lunarCache.set(day, out);
  return out;
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
 * How a birth is kept in the lunar calendar, as one short key: lunar month and day of the solar birth
 * date, 'L' added for a leap month ('0610', '0610L'). Stored next to each elder so that ledger questions
 * can ask "whose lunar birthday falls in this window" in SQL.
 */
export function lunarBirthKey(birthDate: Ymd): string {
  const l = toLunar(birthDate);
  return `${String(l.month).padStart(2, '0')}${String(l.day).padStart(2, '0')}${l.leap ? 'L' : ''}`;
}

/** Solar birth key: 'MMDD' of the birth date. */
export function solarBirthKey(birthDate: Ymd): string {
  return birthDate.slice(5, 7) + birthDate.slice(8, 10);
}

export interface BirthdayKeys {
  /** Solar births ('MMDD') celebrated on the day(s). */
  solar: string[];
  /** Lunar births (lunarBirthKey) celebrated on the day(s). */
  lunar: string[];
}

const keysCache = new Map<Ymd, BirthdayKeys & { lunarYear: number }>();

/**
 * Every birth celebrated on `day`, solar and lunar, by the rules of solarBirthdayIn and lunarBirthdayIn:
 * 29 February on 28 February in common years; a leap-month birth in that leap month when the year has it
 * and in the ordinary month otherwise; the 30th on the 29th of a 29-day month. This is the one
 * definition greetings (birthdayOn) and ledger questions (birthdayKeysBetween) share.
 */
export function birthdayKeysOn(day: Ymd): BirthdayKeys & { lunarYear: number } {
  const hit = keysCache.get(day);
  if (hit) return hit;
  const { y, m, d } = parseYmd(day);
  const solar = [solarBirthKey(day)];
  if (m === 2 && d === 28 && !isLeapYear(y)) solar.push('0229');
  const l = toLunar(day);
  const mm = String(l.month).padStart(2, '0');
  const monthDays = lj.LunarMonth.fromYm(l.year, l.leap ? -l.month : l.month)?.getDayCount() ?? 30;
  const days = [l.day, ...(l.day === monthDays && monthDays < 30 ? [30] : [])].map((x) => String(x).padStart(2, '0'));
  const lunar: string[] = [];
  for (const dd of days) {
    if (l.leap) lunar.push(`${mm}${dd}L`);
    else {
      lunar.push(`${mm}${dd}`);
      // A leap-month birth is kept in the ordinary month in years without that leap month.
      if (lj.LunarYear.fromYear(l.year).getLeapMonth() !== l.month) lunar.push(`${mm}${dd}L`);
    }
  }
  const out = { solar, lunar, lunarYear: l.year };
  if (keysCache.size >= 5000) keysCache.clear();
  keysCache.set(day, out);
  return out;
}

/** Every birth celebrated on some day of [from, to] (inclusive calendar days). */
export function birthdayKeysBetween(from: Ymd, to: Ymd): BirthdayKeys {
  const solar = new Set<string>();
  const lunar = new Set<string>();
  for (let day = from, n = 0; day <= to && n < 800; day = addDays(day, 1), n++) {
    const k = birthdayKeysOn(day);
    for (const x of k.solar) solar.add(x);
    for (const x of k.lunar) lunar.add(x);
  }
  return { solar: [...solar], lunar: [...lunar] };
}

/**
 * The birthday that falls on `day`, if any, for someone born on `birthDate` (solar) who may keep the
 * lunar date. Lunar birthdays near the new year may belong to the previous or next lunar year, so the
 * lunar year of `day` itself decides.
 */
export function birthdayOn(day: Ymd, birthDate: Ymd, lunar: boolean): BirthdayInfo | null {
  const k = birthdayKeysOn(day);
  if (!lunar) {
    const { y } = parseYmd(day);
    const by = parseYmd(birthDate).y;
    return k.solar.includes(solarBirthKey(birthDate)) && y > by ? { date: day, age: y - by } : null;
  }
  const birthYear = toLunar(birthDate).year;
  if (k.lunarYear <= birthYear) return null;
  return k.lunar.includes(lunarBirthKey(birthDate)) ? { date: day, age: k.lunarYear - birthYear } : null;
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
