import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { festivalsOfYear, type FestivalName } from '../../kernel/calendar.ts';
import { addDays, isRealDate, ymd } from '../../kernel/time.ts';
import { NUMBER_RE } from './numerals.ts';
import { weekStart } from './dates.ts';
import type { Scanner } from './scanner.ts';

/**
 * Spans of calendar days named in a question (本月, 下周, 12月10号到20号, 从6月到现在, 9月底以前,
 * 春节前后 …), as absolute days relative to the injected today. A month or day named without a year is
 * the coming one for birthdays (looking ahead) and the last one for visits, cases and deaths (looking back).
 */
export interface DayWindow {
  from: string;
  to: string;
}
export type Looking = 'ahead' | 'back';

const N = NUMBER_RE;
const num = (raw: string | undefined) => (raw === undefined ? null : parseChineseNumber(raw));

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function monthWindow(y: number, m: number): DayWindow {
  const idx = y * 12 + (m - 1);
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  return { from: ymd(yy, mm, 1), to: ymd(yy, mm, lastDay(yy, mm)) };
}

/** The year a month named without one falls in. */
function yearFor(month: number, today: string, looking: Looking): number {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (looking === 'ahead') return month < m ? y + 1 : y;
  return month > m ? y - 1 : y;
}

const FESTIVAL_WORDS: [RegExp, FestivalName][] = [
  [/春节|过年|大年初一/, '春节'],
  [/元宵(?:节)?/, '元宵'],
  [/清明(?:节)?/, '清明'],
  [/端午(?:节)?/, '端午'],
  [/中秋(?:节)?/, '中秋'],
  [/重阳(?:节)?|老年节/, '重阳'],
  [/国庆(?:节)?/, '国庆'],
  [/元旦/, '元旦'],
];

