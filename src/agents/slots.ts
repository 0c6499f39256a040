import type { SlotSpec } from '../cases/catalog.ts';
import { normalize } from './normalize.ts';

/**
 * Asking the follow-up questions of a case (the questions themselves are in the case catalog) and
 * reading the answers: a slot the first message already answers is not asked again.
 */
export function askSlot(spec: SlotSpec): string {
  if (!spec.options) return spec.question;
  return `${spec.question}\n${spec.options.map((o, i) => `${i + 1}. ${o}`).join('\n')}`;
}

/** What the opening message already tells us, so we do not ask it again. */
export function prefill(
  kind: string,
  subkind: string | null | undefined,
  text: string,
  fromMenu: boolean,
  frame?: { when?: string | undefined; where?: string | undefined } | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (fromMenu) return out;
  // A death told with its time or its place: the next thing to ask about is the funeral.
  if (frame?.when || frame?.where) out.when_where = [frame.when, frame.where].filter(Boolean).join('，');
  if (frame?.where && /医院|卫生院|诊所|病房|icu/i.test(frame.where)) out.hospital = frame.where;
  if (frame?.when && subkind === '再婚') out.wedding = frame.when;
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
