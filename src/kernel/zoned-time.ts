import type { Ymd } from './calendar.ts';

/** Offset of `tz` from UTC at an instant, in minutes (Asia/Shanghai: +480). */
function tzOffsetMinutes(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant when the wall clock in `tz` shows `day` at `hhmm`. */
export function zonedInstant(day: Ymd, hhmm: string, tz: string): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall - tzOffsetMinutes(tz, new Date(wall)) * 60_000;
  // A second pass settles days on which the offset changes (not in China, but JINQIU_TZ is configurable).
  guess = wall - tzOffsetMinutes(tz, new Date(guess)) * 60_000;
  return new Date(guess);
}

/** 'HH:MM' wall time in `tz` at an instant. */
export function timeIn(tz: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(at);
}