/** Consumes the first expression of a span of days and returns it; undefined when there is none. */
export function takeWindow(s: Scanner, today: string, looking: Looking): DayWindow | undefined {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  let w: DayWindow | undefined;
  const set = (x: DayWindow | undefined) => {
    if (!x || w) return false;
    w = x;
  };
  const day = (mo: number | null, d: number | null, yr?: number): string | null => {
    if (mo === null || d === null || mo < 1 || mo > 12) return null;
    const year = yr ?? yearFor(mo, today, looking);
    return isRealDate(year, mo, d) ? ymd(year, mo, d) : mo === 2 && d === 29 ? ymd(year, 2, 28) : null;
  };

  // 12月10号到20号 / 2月14号到2月24号 / 6月21日至30日.
  s.take(new RegExp(`(${N})月(${N})[日号]?\\s*(?:到|至|~|～|-|—|－)\\s*(?:(${N})月)?(${N})[日号]`), (mm) => {
    const m1 = num(mm[1]);
    const from = day(m1, num(mm[2]));
    const m2 = mm[3] ? num(mm[3]) : m1;
    if (!from || m2 === null) return false;
    let to = day(m2, num(mm[4]), Number(from.slice(0, 4)));
    if (to && to < from) to = day(m2, num(mm[4]), Number(from.slice(0, 4)) + 1);
    return set(to ? { from, to } : undefined);
  });
  // 从6月到现在 / 6月以来 / 6月1号至今.
  s.take(new RegExp(`(?:从|自)?(${N})月(?:份)?(?:(${N})[日号])?(?:开始|起)?(?:(?:到|至)(?:现在|今天|目前|如今)|以来|至今)`), (mm) => {
    const from = day(num(mm[1]), mm[2] ? num(mm[2]) : 1);
    return set(from && from <= today ? { from, to: today } : undefined);
  });
  // 9月底以前 / 9月30号以前 / 10月以后.
  s.take(new RegExp(`(${N})月(?:份)?(底|末|(${N})[日号])?(以前|之前|前|以后|之后|后)`), (mm) => {
    const mo = num(mm[1]);
    if (mo === null || mo < 1 || mo > 12) return false;
    const year = yearFor(mo, today, looking);
    const before = /前/.test(mm[4] ?? '');
    const whole = monthWindow(year, mo);
    if (before) return set({ from: '1900-01-01', to: mm[3] ? (day(mo, num(mm[3]), year) ?? whole.to) : whole.to });
    return set({ from: mm[3] ? (day(mo, num(mm[3]), year) ?? whole.from) : addDays(whole.to, 1), to: looking === 'back' ? today : `${year + 1}-12-31` });
  });
  // 1号到10号: days of this month (the coming one when looking ahead and they have passed).
  s.take(new RegExp(`(?<![月0-9０-９零〇一二两三四五六七八九十])(${N})[日号]\\s*(?:到|至|~|～|-|—|－)\\s*(${N})[日号]`), (mm) => {
    const a = num(mm[1]);
    const b = num(mm[2]);
    if (a === null || b === null || a < 1 || b > 31 || a > b) return false;
    let yr = y;
    let mo = m;
    if (looking === 'ahead' && ymd(y, m, Math.min(b, lastDay(y, m))) < today) [yr, mo] = m === 12 ? [y + 1, 1] : [y, m + 1];
    return set({ from: ymd(yr, mo, Math.min(a, lastDay(yr, mo))), to: ymd(yr, mo, Math.min(b, lastDay(yr, mo))) });
  });
  // 下个月上旬 / 本月下旬.
  s.take(/(本月|这个月|这月|下个月|下月|上个月|上月)?(上旬|中旬|下旬)/, (mm) => {
    const off = /下/.test(mm[1] ?? '') ? 1 : /上/.test(mm[1] ?? '') ? -1 : 0;
    const whole = monthWindow(y, m + off);
    const [yy, mo] = whole.from.split('-').map(Number) as [number, number];
    const part = mm[2] === '上旬' ? [1, 10] : mm[2] === '中旬' ? [11, 20] : [21, lastDay(yy, mo)];
    return set({ from: ymd(yy, mo, part[0]!), to: ymd(yy, mo, part[1]!) });
  });
  s.take(new RegExp(`(${N})月(${N})[日号]`), (mm) => {
    const d = day(num(mm[1]), num(mm[2]));
    return set(d ? { from: d, to: d } : undefined);
  });
  s.take(new RegExp(`(?:(今年|去年|明年|\\d{4}年))?(${N})月份?(?!份?(?:出生|生的))`), (mm) => {
    const mo = num(mm[2]);
    if (mo === null || mo < 1 || mo > 12) return false;
    const yr = mm[1] === '今年' ? y : mm[1] === '去年' ? y - 1 : mm[1] === '明年' ? y + 1 : mm[1] ? Number(mm[1].slice(0, 4)) : yearFor(mo, today, looking);
    return set(monthWindow(yr, mo));
  });
  const ws = weekStart(today);
  s.take(/今天|今日/, () => set({ from: today, to: today }));
  s.take(/明天|明日/, () => set({ from: addDays(today, 1), to: addDays(today, 1) }));
  s.take(/后天/, () => set({ from: addDays(today, 2), to: addDays(today, 2) }));
  s.take(/昨天|昨日/, () => set({ from: addDays(today, -1), to: addDays(today, -1) }));
  s.take(/(?:这|本)?(?:个)?(?:周末|礼拜天和礼拜六|星期六和星期天)/, () => set({ from: addDays(ws, 5), to: addDays(ws, 6) }));
  s.take(/下(?:个)?周末/, () => set({ from: addDays(ws, 12), to: addDays(ws, 13) }));
  s.take(/这周|本周|这个星期|这星期|本星期|这个礼拜|这礼拜/, () => set({ from: ws, to: addDays(ws, 6) }));
  s.take(/下周|下个星期|下星期|下个礼拜|下礼拜/, () => set({ from: addDays(ws, 7), to: addDays(ws, 13) }));
  s.take(/上周|上个星期|上星期|上个礼拜|上礼拜/, () => set({ from: addDays(ws, -7), to: addDays(ws, -1) }));
  s.take(/本月|这个月|这月|当月|本月份|这一个月/, () => set(monthWindow(y, m)));
  s.take(/下下个月|下下月/, () => set(monthWindow(y, m + 2)));
  s.take(/下个月|下月/, () => set(monthWindow(y, m + 1)));
  s.take(/(今年|去年|明年)?(上半年|下半年)/, (mm) => {
    const yr = mm[1] === '去年' ? y - 1 : mm[1] === '明年' ? y + 1 : y;
    return set(mm[2] === '上半年' ? { from: `${yr}-01-01`, to: `${yr}-06-30` } : { from: `${yr}-07-01`, to: `${yr}-12-31` });
  });
  s.take(/(?:这|近|最近|未来|接下来)(两|二|三|2|3)(?:个)?(?:礼拜|星期|周)(?:内|之内|里)?/, (mm) => {
    const n = num(mm[1]) ?? 2;
    return set(looking === 'ahead' ? { from: today, to: addDays(today, n * 7 - 1) } : { from: addDays(today, -(n * 7 - 1)), to: today });
  });
  s.take(/上个月|上月/, () => set(monthWindow(y, m - 1)));
  s.take(/今年|本年度?|年内/, () => set({ from: `${y}-01-01`, to: `${y}-12-31` }));
  s.take(/去年|上一年/, () => set({ from: `${y - 1}-01-01`, to: `${y - 1}-12-31` }));
  s.take(/明年/, () => set({ from: `${y + 1}-01-01`, to: `${y + 1}-12-31` }));
  s.take(new RegExp(`(?:最近|近|未来|接下来|今后|过去)(${N})(天|日|周|个星期|星期|个月)(?:内|之内|以内|里)?|(${N})(天|日|周)(?:内|之内|以内)`), (mm) => {
    const n = num(mm[1] ?? mm[3]);
    const unit = mm[2] ?? mm[4] ?? '天';
    if (n === null || n < 1) return false;
    const days = /月/.test(unit) ? n * 30 : /周|星期/.test(unit) ? n * 7 : n;
    return set(looking === 'ahead' ? { from: today, to: addDays(today, days - 1) } : { from: addDays(today, -(days - 1)), to: today });
  });
  for (const [re, name] of FESTIVAL_WORDS) {
    s.take(new RegExp(`(?:${re.source})(前后|期间|前|之前|以后|之后|后|当天)?`), (mm) => {
      // The festival of the year the window looks to: this year's, or next year's once it has passed (ahead).
      let date = festivalsOfYear(y).get(name);
      if (date && looking === 'ahead' && date < today) date = festivalsOfYear(y + 1).get(name);
      if (!date) return false;
      const mod = mm[1] ?? '前后';
      if (/前后|期间/.test(mod)) return set({ from: addDays(date, -7), to: addDays(date, 7) });
      if (/前/.test(mod)) return set({ from: addDays(date, -7), to: addDays(date, -1) });
      if (/后/.test(mod)) return set({ from: addDays(date, 1), to: addDays(date, 7) });
      return set({ from: date, to: date });
    });
  }
  if (looking === 'back')
    s.take(new RegExp(`(?:最近|近|过去)?(半|${N})(?:个)?(年|月|星期|礼拜|周)(?=(?:以来|来|内|里)?(?:都|也|还|一直)?(?:没|未))|(?:最近|近|过去)(半|${N})(?:个)?(年|月|星期|礼拜|周)(?:以来|来|内|里)?`), (mm) => {
      const amount = mm[1] ?? mm[3];
      const unit = mm[2] ?? mm[4] ?? '月';
      const n = amount === '半' ? 0.5 : num(amount);
      if (n === null || n <= 0) return false;
      const days = Math.round(n * (unit === '年' ? 365 : unit === '月' ? 30 : 7));
      return set({ from: addDays(today, -(days - 1)), to: today });
    });
  s.take(/最近|近期|快要|即将|马上|近来/, () => set(looking === 'ahead' ? { from: today, to: addDays(today, 29) } : { from: addDays(today, -29), to: today }));
  return w;
}

/** YYYY-MM of a window that is exactly one calendar month, for describing it. */
export function describeWindow(w: DayWindow): string {
  const [fy, fm, fd] = w.from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = w.to.split('-').map(Number) as [number, number, number];
  if (w.from === w.to) return `${fy}年${fm}月${fd}日`;
  if (fy === ty && fm === tm && fd === 1 && td === lastDay(ty, tm)) return `${fy}年${fm}月`;
  if (fm === 1 && fd === 1 && tm === 12 && td === 31 && fy === ty) return `${fy}年`;
  if (w.from === '1900-01-01') return `${ty}年${tm}月${td}日以前`;
  return `${fy}年${fm}月${fd}日至${ty === fy ? '' : `${ty}年`}${tm}月${td}日`;
}

