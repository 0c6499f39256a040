/**
 * What kind of answer a question asks for, and whether a sentence gives that kind of answer. A
 * question about an amount is answered by a sentence with a figure or a standard, one about where
 * to go by a sentence naming an office, one about when by a date or a period. Recognised from the
 * question words themselves (多少, 哪里, 什么时候…), after the dialect has been rewritten.
 */
export type AnswerType = 'amount' | 'where' | 'time' | 'procedure' | 'permission' | 'eligibility' | 'obligation' | 'definition';

/** 几 that asks how many: after a verb, 第 or at the start; after a word it is a few (俺村几个老汉, 这几天). */
export const HOW_MANY = /(?<=^|[领发给交报要有是第过住等请补管能用算拿退活干])几/u;

const ASKS: [AnswerType, RegExp][] = [
  ['amount', /多少|几个月|几倍|给几|发几|百分之几|什么标准|啥标准|怎么算|怎么计算|按什么算|按什么给|多发|比例|差多少|能领多少|报多少|几成/u],
  // 这几天, 好几回: a few days, not how many.
  ['time', new RegExp(`什么时候|哪天|哪一天|哪年|哪一年|几月|几号|多久|多长时间|${HOW_MANY.source}(?:回|次|天)|来得及|期限`, 'u')],
  ['where', /哪里|哪儿|什么地方|哪个部门|哪个单位|什么部门|找谁|向谁|谁批|谁管|谁审批|谁负责|归谁管|去哪|到哪|在哪/u],
  ['procedure', /怎么办|怎么申请|怎么领|怎么弄|怎么处理|要带|带什么|手续|材料|程序|流程|怎么报|怎么走/u],
  // Whether something holds or is allowed, as people say it: 算数不, 合规矩吗, 还管用不, 合理么.
  ['permission', /能不能|可不可以|可以吗|行不行|让不让|准不准|合法|违法|犯法|违规|算不算|允许|算数|作数|合规矩|合规定|合理|管用|有效|认不认/u],
  ['obligation', /该不该|应不应该|谁该|谁来|有没有责任|必须|非.*不可|要不要|还得|管不管|没人管|有人管/u],
  // What a word means or how two differ (离休和退休有什么区别).
  ['definition', /什么意思|啥意思|是什么|是啥|指什么|指的啥|什么叫|啥叫|有什么区别|有啥区别|什么区别|啥区别|区别在哪|有什么不一样|有啥不一样/u],
  ['eligibility', /能领|能享受|能申请|够不够|符合|有没有|有什么待遇|有啥待遇|能算|算不算|能不能领/u],
];

/** The kinds of answer asked for, most specific first (a question can ask two: 能领多少 is an amount). */
export function answerTypesOf(question: string): AnswerType[] {
  return ASKS.filter(([, re]) => re.test(question)).map(([t]) => t);
}

// A figure that is an amount: money, months, multiples, shares, ages. A bare year or date (2011年8月1日)
// is not how much anyone gets.
const AMOUNT = /[0-9０-９.]+\s*(?:元|万元|万|个月|倍|%|％|周岁|岁|级|档)|[一二三四五六七八九十百千万两半]+(?:个月|倍|周岁|岁|元|%|％|级)|百分之|倍/u;
// Words that state or set an amount without a figure: the standard, how it is computed, a waiver.
const STANDARD = '标准|计发|基数|金额|额度|缓交|减交|免交|免费|无偿|具体事项';
const GIVES: Record<AnswerType, RegExp> = {
  amount: new RegExp(`${AMOUNT.source}|${STANDARD}|计算|工资之和`, 'u'),
  time: /\d{4}年|[一二三四五六七八九十\d]+(?:个月|年|日|天|周|次)|每月|每年|每周|周[一二三四五六日]|上午|下午|之日|期限|以前|以后|起|时限|先行|及时|农历/u,
  where: /机构|部门|人民政府|委员会|所在地|乡镇|街道|办事处|民政|公安|卫生|人民法院|审批|受理|负责|向/u,
  procedure: /程序|下列|提交|提出|证明|材料|审核|承诺|核查|凭|持|结算|上门|送学|评议|测评|手续/u,
  permission: /不得|禁止|可以|有权|依法|违反|处罚|责令|罚款|不受|应当|允许|自由/u,
  obligation: /应当|义务|负责|必须|不得|责任|不作|要求|主体责任/u,
  definition: /是指|所称|称为|指的是|包括|属于|是.{1,12}的(?:干部|人员|老年人)|一律|凡/u,
  eligibility: /符合|条件|享受|给予|可以|对.{1,20}的|纳入|属于|适用|领取/u,
};

// An amount of money: a sum, a multiple or share of a pay or income, or the standard that sets it.
// An age (八十周岁) or a period is a figure too, but not what 多少钱 asks for.
const MONEY_ASKED = /多少钱|几块|几个钱|给多少|发多少|补多少|报多少|领多少|交多少|收多少|多少(?:补贴|补助|津贴|费|金)/u;
const MONEY = new RegExp(`[0-9０-９.]+\\s*(?:元|万元|万)|[一二三四五六七八九十百千万两半]+(?:元|倍)|倍|百分之|%|％|工资|${STANDARD}`, 'u');

/** Whether the question asks how much money (not how old, how long or how many times). */
export const asksMoney = (question: string): boolean => MONEY_ASKED.test(question);

/** Whether a sentence states a sum of money or the standard that sets it. */
export const givesMoney = (sentence: string): boolean => MONEY.test(sentence);

/** Whether a sentence gives one of the kinds of answer asked for. */
export function givesAnswer(sentence: string, types: AnswerType[]): boolean {
  return types.some((t) => GIVES[t].test(sentence));
}
