/** Chinese and Arabic numbers as people write them in questions: 九十, 八十五, 一百零二, 两, 85, ８５. */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A regex source matching one number in digits or Chinese (up to the hundreds). */
export const NUMBER_RE = '(?:[0-9０-９]+|[零〇一二两三四五六七八九十百]+)';

export function parseNumber(raw: string): number | null {
  const s = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  // Digit strings without units: 一九四〇 (a year).
  if (!/[十百]/.test(s)) return Number([...s].map((c) => DIGITS[c]).join(''));
  let total = 0;
  let current = 0;
  for (const c of s) {
    if (c === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      const d = DIGITS[c];
      if (d === undefined) return null;
      current = d;
    }
  }
  return total + current;
}
