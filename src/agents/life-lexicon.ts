/**
 * The words for life events, as elders and their families say them (plain, colloquial, Guanzhong
 * dialect, euphemisms for death), over normalized clause text. One entry per way of saying a thing;
 * the frame reader decides who it happened to and whether it is news.
 */
export type LifeEvent = '住院' | '出院' | '生病' | '摔伤' | '病故' | '再婚' | '意外' | '困难';

export interface EventWords {
  event: LifeEvent;
  re: RegExp;
  /** Only of a person named right before it (俺婆没了), never of a thing (钱没了). */
  needsPerson?: boolean;
  /** Only with a time word in the clause or a funeral in the message. */
  needsDate?: boolean;
  notBefore?: RegExp;
  notAfter?: RegExp;
}

export const EVENT_LEXICON: EventWords[] = [
  { event: '出院', re: /出(?:了)?院(?!费|手续|小结|证明)/g },
  {
    event: '病故',
    re: /去世|过世|逝世|病故|病逝|离世|辞世|仙逝|故去|咽气|断气|归西|殁|没(?:抢救|救|缓|醒)(?:过来|来)|抢救无效|睡着就没醒|走得(?:安详|突然|急|快|很安详|挺安详)|说走就走|办丧事|发丧|出殡|料理后事|准备后事|后事咋办|后事怎么办|老衣|灵堂|火化|下葬|入土/g,
  },
  { event: '病故', re: /走了|没了|不在了/g, needsPerson: true, notAfter: /^(?:一|两|几|半|好远|好几(?:里|步|趟)|趟|圈|路|远|过|进|出|到|回|去)/ },
  // 老了 is how Guanzhong says someone died, and how everyone says someone got old: only with a time
  // that dates it (我大昨儿黑了老了) or a funeral in the same message.
  { event: '病故', re: /老了/g, needsPerson: true, needsDate: true, notAfter: /^(?:很|多|不少|好多|许多|些)/ },
  {
    event: '再婚',
    re: /再婚|复婚|又结婚|续弦|再嫁|改嫁|过门|再走一家|再往前走一步|(?:一起|一块儿?|一搭|搭伙|搭伴|凑合|往一块)过(?:日子)?|跟[^，。]{1,8}过日子|再成(?:个)?家|重新成家|又找了(?:个)?|找了(?:个)?(?:老伴|伴儿?|后老伴|后妈|后爸)|找到(?:了)?(?:个)?(?:老伴|伴儿?)|后妈|后爸|(?:领|扯)(?:了)?(?:结婚)?证|领结婚证|把(?:结婚)?证(?:领|扯)了|娶(?:了)?(?:个)?(?:老伴|后老伴|媳妇)|办喜事|结婚|成家|再找(?:一)?个(?:伴|老伴)|嫁(?:了|给)/g,
  },
  {
    event: '住院',
    re: /住(?:进|了)?(?:院|医院)了?|住了[^，。]{0,5}院|住着院|(?:正在|还在|现在在|刚|已经|又|要|得|让)住院|住院(?:了|呢|哩|着)|住进(?:了)?[^，。]{0,8}(?:医院|病房)|(?:送|进|拉|转)(?:到|进|去)?(?:了)?[^，。]{0,8}医院(?:了|去了|抢救)?|在[^，。]{0,12}(?:医院|病房)(?:住|躺|里|呢|哩|$)|躺在医院|icu|重症监护|监护室|病房/g,
  },
  {
    event: '意外',
    re: /车祸|翻车|翻(?:到|进)?(?:了)?沟|翻了|被(?:车|三轮|摩托)?(?:撞|碰|刮|轧)|撞(?:了|伤|倒)|烫(?:伤|着)|烧伤|触电|电打了|煤气中毒|中毒|被狗咬|狗咬了|溺水|掉(?:进|到)(?:了)?(?:水|河|井|沟|坑)/g,
  },
  {
    event: '摔伤',
    re: /摔(?:了|倒|伤|跤|断|着|坏|下来|下去|折)|跌(?:了|倒|伤|跤|下来|一跤|折)|绊(?:倒|了一跤|了)|栽(?:了)?(?:一)?(?:个)?跟头|栽了?一跤|掼了|从[^，。]{0,6}(?:掉|摔|跌)下|滑倒|滑了一跤|骨折|扭伤|崴了?脚|磕(?:破|伤)|碰(?:伤|烂|破)|腿断|胳膊断|闪了腰|腰闪了/g,
  },
  {
    event: '生病',
    re: /(?:生|害|得)(?:了)?(?:场|一场)?(?:大)?病|病(?:了|下了|倒|得)|犯病|发病|查出(?:来)?|确诊|(?:得|患)了[^，。]{0,6}(?:病|癌|瘤|症)|做了?(?:个)?[^，。]{0,5}手术|要做手术|开刀|化疗|放疗|打吊针|吊水|挂水|输液|中风|脑梗|脑溢血|心梗|偏瘫|瘫了|感冒了|发烧|咳嗽得|头晕|身体不(?:舒服|好了|得劲|行了)|不得劲|难活|浑身疼|疼得(?:厉害|受不了|睡不着|很)|(?:血压|血糖)(?:高|上来|下不来|一直)|下不了床|起不了床/g,
  },
  {
    event: '困难',
    re: /着火|失火|火灾|烧(?:完|光|毁|坏)了|烧没了|被偷|遭贼|失窃|进了贼|(?:钱|东西)[^，。]{0,4}偷(?:了|走)|偷(?:了|走)(?:我|家里)|[窑墙房屋顶][^，。]{0,4}(?:裂|塌|漏)|裂(?:了)?(?:个|道|条)?缝|漏雨|渗水|淹了|被淹|(?:生活|家里|日子|手头)(?:很|太|特别|实在|有点|有些)?(?:困难|紧|过不下去)|揭不开锅|吃不上饭|没钱(?:看病|吃饭|买药|交)|交不起|看不起病|断水|断电|没暖气|没人照顾|没人管饭/g,
  },
];

