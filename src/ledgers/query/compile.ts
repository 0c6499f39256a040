import { isLeapYear } from '../../kernel/time.ts';
import type { GroupBy, LedgerField, LedgerQuery } from './schema.ts';

/**
 * LedgerQuery → SQL. The SQL text is assembled only from constants in this file; every value from
 * the query (which may come from a person or a model) travels as a $n parameter.
 */

export interface CompiledSql {
  text: string;
  params: unknown[];
}

export interface CompiledQuery {
  /** Rows of one page (list) — or the groups (stats). */
  rows: CompiledSql;
  /** Total number of matches (ignores limit/offset). */
  count: CompiledSql;
}

export interface CompileOptions {
  /** YYYY-MM-DD: ages and relative dates are computed against it. */
  today: string;
  /** Towns the asker may see; null = every town. */
  scopeTowns: string[] | null;
  /** Page size when the query names none. */
  defaultLimit: number;
}

/** The today placeholder is swapped for its $n once the first user of it asks for one. */
const TODAY = '{{today}}';
const AGE = `date_part('year', age(${TODAY}::date, e.birth_date))::int`;

/** Output field → SQL expression (constants only). */
const FIELD_SQL: Record<LedgerField, string> = {
  gender: 'e.gender',
  age: AGE,
  // A birth date known only to the month reads 1938-05 (migration 100).
  birthDate: `CASE WHEN e.birth_precision = 'month' THEN to_char(e.birth_date, 'YYYY-MM') ELSE e.birth_date::text END`,
  lunarBirthday: 'e.lunar_birthday',
  category: 'e.category',
  formerUnit: 'e.former_unit',
  formerPost: 'e.former_post',
  partyMember: 'e.party_member',
  partyBranch: 'e.party_branch',
  town: 'e.town',
  village: 'e.village',
  address: 'e.address',
  phone: 'e.phone',
  health: 'e.health',
  mobility: 'e.mobility',
  livesAlone: 'e.lives_alone',
  widowed: 'e.widowed',
  children: 'e.children',
  emergencyContact: 'e.emergency_contact',
  emergencyPhone: 'e.emergency_phone',
  needs: 'e.needs',
  notes: 'e.notes',
  status: 'e.status',
  deathDate: 'e.death_date',
};

/** Same rule as the elders_ill view in 002_ledgers.sql. */
const ILL_SQL = `(e.health IS NOT NULL AND btrim(e.health) <> '' AND e.health !~ '^(良好|健康|好|较好|一般|正常|无)$')`;

/** Membership of the 患病/丧偶/独居 ledgers, for a view and for anyOfViews alike. */
const VIEW_SQL: Record<NonNullable<LedgerQuery['view']>, string> = { 患病: ILL_SQL, 丧偶: 'e.widowed', 独居: 'e.lives_alone' };

