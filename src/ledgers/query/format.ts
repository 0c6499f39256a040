import { maskRow } from '../../privacy/masking.ts';
import { describeWindow } from './parse-window.ts';
import type { LedgerQueryResult, LedgerRow } from './run.ts';
import { extraLabels, fieldLabels, groupByLabels, type BaseFilters, type CaseFilter, type LedgerField, type LedgerQuery, type VisitFilter } from './schema.ts';

/** Plain-Chinese rendering of a query and its result, for chat replies and the CLI. */

function visitWords(v: VisitFilter & { min?: number; max?: number }): string {
  const when = v.from && v.to ? describeWindow({ from: v.from, to: v.to }) : v.from ? `${v.from}以来` : '';
  const who = v.staff?.length ? `${v.staff.join('、')}` : '';
  if (v.max === 0) return `${when}${who ? `${who}` : ''}没有走访过`;
  if (v.max !== undefined) return `${when}走访不到${v.max + 1}次`;
  return `${when}${who}走访过`;
}

function caseWords(c: CaseFilter): string {
  const parts: string[] = [];
  if (c.openedFrom || c.openedTo) parts.push(describeWindow({ from: c.openedFrom ?? '1900-01-01', to: c.openedTo ?? '2999-12-31' }).replace(/至2999年12月31日$/, '以来'));
  if (c.kinds?.length) parts.push(c.kinds.join('或'));
  if (c.status?.length) parts.push(c.status.length === 2 && !c.status.includes('已办结') ? '未办结' : c.status.join('或'));
  if (c.overdue) parts.push('超期未处理');
  if (c.waitingDaysOver !== undefined) parts.push(`超过${c.waitingDaysOver}天未处理`);
  return parts.join('');
}

function filterParts(f: BaseFilters): string[] {
  const parts: string[] = [];
  if (f.towns?.length) parts.push(f.towns.join('或'));
  if (f.villages?.length) parts.push(f.villages.join('或'));
  if (f.ids) parts.push(`上次结果中的${f.ids.length}位`);
  if (f.name) parts.push(`姓名含“${f.name}”`);
  if (f.namePrefix) parts.push(`姓${f.namePrefix}`);
  if (f.gender) parts.push(`${f.gender}性`);
  if (f.ageMin !== undefined && f.ageMax !== undefined) parts.push(f.ageMin === f.ageMax ? `${f.ageMin}岁` : `${f.ageMin}至${f.ageMax}岁`);
  else if (f.ageMin !== undefined) parts.push(`${f.ageMin}岁及以上`);
  else if (f.ageMax !== undefined) parts.push(`${f.ageMax}岁及以下`);
  if (f.bornFrom || f.bornTo) parts.push(`出生于${f.bornFrom ?? ''}至${f.bornTo ?? ''}`);
  if (f.birthMonths?.length) parts.push(`${f.birthMonths.join('、')}月出生`);
  if (f.birthdayBetween) parts.push(`生日在${f.birthdayBetween.from}至${f.birthdayBetween.to}`);
  if (f.birthdayWindow) parts.push(`${describeWindow(f.birthdayWindow)}过生日（农历生日按农历算）`);
  if (f.turningAges?.length) parts.push(`今年满${f.turningAges.join('、')}岁（整寿）`);
  if (f.lunarBirthMonths?.length) parts.push(`农历${f.lunarBirthMonths.join('、')}月生日`);
  if (f.lunarBirthday !== undefined) parts.push(f.lunarBirthday ? '过农历生日' : '过公历生日');
  if (f.category) parts.push(f.category);
  if (f.partyMember !== undefined) parts.push(f.partyMember ? '党员' : '非党员');
  if (f.partyBranch) parts.push(f.partyBranch);
  if (f.formerUnit) parts.push(`原单位含“${f.formerUnit}”`);
  if (f.formerPost) parts.push(`原职务含“${f.formerPost}”`);
  if (f.formerPosts?.length) parts.push(`原职务为${f.formerPosts.join('或')}`);
  if (f.mobility?.length) parts.push(f.mobility.map((m) => (m === '好' ? '行动能力好' : m)).join('或'));
  for (const h of f.health ?? []) parts.push(`患${h[0]}${h.length > 1 && h.slice(1).some((x) => !x.includes(h[0]!) && !h[0]!.includes(x)) ? `或${h.slice(1).filter((x) => !h[0]!.includes(x)).slice(0, 2).join('或')}` : ''}`);
  if (f.anyOfViews?.length) parts.push(f.anyOfViews.join('或'));
  if (f.ill !== undefined) parts.push(f.ill ? '患病' : '无疾病记录');
  if (f.livesAlone !== undefined) parts.push(f.livesAlone ? '独居' : '非独居');
  if (f.widowed !== undefined) parts.push(f.widowed ? '丧偶' : '未丧偶');
  if (f.needs?.length) parts.push(`需求含“${f.needs.join('”或“')}”`);
  if (f.hasNeeds !== undefined) parts.push(f.hasNeeds ? '有需求' : '无需求');
  if (f.address) parts.push(`住址含“${f.address}”`);
  if (f.phone) parts.push(`电话含${f.phone}`);
  if (f.children) parts.push(`子女情况含“${f.children}”`);
  if (f.diedFrom || f.diedTo) parts.push(`${describeWindow({ from: f.diedFrom ?? '1900-01-01', to: f.diedTo ?? '2999-12-31' })}去世`);
  if (f.visits) parts.push(visitWords(f.visits));
  if (f.cases) parts.push(`有${caseWords(f.cases) || ''}诉求`);
  return parts;
}

