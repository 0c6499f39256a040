// Helpers the oracles of questions.ts and chains.ts are written with, and the conventions they follow.
//
// Conventions (every oracle obeys them; a system under test is judged against them):
//  1. Only living elders (status 在世) count, unless the question says 已故/去世/病故.
//  2. Age = full years (周岁) on `today`, from the solar birth date.
//  3. Birthdays. The celebrated day of an elder in a given year:
//     - lunarBirthday = false: the solar month/day of the birth date; 29 Feb → 28 Feb in common years;
//     - lunarBirthday = true: the lunar month/day of the solar birth date (converted with lunar-javascript),
//       mapped back to a solar date in the relevant lunar year. A leap-month birth is celebrated in the
//       ordinary month unless that lunar year has the same leap month; day 30 in a 29-day month → 29.
//       Lunar months 11 and 12 of lunar year Y fall in December of Y or in January/February of Y+1, so
//       every lunar year that can touch the window is tried.
//     "本月/这个月" = the calendar month of today (whole month, also days already past); "下个月" = the
//     next calendar month; "这周" = the Monday–Sunday containing today; "下周" = next Monday–Sunday;
//     "今天/明天" = today / today + 1; a date range is inclusive at both ends.
//     "农历生日在X月" = lunarBirthday elders whose lunar birth month is X (a leap month counts as X).
//  4. 整寿 this year = turning 80, 90 or 100 in today's year (year of today − birth year).
//     "今年满八十/八十大寿" = turning 80 this year; "满八十岁的/八十以上/八十往上" = age ≥ 80 on today;
//     "九十多岁" = age 90–99; "X岁以上" = age ≥ X; "75岁以下" = age < 75; "90到95岁" = 90 ≤ age ≤ 95.
//     Mobility words are the ledger values: 行动不便 means the value 行动不便 (not 卧床) unless the question
//     names both.
//  5. Visits: those of one elder are matched by phone (names may repeat). Visits dated after `today`
//     are ignored (the questions avoid depending on them). "本月没走访" = living elders with no visit
//     in today's calendar month; "上个月" = the previous calendar month.
//  6. Cases: matched to elders by phone. "没办完/未办结" = status 待处理 or 处理中. "超期/超过一周没处理"
//     = status 待处理 and opened more than 7 days before today. "今年" = openedOn in today's year.
//     Cases opened after today are ignored.
//  7. An asker with role 'liaison' and towns sees only elders of those towns: the oracle filters by
//     them (explicitly, with the `towns` argument of the helpers). 'admin' and 'staff' without towns see all.
//  8. 'names' answers are multisets of names: two different people with the same name appear twice.
//     'groups' answers omit zero counts; a two-way key joins both parts with '·' (e.g. '韦庄镇·男').
//     'top' answers are ordered (ties broken by birth date, then phone). 'value' answers are unrounded;
//     the tolerance is given with the item.
//  9. 子女/紧急联系人 etc. are free text fields: questions only use the structured fields, plus health
//     conditions matched as whole items of the '、'-separated list.

import { createRequire } from 'node:module';
import type { Elder, GeneratedLedger, LedgerCase, Visit } from './generate.ts';

// ---- expectation types ----
export type Ledger = GeneratedLedger;
export type Oracle<T> = (L: Ledger, today: string) => T;

export type Expectation =
  | { kind: 'names'; oracle: Oracle<string[]> }
  | { kind: 'count'; oracle: Oracle<number> }
  | { kind: 'value'; oracle: Oracle<number>; tolerance?: number }
  | { kind: 'groups'; oracle: Oracle<Record<string, number>> }
  | { kind: 'top'; oracle: Oracle<string[]> }
  | { kind: 'notUnderstood'; words: string[] };

export interface Asker {
  role: 'admin' | 'staff' | 'liaison';
  towns?: string[];
}

export type QuestionCategory =
  | 'birthday' | 'statistics' | 'filter' | 'visits' | 'cases' | 'lookup' | 'notUnderstood' | 'colloquial';

export interface LedgerQuestion {
  id: string;
  question: string;
  today: string;
  asker?: Asker;
  /** what the item mainly exercises (for the counts in README.md; not part of the expectation) */
  category: QuestionCategory;
  expect: Expectation;
}

export type ChainExpectation =
  | Expectation
  /** names whose phone numbers must be shown */
  | { kind: 'phones'; oracle: Oracle<string[]> }
  /** names whose addresses must be shown */
  | { kind: 'addresses'; oracle: Oracle<string[]> }
  /** names in the exported file */
  | { kind: 'file'; oracle: Oracle<string[]> }
  /** the full record of one person: [name] */
  | { kind: 'record'; oracle: Oracle<string[]> }
  /** a chart of the previous statistic: the numbers drawn */
  | { kind: 'chart'; oracle: Oracle<Record<string, number>> };

export interface ChainStep {
  text: string;
  expect: ChainExpectation;
}

export interface LedgerChain {
  id: string;
  today: string;
  asker?: Asker;
  steps: ChainStep[];
}

