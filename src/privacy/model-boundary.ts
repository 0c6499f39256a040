import { findPersonalData, replaceMatches } from '../kernel/redact.ts';

/**
 * The model boundary: everything sent to a model endpoint (chat, embeddings, speech) passes here first,
 * and everything a model writes passes here before a person sees it. Personal data (phones in any
 * form, ID numbers, house addresses, the names and addresses the ledger holds) leaves as placeholders
 * ([电话1], [姓名1] …); the product's own code may put the values back into what it assembles itself
 * (a ledger question, a case summary), never into the model's free text. The forms are known in one
 * place, src/kernel/redact.ts.
 */
export type FindingKind = 'phone' | 'id' | 'address' | 'name' | 'link';

/** The ledger's values that occur in a text (found by src/privacy/ledger-terms.ts). */
export interface PersonalTerms {
  names: readonly string[];
  addresses: readonly string[];
  /** Numbers that are nobody's personal data (the office's phone), as digits: they may be sent and said. */
  publicNumbers?: readonly string[];
}

export const NO_TERMS: PersonalTerms = { names: [], addresses: [] };

const LABEL: Record<Exclude<FindingKind, 'link'>, string> = { phone: '电话', id: '证件号', address: '地址', name: '姓名' };
/** A placeholder as written, and as a model may echo it (【电话1】, ［ 姓名2 ］). */
const PLACEHOLDER = /[\[【［]\s*(电话|证件号|地址|姓名)\s*(\d{1,3})\s*[\]】］]/gu;
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source, 'u');

/** Values and their placeholders, shared by every text of one request. */
export class PlaceholderTable {
  private readonly byKey = new Map<string, string>();
  private readonly values = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  placeholder(kind: Exclude<FindingKind, 'link'>, key: string, value: string): string {
    const k = `${kind}\u0000${key}`;
    let p = this.byKey.get(k);
    if (!p) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      p = `[${LABEL[kind]}${n}]`;
      this.byKey.set(k, p);
      this.values.set(p, value);
    }
    return p;
  }

  value(label: string, n: string): string | undefined {
    return this.values.get(`[${label}${Number(n)}]`);
  }
}

interface Span {
  kind: Exclude<FindingKind, 'link'>;
  start: number;
  end: number;
  text: string;
  key: string;
}

/** Every occurrence of a known value (longest first, so 张建国 is not cut to 张建). */
function termSpans(text: string, terms: PersonalTerms): Span[] {
  const spans: Span[] = [];
  const all: [Span['kind'], string][] = [...terms.addresses.map((a) => ['address', a] as [Span['kind'], string]), ...terms.names.map((n) => ['name', n] as [Span['kind'], string])];
  all.sort((a, b) => b[1].length - a[1].length);
  for (const [kind, value] of all) {
    if (value.length < 2) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) spans.push({ kind, start: at, end: at + value.length, text: value, key: value });
  }
  return spans;
}

/** Detected and known personal data, in order, never overlapping (the earlier and longer wins). */
function personalSpans(text: string, terms: PersonalTerms): Span[] {
  const open = new Set((terms.publicNumbers ?? []).map((n) => n.replace(/\D/g, '')));
  const candidates: Span[] = [...termSpans(text, terms), ...findPersonalData(text).filter((m) => !(m.kind === 'phone' && open.has(m.key)))];
  candidates.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Span[] = [];
  for (const c of candidates) if (!out.length || c.start >= out[out.length - 1]!.end) out.push(c);
  return out;
}

export interface Protected {
  text: string;
  /** The values back in place of the placeholders: for text the product assembles itself. */
  restore(text: string): string;
}

/** One text ready for a model; pass the same table for every text of one request. */
export function protect(text: string, ctx: { terms?: PersonalTerms; table?: PlaceholderTable } = {}): Protected {
  const table = ctx.table ?? new PlaceholderTable();
  const spans = personalSpans(text, ctx.terms ?? NO_TERMS);
  return { text: replaceMatches(text, spans, (i) => table.placeholder(spans[i]!.kind, spans[i]!.key, spans[i]!.text)), restore: (t) => restoreWith(table, t) };
}