export function describeQuery(q: LedgerQuery): string {
  const f = q.filters;
  const parts: string[] = [];
  if (q.subject === 'visits' || q.subject === 'visitors') parts.push(`走访记录${q.visitFilter ? visitWords({ ...q.visitFilter }).replace(/走访过$/, '') : ''}`);
  if (q.subject === 'cases') parts.push(`诉求${q.caseFilter ? caseWords(q.caseFilter) : ''}`);
  if (q.view) parts.push(`${q.view}台账`);
  parts.push(...filterParts(f));
  if (f.exclude) {
    const ex = filterParts(f.exclude);
    if (ex.length) parts.push(`不含${ex.join('、')}`);
  }
  if (q.measure?.part) {
    const p = filterParts(q.measure.part);
    if (p.length) parts.push(`计算其中${p.join('、')}的占比`);
  }
  parts.push(f.status === '全部' ? '含已故' : f.status);
  return parts.filter(Boolean).join('，');
}

export function formatValue(field: LedgerField | string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'age') return `${String(v)}岁`;
  return String(v);
}

/** One short line per elder: 张建国｜男｜86岁｜韦庄镇韦庄村｜138****1234 */
export function formatRow(row: LedgerRow, fields: LedgerField[]): string {
  const cells = [row.name];
  const placeDone = fields.includes('town') && fields.includes('village');
  for (const f of fields) {
    if (placeDone && f === 'village') continue;
    if (placeDone && f === 'town') {
      cells.push(`${formatValue('town', row.town)}${formatValue('village', row.village)}`);
      continue;
    }
    if (f === 'lunarBirthday') continue;
    if (f === 'birthDate' && typeof row.birthday === 'string') {
      cells.push(`${Number(row.birthday.slice(5, 7))}月${Number(row.birthday.slice(8, 10))}日生日${row.lunarBirthday ? '（农历）' : ''}`);
      continue;
    }
    const v = formatValue(f, row[f]);
    if (v) cells.push(f === 'gender' || f === 'age' || f === 'mobility' ? v : `${fieldLabels[f].replace(/\(.*\)/, '')}:${v}`.replace(/^(镇|村|联系电话|身体状况|出生日期):/, ''));
  }
  return cells.filter(Boolean).join('｜');
}

/** A visit, visitor or case row. */
function formatActivityRow(row: LedgerRow, q: LedgerQuery): string {
  if (q.subject === 'visitors') return [row.name, `走访 ${String(row.visits)} 次`, `最近一次 ${String(row.lastVisitedOn)}`].join('｜');
  if (q.subject === 'visits')
    return [row.name, String(row.visitedOn), row.staff ? `走访人:${String(row.staff)}` : '', ...['spirit', 'healthSeen', 'childrenCare', 'housing', 'meals', 'notes'].map((k) => (row[k] ? String(row[k]) : ''))]
      .filter(Boolean)
      .join('｜');
  return [row.name, String(row.number ?? ''), String(row.kind ?? ''), String(row.caseStatus ?? ''), `登记于${String(row.openedOn ?? '')}`, String(row.summary ?? '').slice(0, 40)].filter(Boolean).join('｜');
}

export function notUnderstoodNote(parts: string[]): string {
  return parts.length ? `（这几处没看懂，没有作为条件：${parts.map((p) => `“${p}”`).join('、')}。台账里可能没有这项信息，可以换个说法再问。）` : '';
}

/** "您负责的5个镇中，" for a non-admin's answer; '' for the whole county. */
export function scopeNote(scope: string[] | null | undefined): string {
  if (!scope) return '';
  return scope.length > 3 ? `您负责的${scope.length}个镇中，` : `您负责的${scope.join('、')}中，`;
}

const UNIT: Record<NonNullable<LedgerQuery['subject']>, string> = { elders: '位', visits: '次', visitors: '位', cases: '件' };

