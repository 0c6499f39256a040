/**
 * Secrets and personal numbers as they appear inside any text: bot tokens, API keys, credentials in
 * URLs, ID-card numbers, phone numbers (mobile in any spacing, dotted, full-width or in Chinese
 * numerals 幺三八…, landlines) and house-level addresses. The one place these forms are known: the
 * log scrubber below and the model boundary (src/privacy/model-boundary.ts) both use findPersonalData.
 */
const SECRETS: [RegExp, string][] = [
  // Telegram bot token: 123456789:AA…
  [/\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g, '[bot token]'],
  // OpenAI-style and other bearer keys.
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, '[api key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/gi, '$1 [secret]'],
  // user:password@ in URLs.
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[credentials]@'],
  // query-string secrets (?token=…, &key=…, &access_token=…)
  [/([?&](?:token|key|secret|password|access_token|signature|msg_signature)=)[^&\s]+/gi, '$1[secret]'],
];

export type PersonalKind = 'phone' | 'id' | 'address';

export interface PersonalMatch {
  kind: PersonalKind;
  start: number;
  end: number;
  /** As written in the text. */
  text: string;
  /** The digits (phones, IDs) or the words (addresses): the same number written two ways has one key. */
  key: string;
}

const CN_DIGIT: Record<string, string> = {
  零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 么: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};
// Digits said one by one, with the pauses people type between groups (幺三八 六二五二 七六零一).
const CN_RUN = /[零〇洞一幺么二两三四五六七八九](?:[\s.\-·、，,]{0,2}[零〇洞一幺么二两三四五六七八九]){3,}/g;

/**
 * The text with every digit as an ASCII digit, character for character (so a position found in the
 * view is the same position in the text): full-width forms, and Chinese numerals read digit by digit
 * in runs of four or more (shorter runs are words: 一个, 三四天).
 */
export function digitView(text: string): string {
  let view = text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  view = view.replace(CN_RUN, (run) => [...run].map((c) => CN_DIGIT[c] ?? c).join(''));
  return view;
}

const SEP = '[\\s.\\-·_—–]{0,2}';
const PATTERNS: [PersonalKind, RegExp][] = [
  // 18-digit resident ID (last may be X), also written in groups; 15-19 digit runs (old IDs, bank cards).
  ['id', new RegExp(`(?<![0-9])[1-9](?:[\\s\\-]?\\d){16}[\\s\\-]?[\\dXx](?![0-9A-Za-z])`, 'g')],
  ['id', /(?<![0-9])\d{15,19}(?![0-9])/g],
  // Mobile numbers with any separators, with or without +86.
  ['phone', new RegExp(`(?<![0-9])(?:\\+?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}(?![0-9])`, 'g')],
  // Landlines with an area code, or bare 7–8 digit numbers (not parts of dates, times or decimals).
  ['phone', /(?<![0-9])\(?0\d{2,3}\)?[\s\-.]?\d{7,8}(?![0-9])/g],
  ['phone', /(?<![0-9.:\-/])\d{7,8}(?![0-9.:\-/])/g],
];

const PLACE = '(?:省|市|县|区|镇|乡|街道|办事处|村|社区|小区|花园|家园|新村|大院|公寓|路|街|巷|胡同|大道|组|院|楼)';
const NUM = '[0-9一二三四五六七八九十百零〇两]+';
const UNIT = '(?:号院|号楼|号|栋|幢|单元|室|层|排|户|组|楼)';
/** A house: places down to a number with its unit (韦庄镇东关村3组12号, 南新街25号院3单元401室). */
const ADDRESS = new RegExp(`(?:[\\u4e00-\\u9fa5]{1,10}?${PLACE})+\\s?${NUM}\\s?${UNIT}(?:[\\s\\-]?${NUM}\\s?${UNIT}|-?[0-9]{1,4}(?![0-9]))*`, 'g');
/** Words that lead into an address without being part of it. */
const ADDRESS_LEAD = /^(?:我们|他们|她们|老人家|老人|地址是|地址|住址是|住址|家住|现住|住在|搬到|住|在|是|的|到|从|于|就|还|都|[我你他她您俺咱])+/;

function addresses(view: string): PersonalMatch[] {
  const out: PersonalMatch[] = [];
  for (const m of view.matchAll(ADDRESS)) {
    const lead = ADDRESS_LEAD.exec(m[0])?.[0].length ?? 0;
    const raw = m[0].slice(lead).replace(/[\s\-]+$/, '');
    // A unit and a number alone (3号) is not a place.
    if (!new RegExp(PLACE).test(raw.replace(/[0-9一二三四五六七八九十百零〇两]+.*$/, ''))) continue;
    const start = m.index! + lead;
    out.push({ kind: 'address', start, end: start + raw.length, text: raw, key: raw.replace(/\s/g, '') });
  }
  return out;
}

/** Every phone, ID number and house address in the text, in order, never overlapping. */
export function findPersonalData(text: string): PersonalMatch[] {
  const view = digitView(text);
  const found: PersonalMatch[] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  // Addresses first: their house numbers must not be taken for phones.
  for (const a of addresses(view)) found.push({ ...a, text: text.slice(a.start, a.end) });
  for (const [kind, re] of PATTERNS) {
    for (const m of view.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const digits = m[0].replace(/[^0-9Xx]/g, '').toUpperCase();
      found.push({ kind, start, end, text: text.slice(start, end), key: kind === 'phone' && digits.length === 13 ? digits.replace(/^86/, '') : digits });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const LABEL: Record<PersonalKind, string> = { phone: '[phone]', id: '[id number]', address: '[address]' };

/** Replaces each match by what `label` gives for it, keeping everything between. */
export function replaceMatches(text: string, matches: readonly { start: number; end: number }[], label: (i: number) => string): string {
  let out = '';
  let at = 0;
  matches.forEach((m, i) => {
    out += text.slice(at, m.start) + label(i);
    at = m.end;
  });
  return out + text.slice(at);
}

export function scrubSecrets(text: string): string {
  let s = text;
  for (const [re, label] of SECRETS) s = s.replace(re, label);
  const found = findPersonalData(s);
  return found.length ? replaceMatches(s, found, (i) => LABEL[found[i]!.kind]) : s;
}
