import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { NUMBER_RE } from './numerals.ts';
import { addDays } from '../../kernel/time.ts';
import { monthDay, monthOf, weekStart } from './dates.ts';
import type { Scanner } from './scanner.ts';
import type { LedgerField, LedgerFilters } from './schema.ts';

/** Ages, birth years and birthdays (本月, 下个月, 这周 …), relative to the injected today. */

export type Sort = { by: 'age' | 'birthday' | 'name' | 'town'; dir: 'asc' | 'desc' };

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
    if (/以上|往上|之上/.test(m[2] ?? '')) f.ageMin = n;
    else f.ageMax = n;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})(?:多|几|来)${AGE_UNIT}|(${N})${AGE_UNIT}出头`), (m) => {
    const n = num(m[1] ?? m[2]);
    if (n === null) return false;
    f.ageMin = n;
    f.ageMax = n + (n % 10 === 0 && m[1] ? 9 : 4);
    fields.add('age');
  });
  s.take(new RegExp(`(${N})${AGE_UNIT}`), (m) => {
    const n = num(m[1]);
    if (n === null) return false;
    f.ageMin = n;
    f.ageMax = n;
    fields.add('age');
  });
  s.take(/百岁(?:老人)?|期颐/, () => {
    f.ageMin = 100;
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

  // Birthdays and birth months, relative to today.
  const setBirthday = (from: string, to: string) => {
    f.birthdayBetween = { from: monthDay(from), to: monthDay(to) };
    st.sort ??= { by: 'birthday', dir: 'asc' };
    fields.add('birthDate');
  };
  const setMonth = (m: number) => {
    f.birthMonths = [...new Set([...(f.birthMonths ?? []), ((m - 1 + 12) % 12) + 1])];
    st.sort ??= { by: 'birthday', dir: 'asc' };
    fields.add('birthDate');
  };
  const mentionsBirthday = /生日|出生|寿|生的/.test(q);
  if (mentionsBirthday) {
    const thisMonth = monthOf(today);
    s.take(/本月|这个月|这月|当月|本月份/, () => setMonth(thisMonth));
    s.take(/下个月|下月/, () => setMonth(thisMonth + 1));
    s.take(/上个月|上月/, () => setMonth(thisMonth - 1));
    s.take(/这周|本周|这个星期|这星期|本星期|这个礼拜|这礼拜/, () => setBirthday(weekStart(today), addDays(weekStart(today), 6)));
    s.take(/下周|下个星期|下星期|下个礼拜|下礼拜/, () => setBirthday(addDays(weekStart(today), 7), addDays(weekStart(today), 13)));
    s.take(/今天|今日/, () => setBirthday(today, today));
    s.take(/明天|明日/, () => setBirthday(addDays(today, 1), addDays(today, 1)));
    s.take(/后天/, () => setBirthday(addDays(today, 2), addDays(today, 2)));
    s.take(new RegExp(`(?:最近|近|未来|接下来|今后)(${N})(天|日|周|个星期|星期)(?:内|之内|以内)?|(${N})(天|日|周)(?:内|之内|以内)`), (m) => {
      const n = num(m[1] ?? m[3]);
      const unit = m[2] ?? m[4] ?? '天';
      if (n === null || n < 1) return false;
      setBirthday(today, addDays(today, (/周|星期/.test(unit) ? n * 7 : n) - 1));
    });
    s.take(/最近|近期|快要|即将|马上/, () => setBirthday(today, addDays(today, 29)));
    s.take(new RegExp(`(?:今年|明年|去年|\\d{4}年)(?=${N}月)`), () => {});
    s.take(new RegExp(`(${N})月(${N})[日号]`), (m) => {
      const mo = num(m[1]);
      const d = num(m[2]);
      if (mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
      const md = `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      f.birthdayBetween = { from: md, to: md };
      fields.add('birthDate');
    });
    s.take(new RegExp(`(${N})月份?`), (m) => {
      const mo = num(m[1]);
      if (mo === null || mo < 1 || mo > 12) return false;
      setMonth(mo);
    });
  }
  s.take(/农历生日|阴历生日|过农历|过阴历|农历|阴历/, () => {
    f.lunarBirthday = true;
  });
  s.take(/公历生日|阳历生日|过公历|过阳历/, () => {
    f.lunarBirthday = false;
  });
  if (/生日|寿/.test(q)) fields.add('birthDate');

}
