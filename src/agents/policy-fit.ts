import { normalize } from './normalize.ts';
import { fitsAskedKind } from '../knowledge/answer-fit.ts';

/** Words that make a sentence about a benefit or a rule rather than about the family's news. */
export const POLICY_WORDS = /报销|医药费|医疗费|药费|住院费|护理费|丧葬|抚恤|待遇|补贴|补助|津贴|离休费|退休金|退休费|养老金|体检|帮扶|慰问金|救助|医保|低保|遗属|供养|标准|政策|规定/;

/** "我的体检报告出来了没": the speaker's own paperwork, which no regulation knows. */
const ASKS_OWN_STATUS = /我(?:的|家)?[^，。？?]{0,8}(?:报告|结果|申请|材料|钱|补助|慰问金|工资|证)[^，。？?]{0,4}(?:出来|到|批|发|下来|办好|好)了?(?:没|吗|么|没有)/;

/**
 * Whether a grounded answer answers the kind of thing asked, as the conversation heard it: the
 * knowledge base's check of the kind asked (knowledge/answer-fit.ts) on the composed answer, and
 * whether MY report is ready, which no regulation knows. Such a question goes to a person.
 */
export function answerFits(question: string, answer: string): boolean {
  const q = normalize(question);
  if (ASKS_OWN_STATUS.test(q)) return false;
  return fitsAskedKind(q, answer);
}

/** A question about the speaker's own paperwork (报告出来了没, 补助发了没), which only a person can look up. */
export function ownStatusQuestion(text: string): boolean {
  return ASKS_OWN_STATUS.test(normalize(text));
}