function restoreWith(table: PlaceholderTable, text: string): string {
  return text.replace(PLACEHOLDER, (m, label: string, n: string) => table.value(label, n) ?? m);
}

// Links as written, with or without a scheme (http://x.cn/a, www.x.com, bit.ly/abc, x.gov.cn).
const LINK = /\b(?:https?:\/\/|www\.)[^\s，。；！？、）)】」"'<>]+|\b(?:[a-z0-9-]+\.)+(?:com|cn|net|org|top|xyz|ly|io|info|cc|me|vip|site|online|link|co|tk|ml|gq)\b(?:[/:][^\s，。；！？、）)】」"'<>]*)?/giu;

function hostOf(link: string): string {
  const bare = link.replace(/^https?:\/\//i, '');
  return bare.split(/[/:?#]/)[0]!.toLowerCase();
}

function linkAllowed(link: string, allowed: readonly string[]): boolean {
  const host = hostOf(link);
  return allowed.some((a) => host === a || host.endsWith(`.${a}`));
}

export interface Screened {
  /** The model's text with what it must not say removed ("（已隐藏）"), and placeholders it echoed hidden too. */
  text: string;
  /** What the model itself wrote that a person must not be shown; empty when the text is clean. */
  found: FindingKind[];
}

const HIDDEN = '（已隐藏）';

/**
 * Model output before anyone sees it: phones in any form, ID numbers, addresses, ledger names and
 * links not on the allow-list are found and removed. Echoed placeholders are not findings (the model
 * only repeated what it was given) but are never turned back into values here.
 */
export function screenModelText(text: string, opts: { terms?: PersonalTerms; allowedLinkHosts?: readonly string[] } = {}): Screened {
  const found: FindingKind[] = [];
  const allowed = opts.allowedLinkHosts ?? [];
  let s = text.replace(LINK, (m) => {
    if (linkAllowed(m, allowed)) return m;
    found.push('link');
    return '';
  });
  s = s.replace(PLACEHOLDER, HIDDEN);
  const spans = personalSpans(s, opts.terms ?? NO_TERMS);
  for (const sp of spans) found.push(sp.kind);
  s = replaceMatches(s, spans, () => HIDDEN);
  return { text: s.replace(/[ \t]{2,}/g, ' ').trim(), found };
}

/** Model-chosen values the product's code uses (tool arguments): screened, then placeholders restored. */
export function fromModel<T>(value: T, table: PlaceholderTable, opts: { terms?: PersonalTerms; allowedLinkHosts?: readonly string[] } = {}): T {
  if (typeof value === 'string') {
    const kept = value.replace(LINK, (m) => (linkAllowed(m, opts.allowedLinkHosts ?? []) ? m : ''));
    const spans = personalSpans(kept, opts.terms ?? NO_TERMS).filter((sp) => !isInsidePlaceholder(kept, sp));
    return restoreWith(table, replaceMatches(kept, spans, () => HIDDEN)).trim() as T;
  }
  if (Array.isArray(value)) return value.map((v) => fromModel(v, table, opts)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromModel(v, table, opts)])) as T;
  return value;
}

function isInsidePlaceholder(text: string, sp: Span): boolean {
  for (const m of text.matchAll(PLACEHOLDER)) if (sp.start >= m.index! && sp.end <= m.index! + m[0].length) return true;
  return false;
}

// Masked numbers as group chats show them (138****1234, ****1234): still a person's number to a speech engine.
const MASKED_NUMBER = /\d{0,3}\*{3,}\d{2,4}/;

/**
 * What a speech engine may read: a line that carries a person's number, ID, address or a ledger name
 * (raw, masked or as a placeholder) is left out, and one sentence says where the details are. Speech
 * never reads ledger rows; a policy answer or a case receipt reads as it is.
 */
export function speechText(text: string, terms: PersonalTerms = NO_TERMS): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  let dropped = false;
  for (const line of lines) {
    const bare = line.replace(LINK, '');
    if (MASKED_NUMBER.test(bare) || HAS_PLACEHOLDER.test(bare) || personalSpans(bare, terms).length) {
      dropped = true;
      continue;
    }
    kept.push(bare);
  }
  const out = kept.join('\n').trim();
  return dropped ? `${out ? `${out}\n` : ''}详细信息请看文字消息。` : out;
}
