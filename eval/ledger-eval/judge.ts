/**
 * How an answer is compared with an oracle. Questions are judged on the CLI's JSON
 * ({query, total, rows, groups, notUnderstood, value}); chain steps on what the chat sent back
 * (text, files, images), read the way a person would read them.
 */
import type { Elder } from '../ledger/generate.ts';

export interface Verdict {
  ok: boolean;
  /** What was expected and what came, when it failed. */
  detail?: string;
}

export interface CliAnswer {
  query: unknown;
  total: number;
  rows: { id: number; name: string }[];
  groups?: { key: string; count: number }[];
  value?: number | null;
  notUnderstood: string[];
  /** The reply text the CLI prints without --json (it must say what was not understood). */
  text: string;
  /** The question was refused (a town outside the asker's scope). */
  refused?: boolean;
}

export function sameMultiset(got: string[], want: string[]): boolean {
  if (got.length !== want.length) return false;
  const a = [...got].sort();
  const b = [...want].sort();
  return a.every((x, i) => x === b[i]);
}

function diff(got: string[], want: string[]): string {
  const left = [...want];
  const extra: string[] = [];
  for (const g of got) {
    const i = left.indexOf(g);
    if (i >= 0) left.splice(i, 1);
    else extra.push(g);
  }
  return `missing ${left.length} [${left.slice(0, 8).join(' ')}${left.length > 8 ? ' …' : ''}], extra ${extra.length} [${extra.slice(0, 8).join(' ')}${extra.length > 8 ? ' …' : ''}]`;
}

export function judgeNames(got: string[], want: string[]): Verdict {
  return sameMultiset(got, want) ? { ok: true } : { ok: false, detail: `names: got ${got.length}, want ${want.length}; ${diff(got, want)}` };
}

export function judgeTop(got: string[], want: string[]): Verdict {
  return got.length === want.length && got.every((x, i) => x === want[i])
    ? { ok: true }
    : { ok: false, detail: `top: got [${got.slice(0, 12).join(' ')}], want [${want.join(' ')}]` };
}

export function judgeCount(got: number | null | undefined, want: number): Verdict {
  return got === want ? { ok: true } : { ok: false, detail: `count: got ${String(got)}, want ${want}` };
}

export function judgeValue(got: number | null | undefined, want: number, tolerance: number): Verdict {
  return typeof got === 'number' && Math.abs(got - want) <= tolerance ? { ok: true } : { ok: false, detail: `value: got ${String(got)}, want ${want} ±${tolerance}` };
}

/**
 * Group keys are compared as people read them: "90岁及以上" and "90+" name the same band, and a
 * two-way key names the same group whichever part comes first ("韦庄镇·男" = "男·韦庄镇").
 */
export function normalizeKey(key: string): string {
  return key
    .split(/[·・]/)
    .map((p) => p.trim().replace(/岁/g, '').replace(/及以上|以上/g, '+').replace(/及以下/g, '以下'))
    .sort()
    .join('·');
}

export function judgeGroups(got: { key: string; count: number }[] | undefined, want: Record<string, number>): Verdict {
  if (!got) return { ok: false, detail: 'groups: none' };
  const g = new Map<string, number>();
  for (const x of got) if (x.count) g.set(normalizeKey(x.key), (g.get(normalizeKey(x.key)) ?? 0) + x.count);
  const w = new Map<string, number>();
  for (const [k, v] of Object.entries(want)) if (v) w.set(normalizeKey(k), v);
  const keys = new Set([...g.keys(), ...w.keys()]);
  const bad = [...keys].filter((k) => g.get(k) !== w.get(k));
  return bad.length ? { ok: false, detail: `groups differ at ${bad.slice(0, 6).map((k) => `${k}: got ${g.get(k) ?? 0}, want ${w.get(k) ?? 0}`).join('; ')}` } : { ok: true };
}

/** A question whose words name something the ledger does not hold: it must say so, not answer another question. */
export function judgeNotUnderstood(a: CliAnswer, words: string[]): Verdict {
  const hit = a.notUnderstood.some((n) => words.some((w) => n.includes(w) || w.includes(n)));
  if (!hit) return { ok: false, detail: `notUnderstood ${JSON.stringify(a.notUnderstood)} names none of ${JSON.stringify(words)}` };
  const said = a.notUnderstood.some((n) => a.text.includes(n));
  return said ? { ok: true } : { ok: false, detail: 'the reply does not say what was not understood' };
}

// ---- chat replies ----

export interface ReadReply {
  text: string;
  /** Rows of each xlsx file sent, by header. */
  files: Record<string, string>[][];
  images: number;
}

/** Names listed in numbered lines ("3. 张建国｜男｜…") and in the 姓名 column of files. */
export function listedNames(r: ReadReply): string[] {
  const fromFiles = r.files.flatMap((rows) => rows.map((row) => row['姓名'] ?? '').filter(Boolean));
  if (fromFiles.length) return fromFiles;
  const out: string[] = [];
  for (const line of r.text.split('\n')) {
    const m = /^\s*\d+[.、．]\s*([\u4e00-\u9fa5]{2,4})(?=[｜|（(\s，,：:]|$)/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

/** "共 12 位" / "共有 12 位" / "12 位": the count a count reply states. */
export function statedCount(r: ReadReply): number | null {
  const m = /共有?\s*(\d+)\s*(?:位|人|件|次|个|名)/.exec(r.text) ?? /(\d+)\s*(?:位|人|件|次|个|名)/.exec(r.text);
  return m ? Number(m[1]) : null;
}

/** Lines "韦庄镇：12 位" (or "韦庄镇·男：5 人"). */
export function statedGroups(r: ReadReply): { key: string; count: number }[] {
  const out: { key: string; count: number }[] = [];
  for (const line of r.text.split('\n')) {
    const m = /^\s*(?:\d+[.、]\s*)?([^：:\s][^：:]*?)\s*[：:]\s*(\d+)\s*(?:位|人|件|次|个|名)\s*$/.exec(line);
    if (m && !/^(条件|合计|共计|总计)/.test(m[1]!)) out.push({ key: m[1]!, count: Number(m[2]) });
  }
  return out;
}

export function statedValue(r: ReadReply): number | null {
  for (const line of r.text.split('\n')) {
    if (/^条件/.test(line)) continue;
    const m = /(-?\d+(?:\.\d+)?)/.exec(line);
    if (m && /平均|最大|最小|最高|最低|占|百分|比例/.test(line)) return Number(m[1]);
  }
  return null;
}

/** Whose values of a field (phone, address) the reply shows, as names; same-name people count apiece. */
export function shownFor(r: ReadReply, elders: Elder[], value: (e: Elder) => string): string[] {
  const hay = [r.text, ...r.files.flatMap((rows) => rows.map((row) => Object.values(row).join('｜')))].join('\n');
  return elders.filter((e) => value(e) && hay.includes(value(e))).map((e) => e.name);
}
