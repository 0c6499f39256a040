/** Calendar arithmetic on YYYY-MM-DD strings (no time zones: these are calendar days). */

export function parseDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = parseDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return formatDay(d);
}

export function monthDay(day: string): string {
  return day.slice(5, 10);
}

export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}

/** Monday of the week containing day (Chinese weeks start on Monday). */
export function weekStart(day: string): string {
  const dow = parseDay(day).getUTCDay(); // 0 = Sunday
  return addDays(day, dow === 0 ? -6 : 1 - dow);
}
