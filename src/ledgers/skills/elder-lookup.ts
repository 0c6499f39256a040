import type { Queryable } from '../../db/types.ts';
import { findEldersByName, type ElderMatch } from '../elder-record.ts';

export type LookupOutcome = { kind: 'one'; elder: ElderMatch } | { kind: 'none'; name: string } | { kind: 'many'; name: string; matches: ElderMatch[] };

/**
 * "张建国" or "张建国 韦庄镇" / "张建国(韦庄村)": the one elder meant, or why not. Same-name
 * elders are listed so the staff member can add the town or village.
 */
export async function lookupElder(db: Queryable, name: string, place: string | undefined, scopeTowns: string[] | null): Promise<LookupOutcome> {
  const matches = await findEldersByName(db, name, { scopeTowns, ...(place ? { place } : {}) });
  if (matches.length === 1) return { kind: 'one', elder: matches[0]! };
  if (!matches.length) return { kind: 'none', name };
  const living = matches.filter((m) => m.status === '在世');
  if (living.length === 1) return { kind: 'one', elder: living[0]! };
  return { kind: 'many', name, matches };
}

export function lookupProblem(o: Exclude<LookupOutcome, { kind: 'one' }>, example: string): string {
  if (o.kind === 'none') return `没有找到“${o.name}”（或不在您负责的镇）。请核对姓名。`;
  return [
    `有 ${o.matches.length} 位叫“${o.name}”的老干部，请在姓名后加上镇或村，例如：${example}`,
    ...o.matches.map((m) => `· ${m.name}（${m.town ?? ''}${m.village ?? ''}，${m.birthDate.slice(0, 4)}年生${m.status === '已故' ? '，已故' : ''}）`),
  ].join('\n');
}

/**
 * The person a staff command names, and what follows: "张建国(韦庄镇) 精神好", or a bare place word
 * right after the name, "张建国 韦庄镇 精神好".
 */
export function readNamedElder(args: string): { name: string; place?: string; rest: string } {
  const first = /^(\S+)\s*([\s\S]*)$/.exec(args)!;
  const { name, place } = splitNamePlace(first[1]!);
  const rest = first[2]!;
  const p = /^([\u4e00-\u9fa5]{2,8}(?:镇|乡|街道|村|社区))\s+/.exec(rest);
  if (!place && p) return { name, place: p[1]!, rest: rest.slice(p[0].length) };
  return { name, ...(place ? { place } : {}), rest };
}

/** Splits "张建国(韦庄镇)" / "张建国（韦庄村）" into name and place. */
export function splitNamePlace(token: string): { name: string; place?: string } {
  const m = /^([^()（）\s]+)[(（]([^)）]+)[)）]$/.exec(token);
  return m ? { name: m[1]!, place: m[2]! } : { name: token };
}
