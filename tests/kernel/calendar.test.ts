import { describe, expect, it } from 'vitest';
import { birthdayOn, festivalsOfYear, festivalsOn, lunarBirthdayIn, sanFu, solarBirthdayIn, toLunar } from '../../src/kernel/calendar.ts';
import { addDays } from '../../src/kernel/time.ts';
import { addressOf, renderTemplate, surnameOf } from '../../src/jobs/templates.ts';
import { zonedInstant } from '../../src/kernel/zoned-time.ts';
import { todayIn } from '../../src/kernel/time.ts';

describe('calendar', () => {
  it('gives the festivals of 2026 on their published dates', () => {
    const f = festivalsOfYear(2026);
    expect(Object.fromEntries(f)).toMatchObject({
      元旦: '2026-01-01', 腊八: '2026-01-26', 小年: '2026-02-10', 春节: '2026-02-17', 元宵: '2026-03-03', 清明: '2026-04-05',
      端午: '2026-06-19', 七一: '2026-07-01', 八一: '2026-08-01', 七夕: '2026-08-19', 中秋: '2026-09-25', 国庆: '2026-10-01', 重阳: '2026-10-18',
    });
    // 2025's 腊八 and 小年 fall in January 2025 (lunar year 2024) — the previous lunar year counts.
    expect(festivalsOfYear(2025).get('小年')).toBe('2025-01-22');
  });

  it('puts 初伏 on the third 庚 day from 夏至', () => {
    expect(sanFu(2024)).toEqual({ chu: '2024-07-15', zhong: '2024-07-25', mo: '2024-08-14' });
    expect(sanFu(2025)).toEqual({ chu: '2025-07-20', zhong: '2025-07-30', mo: '2025-08-09' });
    expect(sanFu(2026).chu).toBe('2026-07-15');
    expect(festivalsOn('2026-07-15')).toContain('初伏');
  });

  it('maps a lunar birthday to this year, leap months and short months the way families keep them', () => {
    // Born 1941-08-02 = 1941 闰六月初十.
    expect(toLunar('1941-08-02')).toEqual({ year: 1941, month: 6, day: 10, leap: true });
    expect(lunarBirthdayIn(2025, { month: 6, day: 10, leap: true })).toBe('2025-08-03'); // 2025 has 闰六月 too
    expect(lunarBirthdayIn(2026, { month: 6, day: 10, leap: true })).toBe('2026-07-23'); // no leap: the ordinary 六月
    expect(lunarBirthdayIn(2025, { month: 6, day: 10, leap: false })).toBe('2025-07-04'); // ordinary month, not the leap one
    // 二月三十: 2026's 二月 has 29 days, so the 29th.
    const thirtieth = lunarBirthdayIn(2026, { month: 2, day: 30, leap: false });
    expect(toLunar(thirtieth)).toMatchObject({ year: 2026, month: 2, day: 29 });
    expect(addDays(thirtieth, 1)).toBe(lunarBirthdayIn(2026, { month: 3, day: 1, leap: false }));
  });

  it('finds whose birthday a day is, with the age reached', () => {
    expect(birthdayOn('2026-03-15', '1946-03-15', false)).toEqual({ date: '2026-03-15', age: 80 });
    expect(birthdayOn('2026-03-16', '1946-03-15', false)).toBeNull();
    expect(birthdayOn('2026-07-23', '1941-08-02', true)).toEqual({ date: '2026-07-23', age: 85 });
    expect(birthdayOn('2026-08-02', '1941-08-02', true)).toBeNull(); // the solar date is not the lunar birthday
    expect(solarBirthdayIn(2026, '1940-02-29')).toBe('2026-02-28');
    // A 腊月 birthday falls in January of the next solar year: lunar year 2025's 腊月廿 is 2026-02-07.
    const born = '1944-01-15'; // 1943 腊月二十
    expect(toLunar(born)).toMatchObject({ month: 12, day: 20 });
    expect(birthdayOn('2026-02-07', born, true)).toEqual({ date: '2026-02-07', age: 2025 - 1943 });
  });

  it('computes send instants in Asia/Shanghai', () => {
    expect(zonedInstant('2026-06-19', '08:30', 'Asia/Shanghai').toISOString()).toBe('2026-06-19T00:30:00.000Z');
    expect(todayIn('Asia/Shanghai', new Date('2026-06-18T16:30:00Z'))).toBe('2026-06-19');
  });
});

describe('templates', () => {
  it('addresses elders respectfully', () => {
    expect(surnameOf('欧阳修文')).toBe('欧阳');
    expect(addressOf('张建国')).toBe('张老');
    expect(addressOf('张建国', '老张')).toBe('老张');
    expect(addressOf('李秀英', '张老先生', '女')).toBe('李老');
    expect(renderTemplate('{称呼}，您好！{未知}', { 称呼: '张老' })).toBe('张老，您好！{未知}');
  });
});

describe('birthday keys', () => {
  it('agree with lunarBirthdayIn and solarBirthdayIn for every birth day of three years, on every day of three years', async () => {
    const { birthdayKeysOn, lunarBirthKey, solarBirthKey } = await import('../../src/kernel/calendar.ts');
    const births: string[] = [];
    for (let d = '1940-01-01'; d < '1943-01-01'; d = addDays(d, 1)) births.push(d);
    const keysOf = births.map((b) => ({ b, lunar: lunarBirthKey(b), solar: solarBirthKey(b), l: toLunar(b) }));
    let checked = 0;
    const wrong: string[] = [];
    const celebrated = new Map<string, string>();
    const lunarIn = (ly: number, x: (typeof keysOf)[number]) => {
      const key = `${ly}:${x.lunar}`;
      let v = celebrated.get(key);
      if (v === undefined) celebrated.set(key, (v = lunarBirthdayIn(ly, { month: x.l.month, day: x.l.day, leap: x.l.leap })));
      return v;
    };
    for (let day = '2025-01-01'; day < '2028-01-01'; day = addDays(day, 3)) {
      const k = birthdayKeysOn(day);
      const ly = toLunar(day).year;
      for (const x of keysOf) {
        const byLunar = lunarIn(ly, x) === day;
        if (k.lunar.includes(x.lunar) !== byLunar) wrong.push(`${x.b} lunar on ${day}`);
        const bySolar = solarBirthdayIn(Number(day.slice(0, 4)), x.b) === day;
        if (k.solar.includes(x.solar) !== bySolar) wrong.push(`${x.b} solar on ${day}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(300_000);
  });
});
