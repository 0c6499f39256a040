import { maskRow } from '../../privacy/masking.ts';
import type { LedgerQueryResult, LedgerRow } from './run.ts';
import { fieldLabels, groupByLabels, type LedgerField, type LedgerQuery } from './schema.ts';

/** Plain-Chinese rendering of a query and its result, for chat replies and the CLI. */

export function describeQuery(q: LedgerQuery): string {
  const f = q.filters;
  const parts: string[] = [];
  if (q.view) parts.push(`${q.view}台账`);
  if (f.towns?.length) parts.push(f.towns.join('或'));
  if (f.villages?.length) parts.push(f.villages.join('或'));
  if (f.name) parts.push(`姓名含“${f.name}”`);
  if (f.namePrefix) parts.push(`姓${f.namePrefix}`);
  if (f.gender) parts.push(`${f.gender}性`);
  if (f.ageMin !== undefined && f.ageMax !== undefined) parts.push(f.ageMin === f.ageMax ? `${f.ageMin}岁` : `${f.ageMin}至${f.ageMax}岁`);
  else if (f.ageMin !== undefined) parts.push(`${f.ageMin}岁及以上`);
  else if (f.ageMax !== undefined) parts.push(`${f.ageMax}岁及以下`);
  if (f.bornFrom || f.bornTo) parts.push(`出生于${f.bornFrom ?? ''}至${f.bornTo ?? ''}`);
  if (f.birthMonths?.length) parts.push(`${f.birthMonths.join('、')}月生日`);
  if (f.birthdayBetween) parts.push(`生日在${f.birthdayBetween.from}至${f.birthdayBetween.to}`);
  if (f.lunarBirthday !== undefined) parts.push(f.lunarBirthday ? '过农历生日' : '过公历生日');
  if (f.category) parts.push(f.category);
  if (f.partyMember !== undefined) parts.push(f.partyMember ? '党员' : '非党员');
  if (f.partyBranch) parts.push(f.partyBranch);
  if (f.formerUnit) parts.push(`原单位含“${f.formerUnit}”`);
  if (f.formerPost) parts.push(`原职务含“${f.formerPost}”`);
  if (f.mobility?.length) parts.push(f.mobility.map((m) => (m === '好' ? '行动能力好' : m)).join('或'));
  for (const h of f.health ?? []) parts.push(`患${h[0]}`);
  if (f.anyOfViews?.length) parts.push(f.anyOfViews.join('或'));
  if (f.ill !== undefined) parts.push(f.ill ? '患病' : '无疾病记录');
  if (f.livesAlone !== undefined) parts.push(f.livesAlone ? '独居' : '非独居');
  if (f.widowed !== undefined) parts.push(f.widowed ? '丧偶' : '未丧偶');
  if (f.needs?.length) parts.push(`需求含“${f.needs.join('”或“')}”`);
  if (f.hasNeeds !== undefined) parts.push(f.hasNeeds ? '有需求' : '无需求');
  if (f.address) parts.push(`住址含“${f.address}”`);
  if (f.phone) parts.push(`电话含${f.phone}`);
  if (f.children) parts.push(`子女情况含“${f.children}”`);
  parts.push(f.status === '全部' ? '含已故' : f.status);
  return parts.join('，');
}

export function formatValue(field: LedgerField, v: unknown): string {
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
    const v = formatValue(f, row[f]);
    if (v) cells.push(f === 'gender' || f === 'age' || f === 'mobility' ? v : `${fieldLabels[f].replace(/\(.*\)/, '')}:${v}`.replace(/^(镇|村|联系电话|身体状况|出生日期):/, ''));
  }
  return cells.filter(Boolean).join('｜');
}

export function notUnderstoodNote(parts: string[]): string {
  return parts.length ? `（这几处没看懂，没有作为条件：${parts.map((p) => `“${p}”`).join('、')}。可以换个说法再问。）` : '';
}

export function formatResultText(res: LedgerQueryResult, opts: { masked: boolean; maxRows: number }): string {
  const lines: string[] = [`条件：${describeQuery(res.query)}`];
  if (res.query.output === 'count') lines.push(`符合条件的老干部共 ${res.total} 位。`);
  else if (res.query.output === 'stats') {
    const label = groupByLabels[res.query.groupBy ?? 'town'];
    lines.push(`按${label}统计，共 ${res.total} 位：`);
    for (const g of res.groups ?? []) lines.push(`${g.key}：${g.count} 位`);
  } else if (res.total === 0) lines.push('没有找到符合条件的老干部。');
  else {
    lines.push(`共 ${res.total} 位${res.rows.length < res.total ? `（列出前 ${Math.min(res.rows.length, opts.maxRows)} 位）` : ''}：`);
    res.rows.slice(0, opts.maxRows).forEach((r, i) => lines.push(`${i + 1}. ${formatRow(opts.masked ? maskRow(r) : r, res.query.fields)}`));
    const hidden = res.total - Math.min(res.rows.length, opts.maxRows);
    if (hidden > 0) lines.push(`……还有 ${hidden} 位未列出。`);
  }
  const note = notUnderstoodNote(res.notUnderstood);
  if (note) lines.push(note);
  return lines.join('\n');
}
