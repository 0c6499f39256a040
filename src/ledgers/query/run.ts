import { ZodError } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { InputError, PermissionError } from '../../kernel/errors.ts';
import { knownNames } from '../elder-record.ts';
import { compileLedgerQuery } from './compile.ts';
import { GazetteerCache } from './gazetteer.ts';
import { DEFAULT_FIELDS, parseQuestion, type ParseResult } from './parse.ts';
import { parseLedgerQuery, type LedgerQuery } from './schema.ts';

/** One result row: id and name always, then the fields the query asked for. */
export type LedgerRow = { id: number; name: string } & Record<string, unknown>;

export interface QueryGroup {
  key: string;
  count: number;
}

export interface LedgerQueryResult {
  query: LedgerQuery;
  /** Every match, not only this page. */
  total: number;
  rows: LedgerRow[];
  /** Only for output 'stats'. */
  groups?: QueryGroup[];
  notUnderstood: string[];
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

export const DEFAULT_LIMIT = 1000;

/** Parses, checks scope, compiles to parameterised SQL and runs ledger questions. */
export class LedgerQueryService {
  readonly gazetteer: GazetteerCache;
  private readonly planner: QueryPlanner | undefined;

  constructor(
    private readonly db: Queryable,
    opts: { planner?: QueryPlanner } = {},
  ) {
    this.gazetteer = new GazetteerCache(db);
    this.planner = opts.planner;
  }

  async parse(question: string, today: string, scopeTowns: string[] | null = null): Promise<ParseResult> {
    const gazetteer = await this.gazetteer.get();
    return parseQuestion(question, { today, gazetteer, lookupNames: (candidates) => knownNames(this.db, candidates, scopeTowns) });
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
    if (notUnderstood.length && this.planner) {
      const planned = await this.planner.plan(question, opts.today).catch(() => null);
      if (planned) {
        query = { ...planned, fields: [...new Set([...DEFAULT_FIELDS, ...planned.fields])] };
        notUnderstood = [];
      }
    }
    const result = await this.execute(query, opts);
    return { ...result, notUnderstood };
  }

  async execute(input: LedgerQuery, opts: ExecuteOptions): Promise<LedgerQueryResult> {
    const query = validate(input);
    checkScope(query, opts.scopeTowns);
    const sql = compileLedgerQuery(query, { today: opts.today, scopeTowns: opts.scopeTowns, defaultLimit: opts.defaultLimit ?? DEFAULT_LIMIT });
    if (query.output === 'count') {
      const c = await this.db.query<{ total: number }>(sql.count.text, sql.count.params);
      return { query, total: c.rows[0]?.total ?? 0, rows: [], notUnderstood: [] };
    }
    if (query.output === 'stats') {
      const r = await this.db.query<{ key: string; count: number }>(sql.rows.text, sql.rows.params);
      const groups = r.rows.map((x) => ({ key: x.key, count: x.count }));
      return { query, total: groups.reduce((a, x) => a + x.count, 0), rows: [], groups, notUnderstood: [] };
    }
    // Page and total as two statements, so per-row fields (age) are computed for the page only;
    // on PostgreSQL they run side by side on two pooled connections.
    const [page, count] = await Promise.all([
      this.db.query<LedgerRow>(sql.rows.text, sql.rows.params),
      this.db.query<{ total: number }>(sql.count.text, sql.count.params),
    ]);
    return { query, total: count.rows[0]?.total ?? 0, rows: page.rows, notUnderstood: [] };
  }
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
