import { ZodError } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { InputError, PermissionError } from '../../kernel/errors.ts';
import { birthdayKeysOn, lunarBirthKey, solarBirthKey } from '../../kernel/calendar.ts';
import { addDays } from '../../kernel/time.ts';
import { knownNames } from '../elder-record.ts';
import { refreshLunarBirthKeys } from '../lunar-keys.ts';
import { compileLedgerQuery, elderWhere, Params, VILLAGE_TOWN_SEP } from './compile.ts';
import { GazetteerCache } from './gazetteer.ts';
import { DEFAULT_FIELDS, parseQuestion, type ParseResult } from './parse.ts';
import { parseLedgerQuery, type BaseFilters, type CaseFilter, type LedgerQuery } from './schema.ts';

/** One result row: id and name always, then the fields the query asked for. */
export type LedgerRow = { id: number; name: string } & Record<string, unknown>;

export interface QueryGroup {
  key: string;
  count: number;
  /** The group's average (minimum, maximum) age, for 各镇平均年龄. */
  value?: number | null;
}

export interface LedgerQueryResult {
  query: LedgerQuery;
  /** Every match, not only this page (elders, visits, visitors or cases, by the query's subject). */
  total: number;
  rows: LedgerRow[];
  /** Only for output 'stats'. */
  groups?: QueryGroup[];
  /** Only for output 'value': the average, minimum, maximum or percentage (null when nobody matched). */
  value?: number | null;
  notUnderstood: string[];
  /** The towns the answer was limited to (a non-admin's towns); null for the whole county. */
  scope?: string[] | null;
  /** The question as read when sound-alike words were taken for the ledger's own (卫庄 → 韦庄). */
  heardAs?: string;
  /** Asked only about what the ledger does not hold (平均工资): nothing was computed. */
  unanswerable?: boolean;
}

export interface ExecuteOptions {
  /** YYYY-MM-DD */
  today: string;
  /** Towns the asker may see; null means all (admin, CLI operator). */
  scopeTowns: string[] | null;
  /** Page size when the query names none. */
  defaultLimit?: number;
}

/** Produces a LedgerQuery from a question some other way (an LLM tool call); null when it cannot. */
export interface QueryPlanner {
  plan(question: string, today: string): Promise<LedgerQuery | null>;
}

/** A case (诉求) as ledger questions see it; src/cases provides them (main.ts wires it). */
export interface CaseFact {
  id: number;
  number: string;
  /** The word staff use for its kind: 解忧, 法律咨询, 住院 … */
  label: string;
  status: '待处理' | '处理中' | '已办结';
  elderId: number | null;
  elderName: string | null;
  town: string | null;
  /** YYYY-MM-DD in the bureau's time zone. */
  openedOn: string;
  dueOn: string | null;
  summary: string;
}

/** The case store as the ledger's questions read it (cases sit above ledgers, so they come in as a port). */
export interface CaseSource {
  /** Words for kinds of cases (解忧, 法律咨询, 住院, 五必到 …), for the parser. */
  kindWords(): string[];
  /** Whether a case is of the kind a word names. */
  isKind(word: string, c: CaseFact): boolean;
  /** Cases opened up to `openedTo`, of elders in `towns` (null: all). */
  list(f: { openedFrom?: string; openedTo: string; towns: string[] | null }): Promise<CaseFact[]>;
}

export const DEFAULT_LIMIT = 1000;

function needsLunarKeys(q: LedgerQuery): boolean {
  const uses = (f: BaseFilters | undefined) => !!f && (f.birthdayWindow !== undefined || (f.lunarBirthMonths?.length ?? 0) > 0);
  return uses(q.filters) || uses(q.filters.exclude) || uses(q.measure?.part);
}

/** Elder filters beyond the default status: whether elders must be looked at at all. */
function hasElderFilters(q: LedgerQuery): boolean {
  const { status, ...rest } = q.filters;
  return Object.values(rest).some((v) => v !== undefined) || status !== '全部' || !!q.view;
}

