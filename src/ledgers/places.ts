import type { Queryable } from '../db/types.ts';
import { getSetting, setSetting } from '../db/settings.ts';

/**
 * The county's towns (镇/街道) and how the names clerks write map onto them. A name is matched by its
 * core (城关镇, 城关街道办 and 城关 all have the core 城关), so the old 乡/镇 names, the 街道办 forms and
 * a bare core all find the town; a name whose core matches nothing is a question for staff, never a
 * new town made up on the way.
 */

/** 澄城县's 镇/街道. Towns staff accept later, and any the ledger already holds, are added to these. */
export const COUNTY_TOWNS: readonly string[] = ['城关街道', '韦庄镇', '冯原镇', '王庄镇', '尧头镇', '赵庄镇', '交道镇', '寺前镇', '安里镇', '庄头镇'];

const SETTING_TOWNS = 'ledger.towns';
const SETTING_ALIASES = 'ledger.town_aliases';

const TOWN_SUFFIX = /(?:人民政府|政府|街道办事处|街道办|街道|街办|办事处|镇|乡)$/;
const COUNTY_PREFIX = /^(?:陕西省)?(?:渭南市)?(?:澄城县|澄城)?/;

/** 城关街道办事处 → 城关, 韦庄乡 → 韦庄. */
export function townCore(name: string): string {
  let s = clean(name).replace(COUNTY_PREFIX, '');
  for (let i = 0; i < 2 && TOWN_SUFFIX.test(s) && s.replace(TOWN_SUFFIX, '').length >= 2; i++) s = s.replace(TOWN_SUFFIX, '');
  return s;
}

/** Village forms: 东关社区居委会 → 东关社区, 南串村民委员会 → 南串村, and the core without 村/社区. */
export function villageCore(name: string): string {
  const s = clean(name).replace(/(?:村民委员会|村委会|村委)$/, '').replace(/(?:社区居民委员会|社区居委会|居民委员会|居委会)$/, '');
  const core = s.replace(/(?:社区|村|组)$/, '');
  return core.length >= 1 ? core : s;
}

export function clean(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

export interface TownBook {
  towns: string[];
  /** Spelling → town, as staff answered it before (照庄镇 → 赵庄镇). */
  aliases: Record<string, string>;
}

/** The county's list, the towns staff accepted, the towns the real ledger holds, and remembered aliases. */
export async function loadTownBook(q: Queryable): Promise<TownBook> {
  const extra = await getSetting<string[]>(q, SETTING_TOWNS);
  const aliases = await getSetting<Record<string, string>>(q, SETTING_ALIASES);
  const held = await q.query<{ town: string }>(`SELECT DISTINCT town FROM elders WHERE NOT demo AND town IS NOT NULL AND btrim(town) <> ''`);
  const towns = [...new Set([...COUNTY_TOWNS, ...(extra ?? []), ...held.rows.map((r) => r.town)])];
  return { towns, aliases: aliases ?? {} };
}

/** Remembers what staff answered, so the next file from the same town needs no question. */
export async function rememberTownAnswers(q: Queryable, newTowns: string[], aliases: Record<string, string>): Promise<void> {
  if (newTowns.length) {
    const now = (await getSetting<string[]>(q, SETTING_TOWNS)) ?? [];
    await setSetting(q, SETTING_TOWNS, [...new Set([...now, ...newTowns])]);
  }
  if (Object.keys(aliases).length) {
    const now = (await getSetting<Record<string, string>>(q, SETTING_ALIASES)) ?? {};
    await setSetting(q, SETTING_ALIASES, { ...now, ...aliases });
  }
}

export type TownMatch = { kind: 'town'; town: string } | { kind: 'unknown'; written: string; suggestions: string[] };

/** One-letter slips (照庄 for 赵庄) are suggested, never applied. */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) return [...a].filter((c, i) => c !== b[i]).length <= 1;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < l.length; i++) if (l.slice(0, i) + l.slice(i + 1) === s) return true;
  return false;
}

