import { z } from 'zod';

/**
 * Every kind of case (诉求), once: its number prefix, the word people see, its subkinds, and the
 * follow-up questions asked after it is opened. Types and schemas derive from this table, so a kind
 * added here is known to the conversation, the model's tools, the planner and the staff views alike.
 */
export interface SlotSpec {
  name: string;
  /** The label staff see next to the answer. */
  label: string;
  question: string;
  /** Numbered answers the elder can give with a digit. */
  options?: readonly string[];
}

const WHAT_JIEYOU = { name: 'what', label: '想聊的事', question: '想聊点什么？简单说一两句就行。不想说也可以，回复“不说”。' } as const;
const WHAT_LEGAL = { name: 'what', label: '什么事', question: '请简单说说是什么事？比如：继承、赡养、合同、被骗。' } as const;
const WHAT_EVENT = { name: 'what', label: '情况', question: '请简单说说情况，现在身体怎么样？' } as const;
const WHEN_WHERE_DEATH = { name: 'when_where', label: '时间地点', question: '请问是什么时候、在哪里走的？' } as const;
const FUNERAL = { name: 'funeral', label: '后事安排', question: '后事打算怎么安排？需要局里帮什么忙，也可以跟我说。' } as const;
const HOSPITAL = { name: 'hospital', label: '医院', question: '在哪个医院？知道的话，也说一下科室或床号。' } as const;
const WARD = { name: 'ward', label: '科室床号', question: '知道的话，说一下科室和床号，工作人员好去看望。' } as const;
const HEALTH_NOW = { name: 'what', label: '情况', question: '现在情况怎么样？看过医生了吗？' } as const;
const NEEDS = { name: 'what', label: '情况', question: '现在人怎么样？家里缺什么、需要帮什么忙？' } as const;
const WEDDING = { name: 'wedding', label: '喜事安排', question: '喜事定在什么时候？' } as const;
const WHAT_HANDOFF = { name: 'what', label: '什么事', question: '您想说什么事？简单说一句，工作人员好准备。' } as const;
const TIME_JIEYOU = {
  name: 'time', label: '方便的时间', question: '您看怎么方便？回复数字：',
  options: ['周二下午来解忧室', '请工作人员打电话给我', '请工作人员上门'],
} as const;
const TIME_CALL = {
  name: 'time', label: '方便的时间', question: '什么时候联系您方便？回复数字，或者直接说时间：',
  options: ['上午', '下午', '晚上', '什么时候都行'],
} as const;

export const CASE_CATALOG = {
  jieyou: { prefix: 'JY', label: '解忧', elderMayOpen: true, subkinds: ['轻生风险'], slots: [WHAT_JIEYOU, TIME_JIEYOU] },
  legal: {
    prefix: 'FL', label: '法律咨询', elderMayOpen: true,
    subkinds: ['法律咨询', '继承', '赡养', '合同', '纠纷', '婚姻', '被骗', '疑似受虐', '疑似被骗'],
    slots: [WHAT_LEGAL, TIME_CALL],
  },
  life_event: {
    prefix: 'SJ', label: '五必到', elderMayOpen: true,
    subkinds: ['住院', '生病', '摔伤', '病故', '丧偶', '亲属病故', '再婚', '意外', '困难', '生日', '紧急情况'],
    slots: [WHAT_EVENT, TIME_CALL],
  },
  handoff: { prefix: 'RG', label: '找人工', elderMayOpen: true, subkinds: [], slots: [WHAT_HANDOFF, TIME_CALL] },
  help: { prefix: 'BF', label: '帮扶', elderMayOpen: false, subkinds: [], slots: [WHAT_HANDOFF] },
} as const;

/** Subkinds with questions of their own; a question the first message already answered is skipped. */
const SUBKIND_SLOTS: Partial<Record<CaseSubkind, readonly SlotSpec[]>> = {
  住院: [HOSPITAL, WARD, TIME_CALL],
  生病: [HEALTH_NOW, TIME_CALL],
  摔伤: [HEALTH_NOW, TIME_CALL],
  意外: [NEEDS, TIME_CALL],
  困难: [NEEDS, TIME_CALL],
  病故: [WHEN_WHERE_DEATH, FUNERAL],
  丧偶: [WHEN_WHERE_DEATH, FUNERAL],
  亲属病故: [TIME_CALL],
  再婚: [WEDDING, TIME_CALL],
};