/** Parses, checks scope, compiles to parameterised SQL and runs ledger questions. */
export class LedgerQueryService {
  readonly gazetteer: GazetteerCache;
  private readonly planner: QueryPlanner | undefined;
  readonly cases: CaseSource | undefined;

  constructor(
    private readonly db: Queryable,
    opts: { planner?: QueryPlanner; cases?: CaseSource } = {},
  ) {
    this.gazetteer = new GazetteerCache(db);
    this.planner = opts.planner;
    this.cases = opts.cases;
  }

  async parse(question: string, today: string, scopeTowns: string[] | null = null): Promise<ParseResult> {
    const gazetteer = await this.gazetteer.get();
    return parseQuestion(question, {
      today,
      gazetteer,
      caseWords: this.cases?.kindWords() ?? [],
      lookupNames: (candidates) => knownNames(this.db, candidates, scopeTowns),
    });
  }

  /** Question → result: parse, then answer. */
  async ask(question: string, opts: ExecuteOptions): Promise<LedgerQueryResult> {
    return this.answer(question, await this.parse(question, opts.today, opts.scopeTowns), opts);
  }

  /**
   * A question already parsed with the same today and scope (a chat skill parses first to decide
   * whether the message is a ledger question at all). When the offline parser left parts not
   * understood and a planner (LLM) is configured, the planner's query is used instead if it
   * validates; rows never reach the model.
   */
  async answer(question: string, parsed: ParseResult, opts: ExecuteOptions): Promise<LedgerQueryResult> {
    let query = validate(parsed.query);
    let notUnderstood = parsed.notUnderstood;
    // 平均工资是多少: the ledger has no such field; counting everybody instead would answer another question.
    if (parsed.signals.unanswerable && !this.planner) return { query, total: 0, rows: [], notUnderstood, unanswerable: true, scope: opts.scopeTowns };
    if (notUnderstood.length && this.planner) {
      const planned = await this.planner.plan(question, opts.today).catch(() => null);
      if (planned) {
        query = { ...planned, fields: [...new Set([...DEFAULT_FIELDS, ...planned.fields])] };
        notUnderstood = [];
      }
    }
    const result = await this.execute(query, opts);
    return { ...result, notUnderstood, ...(parsed.heardAs ? { heardAs: parsed.heardAs } : {}) };
  }

  async execute(input: LedgerQuery, opts: ExecuteOptions): Promise<LedgerQueryResult> {
    const query = validate(input);
    checkScope(query, opts.scopeTowns);
    const scope = opts.scopeTowns;
    if (needsLunarKeys(query)) await refreshLunarBirthKeys(this.db);
    if (query.subject === 'cases') return { ...(await this.caseAnswer(query, opts)), scope };
    const caseElderIds = query.filters.cases ? await this.caseElderIds(query.filters.cases, opts) : undefined;
    const sql = compileLedgerQuery(query, { today: opts.today, scopeTowns: scope, defaultLimit: opts.defaultLimit ?? DEFAULT_LIMIT, ...(caseElderIds ? { caseElderIds } : {}) });
    if (query.output === 'count') {
      const c = await this.db.query<{ total: number }>(sql.count.text, sql.count.params);
      return { query, total: c.rows[0]?.total ?? 0, rows: [], notUnderstood: [], scope };
    }
    if (query.output === 'stats') {
      const r = await this.db.query<{ key: string; count: number; value?: number | null }>(sql.rows.text, sql.rows.params);
      const groups = nameVillages(r.rows.map((x) => ({ key: x.key, count: x.count, ...(x.value !== undefined ? { value: x.value } : {}) })));
      const total = query.groupBy === 'condition' || query.groupBy2 === 'condition' ? (await this.db.query<{ total: number }>(sql.count.text, sql.count.params)).rows[0]?.total ?? 0 : groups.reduce((a, x) => a + x.count, 0);
      return { query, total, rows: [], groups, notUnderstood: [], scope };
    }
    if (query.output === 'value') {
      const r = await this.db.query<{ total: number; value?: number | null; part?: number }>(sql.rows.text, sql.rows.params);
      const row = r.rows[0] ?? { total: 0, value: null };
      const value = query.measure?.fn === 'percent' ? (row.total ? (100 * (row.part ?? 0)) / row.total : null) : (row.value ?? null);
      return { query, total: row.total, rows: [], value, notUnderstood: [], scope };
    }
    // Page and total as two statements, so per-row fields (age) are computed for the page only;
    // on PostgreSQL they run side by side on two pooled connections.
    const [page, count] = await Promise.all([
      this.db.query<LedgerRow>(sql.rows.text, sql.rows.params),
      this.db.query<{ total: number }>(sql.count.text, sql.count.params),
    ]);
    const rows = query.filters.birthdayWindow ? byCelebration(page.rows, query.filters.birthdayWindow) : page.rows;
    return { query, total: count.rows[0]?.total ?? 0, rows, notUnderstood: [], scope };
  }

