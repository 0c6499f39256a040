import { addDays, parseYmd, ymd } from '../kernel/time.ts';
import type { Ymd } from '../kernel/calendar.ts';
import { todayIn } from '../kernel/time.ts';
import { timeIn, zonedInstant } from '../kernel/zoned-time.ts';

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function cnNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return null;
  if (s === '十') return 10;
  const i = s.indexOf('十');
  if (i < 0) return [...s].reduce((n, c) => n * 10 + (CN_DIGITS[c] ?? 0), 0);
  const tens = i === 0 ? 1 : (CN_DIGITS[s[0]!] ?? 0);
  const ones = i === s.length - 1 ? 0 : (CN_DIGITS[s[i + 1]!] ?? 0);
  return tens * 10 + ones;
}

/**
 * When a 群发 should go out: 现在/立即, 今天/明天/后天, 6月19日, 2026-06-19, with 9点, 9点半, 下午3点, 15:30.
 * A day without a time means 09:00. Returns null when the word is not a time at all.
 */
export function parseSendTime(word: string, now: Date, tz: string): { at: Date; day: Ymd } | null {
  const w = word.trim();
  if (/^(现在|立即|马上|立刻)$/.test(w)) return { at: now, day: todayIn(tz, now) };
  const m = /^(今天|今日|明天|明日|后天|(?:(\d{4})[-/年])?(\d{1,2})[-/月](\d{1,2})日?)?(?:(上午|早上|中午|下午|晚上))?(?:([0-9零〇一二两三四五六七八九十]{1,3})(?:点|时|:|：)(半|[0-5]?\d分?)?)?$/.exec(w);
  if (!m || (!m[1] && !m[6])) return null;
  const today = todayIn(tz, now);
  let day = today;
  if (m[1] === '明天' || m[1] === '明日') day = addDays(today, 1);
  else if (m[1] === '后天') day = addDays(today, 2);
  else if (m[3] && m[4]) {
    const y = m[2] ? Number(m[2]) : parseYmd(today).y;
    day = ymd(y, Number(m[3]), Number(m[4]));
    const { m: mm, d: dd } = parseYmd(day);
    if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
    if (!m[2] && day < today) day = ymd(y + 1, mm, dd);
  }
  let hour = 9;
  let minute = 0;
  if (m[6]) {
    const h = cnNumber(m[6]);
    if (h === null || h > 23) return null;
    hour = h;
    if (m[7] === '半') minute = 30;
    else if (m[7]) minute = Number(m[7].replace('分', ''));
    if ((m[5] === '下午' || m[5] === '晚上') && hour < 12) hour += 12;
  }
  const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const at = zonedInstant(day, hhmm, tz);
  return { at, day };
}

/** 6月19日 09:00 */
export function describeInstant(at: Date, tz: string): string {
  const { m, d } = parseYmd(todayIn(tz, at));
  return `${m}月${d}日 ${timeIn(tz, at)}`;
}