export type CaseKind = keyof typeof CASE_CATALOG;
export type CaseSubkind = (typeof CASE_CATALOG)[CaseKind]['subkinds'][number];
export const CASE_KINDS = Object.keys(CASE_CATALOG) as CaseKind[];
export const caseKindSchema = z.enum(CASE_KINDS as [CaseKind, ...CaseKind[]]);
export const CASE_SUBKINDS = [...new Set(CASE_KINDS.flatMap((k) => CASE_CATALOG[k].subkinds as readonly string[]))] as CaseSubkind[];

/** Opened by the scheduler (生日) or by the danger check, never chosen by a model. */
export const SYSTEM_SUBKINDS: readonly CaseSubkind[] = ['生日', '轻生风险', '疑似受虐', '疑似被骗', '紧急情况'];

/** The kinds an elder or family member can ask for (帮扶 is opened by staff). */
export type ElderCaseKind = { [K in CaseKind]: (typeof CASE_CATALOG)[K]['elderMayOpen'] extends true ? K : never }[CaseKind];
export const ELDER_CASE_KINDS = CASE_KINDS.filter((k): k is ElderCaseKind => CASE_CATALOG[k].elderMayOpen);

export function isCaseKind(kind: string): kind is CaseKind {
  return kind in CASE_CATALOG;
}

export function prefixFor(kind: string): string {
  return isCaseKind(kind) ? CASE_CATALOG[kind].prefix : CASE_CATALOG.help.prefix;
}

export function kindLabel(kind: string): string {
  return isCaseKind(kind) ? CASE_CATALOG[kind].label : '诉求';
}

/** 五必到·住院; a subkind that only repeats the kind (法律咨询) is not shown twice. */
export function caseKindText(kind: string, subkind: string | null): string {
  const label = kindLabel(kind);
  return subkind && subkind !== label ? `${label}·${subkind}` : label;
}

export const CASE_STATUS_WORDS = { open: '待处理', in_progress: '处理中', closed: '已办结' } as const;
export type CaseStatus = keyof typeof CASE_STATUS_WORDS;
export const STATUS_LABEL: Record<string, string> = CASE_STATUS_WORDS;

/**
 * The kind and subkind a staff word names: a subkind (住院, 法律咨询) under its kind, else a kind's
 * own label (解忧, 找人工). Undefined for a word the catalog does not know.
 */
export function caseKindOfWord(word: string): { kind: CaseKind; subkind?: string } | undefined {
  const bySub = CASE_KINDS.find((k) => (CASE_CATALOG[k].subkinds as readonly string[]).includes(word));
  if (bySub) return { kind: bySub, subkind: word };
  const byLabel = CASE_KINDS.find((k) => CASE_CATALOG[k].label === word);
  return byLabel ? { kind: byLabel } : undefined;
}

/** The follow-up questions of a case, in the order they are asked. */
export function slotsFor(kind: string, subkind?: string | null): readonly SlotSpec[] {
  const own = subkind ? SUBKIND_SLOTS[subkind as CaseSubkind] : undefined;
  if (own) return own;
  return isCaseKind(kind) ? CASE_CATALOG[kind].slots : CASE_CATALOG.help.slots;
}

export function slotSpec(kind: string, subkind: string | null | undefined, name: string): SlotSpec | undefined {
  return slotsFor(kind, subkind).find((s) => s.name === name);
}

/** Case number format: PREFIX-YEAR-0001. Matching is lenient about case and separators. */
export const CASE_NUMBER_RE = /([A-Za-z]{2})[-－_ ]?(\d{4})[-－_ ]?(\d{1,6})/;

export function normalizeCaseNumber(input: string): string | null {
  const m = CASE_NUMBER_RE.exec(input.normalize('NFKC'));
  if (!m) return null;
  return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.padStart(4, '0')}`;
}
