import { normalize } from './normalize.ts';

/**
 * Whether a grounded passage answers the kind of thing asked. The knowledge base finds the regulation
 * nearest in words; a question that asks WHEN something is paid this year, HOW MUCH one person gets,
 * or whether MY report is ready is not answered by a passage that holds no date, no amount, no rule
 * about it. Such a question goes to a person instead of getting a confident wrong answer.
 */
export const POLICY_WORDS = /报销|医药费|医疗费|药费|住院费|护理费|丧葬|抚恤|待遇|补贴|补助|津贴|离休费|退休金|退休费|养老金|体检|帮扶|慰问金|救助|医保|低保|遗属|供养|标准|政策|规定/;

const ASKS_WHEN = /(?:啥|什么|哪)时(?:候)?|几(?:号|月|点)|哪天|多会儿?|啥时/;
const HAS_WHEN = /\d{1,2}月|[一二三四五六七八九十]{1,2}月|\d+日|\d{1,2}[:：点]|每(?:年|月|季|半年|周|星期)|季度|年底|年初|月底|月初|上旬|中旬|下旬|工作日|\d+(?:个)?(?:日|天)(?:内|以内|之内)|节前|之前|以前|按月|按年|当月|次月|周[一二三四五六日]|星期[一二三四五六日天]|上午|下午/;
/** When THIS time (今年的体检啥时候): a rule's "每年" says how often, not the day, which only the bureau knows. */
const ASKS_THIS_TIME = /(?:今年|明年|这回|这次|下次|下回|这个月|下个月|本月|年底|过年)[^，。？?]{0,12}(?:(?:啥|什么|哪)时(?:候)?|几(?:号|月)|哪天|多会儿?)/;
const HAS_DATE = /\d{1,2}月|[一二三四五六七八九十]{1,2}月|\d+日|\d+号|上旬|中旬|下旬|周[一二三四五六日]|星期[一二三四五六日天]/;
const ASKS_WHERE = /(?:去|在|到)哪(?:个|家|里|儿|达|块)?|找谁|找哪/;
const HAS_WHERE = /医院|局|部门|机构|办公室|中心|乡镇|街道|政府|窗口|单位|社区|村|所|站|委员会/;
const ASKS_AMOUNT = /(?:一个人|每人|每个人|人均)?(?:给|发|领|拿|补|报)(?:多少|几)(?:钱|块|元)?|多少钱|标准是多少|给多少|有多少/;
const HAS_AMOUNT = /\d[\d,.]*\s*(?:元|块|%|％|倍|个月)|[一二三四五六七八九十百千万两]+(?:元|块|倍|个月)|百分之|全额|比例/;
/** "我的体检报告出来了没": the speaker's own paperwork, which no regulation knows. */
const ASKS_OWN_STATUS = /我(?:的|家)?[^，。？?]{0,8}(?:报告|结果|申请|材料|钱|补助|慰问金|工资|证)[^，。？?]{0,4}(?:出来|到|批|发|下来|办好|好)了?(?:没|吗|么|没有)/;

export function answerFits(question: string, answer: string): boolean {
  const q = normalize(question);
  if (ASKS_OWN_STATUS.test(q)) return false;
  if (ASKS_WHEN.test(q) && !HAS_WHEN.test(answer)) return false;
  if (ASKS_THIS_TIME.test(q) && !HAS_DATE.test(answer)) return false;
  if (ASKS_AMOUNT.test(q) && !HAS_AMOUNT.test(answer)) return false;
  if (ASKS_WHERE.test(q) && !HAS_WHERE.test(answer)) return false;
  return true;
}

/** A question about the speaker's own paperwork (报告出来了没, 补助发了没), which only a person can look up. */
export function ownStatusQuestion(text: string): boolean {
  return ASKS_OWN_STATUS.test(normalize(text));
}