/** A clause about a case in general or a future that may not happen. */
export const HYPOTHETICAL_CLAUSE = /如果|假如|万一|要是|假设|的话|将来|哪天|一旦|什么情况下|会不会|能不能|可不可以|是不是/;

/** People in general: a clause about them states a rule, not a family's news. */
export const GENERIC_PEOPLE = /(?:离休|退休|离退休)(?:干部|人员|职工|老同志)|老干部|老同志|职工|人员|参保人|死者|逝者|亡者/;

/** Said as old news: the loss years ago that explains today's loneliness is not a new death. */
export const OLD_NEWS = /去年|前年|这些年|那些年|好些年|多年|早些年|早几年|早就|早年|以前|当年|那年|[一二三四五六七八九十几两\d]+年(?:了|前|多|头)/;

/** A plan or a wish: 准备再婚, 下月办事, 明儿出院. */
export const PLANNED = /准备|打算|想|要|下(?:个)?月|下(?:个)?(?:礼拜|星期|周)|明天|明儿|后天|过几天|过两天|快要|马上|到时候/;

/** 走了 of someone who wandered off is a missing person, not a death. */
export const MISSING_PERSON = /走丢|走失|没回来|找不(?:到|见|着)|不见了|联系不上|跑丢/;

export const WHEN_WORDS =
  /大前天|大前儿|前天|前儿个?|昨(?:天|儿个?|晚|黑了?|夜|日)(?:早上|上午|中午|下午|晚上|夜里|半夜|后晌|晌午)?|今(?:天|儿个?|早|晚|日)(?:早上|上午|中午|下午|晚上|夜里|后晌|晌午)?|刚才|刚刚|上(?:个)?(?:周|礼拜|星期)[一二三四五六日天]?|上个月|前几天|前些天|这几天|前两天|下(?:个)?月(?:初|底)?[一二三四五六七八九十]*|下(?:个)?(?:礼拜|星期|周)[一二三四五六日天]?|明天|明儿|后天|(?:早上|上午|中午|下午|晚上|夜里|半夜|后晌|晌午)(?:[一二三四五六七八九十\d]+点)?/;

export const WHERE_RE = /((?:[^\s，。的去看谢那了在到我你他她们天送拉住进]{0,6})(?:医院|卫生院|诊所|医疗中心|病房|ICU|icu)|(?:在|到)(?:家里|屋里|炕上|院里|院子里|地里|路上|街上|老屋|村里|镇上|县城|西安|渭南))/;
