function parts(ms: number, tz: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: p.year!, mo: p.month!, d: p.day!, h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** YYYY-MM-DD of the wall clock in `tz`. */
export function localDay(ms: number, tz: string): string {
  const p = parts(ms, tz);
  return `${p.y}-${p.mo}-${p.d}`;
}

export function localHour(ms: number, tz: string): number {
  return parts(ms, tz).h;
}

/** Milliseconds until the wall clock in `tz` next shows hour:00 (strictly tomorrow when `nextDay`). */
export function msUntilLocal(ms: number, tz: string, hour: number, nextDay: boolean): number {
  const p = parts(ms, tz);
  const sinceMidnight = (p.h * 3600 + p.mi * 60 + p.s) * 1000 + (ms % 1000);
  let target = hour * 3600_000;
  if (nextDay || target <= sinceMidnight) target += 24 * 3600_000;
  return target - sinceMidnight;
}
