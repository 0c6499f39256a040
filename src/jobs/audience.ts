import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import { assertTownsInScope, type LedgerQueryService } from '../ledgers/query/run.ts';
import { compileLedgerQuery } from '../ledgers/query/compile.ts';
import { refreshLunarBirthKeys } from '../ledgers/lunar-keys.ts';
import { describeQuery } from '../ledgers/query/format.ts';
import { ledgerQuerySchema, type LedgerQuery } from '../ledgers/query/schema.ts';
import { LEDGER_VIEWS, type LedgerView } from '../ledgers/export-ledger.ts';

/**
 * Who a 群发 goes to. Simple audiences (全体, a town, the 独居/丧偶/患病 views, or a town with a view)
 * are parsed here; anything else goes through the ledger's own LedgerQuery parser, and a word neither
 * understands is refused rather than silently widening the audience.
 */
export type Audience =
  | { kind: 'simple'; text: string; towns: string[] | null; view: LedgerView | null; description: string }
  | { kind: 'ledger'; text: string; query: LedgerQuery; description: string };

const ALL_WORDS = /^(全体|全部|所有人|所有老干部|全体老干部|全县)$/;
const VIEW_RE = /(独居|丧偶|患病)(老干部|老人)?$/;

async function knownTowns(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ town: string }>(`SELECT DISTINCT town FROM elders WHERE town IS NOT NULL AND btrim(town) <> ''`);
  return rows.map((r) => r.town);
}

/** `ledger` is long-lived (one per skill), so its cached place and unit lists are not reloaded per 群发. */
export async function parseAudience(
  db: Queryable,
  raw: string,
  opts: { today: string; scopeTowns: string[] | null; ledger: LedgerQueryService },
): Promise<Audience> {
  const text = raw.trim();
  if (ALL_WORDS.test(text)) return { kind: 'simple', text, towns: null, view: null, description: '全体在世老干部' };
  const vm = VIEW_RE.exec(text);
  const view = (vm?.[1] as LedgerView | undefined) ?? null;
  const rest = vm ? text.slice(0, vm.index) : text;
  const towns = await knownTowns(db);
  const town = rest === '' ? null : towns.find((t) => t === rest || t.replace(/(镇|街道|乡)$/, '') === rest.replace(/(镇|街道|乡)$/, ''));
  if (rest === '' || town) {
    const ts = town ? [town] : null;
    assertTownsInScope(ts ?? [], opts.scopeTowns);
    return { kind: 'simple', text, towns: ts, view, description: `${town ?? '全体'}${view ? `${view}` : ''}在世老干部` };
  }
  const parsed = await opts.ledger.parse(text, opts.today, opts.scopeTowns);
  if (parsed.notUnderstood.length || parsed.recognized.length === 0) {
    const what = parsed.notUnderstood.length ? parsed.notUnderstood.join('、') : text;
    throw new InputError(`audience not understood: ${text}`, `没看懂发送对象“${what}”。可以写：全体、韦庄镇、独居、韦庄镇独居，或“80岁以上党员”这样的条件。`);
  }
  assertTownsInScope(parsed.query.filters?.towns ?? [], opts.scopeTowns);
  const query = ledgerQuerySchema.parse({ ...parsed.query, output: 'list', fields: [], limit: 10_000, offset: 0 });
  if (query.subject !== 'elders' || query.filters.cases) {
    throw new InputError(`audience is not a set of elders: ${text}`, `发送对象要写老干部的条件，例如：全体、韦庄镇、独居，或“80岁以上党员”。`);
  }
  // A greeting never goes to the deceased, whatever the query said.
  query.filters.status = '在世';
  return { kind: 'ledger', text, query, description: describeQuery(query) };
}

/** The living elders an audience means today, limited to the staff member's towns. */
export async function resolveAudience(db: Queryable, a: Audience, opts: { today: string; scopeTowns: string[] | null }): Promise<number[]> {
  if (a.kind === 'simple') {
    // table is the ledger or one of its constant view names, never input.
    const table = a.view ? LEDGER_VIEWS[a.view] : 'elders';
    const { rows } = await db.query<{ id: number }>(
      `SELECT id FROM ${table} WHERE status = '在世' AND ($1::text[] IS NULL OR town = ANY($1)) AND ($2::text[] IS NULL OR town = ANY($2)) ORDER BY id`,
      [a.towns, opts.scopeTowns],
    );
    return rows.map((r) => r.id);
  }
  // Birthdays by each elder's calendar need the stored lunar keys up to date.
  if (a.query.filters.birthdayWindow || a.query.filters.lunarBirthMonths) await refreshLunarBirthKeys(db);
  const q = compileLedgerQuery(a.query, { today: opts.today, scopeTowns: opts.scopeTowns, defaultLimit: 10_000 });
  const { rows } = await db.query<{ id: number }>(q.rows.text, q.rows.params);
  return rows.map((r) => r.id);
}