export class TownMatcher {
  private readonly byCore = new Map<string, string[]>();
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly book: TownBook,
    answers: { newTowns?: string[]; aliases?: Record<string, string> } = {},
  ) {
    for (const t of [...book.towns, ...(answers.newTowns ?? [])]) this.add(clean(t));
    for (const [from, to] of Object.entries({ ...book.aliases, ...(answers.aliases ?? {}) })) this.aliases.set(clean(from), clean(to));
  }

  private add(town: string): void {
    const core = townCore(town);
    const list = this.byCore.get(core) ?? [];
    if (!list.includes(town)) list.push(town);
    this.byCore.set(core, list);
  }

  get towns(): string[] {
    return [...new Set([...this.byCore.values()].flat())];
  }

  match(written: string): TownMatch {
    const w = clean(written);
    const alias = this.aliases.get(w);
    if (alias) return { kind: 'town', town: alias };
    const exact = this.towns.find((t) => t === w);
    if (exact) return { kind: 'town', town: exact };
    const byCore = this.byCore.get(townCore(w));
    if (byCore?.length === 1) return { kind: 'town', town: byCore[0]! };
    const core = townCore(w);
    const suggestions = this.towns.filter((t) => closeTo(townCore(t), core));
    return { kind: 'unknown', written: w, suggestions };
  }

  /**
   * A town named inside a longer text: a sheet called 韦庄镇台账 or 韦庄, a title row 冯原镇离退休干部
   * 基本信息台账. Only one town may be named; two means the text is not about one town.
   */
  findIn(text: string): string | null {
    const t = clean(text);
    const found = new Set<string>();
    for (const [core, towns] of this.byCore) if (core.length >= 2 && towns.length === 1 && t.includes(core)) found.add(towns[0]!);
    return found.size === 1 ? [...found][0]! : null;
  }

  /** "韦庄镇南社村" written in the town cell: the town and what follows it. */
  split(text: string): { town: string; rest: string } | null {
    const t = clean(text);
    for (const town of this.towns) {
      for (const form of [town, townCore(town) + '镇', townCore(town) + '乡', townCore(town) + '街道办', townCore(town) + '街道']) {
        if (t.startsWith(form) && t.length > form.length + 1) return { town, rest: t.slice(form.length) };
      }
    }
    return null;
  }
}

/** Villages already in the ledger, by town: a file's 东关 or 东关社区居委会 is written as the ledger has it. */
export class VillageMatcher {
  private readonly byTown = new Map<string, Map<string, string[]>>();

  constructor(rows: { town: string | null; village: string }[]) {
    for (const r of rows) {
      const key = r.town ?? '';
      const m = this.byTown.get(key) ?? new Map<string, string[]>();
      const core = villageCore(r.village);
      const list = m.get(core) ?? [];
      if (!list.includes(r.village)) list.push(r.village);
      m.set(core, list);
      this.byTown.set(key, m);
    }
  }

  static async load(q: Queryable): Promise<VillageMatcher> {
    const r = await q.query<{ town: string | null; village: string }>(
      `SELECT DISTINCT town, village FROM elders WHERE NOT demo AND village IS NOT NULL AND btrim(village) <> ''`,
    );
    return new VillageMatcher(r.rows);
  }

  /** The ledger's spelling of the village, or the cleaned text and `known: false` for a new one. */
  match(town: string | null, written: string): { village: string; known: boolean } {
    const w = clean(written);
    const list = this.byTown.get(town ?? '')?.get(villageCore(w));
    if (list?.length === 1) return { village: list[0]!, known: true };
    if (list?.includes(w)) return { village: w, known: true };
    const tidy = w.replace(/(?:村民委员会|村委会|村委)$/, '村').replace(/(?:社区居民委员会|社区居委会|居民委员会|居委会)$/, '社区');
    return { village: tidy, known: false };
  }
}
