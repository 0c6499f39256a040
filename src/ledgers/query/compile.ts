import { birthdayKeysBetween, birthdayKeysOn } from '../../kernel/calendar.ts';
import { addDays, isLeapYear } from '../../kernel/time.ts';
import type { BaseFilters, GroupBy, LedgerField, LedgerQuery, VisitFilter } from './schema.ts';

/**
 * LedgerQuery → SQL. The SQL text is assembled only from constants in this file; every value from
 * the query (which may come from a person or a model) travels as a $n parameter. Cases are not
 * compiled here (they belong to src/cases): a case filter arrives as the ids of the elders it matches.
 */

export interface CompiledSql {
  text: string;
  params: unknown[];
}

export interface CompiledQuery {
  /** Rows of one page (list), the groups (stats) or the value (value). */
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
  /** The elders that have a case matching filters.cases (resolved by the caller through the case store). */
  caseElderIds?: number[];
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

/** Age bands; the last one is open. */
export const AGE_BANDS: [number, string][] = [
  [70, '70岁以下'],
  [80, '70-79岁'],
  [90, '80-89岁'],
];
const OLDEST_BAND = '90岁及以上';

/** Age bands by comparing birth dates with cut-off days (cheap per row, unlike age()). */
function ageBandSql(p: Params, today: string): { key: string; ord: string } {
  const cuts = AGE_BANDS.map(([years]) => p.add(yearsBefore(today, years)));
  const when = (f: (i: number) => string) => AGE_BANDS.map((_, i) => `WHEN e.birth_date > ${cuts[i]}::date THEN ${f(i)}`).join(' ');
  return {
    key: `CASE ${when((i) => `'${AGE_BANDS[i]![1]}'`)} ELSE '${OLDEST_BAND}' END`,
    ord: `CASE ${when((i) => String(i))} ELSE ${AGE_BANDS.length} END`,
  };
}

const yesNo = (col: string, yes: string, no: string) => `CASE WHEN ${col} THEN '${yes}' ELSE '${no}' END`;

/** A village is keyed with its town after a NUL, so same-named villages of two towns stay apart (run.ts names them). */
export const VILLAGE_TOWN_SEP = '\u0001';

/** Group keys of elders (and of the elders of visits). Groups come out largest first unless they have an order of their own. */
const ELDER_KEY_SQL: Partial<Record<GroupBy, string>> = {
  town: `coalesce(nullif(e.town, ''), '未填')`,
  village: `coalesce(nullif(e.village, ''), '未填') || E'\\u0001' || coalesce(e.town, '')`,
  category: `coalesce(e.category, '未填')`,
  gender: `coalesce(e.gender, '未填')`,
  mobility: `coalesce(e.mobility, '未填')`,
  partyMember: `CASE WHEN e.party_member THEN '党员' WHEN NOT e.party_member THEN '非党员' ELSE '未填' END`,
  partyBranch: `coalesce(nullif(btrim(e.party_branch), ''), '未填')`,
  livesAlone: yesNo('e.lives_alone', '独居', '非独居'),
  widowed: yesNo('e.widowed', '丧偶', '未丧偶'),
  condition: 'c.term',
  formerUnit: `coalesce(nullif(btrim(e.former_unit), ''), '未填')`,
  formerPost: `coalesce(nullif(btrim(e.former_post), ''), '未填')`,
  month: `extract(month FROM e.birth_date)::int || '月'`,
};
const VISIT_KEY_SQL: Partial<Record<GroupBy, string>> = {
  staff: `coalesce(s.name, '未填')`,
  month: `to_char(v.visited_on, 'YYYY-MM')`,
};

/** The column a simple group key is made from (the key names it, 未填 for nothing). */
const RAW_KEY: Partial<Record<GroupBy, string>> = {
  town: 'e.town',
  gender: 'e.gender',
  category: 'e.category',
  mobility: 'e.mobility',
  partyMember: 'e.party_member',
  partyBranch: 'e.party_branch',
  livesAlone: 'e.lives_alone',
  widowed: 'e.widowed',
  formerUnit: 'e.former_unit',
  formerPost: 'e.former_post',
};

/** Conditions of 身体状况, one per row: "高血压、糖尿病" counts in both. */
const CONDITION_JOIN = `CROSS JOIN LATERAL unnest(regexp_split_to_array(btrim(e.health), '\\s*[、，,；;/]\\s*')) AS c(term)`;
const CONDITION_WHERE = `c.term <> '' AND c.term !~ '^(良好|健康|好|较好|一般|正常|无)$'`;

const SORT_SQL = {
  age: { asc: 'e.birth_date DESC', desc: 'e.birth_date ASC' },
  birthday: {
    asc: 'extract(month FROM e.birth_date) ASC, extract(day FROM e.birth_date) ASC',
    desc: 'extract(month FROM e.birth_date) DESC, extract(day FROM e.birth_date) DESC',
  },
  name: { asc: 'e.name ASC', desc: 'e.name DESC' },
  town: { asc: 'e.town ASC, e.village ASC', desc: 'e.town DESC, e.village DESC' },
  date: { asc: 'e.death_date ASC NULLS LAST', desc: 'e.death_date DESC NULLS LAST' },
  count: { asc: 'e.town ASC, e.village ASC', desc: 'e.town ASC, e.village ASC' },
} as const;

export class Params {
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

/** Written exactly as the elders_solar_md partial index is. */
const SOLAR_MD = '(extract(month FROM e.birth_date) * 100 + extract(day FROM e.birth_date))';

/**
 * Birthdays of a window in the order they come: each key's first day in the window, looked up per
 * row (only for the rows that matched), so a page is the first birthdays, lunar ones included.
 */
function celebrationOrder(w: { from: string; to: string }, p: Params): string {
  const solar: number[] = [];
  const solarDay: number[] = [];
  const lunar: string[] = [];
  const lunarDay: number[] = [];
  let i = 0;
  for (let d = w.from; d <= w.to && i < 800; d = addDays(d, 1), i++) {
    const k = birthdayKeysOn(d);
    for (const x of k.solar) if (!solar.includes(Number(x))) (solar.push(Number(x)), solarDay.push(i));
    for (const x of k.lunar) if (!lunar.includes(x)) (lunar.push(x), lunarDay.push(i));
  }
  return (
    `CASE WHEN e.lunar_birthday THEN (${p.add(lunarDay)}::int[])[array_position(${p.add(lunar)}::text[], e.lunar_md)]` +
    ` ELSE (${p.add(solarDay)}::int[])[array_position(${p.add(solar)}::numeric[], ${SOLAR_MD})] END ASC`
  );
}

/** Visits matching a visit filter (never after today: a visit logged ahead is a plan, not a visit). */
function visitConditions(v: VisitFilter | undefined, today: string, p: Params): string[] {
  const w = [`v.visited_on <= ${p.add(today)}::date`];
  if (v?.from) w.push(`v.visited_on >= ${p.add(v.from)}::date`);
  if (v?.to) w.push(`v.visited_on <= ${p.add(v.to)}::date`);
  if (v?.staff?.length) w.push(`v.staff_id IN (SELECT st.id FROM staff st WHERE st.name = ANY(${p.add(v.staff)}::text[]))`);
  return w;
}

/** The SQL conditions of one set of filters (without status and scope, which the caller adds once). */
function conditions(f: BaseFilters, opts: CompileOptions, p: Params): string[] {
  const w: string[] = [];
  if (f.ids) w.push(`e.id = ANY(${p.add(f.ids)}::bigint[])`);
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
  if (f.birthdayWindow) {
    // One calendar for greetings and questions: the births celebrated in the window, solar and lunar.
    const keys = birthdayKeysBetween(f.birthdayWindow.from, f.birthdayWindow.to);
    const solar = keys.solar.map(Number);
    w.push(
      `((NOT e.lunar_birthday AND ${SOLAR_MD} = ANY(${p.add(solar)}::numeric[]))` +
        ` OR (e.lunar_birthday AND e.lunar_md = ANY(${p.add(keys.lunar)}::text[])))`,
    );
  }
  if (f.turningAges?.length) {
    // Birth years as date ranges, so the birth-date index serves them.
    const year = Number(opts.today.slice(0, 4));
    w.push(`(${f.turningAges.map((a) => `e.birth_date BETWEEN ${p.add(`${year - a}-01-01`)}::date AND ${p.add(`${year - a}-12-31`)}::date`).join(' OR ')})`);
  }
  if (f.lunarBirthMonths?.length) w.push(`(e.lunar_birthday AND substr(e.lunar_md, 1, 2)::int = ANY(${p.add(f.lunarBirthMonths)}::int[]))`);
  if (f.diedFrom) w.push(`e.death_date >= ${p.add(f.diedFrom)}::date`);
  if (f.diedTo) w.push(`e.death_date <= ${p.add(f.diedTo)}::date`);
  if (f.lunarBirthday !== undefined) w.push(`e.lunar_birthday = ${p.add(f.lunarBirthday)}`);
  if (f.category) w.push(`e.category = ${p.add(f.category)}`);
  if (f.partyMember !== undefined) w.push(f.partyMember ? 'e.party_member IS TRUE' : 'e.party_member IS NOT TRUE');
  if (f.partyBranch) w.push(contains('e.party_branch', p.add(f.partyBranch)));
  if (f.formerUnit) w.push(contains('e.former_unit', p.add(f.formerUnit)));
  if (f.formerPost) w.push(contains('e.former_post', p.add(f.formerPost)));
  if (f.formerPosts?.length) w.push(`btrim(e.former_post) = ANY(${p.add(f.formerPosts)}::text[])`);
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
  if (f.visits) {
    const vw = visitConditions(f.visits, opts.today, p).join(' AND ');
    const { min, max } = f.visits;
    if (min !== undefined && min > 0) {
      const having = [`count(*) >= ${p.add(min)}`, ...(max !== undefined ? [`count(*) <= ${p.add(max)}`] : [])].join(' AND ');
      w.push(`e.id IN (SELECT v.elder_id FROM visits v WHERE ${vw} GROUP BY v.elder_id HAVING ${having})`);
    } else if (max === 0) {
      // 没走访: an anti-join, not a count per elder.
      w.push(`NOT EXISTS (SELECT 1 FROM visits v WHERE v.elder_id = e.id AND ${vw})`);
    } else if (max !== undefined) {
      w.push(`e.id NOT IN (SELECT v.elder_id FROM visits v WHERE ${vw} GROUP BY v.elder_id HAVING count(*) > ${p.add(max)})`);
    } else {
      w.push(`e.id IN (SELECT v.elder_id FROM visits v WHERE ${vw})`);
    }
  }
  if (f.cases) w.push(`e.id = ANY(${p.add(opts.caseElderIds ?? [])}::bigint[])`);
  return w;
}

/** The WHERE of a query over elders e (also used under visits, which join their elder). */
export function elderWhere(q: LedgerQuery, opts: CompileOptions, p: Params): string {
  const f = q.filters;
  const w: string[] = [];
  if (f.status !== '全部') w.push(`e.status = ${p.add(f.status)}`);
  if (q.view) w.push(VIEW_SQL[q.view]);
  if (opts.scopeTowns) w.push(`e.town = ANY(${p.add(opts.scopeTowns)}::text[])`);
  w.push(...conditions(f, opts, p));
  if (f.exclude) {
    const ex = conditions(f.exclude, opts, p);
    if (ex.length) w.push(`NOT coalesce((${ex.join(' AND ')}), false)`);
  }
  if (f.anyOf?.length) {
    const alts = f.anyOf.map((alt) => conditions(alt, opts, p)).filter((c) => c.length);
    if (alts.length) w.push(`(${alts.map((c) => `(${c.join(' AND ')})`).join(' OR ')})`);
  }
  return w.length ? p.bind(`WHERE ${w.join(' AND ')}`) : '';
}

function groupKey(by: GroupBy, p: Params, today: string, table: 'elders' | 'visits'): { key: string; ord: string } {
  if (by === 'ageBand') return ageBandSql(p, today);
  const key = (table === 'visits' ? VISIT_KEY_SQL[by] : undefined) ?? ELDER_KEY_SQL[by];
  if (!key) throw new Error(`no group key ${by} for ${table}`);
  return { key, ord: 'NULL::int' };
}

function statsSql(q: LedgerQuery, opts: CompileOptions, p: Params, from: string, where: string, table: 'elders' | 'visits'): string {
  const dims = [q.groupBy ?? 'town', ...(q.groupBy2 ? [q.groupBy2] : [])];
  const keys = dims.map((d) => groupKey(d, p, opts.today, table));
  const byCondition = dims.includes('condition');
  const join = byCondition ? ` ${CONDITION_JOIN}` : '';
  const w = byCondition ? (where ? `${where} AND ${CONDITION_WHERE}` : `WHERE ${CONDITION_WHERE}`) : where;
  const key = keys.map((k) => k.key).join(` || '·' || `);
  const ord = keys.length === 1 ? keys[0]!.ord : `${keys[0]!.ord}`;
  // Two plain columns (按镇和性别): grouped by the columns themselves, named afterwards — hashing the
  // joined name of every row costs several times more.
  const raw = dims.map((d) => RAW_KEY[d]);
  if (dims.length === 2 && table === 'elders' && !byCondition && !q.measure && raw.every(Boolean)) {
    const named = dims.map((d, i) => ELDER_KEY_SQL[d]!.replaceAll(RAW_KEY[d]!, `x.k${i}`)).join(` || '·' || `);
    return `SELECT ${named} AS key, NULL::int AS ord, sum(x.n)::int AS count FROM (SELECT ${raw.map((r, i) => `${r} AS k${i}`).join(', ')}, count(*) AS n FROM ${from} ${w} GROUP BY ${raw.map((_, i) => i + 1).join(', ')}) x GROUP BY 1, 2 ORDER BY 3 DESC, 1`;
  }
  const counted = table === 'elders' && byCondition ? 'count(DISTINCT (e.id, c.term))' : 'count(*)';
  // 各镇平均年龄 / 各镇党员占比: the measure of each group next to its count.
  const fn = q.measure && q.measure.fn !== 'percent' ? { avg: 'avg', min: 'min', max: 'max' }[q.measure.fn] : null;
  const part = q.measure?.fn === 'percent' ? conditions(q.measure.part ?? {}, opts, p) : null;
  const value = fn ? `, ${fn}(${AGE})::float8 AS value` : part ? `, (100.0 * count(*) FILTER (WHERE ${part.length ? part.join(' AND ') : 'true'}) / count(*))::float8 AS value` : '';
  return `SELECT ${key} AS key, ${ord} AS ord, ${counted}::int AS count${value} FROM ${from}${join} ${w} GROUP BY 1, 2 ORDER BY 2 NULLS LAST, 3 DESC, 1`;
}

export function compileLedgerQuery(q: LedgerQuery, opts: CompileOptions): CompiledQuery {
  if (q.subject === 'visits' || q.subject === 'visitors') return compileVisitQuery(q, opts);
  const p = new Params(opts.today);
  const where = elderWhere(q, opts, p);
  const countParams = [...p.values];
  const count = { text: `SELECT count(*)::int AS total FROM elders e ${where}`, params: countParams };

  if (q.output === 'stats') return { count, rows: { text: p.bind(statsSql(q, opts, p, 'elders e', where, 'elders')), params: [...p.values] } };

  if (q.output === 'value') {
    const m = q.measure!;
    if (m.fn === 'percent') {
      const part = conditions(m.part ?? {}, opts, p);
      const hit = part.length ? part.join(' AND ') : 'true';
      return {
        count,
        rows: { text: p.bind(`SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${hit}))::int AS part FROM elders e ${where}`), params: [...p.values] },
      };
    }
    const fn = { avg: 'avg', min: 'min', max: 'max' }[m.fn];
    return { count, rows: { text: p.bind(`SELECT count(*)::int AS total, ${fn}(${AGE})::float8 AS value FROM elders e ${where}`), params: [...p.values] } };
  }

  const cols = ['e.id', 'e.name', ...q.fields.filter((f) => Object.hasOwn(FIELD_SQL, f)).map((f) => p.bind(`${FIELD_SQL[f]} AS "${f}"`))];
  const w = q.filters.birthdayWindow;
  const order = w && (!q.sort || q.sort.by === 'birthday') ? celebrationOrder(w, p) : q.sort ? SORT_SQL[q.sort.by][q.sort.dir] : 'e.town ASC, e.village ASC';
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

/**
 * Visits (one row per visit: who was visited, when, by whom) and visitors (one row per staff member
 * who visited: how often, when last). Elder filters apply to the elder of each visit.
 */
function compileVisitQuery(q: LedgerQuery, opts: CompileOptions): CompiledQuery {
  const p = new Params(opts.today);
  const ew = elderWhere(q, opts, p);
  const vw = visitConditions(q.visitFilter, opts.today, p);
  const where = p.bind(`WHERE ${[...vw, ...(ew ? [ew.replace(/^WHERE /, '')] : [])].join(' AND ')}`);
  const from = 'visits v JOIN elders e ON e.id = v.elder_id LEFT JOIN staff s ON s.id = v.staff_id';
  if (q.subject === 'visitors') {
    const base = `SELECT s.id, s.name, count(*)::int AS visits, to_char(max(v.visited_on), 'YYYY-MM-DD') AS "lastVisitedOn" FROM ${from} ${where} AND s.id IS NOT NULL GROUP BY s.id, s.name`;
    const order = q.sort?.by === 'count' ? `visits ${q.sort.dir === 'asc' ? 'ASC' : 'DESC'}, "lastVisitedOn" DESC` : `"lastVisitedOn" ${q.sort?.dir === 'asc' ? 'ASC' : 'DESC'}, visits DESC`;
    const countParams = [...p.values];
    const limit = p.add(q.limit ?? opts.defaultLimit);
    return {
      count: { text: `SELECT count(*)::int AS total FROM (${base}) x`, params: countParams },
      rows: { text: `${base} ORDER BY ${order}, s.id LIMIT ${limit}`, params: p.values },
    };
  }
  const count = { text: `SELECT count(*)::int AS total FROM ${from} ${where}`, params: [...p.values] };
  if (q.output === 'stats') return { count, rows: { text: p.bind(statsSql(q, opts, p, from, where, 'visits')), params: [...p.values] } };
  const limit = p.add(q.limit ?? opts.defaultLimit);
  const offset = p.add(q.offset);
  const dir = q.sort?.dir === 'asc' ? 'ASC' : 'DESC';
  return {
    count,
    rows: {
      text:
        `SELECT v.id, e.name, e.id AS "elderId", e.town, e.village, to_char(v.visited_on, 'YYYY-MM-DD') AS "visitedOn", s.name AS staff, ` +
        `v.spirit, v.health AS "healthSeen", v.children_care AS "childrenCare", v.housing, v.meals, v.notes ` +
        `FROM ${from} ${where} ORDER BY v.visited_on ${dir}, v.id ${dir} LIMIT ${limit} OFFSET ${offset}`,
      params: p.values,
    },
  };
}
