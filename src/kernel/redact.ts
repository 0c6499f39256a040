/**
 * Secrets and personal numbers as they appear inside any text: bot tokens, API keys, credentials in
 * URLs, ID-card numbers and phone numbers (mobile in any spacing, full-width or dotted, landlines).
 * Used on every log line; what it removes is replaced by a label, never partly kept.
 */
const RULES: [RegExp, string][] = [
  // Telegram bot token: 123456789:AA…
  [/\b\d{6,12}:[A-Za-z0-9_-]{30,}\b/g, '[bot token]'],
  // OpenAI-style and other bearer keys.
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, '[api key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/gi, '$1 [secret]'],
  // user:password@ in URLs.
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[credentials]@'],
  // query-string secrets (?token=…, &key=…, &access_token=…)
  [/([?&](?:token|key|secret|password|access_token|signature|msg_signature)=)[^&\s]+/gi, '$1[secret]'],
  // 18-digit resident ID (last may be X).
  [/(?<![0-9０-９])[1-9]\d{16}[\dXx](?![0-9０-９])/g, '[id number]'],
  // Mobile numbers with any separators (138 1234 5678, 138-1234-5678, 138.1234.5678).
  [/(?<![0-9０-９])1[3-9]\d(?:[\s.\-·]?\d){8}(?![0-9０-９])/g, '[phone]'],
  // Landlines with an area code, or bare 7–8 digit numbers.
  [/(?<![0-9０-９])0\d{2,3}[\s\-]?\d{7,8}(?![0-9０-９])/g, '[phone]'],
  [/(?<![0-9０-９.:\-/])\d{7,8}(?![0-9０-９.:\-/])/g, '[phone]'],
];

const FULL_WIDTH_DIGITS = /[０-９]/g;

export function scrubSecrets(text: string): string {
  let s = text.replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  for (const [re, label] of RULES) s = s.replace(re, label);
  return s;
}
