/** Chinese and Arabic numbers as people write them: 十七, 一百零二, 两千, 二〇一一, 85, ８５. */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses 十七, 一百二十三, 二〇一一 (digit by digit), 17 or ８５; null when it is not a number. */
export function parseChineseNumber(raw: string): number | null {
  const s = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || ![...s].every((c) => c in DIGITS || c in UNITS)) return null;
  if (![...s].some((c) => c in UNITS)) {
    // Year-style numerals written digit by digit: 二〇一一.
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let current = 0;
  for (const c of s) {
    const unit = UNITS[c];
    if (unit !== undefined) {
      total += (current || 1) * unit;
      current = 0;
    } else {
      current = DIGITS[c]!;
    }
  }
  return total + current;
}

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 17 → 十七, 120 → 一百二十: how article numbers are written. */
export function toChineseNumber(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  if (n < 20) return `十${n % 10 ? NUMERALS[n % 10] : ''}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10)]}十${n % 10 ? NUMERALS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const restText = rest === 0 ? '' : rest < 10 ? `零${NUMERALS[rest]}` : rest < 20 ? `一${toChineseNumber(rest)}` : toChineseNumber(rest);
    return `${NUMERALS[Math.floor(n / 100)]}百${restText}`;
  }
  return String(n);
}

// How digits are read aloud one by one (phone numbers, codes): 幺 for 1 and 洞 for 0 on the radio and
// the telephone, 两 for 2 in speech.
const SPOKEN_DIGIT: Record<string, string> = {
  零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 么: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};
const SPOKEN_RUN = /[零〇洞一幺么二两三四五六七八九]{4,}/g;

/**
 * Digits said one by one, as voice input writes them ("六二一二", "洞七幺三"), turned into ASCII digits.
 * Only runs of four or more: shorter ones are ordinary words (一个, 三四天, 两三次).
 */
export function spokenDigits(text: string): string {
  return text.replace(SPOKEN_RUN, (run) => [...run].map((c) => SPOKEN_DIGIT[c] ?? c).join(''));
}
