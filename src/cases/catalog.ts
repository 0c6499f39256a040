/** Case kinds, their number prefixes and the words shown to people. */
export const CASE_PREFIX: Record<string, string> = {
  jieyou: 'JY',
  legal: 'FL',
  life_event: 'SJ',
  handoff: 'RG',
  help: 'BF',
};

export const CASE_KIND_LABEL: Record<string, string> = {
  jieyou: '解忧',
  legal: '法律咨询',
  life_event: '五必到',
  handoff: '找人工',
  help: '帮扶',
};

/** 五必到·住院; a subkind that only repeats the kind (法律咨询) is not shown twice. */
export function caseKindText(kind: string, subkind: string | null): string {
  const label = CASE_KIND_LABEL[kind] ?? kind;
  return subkind && subkind !== CASE_KIND_LABEL[kind] ? `${label}·${subkind}` : label;
}

export const STATUS_LABEL: Record<string, string> = { open: '待处理', in_progress: '处理中', closed: '已办结' };

export function prefixFor(kind: string): string {
  return CASE_PREFIX[kind] ?? 'BF';
}

/** Case number format: PREFIX-YEAR-0001. Matching is lenient about case and separators. */
export const CASE_NUMBER_RE = /([A-Za-z]{2})[-－_ ]?(\d{4})[-－_ ]?(\d{1,6})/;

export function normalizeCaseNumber(input: string): string | null {
  const m = CASE_NUMBER_RE.exec(input.normalize('NFKC'));
  if (!m) return null;
  return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.padStart(4, '0')}`;
}
