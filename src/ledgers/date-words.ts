import { parseChineseNumber } from '../kernel/cn-numbers.ts';

/**
 * Turns the words of a handwritten-style date into digits the date patterns read:
 * 一九三五年十一月二日 → 1935年11月2日, 1936年腊月初八 → 1936年12月8日 (农历), 农历三月十五 → 3月15日 (农历),
 * 闰四月 → 4月 (leap). Month names and 初/廿/卅 days exist only in the lunar calendar, so they mark
 * the date as 农历 even without the word.
 */
export interface DateWords {
  text: string;
  lunar: boolean;
  leap: boolean;
}

const LUNAR_MARK = /[(（]?(?:农历|阴历|旧历|夏历)[)）]?|[(（](?:农|阴)[)）]/g;
const CN_DIGIT = '〇○零一二三四五六七八九';
const YEAR_DIGITS: Record<string, string> = { 〇: '0', '○': '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const MONTH_NAME: Record<string, number> = { 正: 1, 冬: 11, 腊: 12, 臘: 12 };

export function readDateWords(raw: string): DateWords {
  let lunar = false;
  let leap = false;
  let t = raw
    .normalize('NFKC')
    .trim()
    // A date cell exported with its time: 1956-07-13 00:00:00.
    .replace(/[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '')
    .replace(/[\s\u3000]+/g, '');
  t = t.replace(LUNAR_MARK, () => {
    lunar = true;
    return '';
  });
  t = t.replace(/(?:出生|生人|生)$/, '');
  t = t.replace(/闰(?=[正冬腊臘一二三四五六七八九十\d]{1,3}月)/, () => {
    leap = lunar = true;
    return '';
  });
  t = t.replace(/([正冬腊臘])月/, (_, c: string) => {
    lunar = true;
    return `${MONTH_NAME[c]}月`;
  });
  t = t.replace(new RegExp(`([${CN_DIGIT}]{2,4})年`), (_, y: string) => `${[...y].map((c) => YEAR_DIGITS[c]).join('')}年`);
  t = t.replace(/([一二三四五六七八九十]{1,3})月/, (_, m: string) => `${parseChineseNumber(m) ?? m}月`);
  // Days: 初八 and 廿三 are lunar words; 十五, 二十 and 三十 are read as written.
  t = t.replace(/初([一二三四五六七八九十])(?=[日号]?$)/, (_, d: string) => {
    lunar = true;
    return String(parseChineseNumber(d));
  });
  t = t.replace(/(?:廿|念)([一二三四五六七八九]?)(?=[日号]?$)/, (_, d: string) => {
    lunar = true;
    return String(20 + (d ? parseChineseNumber(d)! : 0));
  });
  t = t.replace(/卅(?=[日号]?$)/, () => {
    lunar = true;
    return '30';
  });
  t = t.replace(/月([一二三四五六七八九十]{1,3})(?=[日号]?$)/, (_, d: string) => `月${parseChineseNumber(d) ?? d}`);
  return { text: t, lunar, leap };
}
