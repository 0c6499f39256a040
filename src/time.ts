/** 'YYYY-MM-DD' of this instant in the bureau's time zone (a birthday is a local calendar day). */
export function todayIn(tz: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