/** The day someone turning `years` today was born: age >= years ⇔ birth_date <= this. 2/29 falls back to 2/28. */
export function yearsBefore(today: string, years: number): string {
  const y = Number(today.slice(0, 4)) - years;
  const md = today.slice(5);
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !isLeapYear(y) ? '02-28' : md}`;
}

const BANDS: [number, string][] = [
  [70, '70岁以下'],
  [80, '70-79岁'],
  [90, '80-89岁'],
  [100, '90-99岁'],
];

/** Age bands by comparing birth dates with cut-off days (cheap per row, unlike age()). */
function ageBandSql(p: Params, today: string): { key: string; ord: string } {
  const cuts = BANDS.map(([years]) => p.add(yearsBefore(today, years)));
  const when = (f: (i: number) => string) => BANDS.map((_, i) => `WHEN e.birth_date > ${cuts[i]}::date THEN ${f(i)}`).join(' ');
  return {
    key: `CASE ${when((i) => `'${BANDS[i]![1]}'`)} ELSE '100岁及以上' END`,
    ord: `CASE ${when((i) => String(i))} ELSE ${BANDS.length} END`,
  };
}

/** Group keys. These groups come out largest first (no ord); age bands keep age order (ageBandSql). */
const GROUP_KEY_SQL: Record<Exclude<GroupBy, 'ageBand'>, string> = {
  town: `coalesce(nullif(e.town, ''), '未填')`,
  village: `coalesce(nullif(e.town, ''), '未填') || ' ' || coalesce(nullif(e.village, ''), '未填')`,
  category: `coalesce(e.category, '未填')`,
  gender: `coalesce(e.gender, '未填')`,
  mobility: `coalesce(e.mobility, '未填')`,
  partyMember: `CASE WHEN e.party_member THEN '党员' WHEN NOT e.party_member THEN '非党员' ELSE '未填' END`,
};

const SORT_SQL = {
  age: { asc: 'e.birth_date DESC', desc: 'e.birth_date ASC' },
  birthday: {
    asc: 'extract(month FROM e.birth_date) ASC, extract(day FROM e.birth_date) ASC',
    desc: 'extract(month FROM e.birth_date) DESC, extract(day FROM e.birth_date) DESC',
  },
  name: { asc: 'e.name ASC', desc: 'e.name DESC' },
  town: { asc: 'e.town ASC, e.village ASC', desc: 'e.town DESC, e.village DESC' },
} as const;

class Params {
  readonly values: unknown[] = [];
  private todayRef: string | undefined;
  constructor(private readonly today: string) {}
  /** Puts the real $n of today into SQL text written with the placeholder. */
  bind(sql: string): string {
    if (!sql.includes(TODAY)) return sql;
    this.todayRef ??= this.add(this.today);
    return sql.split(TODAY).join(this.todayRef);
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const contains = (col: string, p: string) => `strpos(coalesce(${col}, ''), ${p}) > 0`;

function whereClause(q: LedgerQuery, opts: CompileOptions, p: Params): string {
  const f = q.filters;
  const w: string[] = [];
  if (f.status !== '全部') w.push(`e.status = ${p.add(f.status)}`);
  if (q.view) w.push(VIEW_SQL[q.view]);
  if (opts.scopeTowns) w.push(`e.town = ANY(${p.add(opts.scopeTowns)}::text[])`);
  if (f.name) w.push(contains('e.name', p.add(f.name)));
  if (f.namePrefix) w.push(`strpos(e.name, ${p.add(f.namePrefix)}) = 1`);
  if (f.gender) w.push(`e.gender = ${p.add(f.gender)}`);
  if (f.towns?.length) w.push(`e.town = ANY(${p.add(f.towns)}::text[])`);
  if (f.villages?.length) w.push(`e.village = ANY(${p.add(f.villages)}::text[])`);
  if (f.ageMin !== undefined) w.push(`e.birth_date <= ${p.add(yearsBefore(opts.today, f.ageMin))}::date`);
  if (f.ageMax !== undefined) w.push(`e.birth_date > ${p.add(yearsBefore(opts.today, f.ageMax + 1))}::date`);
  if (f.bornFrom) w.push(`e.birth_date >= ${p.add(f.bornFrom)}::date`);
  if (f.bornTo) w.push(`e.birth_date <= ${p.add(f.bornTo)}::date`);
  // Written exactly as the elders_birth_md expression index is, so the planner can use it.
  if (f.birthMonths?.length) w.push(`extract(month FROM e.birth_date) = ANY(${p.add(f.birthMonths)}::numeric[])`);
  if (f.birthdayBetween) {
    const md = '(extract(month FROM e.birth_date), extract(day FROM e.birth_date))';
    const [fm, fd] = f.birthdayBetween.from.split('-').map(Number);
    const [tm, td] = f.birthdayBetween.to.split('-').map(Number);
    const from = `(${p.add(fm)}::numeric, ${p.add(fd)}::numeric)`;
    const to = `(${p.add(tm)}::numeric, ${p.add(td)}::numeric)`;
    w.push(f.birthdayBetween.from <= f.birthdayBetween.to ? `(${md} >= ${from} AND ${md} <= ${to})` : `(${md} >= ${from} OR ${md} <= ${to})`);
    // Only the month is known for some: they have no birthday on a given day until staff add it.
    w.push(`e.birth_precision = 'day'`);
  }
  if (f.lunarBirthday !== undefined) w.push(`e.lunar_birthday = ${p.add(f.lunarBirthday)}`);
  if (f.category) w.push(`e.category = ${p.add(f.category)}`);
  if (f.partyMember !== undefined) w.push(f.partyMember ? 'e.party_member IS TRUE' : 'e.party_member IS NOT TRUE');
  if (f.partyBranch) w.push(contains('e.party_branch', p.add(f.partyBranch)));
  if (f.formerUnit) w.push(contains('e.former_unit', p.add(f.formerUnit)));
  if (f.formerPost) w.push(contains('e.former_post', p.add(f.formerPost)));
  if (f.mobility?.length) w.push(`e.mobility = ANY(${p.add(f.mobility)}::text[])`);
  for (const group of f.health ?? []) w.push(`(${group.map((t) => contains('e.health', p.add(t))).join(' OR ')})`);
  if (f.anyOfViews?.length) w.push(`(${[...new Set(f.anyOfViews)].map((v) => VIEW_SQL[v]).join(' OR ')})`);
  if (f.ill !== undefined) w.push(f.ill ? ILL_SQL : `NOT ${ILL_SQL}`);
  if (f.livesAlone !== undefined) w.push(`e.lives_alone = ${p.add(f.livesAlone)}`);
  if (f.widowed !== undefined) w.push(`e.widowed = ${p.add(f.widowed)}`);
  if (f.needs?.length) w.push(`(${f.needs.map((t) => contains('e.needs', p.add(t))).join(' OR ')})`);
  if (f.hasNeeds !== undefined) w.push(f.hasNeeds ? `coalesce(btrim(e.needs), '') <> ''` : `coalesce(btrim(e.needs), '') = ''`);
  if (f.address) w.push(contains('e.address', p.add(f.address)));
  if (f.phone) {
    const ph = p.add(f.phone);
    w.push(`(${contains('e.phone', ph)} OR ${contains('e.emergency_phone', ph)})`);
  }
  if (f.children) w.push(contains('e.children', p.add(f.children)));
  return w.length ? p.bind(`WHERE ${w.join(' AND ')}`) : '';
}

export function compileLedgerQuery(q: LedgerQuery, opts: CompileOptions): CompiledQuery {
  const p = new Params(opts.today);
  const where = whereClause(q, opts, p);
  const countParams = [...p.values];
  const count = { text: `SELECT count(*)::int AS total FROM elders e ${where}`, params: countParams };

  if (q.output === 'stats') {
    const by = q.groupBy ?? 'town';
    const g = by === 'ageBand' ? ageBandSql(p, opts.today) : { key: GROUP_KEY_SQL[by], ord: 'NULL::int' };
    return {
      count,
      rows: {
        text: p.bind(`SELECT ${g.key} AS key, ${g.ord} AS ord, count(*)::int AS count FROM elders e ${where} GROUP BY 1, 2 ORDER BY 2 NULLS LAST, 3 DESC, 1`),
        params: [...p.values],
      },
    };
  }

  const cols = ['e.id', 'e.name', ...q.fields.filter((f) => Object.hasOwn(FIELD_SQL, f)).map((f) => p.bind(`${FIELD_SQL[f]} AS "${f}"`))];
  const order = q.sort ? SORT_SQL[q.sort.by][q.sort.dir] : 'e.town ASC, e.village ASC';
  const limit = p.add(q.limit ?? opts.defaultLimit);
  const offset = p.add(q.offset);
  return {
    count,
    rows: {
      text: `SELECT ${cols.join(', ')} FROM elders e ${where} ORDER BY ${order}, e.id ASC LIMIT ${limit} OFFSET ${offset}`,
      params: p.values,
    },
  };
}
