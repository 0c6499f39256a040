/**
 * Whether a passage can hold the kind of thing asked, read from the question's own words: a question
 * that asks WHEN (this year's check-up), HOW MUCH one person gets, or WHERE to go is not answered by a
 * passage with no date, no figure, no office, however close its words are. Such a question goes to a
 * person instead of getting a confident wrong answer. The same check reads a composed answer's text
 * in a conversation (agents/policy-fit.ts).
 */
const ASKS_WHEN = /(?:啥|什么|哪)时(?:候)?|几(?:号|月|点)|哪天|多会儿?|啥时/u;
const HAS_WHEN = /\d{1,2}月|[一二三四五六七八九十]{1,2}月|\d+日|\d{1,2}[:：点]|每(?:年|月|季|半年|周|星期)|季度|年底|年初|月底|月初|上旬|中旬|下旬|工作日|[\d一二三四五六七八九十]+(?:个)?(?:日|天|月)(?:内|以内|之内)|节前|之前|以前|按月|按年|当月|次月|周[一二三四五六日]|星期[一二三四五六日天]|上午|下午/u;
/** When THIS time (今年的体检啥时候): a rule's "每年" says how often, not the day, which only the bureau knows. */
const ASKS_THIS_TIME = /(?:今年|明年|这回|这次|下次|下回|这个月|下个月|本月|年底|过年)[^，。？?]{0,12}(?:(?:啥|什么|哪)时(?:候)?|几(?:号|月)|哪天|多会儿?)/u;
const HAS_DATE = /\d{1,2}月|[一二三四五六七八九十]{1,2}月|\d+日|\d+号|上旬|中旬|下旬|周[一二三四五六日]|星期[一二三四五六日天]/u;
const ASKS_WHERE = /(?:去|在|到)哪(?:个|家|里|儿|达|块)?|找谁|找哪/u;
const HAS_WHERE = /医院|局|部门|机构|办公室|中心|乡镇|街道|政府|窗口|单位|社区|村|所|站|委员会/u;
const ASKS_AMOUNT = /(?:一个人|每人|每个人|人均)?(?:给|发|领|拿|补|报)(?:多少|几)(?:钱|块|元)?|多少钱|标准是多少|给多少|有多少/u;
const HAS_AMOUNT = /\d[\d,.]*\s*(?:元|块|%|％|倍|个月)|[一二三四五六七八九十百千万两]+(?:元|块|倍|个月)|百分之|全额|比例|标准|计发|基数|金额|额度/u;

/** How long it takes or lasts (多长时间能发下来, 公示几天, 有效期): answered by a period, not by the rule that it happens. */
const ASKS_HOW_LONG = /多长时间|多久|(?:公示|有效期?|等|要|得)几天|几天(?:能|才|就|内)?(?:到|发|下来|批|办好|有效|到账)|有效期/u;
// A date (2011年8月1日) is when a rule began, not how long anything takes.
const HAS_PERIOD = /(?<![0-9０-９年月])(?:[0-9０-９]{1,3}|[一二三四五六七八九十百两半]+)\s*(?:个)?(?:月|年|日|天|周|工作日|小时)(?![0-9０-９])|每(?:年|月|季|半年|周|星期)|期限|时限|之日起|当月|次月|立即|即时/u;

/** A clause that asks something (啥条件, 找谁, 能不能), whatever kind of answer it wants. */
const ASKS = /啥|什么|咋|怎么|怎样|如何|哪|谁|多少|几|吗|么|呢|[?？]|[能会要可行是给算][^，。？?\s]{0,8}不$|没有?$/u;
const CLAUSES = /[，,。？?！!；;\s]+/u;

/**
 * A question that asks two things in two clauses (是个啥条件 寻谁申请) is answered in part by a
 * passage that answers one of them; each clause is held to the kind it asks for. Said in one breath
 * with no break, the whole question is one clause.
 */
export function fitsAskedKind(question: string, text: string): boolean {
  const asking = question.split(CLAUSES).filter((c) => ASKS.test(c));
  if (asking.length < 2) return fitsWhole(question, text);
  return asking.some((c) => fitsWhole(c, text)) && (!ASKS_THIS_TIME.test(question) || HAS_DATE.test(text));
}

function fitsWhole(question: string, text: string): boolean {
  if (ASKS_WHEN.test(question) && !HAS_WHEN.test(text)) return false;
  if (ASKS_THIS_TIME.test(question) && !HAS_DATE.test(text)) return false;
  if (ASKS_AMOUNT.test(question) && !HAS_AMOUNT.test(text)) return false;
  if (ASKS_HOW_LONG.test(question) && !HAS_PERIOD.test(text)) return false;
  if (ASKS_WHERE.test(question) && !HAS_WHERE.test(text)) return false;
  return true;
}
