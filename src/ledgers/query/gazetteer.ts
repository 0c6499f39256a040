import type { Queryable } from '../../db/types.ts';

/**
 * The words the parser recognises as places, units, posts, branches, conditions and needs come
 * from the ledger itself, so a county with other towns needs no code change.
 */
export interface Gazetteer {
  towns: string[];
  villages: { name: string; town: string | null }[];
  partyBranches: string[];
  formerUnits: string[];
  formerPosts: string[];
  /** Single conditions split out of the 身体状况 texts (高血压、糖尿病 → 高血压, 糖尿病). */
  healthTerms: string[];
  /** Distinct 需求 texts (most common first). */
  needs: string[];
  /** Names of active staff (who made visits). */
  staffNames?: string[];
}

const CAP = 2000;

async function distinct(db: Queryable, col: string): Promise<string[]> {
  // col is one of the constant column names below, never input.
  const r = await db.query<{ v: string }>(
    `SELECT ${col} AS v FROM elders WHERE ${col} IS NOT NULL AND btrim(${col}) <> '' GROUP BY ${col} ORDER BY count(*) DESC LIMIT ${CAP}`,
  );
  return r.rows.map((x) => x.v.trim());
}

export async function loadGazetteer(db: Queryable): Promise<Gazetteer> {
  const [towns, villages, partyBranches, formerUnits, formerPosts, health, needs, staff] = await Promise.all([
    distinct(db, 'town'),
    db.query<{ name: string; town: string | null }>(
      `SELECT village AS name, town FROM elders WHERE village IS NOT NULL AND btrim(village) <> '' GROUP BY village, town LIMIT ${CAP * 5}`,
    ),
    distinct(db, 'party_branch'),
    distinct(db, 'former_unit'),
    distinct(db, 'former_post'),
    distinct(db, 'health'),
    distinct(db, 'needs'),
    db.query<{ name: string }>(`SELECT DISTINCT name FROM staff WHERE active AND length(btrim(name)) >= 2 LIMIT ${CAP}`),
  ]);
  const healthTerms = new Set<string>();
  for (const h of health)
    for (const t of h.split(/[、，,；;\/\s]+|和|及|伴/)) {
      const term = t.replace(/^(患有?|有)/, '').trim();
      if (term.length >= 2 && term.length <= 12 && !/^(良好|健康|较好|一般|正常|无)$/.test(term)) healthTerms.add(term);
    }
  return {
    towns,
    villages: villages.rows.map((v) => ({ name: v.name.trim(), town: v.town })),
    partyBranches,
    formerUnits,
    formerPosts,
    healthTerms: [...healthTerms],
    needs,
    staffNames: staff.rows.map((r) => r.name.trim()),
  };
}

/** Keeps a gazetteer per database for a short while: the ledger changes rarely, questions come often. */
export class GazetteerCache {
  private value: Gazetteer | undefined;
  private loadedAt = 0;
  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 60_000,
  ) {}

  async get(): Promise<Gazetteer> {
    if (!this.value || Date.now() - this.loadedAt > this.ttlMs) {
      this.value = await loadGazetteer(this.db);
      this.loadedAt = Date.now();
    }
    return this.value;
  }
}
