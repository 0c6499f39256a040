import { addDays, parseYmd } from '../../kernel/time.ts';

/** Calendar words of ledger questions on YYYY-MM-DD strings (no time zones: these are calendar days). */

export function monthDay(day: string): string {
  return day.slice(5, 10);
}

export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}

/** Monday of the week containing day (Chinese weeks start on Monday). */
export function weekStart(day: string): string {
  const { y, m, d } = parseYmd(day);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(day, dow === 0 ? -6 : 1 - dow);
}
