import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { NUMBER_RE } from './numerals.ts';
import { takeWindow } from './parse-window.ts';
import type { Scanner } from './scanner.ts';
import type { LedgerField, LedgerFilters } from './schema.ts';

/** Ages, birth years and birthdays (本月, 下个月, 这周 …), relative to the injected today. */

export type Sort = { by: 'age' | 'birthday' | 'name' | 'town' | 'date' | 'count'; dir: 'asc' | 'desc' };

/** What the recognisers fill in as they consume words. */
export interface ParseState {
  f: LedgerFilters;
  fields: Set<LedgerField>;
  sort: Sort | undefined;
}

const N = NUMBER_RE;
const num = (raw: string | undefined) => (raw === undefined ? null : parseChineseNumber(raw));

export function takeAgeAndBirthdays(s: Scanner, st: ParseState, q: string, today: string): void {
  const { f, fields } = st;
  // Age.
  const AGE_UNIT = '(?:周岁|岁)';
  // 年龄大于90 / 岁数不到80: the unit may be left out after 年龄.
  s.take(new RegExp(`(?:年龄|岁数|年纪)(?:在|是)?(超过|大于|高于|多于|不低于|不小于|不少于|满|小于|低于|不到|不足|不满|未满)(${N})${AGE_UNIT}?`), (m) => {
    const n = num(m[2]);
    if (n === null) return false;
    const op = m[1] ?? '';
    if (/超过|大于|高于|多于/.test(op)) f.ageMin = n + 1;
    else if (/不低于|不小于|不少于|^满$/.test(op)) f.ageMin = n;
    else f.ageMax = n - 1;
    fields.add('age');
  });
  // 今年满八十岁 / 今年九十大寿: born in (this year − N).
  s.take(new RegExp(`今年(?:满|过|是|到)?(${N})(?:${AGE_UNIT})?(?:大寿|寿辰|整寿|生日)?`), (m) => {
    const n = num(m[1]);
    if (n === null || n < 40 || n > 120) return false;
    const y = Number(today.slice(0, 4)) - n;
    f.bornFrom = `${y}-01-01`;
    f.bornTo = `${y}-12-31`;
    fields.add('birthDate');
  });
  // 八十大寿 / 九十寿辰: turning that age this year.
  s.take(new RegExp(`(${N})(?:岁)?(?:大寿|寿辰|寿诞|整寿)`), (m) => {
    const n = num(m[1]);
    if (n === null || n < 40 || n > 120) return false;
    f.turningAges = [...new Set([...(f.turningAges ?? []), n])];
    fields.add('birthDate');
  });
  // 过了八十的 / 上了九十的: that age and over.
  s.take(new RegExp(`(?:过了|上了|已过)(${N})(?:岁|周岁)?(?!.*(?:生日|寿))`), (m) => {
    const n = num(m[1]);
    if (n === null || n < 40) return false;
    f.ageMin = n;
    fields.add('age');
  });
  s.take(new RegExp(`(?:年龄|岁数|年纪)?(?:在)?(${N})${AGE_UNIT}?(?:到|至|-|~|－|—|～)(${N})${AGE_UNIT}(?:之间)?`), (m) => {
    const a = num(m[1]);
    const b = num(m[2]);
    if (a === null || b === null) return false;
    f.ageMin = Math.min(a, b);
    f.ageMax = Math.max(a, b);
    fields.add('age');
  });
  s.take(new RegExp(`(不满|未满|小于|低于|不到|不足)(${N})${AGE_UNIT}`), (m) => {
    const n = num(m[2]);
    if (n === null) return false;
    f.ageMax = n - 1;
    fields.add('age');
  });
  s.take(new RegExp(`(超过|大于|高于|多于|年满|(?<![不未])满|不低于|不小于|不少于)(${N})${AGE_UNIT}(?:以上|及以上)?`), (m) => {
    const n = num(m[2]);
    if (n === null) return false;
    f.ageMin = /超过|大于|高于|多于/.test(m[1] ?? '') ? n + 1 : n;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})${AGE_UNIT}?(?:及|或|和)?(以上|往上|以下|以内|往下|之上|之下)`), (m) => {
    const n = num(m[1]);
    if (n === null || (n < 40 && !m[0].includes('岁'))) return false;
    // 90岁以上 includes 90; 75岁以下 is under 75 (及以下 includes it), as age bands are read.
    if (/以上|往上|之上/.test(m[2] ?? '')) f.ageMin = n;
    else f.ageMax = /及|或|和/.test(m[0]) ? n : n - 1;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})(?:多|几|来|好几)${AGE_UNIT}|(${N})${AGE_UNIT}出头|(${N})(?:多|好几)(?!万|千|百|个|人|位|次|件)`), (m) => {
    const n = num(m[1] ?? m[2] ?? m[3]);
    if (n === null || (m[3] && (n < 40 || n % 10 !== 0))) return false;
    f.ageMin = n;
    f.ageMax = n + (n % 10 === 0 && m[1] ? 9 : 4);
    fields.add('age');
  });
  // 一百岁那位: a hundred and over (百岁 is a class of its own).
  s.take(new RegExp(`(?:一百|100)岁|百岁(?:老人)?|期颐`), () => {
    f.ageMin = 100;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})${AGE_UNIT}`), (m) => {
    const n = num(m[1]);
    if (n === null) return false;
    f.ageMin = n;
    f.ageMax = n;
    fields.add('age');
  });
  s.take(/高龄|耄耋/, () => {
    f.ageMin = 80;
    fields.add('age');
  });
  s.take(new RegExp(`(?:19)?([0-9]|[零〇一二三四五六七八九])[0〇零]后`), (m) => {
    const d = num(m[1]);
    if (d === null) return false;
    f.bornFrom = `19${d}0-01-01`;
    f.bornTo = `19${d}9-12-31`;
    fields.add('birthDate');
  });
  s.take(new RegExp(`(?:19)?([二三四五六七八九]十|[2-9]0)年代(?:出生|生)?(?:的)?`), (m) => {
    const d = num(m[1]);
    if (d === null) return false;
    f.bornFrom = `19${d}-01-01`;
    f.bornTo = `19${d + 9}-12-31`;
    fields.add('birthDate');
  });
  s.take(/(19\d\d|一九[零〇一二三四五六七八九]{2})年(以前|之前|前|以后|之后|后)?(?:出生|生)(?:的)?/, (m) => {
    const y = num(m[1]);
    if (y === null) return false;
    const mod = m[2] ?? '';
    if (/前/.test(mod)) f.bornTo = `${y - 1}-12-31`;
    else if (/后/.test(mod)) f.bornFrom = `${y + 1}-01-01`;
    else {
      f.bornFrom = `${y}-01-01`;
      f.bornTo = `${y}-12-31`;
    }
    fields.add('birthDate');
  });

  // 逢五逢十: every fifth year from 80, as the 整寿生日必到 visits are planned.
  s.take(/(?:今年)?逢五逢十|(?:今年)?逢十逢五|(?:今年)?逢五/, () => {
    f.turningAges = [80, 85, 90, 95, 100];
    fields.add('birthDate');
  });
  // 整寿 this year: turning 80, 90 or 100 (a 100th is a 整寿 too).
  s.take(/(?:今年)?(?:过|逢|是|办)?整寿|(?:今年)?(?:逢十|整十)(?:大寿|生日)?/, () => {
    f.turningAges = [80, 90, 100];
    fields.add('birthDate');
  });
  // 农历腊月过生日的: lunar months by their names.
  const LUNAR_MONTH_NAMES: [RegExp, number][] = [[/正月|元月/, 1], [/冬月/, 11], [/腊月/, 12]];
  for (const [re, mo] of LUNAR_MONTH_NAMES)
    s.take(new RegExp(`(?:农历|阴历)?(?:${re.source})(?:份)?(?:里|的)?(?=.*(?:生|寿))`), () => {
      f.lunarBirthMonths = [...new Set([...(f.lunarBirthMonths ?? []), mo])];
      f.lunarBirthday = true;
      fields.add('birthDate');
    });
  // 1月和2月出生的: the solar month of the birth date itself.
  s.take(new RegExp(`((?:${N})月(?:份)?(?:(?:和|、|或|及)(?:${N})月(?:份)?)*)(?:出生|生的)`), (m) => {
    const months = [...(m[1] ?? '').matchAll(new RegExp(`(${N})月`, 'g'))].map((x) => num(x[1])).filter((x): x is number => x !== null && x >= 1 && x <= 12);
    if (!months.length) return false;
    f.birthMonths = [...new Set([...(f.birthMonths ?? []), ...months])];
    fields.add('birthDate');
  });
  // 农历三月过生日的 / 农历生日在八月的: the lunar month itself.
  s.take(new RegExp(`(?:农历|阴历)(?:生日)?(?:在)?(${N})月(?:份)?`), (m) => {
    const mo = num(m[1]);
    if (mo === null || mo < 1 || mo > 12) return false;
    f.lunarBirthMonths = [...new Set([...(f.lunarBirthMonths ?? []), mo])];
    f.lunarBirthday = true;
    fields.add('birthDate');
  });
  // Birthdays in a span of days, by each elder's own calendar.
  if (/生日|寿/.test(q)) {
    let w = takeWindow(s, today, 'ahead');
    // 明天和后天 / 这周和下周: one span from the first day to the last. Without 和 the second is the same
    // span said again (春节前后，2月14号到24号): the exact days (taken first) stand.
    const joined = /和|与|、|或|及|以及|还有/.test(q);
    for (let more = w && takeWindow(s, today, 'ahead'); w && more; more = takeWindow(s, today, 'ahead'))
      if (joined) w = { from: more.from < w.from ? more.from : w.from, to: more.to > w.to ? more.to : w.to };
    if (w) {
      f.birthdayWindow = w;
      st.sort ??= { by: 'birthday', dir: 'asc' };
      fields.add('birthDate');
      fields.add('lunarBirthday');
    }
  }
  s.take(/农历生日|阴历生日|过农历|过阴历|农历|阴历/, () => {
    f.lunarBirthday = true;
  });
  s.take(/公历生日|阳历生日|过公历|过阳历/, () => {
    f.lunarBirthday = false;
  });
  if (/生日|寿/.test(q)) fields.add('birthDate');

}