  /** The ids of the elders (in scope) that have a case matching the filter. */
  private async caseElderIds(f: CaseFilter, opts: ExecuteOptions): Promise<number[]> {
    const facts = await this.matchingCases(f, opts);
    return [...new Set(facts.map((c) => c.elderId).filter((x): x is number => x !== null))];
  }

  private async matchingCases(f: CaseFilter, opts: ExecuteOptions): Promise<CaseFact[]> {
    if (!this.cases) throw new InputError('no case source', '这里查不到诉求（案件）记录。');
    const src = this.cases;
    const all = await src.list({ openedTo: opts.today, towns: opts.scopeTowns, ...(f.openedFrom ? { openedFrom: f.openedFrom } : {}) });
    const waitingBefore = f.waitingDaysOver !== undefined ? addDays(opts.today, -f.waitingDaysOver) : undefined;
    return all.filter(
      (c) =>
        (!f.kinds?.length || f.kinds.some((k) => src.isKind(k, c))) &&
        (!f.status?.length || f.status.includes(c.status)) &&
        (!f.openedFrom || c.openedOn >= f.openedFrom) &&
        (!f.openedTo || c.openedOn <= f.openedTo) &&
        (!f.overdue || (c.status === '待处理' && c.dueOn !== null && c.dueOn < opts.today)) &&
        (!waitingBefore || (c.status === '待处理' && c.openedOn < waitingBefore)),
    );
  }

