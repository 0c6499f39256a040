/**
 * Splits a long reply into pieces of at most `limit` characters (Telegram: 4096), preferring
 * paragraph breaks, then sentence ends (。！？；.!?), then commas, so no sentence is cut in half
 * unless one sentence alone is longer than the limit.
 */
export function splitText(text: string, limit = 4096): string[] {
  const chars = Array.from(text);
  if (chars.length <= limit) return text.length ? [text] : [];
  const out: string[] = [];
  let rest = chars;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut =
      lastBreak(window, (c) => c === '\n') ??
      lastBreak(window, (c, next) => '。！？；!?;'.includes(c) || (c === '.' && /\s/.test(next ?? ' '))) ??
      lastBreak(window, (c) => '，,、 \t'.includes(c)) ??
      limit;
    out.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    while (rest.length && /\s/.test(rest[0]!)) rest = rest.slice(1);
  }
  if (rest.length) out.push(rest.join(''));
  return out.filter((p) => p.length > 0);
}

/** Index just after the last char matching `re`, if it is not in the first third (tiny pieces help no one). */
function lastBreak(window: string[], isBreak: (c: string, next: string | undefined) => boolean): number | undefined {
  for (let i = window.length - 1; i >= Math.floor(window.length / 3); i--) {
    if (isBreak(window[i]!, window[i + 1])) return i + 1;
  }
  return undefined;
}
