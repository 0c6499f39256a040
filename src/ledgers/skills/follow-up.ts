import type { ParseResult } from '../query/parse.ts';
import type { BaseFilters, LedgerField, LedgerQuery, LedgerQueryInput } from '../query/schema.ts';
import type { LedgerChatState } from './chat-context.ts';

/**
 * A message that continues the staff member's previous answer rather than asking afresh: narrowing
 * it (其中行动不便的呢), swapping one condition (女的呢, 那冯原镇呢), their phones or addresses, the file,
 * a chart, or another look at the person just shown (他电话多少, 他最近的走访记录, 韦庄镇那个).
 */
export type FollowUp =
  | { kind: 'query'; query: LedgerQueryInput; quiet: boolean }
  | { kind: 'export'; query: LedgerQuery }
  | { kind: 'chart'; query: LedgerQuery; pie: boolean }
  | { kind: 'person'; elderId: number; what: 'record' | 'visits' | 'cases' | 'fields'; fields: LedgerField[] }
  | { kind: 'pick'; place: { towns?: string[]; villages?: string[] } };

const CHART = /画|图|饼|柱状|折线|可视化/;
const PERSON_ANAPHORA = /(?:^|[^\u4e00-\u9fa5]|把|给|问|找|帮|查)(?:他|她)(?!们)|这位|这个人|此人|老人家/;
const RECORD = /情况|档案|信息|资料|怎么样/;

/** Filters actually said (the default status is not a filter). */
function said(f: BaseFilters | undefined): BaseFilters {
  if (!f) return {};
  const { status, ...rest } = f;
  const out: BaseFilters = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (status && status !== '在世') out.status = status;
  return out;
}

function onlyPlace(f: BaseFilters): { towns?: string[]; villages?: string[] } | null {
  const keys = Object.keys(f);
  if (!keys.length || keys.some((k) => k !== 'towns' && k !== 'villages')) return null;
  return { ...(f.towns ? { towns: f.towns } : {}), ...(f.villages ? { villages: f.villages } : {}) };
}

export function followUpOf(text: string, p: ParseResult, state: LedgerChatState): FollowUp | null {
  const s = p.signals;
  const q = p.query;
  const newFilters = said(q.filters);
  const nNew = Object.keys(newFilters).length;
  const groups = q.output === 'stats';
  const newSubject = q.subject && q.subject !== 'elders';

  // 韦庄镇那个 / 冯原镇的: choosing among the same-name people just listed.
  if (state.candidates?.length && !newSubject) {
    const place = onlyPlace(newFilters);
    if (place && text.length <= 12) return { kind: 'pick', place };
  }

  // 他电话多少 / 他最近的走访记录 / 她的情况: the person just shown.
  if (state.elderId !== undefined && !newFilters.name && (PERSON_ANAPHORA.test(text) || (nNew === 0 && !groups && (s.fieldWord || newSubject) && !state.query))) {
    if (q.subject === 'visits' || q.subject === 'visitors' || /走访|看望|探望/.test(text)) return { kind: 'person', elderId: state.elderId, what: 'visits', fields: [] };
    if (/诉求|案件/.test(text)) return { kind: 'person', elderId: state.elderId, what: 'cases', fields: [] };
    if (s.fieldWord && !RECORD.test(text)) return { kind: 'person', elderId: state.elderId, what: 'fields', fields: q.fields ?? [] };
    return { kind: 'person', elderId: state.elderId, what: 'record', fields: [] };
  }

  const prev = state.query;
  if (!prev) return null;
  if (CHART.test(text) && nNew === 0) return { kind: 'chart', query: groups && q.groupBy ? { ...prev, output: 'stats', groupBy: q.groupBy, ...(q.groupBy2 ? { groupBy2: q.groupBy2 } : {}) } : prev, pie: /饼/.test(text) };
  if (s.exportWord && nNew === 0 && !groups) return { kind: 'export', query: prev };

  // Phones, addresses … of the people just listed.
  const fieldsOnly = s.fieldWord && nNew === 0 && !groups && !newSubject && q.output !== 'count' && (!s.subjectWord || s.anaphora);
  // 一共多少位 / 有几个 / 名单给我看看: the same people, counted or listed.
  const outputOnly = nNew === 0 && !groups && s.outputWord && !/老干部|老同志|老人|干部|老领导|诉求|走访/.test(text) && !newSubject && text.length <= 10;
  // 按镇分一下 continues; 按镇和性别统计人数 (a whole question of its own) does not.
  const groupsOnly = groups && nNew === 0 && !s.subjectWord && !/人数|总数|数量|全县|所有|全部|全体/.test(text);
  // 按年龄排一下: the same people in another order.
  const sortOnly = !!q.sort && nNew === 0 && !groups && !s.subjectWord && !newSubject && q.sort.by !== 'birthday';
  const continues = s.anaphora || fieldsOnly || outputOnly || groupsOnly || sortOnly || (/^(?:那|那么|再|只看|光看|就看)/.test(text) && !s.subjectWord);
  if (!continues) return null;

  const prevFilters = prev.filters;
  const merged = { ...prevFilters, ...newFilters } as LedgerQueryInput['filters'] & LedgerQuery['filters'];
  // 换成下个月的: the new span takes the place of the one the previous answer had.
  const w = p.window;
  let spans: Partial<LedgerQueryInput> = {};
  if (w) {
    if (prev.subject === 'cases' && prev.caseFilter) spans = { caseFilter: { ...prev.caseFilter, openedFrom: w.from, openedTo: w.to } };
    else if ((prev.subject === 'visits' || prev.subject === 'visitors') && prev.visitFilter) spans = { visitFilter: { ...prev.visitFilter, from: w.from, to: w.to } };
    else if (merged.visits) merged.visits = { ...merged.visits, from: w.from, to: w.to };
    else if (merged.diedFrom || merged.diedTo) Object.assign(merged, { diedFrom: w.from, diedTo: w.to });
    else merged.birthdayWindow = w;
  }
  // A new output word decides; asking for phones or addresses wants the list; else as before.
  const output = groups ? 'stats' : s.outputWord && q.output !== 'list' ? q.output : s.outputWord || s.fieldWord ? 'list' : prev.output;
  // Cases and visits narrow as elders do: 超期的呢 keeps 未办结.
  const sameSubject = newSubject && q.subject === prev.subject;
  const activity = newSubject
    ? {
        subject: q.subject,
        ...(q.visitFilter ? { visitFilter: sameSubject ? { ...prev.visitFilter, ...q.visitFilter } : q.visitFilter } : {}),
        ...(q.caseFilter ? { caseFilter: sameSubject ? { ...prev.caseFilter, ...q.caseFilter } : q.caseFilter } : {}),
      }
    : {};
  const subject = (newSubject ? q.subject : prev.subject) ?? 'elders';
  const kindOf = (g: LedgerQueryInput['groupBy']) => (subject === 'cases' && g === 'category' ? 'caseKind' : g);
  const query: LedgerQueryInput = {
    ...prev,
    ...spans,
    ...activity,
    filters: merged,
    output: output === 'value' && !prev.measure ? 'list' : output,
    fields: [...new Set([...(prev.fields ?? []), ...(q.fields ?? [])])],
    ...(groups ? { groupBy: kindOf(q.groupBy), ...(q.groupBy2 ? { groupBy2: kindOf(q.groupBy2) } : { groupBy2: undefined }) } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    offset: 0,
  };
  if (query.output !== 'stats') delete query.groupBy2;
  return { kind: 'query', query, quiet: fieldsOnly };
}