  /** Cases counted, listed or grouped; elder filters (town, name …) apply to each case's elder. */
  private async caseAnswer(query: LedgerQuery, opts: ExecuteOptions): Promise<Omit<LedgerQueryResult, 'scope'>> {
    let facts = await this.matchingCases(query.caseFilter ?? {}, opts);
    if (hasElderFilters(query)) {
      const ids = [...new Set(facts.map((c) => c.elderId).filter((x): x is number => x !== null))];
      const p = new Params(opts.today);
      const where = elderWhere(query, { today: opts.today, scopeTowns: opts.scopeTowns, defaultLimit: 1 }, p);
      const idp = p.add(ids);
      const r = await this.db.query<{ id: number }>(`SELECT e.id FROM elders e ${where ? `${where} AND` : 'WHERE'} e.id = ANY(${idp}::bigint[])`, p.values);
      const keep = new Set(r.rows.map((x) => x.id));
      facts = facts.filter((c) => c.elderId !== null && keep.has(c.elderId));
    }
    const base = { query, total: facts.length, notUnderstood: [] as string[] };
    if (query.output === 'stats') {
      const years = new Set(facts.map((c) => c.openedOn.slice(0, 4)));
      const keyOf = (by: string | undefined, c: CaseFact): string => {
        if (by === 'caseKind') return c.label;
        if (by === 'caseStatus') return c.status;
        if (by === 'month') return years.size > 1 ? `${c.openedOn.slice(0, 4)}年${Number(c.openedOn.slice(5, 7))}月` : `${Number(c.openedOn.slice(5, 7))}月`;
        return c.town ?? '未填';
      };
      const counts = new Map<string, number>();
      for (const c of facts) {
        const key = [keyOf(query.groupBy, c), ...(query.groupBy2 ? [keyOf(query.groupBy2, c)] : [])].join('·');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const byMonth = query.groupBy === 'month';
      const groups = [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (byMonth ? monthOrder(a.key) - monthOrder(b.key) : b.count - a.count || a.key.localeCompare(b.key)));
      return { ...base, rows: [], groups };
    }
    if (query.output === 'count') return { ...base, rows: [] };
    const sorted = [...facts].sort((a, b) => (a.openedOn === b.openedOn ? b.id - a.id : a.openedOn < b.openedOn ? 1 : -1));
    const rows = sorted.slice(query.offset, query.offset + (query.limit ?? opts.defaultLimit ?? DEFAULT_LIMIT)).map((c) => ({
      id: c.id,
      name: c.elderName ?? '',
      number: c.number,
      kind: c.label,
      caseStatus: c.status,
      openedOn: c.openedOn,
      town: c.town,
      summary: c.summary,
    }));
    return { ...base, rows };
  }
}

function monthOrder(key: string): number {
  const m = /(?:(\d{4})年)?(\d{1,2})月/.exec(key);
  return m ? Number(m[1] ?? 0) * 100 + Number(m[2]) : 9999;
}

/** Village groups are named by the village alone, or with the town where two towns have one of that name. */
function nameVillages(groups: QueryGroup[]): QueryGroup[] {
  if (!groups.some((g) => g.key.includes(VILLAGE_TOWN_SEP))) return groups;
  const towns = new Map<string, Set<string>>();
  for (const g of groups)
    for (const part of g.key.split('·')) {
      const [v, t = ''] = part.split(VILLAGE_TOWN_SEP);
      if (t !== undefined && part.includes(VILLAGE_TOWN_SEP)) (towns.get(v!) ?? towns.set(v!, new Set()).get(v!)!).add(t);
    }
  return groups.map((g) => ({
    count: g.count,
    key: g.key
      .split('·')
      .map((part) => {
        if (!part.includes(VILLAGE_TOWN_SEP)) return part;
        const [v, t = ''] = part.split(VILLAGE_TOWN_SEP);
        return (towns.get(v!)?.size ?? 0) > 1 && t ? `${t}${v}` : v!;
      })
      .join('·'),
  }));
}

/** Rows of a birthday question in the order the birthdays come, each with the day it is celebrated. */
function byCelebration(rows: LedgerRow[], w: { from: string; to: string }): LedgerRow[] {
  const dayOf = (r: LedgerRow): string | null => {
    const birth = typeof r.birthDate === 'string' ? r.birthDate : null;
    if (!birth) return null;
    const lunar = r.lunarBirthday === true;
    const key = lunar ? lunarBirthKey(birth) : solarBirthKey(birth);
    for (let d = w.from, n = 0; d <= w.to && n < 800; d = addDays(d, 1), n++) {
      const k = birthdayKeysOn(d);
      if ((lunar ? k.lunar : k.solar).includes(key)) return d;
    }
    return null;
  };
  const withDay = rows.map((r) => ({ ...r, birthday: dayOf(r) }));
  return withDay.sort((a, b) => String(a.birthday ?? '').localeCompare(String(b.birthday ?? '')) || a.id - b.id);
}

function validate(input: unknown): LedgerQuery {
  try {
    return parseLedgerQuery(input);
  } catch (e) {
    if (e instanceof ZodError) throw new InputError(`invalid LedgerQuery: ${e.message}`, '这个查询条件不太对，请换个说法再试。', e);
    throw e;
  }
}

/** A staff member asking about a town outside their own is told so, rather than shown an empty list. */
function checkScope(query: LedgerQuery, scopeTowns: string[] | null): void {
  assertTownsInScope(query.filters.towns ?? [], scopeTowns);
}

export function assertTownsInScope(towns: string[], scopeTowns: string[] | null): void {
  if (!scopeTowns) return;
  const outside = towns.filter((t) => !scopeTowns.includes(t));
  if (outside.length)
    throw new PermissionError(
      `towns outside scope: ${outside.join(',')}`,
      `抱歉，您只能查看${scopeTowns.length ? scopeTowns.join('、') : '自己负责的镇'}的台账，${outside.join('、')}不在您的范围内。`,
    );
}
