import type { LedgerRow } from './run.ts';
import type { LedgerField, LedgerQuery } from './schema.ts';

/**
 * Health data (身体状况, 行动能力, what a visit saw of the elder's health) is sensitive: in a staff group
 * it is shown only when the question is about health. A question is about health when its words are
 * (身体, 病, 高血压, 卧床 …) or when the query it became filters on health (a follow-up such as
 * "其中女的呢" after "谁有高血压" still is). Private chats are not affected.
 */
const HEALTH_WORDS = /身体|健康|病|患|疾|血压|血糖|血脂|糖尿|心脏|冠心|心梗|中风|脑梗|脑出血|偏瘫|瘫|癌|瘤|卧床|行动|残疾|失能|失智|痴呆|住院|体检|吃药|用药|治疗|康复|手术/;

const HEALTH_FIELDS: ReadonlySet<string> = new Set<LedgerField | string>(['health', 'mobility', 'healthSeen']);

export function asksAboutHealth(question: string, q?: LedgerQuery): boolean {
  if (HEALTH_WORDS.test(question)) return true;
  if (!q) return false;
  const f = q.filters;
  return !!(
    f.health?.length || f.ill !== undefined || f.mobility?.length || f.exclude?.health?.length || f.exclude?.mobility?.length ||
    q.view === '患病' || f.anyOfViews?.includes('患病') || ['mobility', 'condition'].includes(q.groupBy ?? '') || ['mobility', 'condition'].includes(q.groupBy2 ?? '')
  );
}

/** The query and rows without health fields, for a group answer to a question not about health. */
export function withoutHealth<T extends { query: LedgerQuery; rows: LedgerRow[] }>(res: T): T {
  const fields = res.query.fields.filter((x) => !HEALTH_FIELDS.has(x));
  const rows = res.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !HEALTH_FIELDS.has(k))) as LedgerRow);
  return { ...res, query: { ...res.query, fields }, rows };
}