export function formatValueLine(res: LedgerQueryResult): string {
  const m = res.query.measure;
  const v = res.value;
  if (v === null || v === undefined) return '没有符合条件的老干部，算不出结果。';
  if (m?.fn === 'percent') return `占比：${(Math.round(v * 10) / 10).toFixed(1)}%（共 ${res.total} 位中的 ${Math.round((v * res.total) / 100)} 位）`;
  const name = { avg: '平均年龄', min: '最小年龄', max: '最大年龄' }[m?.fn ?? 'avg'];
  return `${name}：${m?.fn === 'avg' ? (Math.round(v * 10) / 10).toFixed(1) : v} 岁（共 ${res.total} 位）`;
}

export function formatResultText(res: LedgerQueryResult, opts: { masked: boolean; maxRows: number }): string {
  const q = res.query;
  const unit = UNIT[q.subject ?? 'elders'];
  const what = q.subject === 'cases' ? '诉求' : q.subject === 'visits' ? '走访' : q.subject === 'visitors' ? '走访人' : '老干部';
  const lines: string[] = [...(res.heardAs ? [`（按“${res.heardAs}”理解）`] : []), `条件：${describeQuery(q)}`];
  const scope = scopeNote(res.scope);
  if (res.unanswerable) {
    lines.push(`台账里没有${res.notUnderstood.map((p) => `“${p}”`).join('、')}这一项，没法回答。台账记的是：姓名、性别、出生日期、类别、原单位和职务、党员和党支部、住址、电话、身体状况、行动能力、独居、丧偶、子女、需求、走访和诉求。`);
    return lines.join('\n');
  }
  if (q.output === 'count') lines.push(`${scope}符合条件的${what}共 ${res.total} ${unit}。`);
  else if (q.output === 'value') lines.push(`${scope}${formatValueLine(res)}`);
  else if (q.output === 'stats') {
    const label = [q.groupBy ?? 'town', ...(q.groupBy2 ? [q.groupBy2] : [])].map((g) => groupByLabels[g]).join('和');
    lines.push(`${scope}按${label}统计，共 ${res.total} ${unit}：`);
    const name = { avg: '平均', min: '最小', max: '最大', percent: '' }[q.measure?.fn ?? 'percent'];
    const partWords = q.measure?.part ? filterParts(q.measure.part).join('、') : '';
    for (const g of res.groups ?? [])
      lines.push(
        g.value === undefined || g.value === null
          ? `${g.key}：${g.count} ${unit}`
          : q.measure?.fn === 'percent'
            ? `${g.key}：${partWords}占 ${(Math.round(g.value * 10) / 10).toFixed(1)}%（${g.count} 位中 ${Math.round((g.value * g.count) / 100)} 位）`
            : `${g.key}：${name}${(Math.round(g.value * 10) / 10).toFixed(q.measure?.fn === 'avg' ? 1 : 0)} 岁（${g.count} 位）`,
      );
  } else if (res.total === 0) lines.push(`${scope}没有找到符合条件的${what}。`);
  else {
    lines.push(`${scope}共 ${res.total} ${unit}${res.rows.length < res.total ? `（列出前 ${Math.min(res.rows.length, opts.maxRows)} ${unit}）` : ''}：`);
    res.rows.slice(0, opts.maxRows).forEach((r, i) => {
      const row = opts.masked ? maskRow(r) : r;
      lines.push(`${i + 1}. ${q.subject && q.subject !== 'elders' ? formatActivityRow(row, q) : formatRow(row, q.fields)}`);
    });
    const hidden = res.total - Math.min(res.rows.length, opts.maxRows);
    if (hidden > 0) lines.push(`……还有 ${hidden} ${unit}未列出。`);
  }
  const note = notUnderstoodNote(res.notUnderstood);
  if (note) lines.push(note);
  return lines.join('\n');
}

/** Column keys and Chinese headers of a result's rows, for Excel. */
export function rowColumns(q: LedgerQuery): { key: string; header: string }[] {
  if (q.subject === 'visitors') return ['name', 'visits', 'lastVisitedOn'].map((k) => ({ key: k, header: k === 'name' ? '姓名' : extraLabels[k]! }));
  if (q.subject === 'visits') return [['name', '姓名'], ['town', '镇(街道)'], ['village', '村(社区)'], ['visitedOn', extraLabels.visitedOn!], ['staff', extraLabels.staff!], ['spirit', '精神面貌'], ['healthSeen', '健康状态'], ['childrenCare', '子女照顾'], ['housing', '住宿情况'], ['meals', '用餐情况'], ['notes', '备注']].map(([key, header]) => ({ key: key!, header: header! }));
  if (q.subject === 'cases') return [['name', '姓名'], ['number', '编号'], ['kind', '类别'], ['caseStatus', '状态'], ['openedOn', '登记日期'], ['town', '镇(街道)'], ['summary', '内容']].map(([key, header]) => ({ key: key!, header: header! }));
  return [{ key: 'name', header: fieldLabels.name }, ...q.fields.filter((f) => f !== 'lunarBirthday').map((f) => ({ key: f, header: fieldLabels[f] }))];
}
