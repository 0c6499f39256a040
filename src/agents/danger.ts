import type { CaseSubkind } from '../cases/catalog.ts';
import { normalize } from './normalize.ts';

/**
 * Words of danger: self-harm, abuse, fraud in progress, medical emergency. Any of them makes an
 * urgent case whatever else the message says, so the patterns lean towards catching too much; only
 * a plain denial right before the phrase ("没被骗", "不会想不开") or talk about prevention ("防止被骗")
 * takes one out.
 */
export type DangerKind = 'self_harm' | 'abuse' | 'fraud' | 'emergency';

export interface Danger {
  kind: DangerKind;
  /** The words that triggered it, for the staff notice. */
  words: string;
}

const RULES: { kind: DangerKind; re: RegExp }[] = [
  {
    kind: 'self_harm',
    re: /不想活|活不下去|活着没(?:啥|什么)?(?:意思|意义|劲|盼头)|活够了|不如死了?|死了算了|死了好|死了干净|想死(?![你您他她我人了])|想去死|寻死|去死|自杀|轻生|跳楼|跳河|跳井|喝药|喝农药|吃安眠药|上吊|割腕|一了百了|了结(?:自己|生命)|结束(?:自己的)?生命|想不开|没法活|不活了|活受罪|拖累(?:孩子|儿女|大家|你们)不如/g,
  },
  {
    kind: 'abuse',
    re: /被(?:\S{0,4})?打(?!电话|针|折|扰|听|印|开|算|车)|挨打|挨揍|(?<!给)打我(?!电话|手机|的电话|一个电话|这个号|的号|号|这个电话|这个手机)|动手打|揍我|虐待|把我(?:关|锁|赶)|关在(?:屋|家|房)|赶出(?:家门|来|去)|不给(?:我)?饭吃|饿着我|不让我吃|推(?:倒|搡)我|骂我打我/g,
  },
  {
    kind: 'fraud',
    re: /被骗|受骗|上当(?:受骗)?|骗了我|我被人骗|骗走|把钱转|(?:被|叫|让)(?:人|人家|他|她|他们)骗(?:了|走)|(?:让|叫|要)我(?:赶紧|赶快|马上|快|先)?(?:转|汇|打)(?:个|一下)?(?:账|款|[^，。]{0,5}钱)|(?:让|叫|要)我[^，。]{0,8}(?:往|给)[^，。]{0,6}(?:卡|账户|账号)(?:上|里)?(?:转|汇|打|存)[^，。]{0,6}钱|安全账户|冒充(?:公检法|公安|警察|民警|法院|检察院|银行|医保|社保|领导|客服)|涉嫌洗钱|洗钱|中奖了?要(?:交|先交)|交保证金|验证码给|骗子|诈骗|骗我|骗老人|(?:保健品|神药|偏方|理财|集资)[^。]{0,30}(?:又|还)(?:来|上门)?(?:要|催)(?:钱|交钱|交)|(?:保健品|神药|偏方)[^。]{0,24}(?:交了|给了|花了|掏了)[^。]{0,4}[\d一二三四五六七八九十几两]+(?:万|千)/g,
  },
  {
    kind: 'emergency',
    re: /(?:摔|跌|倒)(?:倒)?(?:了)?(?:在地上)?起不来|起不来了|爬不起来|动不了了|喘不上气|喘不过气|上不来气|胸口(?:好|很|特别)?(?:疼|痛)得|心口(?:疼|痛)得(?:厉害|受不了)|心脏病(?:犯了|发作)|昏倒|晕倒|晕过去|不省人事|叫不醒|中风了|吐血|流了(?:好多|很多)血|血止不住|着火了|(?:煤气|燃气|天然气)(?:泄漏|中毒|漏了)|救命|快来人|快叫(?:救护车|120)|叫救护车|走丢了?|走失|人不见了|(?:一直|到现在|到这阵|到这会儿?|还)没回来|人找不(?:到|见|着)|找不(?:到|见|着)(?:人|他|她)(?!聊|说|陪)/g,
  },
];

// A collapse or breathlessness already in a doctor's hands (拉到县医院, 在医院观察, 人清醒了) is a
// hospital stay to follow up, not an emergency now; a missing person or a fire never is.
const MEDICAL = /起不来|爬不起来|动不了|喘|上不来气|胸口|心口|心脏病|昏倒|晕倒|晕过去|不省人事|叫不醒|中风|吐血|流了|血止不住/;
const IN_CARE = /在[^，。]{0,10}(?:医院|卫生院)|(?:送|拉|转|抬)(?:到|进|去)?(?:了)?[^，。]{0,8}(?:医院|卫生院)|住(?:进|了)?院|(?:叫|打)了?120|抢救过来|人(?:已经)?清醒了|医院观察/;

// A fire or a gas leak that is over ("昨黑了着火了 人没事", "扑灭了") is a hardship to follow up, not an emergency now.
const FIRE = /着火|煤气|燃气|天然气/;
const OVER = /人没事|没伤着|没伤到|没烧着|扑灭|灭了|没事了|昨|前天|上周|上个月|去年/;

const PREVENTION = /(?:防止|预防|防范|谨防|避免|小心|提防|识别|怎么防|如何防|防|别|不要|不会|没有|没|不是|从没|并没|并没有|不怕)(?:被)?$/;

export function detectDanger(input: string): Danger | null {
  const s = normalize(input);
  for (const { kind, re } of RULES) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const before = s.slice(Math.max(0, m.index - 4), m.index);
      if (PREVENTION.test(before)) continue;
      if (kind === 'emergency' && FIRE.test(m[0]) && OVER.test(s)) continue;
      if (kind === 'emergency' && MEDICAL.test(m[0]) && IN_CARE.test(s)) continue;
      return { kind, words: m[0] };
    }
  }
  return null;
}

/** The elder-facing intent label a danger falls under (the case is urgent either way). */
export function dangerIntent(kind: DangerKind): 'jieyou' | 'legal' | 'life_event' {
  if (kind === 'self_harm') return 'jieyou';
  if (kind === 'emergency') return 'life_event';
  return 'legal';
}

export const DANGER_LABEL: Record<DangerKind, CaseSubkind> = {
  self_harm: '轻生风险',
  abuse: '疑似受虐',
  fraud: '疑似被骗',
  emergency: '紧急情况',
};
