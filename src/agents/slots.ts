import { normalize } from './normalize.ts';

/**
 * Follow-up questions after a case is opened, one per turn, so staff know what happened, where,
 * and when to come. A slot the first message already answers is not asked again.
 */
export interface SlotSpec {
  name: string;
  /** The label staff see next to the answer. */
  label: string;
  question: string;
  /** Numbered answers the elder can give with a digit. */
  options?: string[];
}

const WHAT_JIEYOU: SlotSpec = { name: 'what', label: '想聊的事', question: '想聊点什么？简单说一两句就行。不想说也可以，回复“不说”。' };
const WHAT_LEGAL: SlotSpec = { name: 'what', label: '什么事', question: '请简单说说是什么事？比如：继承、赡养、合同、被骗。' };
const WHAT_EVENT: SlotSpec = { name: 'what', label: '情况', question: '请简单说说情况，现在身体怎么样？' };
const WHAT_DEATH: SlotSpec = { name: 'what', label: '情况', question: '请您节哀。是哪位亲人，什么时候的事？' };
const HOSPITAL: SlotSpec = { name: 'hospital', label: '医院', question: '在哪个医院？知道的话，也说一下科室或床号。' };
const WHAT_HANDOFF: SlotSpec = { name: 'what', label: '什么事', question: '您想说什么事？简单说一句，工作人员好准备。' };

const TIME_JIEYOU: SlotSpec = {
  name: 'time', label: '方便的时间', question: '您看怎么方便？回复数字：',
  options: ['周二下午来解忧室', '请工作人员打电话给我', '请工作人员上门'],
};
const TIME_CALL: SlotSpec = {
  name: 'time', label: '方便的时间', question: '什么时候联系您方便？回复数字，或者直接说时间：',
  options: ['上午', '下午', '晚上', '什么时候都行'],
};

export function slotsFor(kind: string, subkind?: string | null): SlotSpec[] {
  if (kind === 'jieyou') return [WHAT_JIEYOU, TIME_JIEYOU];
  if (kind === 'legal') return [WHAT_LEGAL, TIME_CALL];
  if (kind === 'handoff') return [WHAT_HANDOFF, TIME_CALL];
  if (kind === 'life_event') {
    if (subkind === '住院') return [HOSPITAL, WHAT_EVENT, TIME_CALL];
    if (subkind === '病故') return [WHAT_DEATH, TIME_CALL];
    return [WHAT_EVENT, TIME_CALL];
  }
  return [WHAT_HANDOFF];
}

export function slotSpec(kind: string, subkind: string | null | undefined, name: string): SlotSpec | undefined {
  return slotsFor(kind, subkind).find((s) => s.name === name);
}

export function askSlot(spec: SlotSpec): string {
  if (!spec.options) return spec.question;
  return `${spec.question}\n${spec.options.map((o, i) => `${i + 1}. ${o}`).join('\n')}`;
}

/** What the opening message already tells us, so we do not ask it again. */
export function prefill(kind: string, subkind: string | null | undefined, text: string, fromMenu: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (fromMenu) return out;
  const s = normalize(text);
  const hospital = /([\u4e00-\u9fa5]{2,14}?(?:医院|卫生院|诊所|医疗中心))/.exec(s);
  if (hospital) out.hospital = hospital[1]!.replace(/^(?:我|现在|正在|住在|在|住进|进了|住|到|去了)+/, '');
  // A message with some substance already says what happened.
  const content = s.replace(/[，。,.!！?？]/g, '');
  if (content.length >= 8 && kind !== 'handoff') out.what = text.trim();
  if (kind === 'jieyou' && /周二|星期二|礼拜二/.test(s)) out.time = '周二下午来解忧室';
  return out;
}

const SKIP = /^(?:不说|不想说|没有|没了|算了|不用|不用了|跳过|不知道|不清楚|以后再说|就这样|没事了?)$/;

/** Reads the answer to a slot; a digit picks a numbered option. */
export function readSlotAnswer(spec: SlotSpec, text: string): string {
  const s = normalize(text).replace(/[。.!！]$/, '');
  if (SKIP.test(s)) return '（未说明）';
  if (spec.options) {
    const d = /^(?:选|第)?([1-9])(?:个|号|项)?$/.exec(s);
    if (d) {
      const opt = spec.options[Number(d[1]) - 1];
      if (opt) return opt;
    }
  }
  return text.trim().slice(0, 300);
}