// ---- lunar-javascript (no type declarations shipped) ----
interface LSolar { getYear(): number; getMonth(): number; getDay(): number; toYmd(): string; getLunar(): LLunar }
interface LLunar { getYear(): number; getMonth(): number; getDay(): number; getSolar(): LSolar }
interface LunarLib {
  Solar: { fromYmd(y: number, m: number, d: number): LSolar };
  Lunar: { fromYmd(y: number, m: number, d: number): LLunar };
  LunarYear: { fromYear(y: number): { getLeapMonth(): number } };
  LunarMonth: { fromYm(y: number, m: number): { getDayCount(): number } | null };
}
const lunar = createRequire(import.meta.url)('lunar-javascript') as LunarLib;

// ---- dates ----
const DAY = 86400000;
function ts(d: string): number { return Date.parse(d + 'T00:00:00Z'); }
export function addDays(d: string, n: number): string { return new Date(ts(d) + n * DAY).toISOString().slice(0, 10); }
export function daysBetween(a: string, b: string): number { return Math.round((ts(b) - ts(a)) / DAY); }
function ymdParts(d: string): [number, number, number] {
  const p = d.split('-').map(Number);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
}
function pad(n: number): string { return String(n).padStart(2, '0'); }
function isLeapYear(y: number): boolean { return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; }
function lastDayOfMonth(y: number, m: number): number { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

/** First and last day of today's month shifted by `offset` months. */
export function monthRange(today: string, offset = 0): [string, string] {
  const [y, m] = ymdParts(today);
  const idx = y * 12 + (m - 1) + offset;
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  return [`${yy}-${pad(mm)}-01`, `${yy}-${pad(mm)}-${pad(lastDayOfMonth(yy, mm))}`];
}

/** The Monday–Sunday week containing today. */
export function thisWeek(today: string): [string, string] {
  const dow = new Date(ts(today)).getUTCDay(); // 0 = Sunday
  const mon = addDays(today, dow === 0 ? -6 : 1 - dow);
  return [mon, addDays(mon, 6)];
}

/** Next Monday–Sunday after today. */
export function nextWeek(today: string): [string, string] {
  const dow = new Date(ts(today)).getUTCDay(); // 0 = Sunday
  const toMonday = dow === 0 ? 1 : 8 - dow;
  const mon = addDays(today, toMonday);
  return [mon, addDays(mon, 6)];
}

// ---- people ----
export function inTowns(e: Elder, towns?: string[]): boolean { return !towns || towns.length === 0 || towns.includes(e.town); }
export function living(L: Ledger, towns?: string[]): Elder[] { return L.elders.filter((e) => e.status === '在世' && inTowns(e, towns)); }
export function deceased(L: Ledger, towns?: string[]): Elder[] { return L.elders.filter((e) => e.status === '已故' && inTowns(e, towns)); }
export function names(es: Elder[]): string[] { return es.map((e) => e.name); }

export function age(e: Elder, today: string): number {
  const [by, bm, bd] = ymdParts(e.birthDate);
  const [y, m, d] = ymdParts(today);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
export function ageBand(a: number): string {
  if (a < 70) return '70以下';
  if (a < 80) return '70-79';
  if (a < 90) return '80-89';
  return '90+';
}
export function conditions(e: Elder): string[] { return e.health ? e.health.split('、') : []; }
export function hasCond(e: Elder, ...cs: string[]): boolean { const h = conditions(e); return cs.some((c) => h.includes(c)); }

/** The unique elder called `name` (in `town` if given); throws when absent or ambiguous. */
export function person(L: Ledger, name: string, town?: string): Elder {
  const xs = L.elders.filter((e) => e.name === name && (!town || e.town === town));
  if (xs.length !== 1) throw new Error(`person ${name}${town ? ' in ' + town : ''}: ${xs.length} matches`);
  return xs[0] as Elder;
}

// ---- birthdays ----
/** The lunar month (negative when leap) and day of an elder's birth. */
export function lunarBirth(e: Elder): { month: number; day: number } {
  const [y, m, d] = ymdParts(e.birthDate);
  const l = lunar.Solar.fromYmd(y, m, d).getLunar();
  return { month: l.getMonth(), day: l.getDay() };
}

/** Solar dates (YYYY-MM-DD) in [from, to] on which the elder celebrates a birthday. */
export function celebrations(e: Elder, from: string, to: string): string[] {
  const [fy] = ymdParts(from);
  const [ty] = ymdParts(to);
  const out: string[] = [];
  if (!e.lunarBirthday) {
    const [, bm, bd] = ymdParts(e.birthDate);
    for (let y = fy; y <= ty; y++) {
      const d = bm === 2 && bd === 29 && !isLeapYear(y) ? 28 : bd;
      const s = `${y}-${pad(bm)}-${pad(d)}`;
      if (s >= from && s <= to) out.push(s);
    }
    return out;
  }
  const lb = lunarBirth(e);
  const absMonth = Math.abs(lb.month);
  for (let ly = fy - 1; ly <= ty; ly++) {
    const month = lb.month < 0 && lunar.LunarYear.fromYear(ly).getLeapMonth() === absMonth ? -absMonth : absMonth;
    const lm = lunar.LunarMonth.fromYm(ly, month);
    const day = Math.min(lb.day, lm ? lm.getDayCount() : 29);
    const s = lunar.Lunar.fromYmd(ly, month, day).getSolar().toYmd();
    if (s >= from && s <= to) out.push(s);
  }
  return out;
}
export function hasBirthdayBetween(e: Elder, from: string, to: string): boolean { return celebrations(e, from, to).length > 0; }
export function birthdaysBetween(L: Ledger, from: string, to: string, towns?: string[]): Elder[] {
  return living(L, towns).filter((e) => hasBirthdayBetween(e, from, to));
}
/** Living elders celebrating in today's month (+offset months). */
export function birthdaysInMonth(L: Ledger, today: string, offset = 0, towns?: string[]): Elder[] {
  const [a, b] = monthRange(today, offset);
  return birthdaysBetween(L, a, b, towns);
}
/** Year of today − birth year. */
export function turningAge(e: Elder, today: string): number { return ymdParts(today)[0] - ymdParts(e.birthDate)[0]; }
export function zhengShou(L: Ledger, today: string, ages = [80, 90, 100], towns?: string[]): Elder[] {
  return living(L, towns).filter((e) => ages.includes(turningAge(e, today)));
}

// ---- visits ----
export function visitsOf(L: Ledger, e: Elder, today: string): Visit[] {
  return L.visits.filter((v) => v.elderPhone === e.phone && v.date <= today);
}
export function visitsBetween(L: Ledger, from: string, to: string, today: string): Visit[] {
  return L.visits.filter((v) => v.date >= from && v.date <= to && v.date <= today);
}
export function elderOfVisit(L: Ledger, v: Visit): Elder {
  const e = L.elders.find((x) => x.phone === v.elderPhone);
  if (!e) throw new Error('visit of unknown elder ' + v.elderPhone);
  return e;
}
export function notVisitedBetween(L: Ledger, from: string, to: string, today: string, towns?: string[]): Elder[] {
  const seen = new Set(visitsBetween(L, from, to, today).map((v) => v.elderPhone));
  return living(L, towns).filter((e) => !seen.has(e.phone));
}
export function notVisitedThisMonth(L: Ledger, today: string, towns?: string[]): Elder[] {
  const [a, b] = monthRange(today, 0);
  return notVisitedBetween(L, a, b, today, towns);
}
export function lastVisit(L: Ledger, e: Elder, today: string): Visit | undefined {
  const vs = visitsOf(L, e, today);
  return vs.reduce<Visit | undefined>((best, v) => (!best || v.date > best.date ? v : best), undefined);
}
/** Distinct elders (by phone) among visits, as a names multiset. */
export function visitedElders(L: Ledger, vs: Visit[]): Elder[] {
  const phones = new Set(vs.map((v) => v.elderPhone));
  return L.elders.filter((e) => phones.has(e.phone));
}

// ---- cases ----
export function elderOfCase(L: Ledger, c: LedgerCase): Elder {
  const e = L.elders.find((x) => x.phone === c.elderPhone);
  if (!e) throw new Error('case of unknown elder ' + c.elderPhone);
  return e;
}
export function casesUntil(L: Ledger, today: string, towns?: string[]): LedgerCase[] {
  return L.cases.filter((c) => c.openedOn <= today && inTowns(elderOfCase(L, c), towns));
}
export function isOpen(c: LedgerCase): boolean { return c.status === '待处理' || c.status === '处理中'; }
export function overdue(L: Ledger, today: string, days = 7, towns?: string[]): LedgerCase[] {
  return casesUntil(L, today, towns).filter((c) => c.status === '待处理' && daysBetween(c.openedOn, today) > days);
}
export function thisYear(today: string): [string, string] { const y = ymdParts(today)[0]; return [`${y}-01-01`, `${y}-12-31`]; }
/** Names of the elders of the given cases, one per case's elder (distinct elders). */
export function caseElders(L: Ledger, cs: LedgerCase[]): Elder[] {
  const phones = new Set(cs.map((c) => c.elderPhone));
  return L.elders.filter((e) => phones.has(e.phone));
}

// ---- statistics ----
export function groupCount<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) { const k = key(x); out[k] = (out[k] ?? 0) + 1; }
  return out;
}
export function mean(xs: number[]): number { return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0; }
/** Oldest first (earliest birth date; ties by phone). */
export function oldestFirst(es: Elder[]): Elder[] {
  return [...es].sort((a, b) => (a.birthDate !== b.birthDate ? (a.birthDate < b.birthDate ? -1 : 1) : a.phone < b.phone ? -1 : 1));
}
export function youngestFirst(es: Elder[]): Elder[] { return oldestFirst(es).reverse(); }
