/**
 * A case's frame and details as staff read them: Chinese labels, never the internal keys (no "what：",
 * no "subject: spouse").
 */
const SUBJECT_LABEL: Record<string, string> = { elder: '老人本人', spouse: '老人的老伴', other: '老人的家人或亲友' };

function subjectText(subject: unknown, who?: unknown): string {
  const base = SUBJECT_LABEL[String(subject)] ?? '不清楚';
  return typeof who === 'string' && who && subject !== 'elder' ? `${base}（来信人说“${who}”）` : base;
}

/** "当事人：老人的老伴；事情：住院；时间：昨天；地点：县医院" */
export function frameText(frame: Record<string, unknown> | null | undefined): string | null {
  if (!frame || typeof frame.event !== 'string') return null;
  const parts = [`当事人：${subjectText(frame.subject, frame.who)}`, `事情：${frame.event}${frame.planned ? '（打算中）' : ''}`];
  if (typeof frame.when === 'string') parts.push(`时间：${frame.when}${typeof frame.day === 'string' ? `（${frame.day}）` : ''}`);
  if (typeof frame.where === 'string') parts.push(`地点：${frame.where}`);
  if (typeof frame.discharged === 'string') parts.push(`出院：${frame.discharged}`);
  return parts.join('；');
}

/** Labels of the details a case may carry besides its follow-up answers. */
const DETAIL_LABEL: Record<string, string> = {
  what: '情况',
  time: '方便的时间',
  hospital: '医院',
  ward: '科室床号',
  when_where: '时间地点',
  funeral: '后事安排',
  wedding: '喜事安排',
  relation: '来信人关系',
  danger: '危险类型',
  words: '触发的话',
  birthday: '生日',
  age: '岁数',
  source: '来源',
  question: '问的问题',
};

const DANGER_TEXT: Record<string, string> = { self_harm: '轻生风险', abuse: '疑似受虐', fraud: '疑似被骗', emergency: '紧急情况' };

export function detailLine(key: string, value: unknown, slotLabel?: string): string | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  const label = slotLabel ?? DETAIL_LABEL[key];
  if (!label) return null;
  const v = key === 'danger' ? (DANGER_TEXT[String(value)] ?? String(value)) : key === 'source' ? '系统生成' : String(value);
  return `${label}：${v}`;
}
